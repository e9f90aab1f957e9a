// Package web is the HTML adapter: the pages, their forms, templates and static files. Like
// the JSON API beside it (package server), a handler binds the request, calls one use case of
// package app as the caller (httpx.Actor) and renders a page; the plumbing both adapters share
// (who is calling, error mapping, binding and input checks, CSRF) is package httpx. Package
// server mounts these pages with Register.
package web

import (
	"log/slog"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/markdown"
)

// Site is the HTML face of the application.
type Site struct {
	app   *app.App
	log   *slog.Logger
	md    *markdown.Renderer
	pages *pages
}

// New parses the templates; a broken template fails here, at start-up.
func New(a *app.App, log *slog.Logger) (*Site, error) {
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	return &Site{app: a, log: log, md: markdown.New().ForScreens(), pages: p}, nil
}
