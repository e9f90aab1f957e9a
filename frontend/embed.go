// Package frontend holds what the browser receives: html/template files, our
// CSS, and the JavaScript bundle built from src/ by esbuild (committed under
// dist/ so that `go build` needs no Node).
package frontend

import "embed"

//go:embed templates/*.html
var Templates embed.FS

// Assets are the static files: static/ (CSS, small scripts) and dist/ (the built bundles). The
// server serves them under /static/ with fingerprinted names (server/web/static.go).
//
//go:embed static dist
var Assets embed.FS
