// Package httpx is the plumbing the two HTTP adapters share: the JSON API
// and live sockets (package server) and the pages (package web). It knows
// who is calling (Identify, Actor, sessions), maps application and domain
// errors to statuses once (ToError), binds and checks input (ReadJSON,
// RefuseBadText, QueryInt, uploaded files), and holds the CSRF and
// compression middleware. It defines no routes and no pages, and decides
// nothing about access: that is package app's.
package httpx
