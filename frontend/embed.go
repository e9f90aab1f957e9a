// Package frontend holds what the browser receives: html/template files, our
// CSS, and the JavaScript bundle built from src/ by esbuild (committed under
// dist/ so that `go build` needs no Node).
package frontend

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed static dist
var assets embed.FS

// StaticHandler serves /static/… from static/ and /static/dist/… from dist/.
// Files are named without hashes, so caching is short but revalidated.
func StaticHandler() http.Handler {
	root, _ := fs.Sub(assets, ".")
	files := http.FileServer(http.FS(staticFS{root}))
	return http.StripPrefix("/static", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	}))
}

// staticFS maps "/dist/x" to dist/x and anything else to static/x, and
// refuses directory listings.
type staticFS struct{ root fs.FS }

func (s staticFS) Open(name string) (fs.File, error) {
	var f fs.File
	var err error
	if len(name) > 5 && name[:5] == "dist/" {
		f, err = s.root.Open(name)
	} else {
		f, err = s.root.Open("static/" + name)
	}
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fs.ErrNotExist
	}
	return f, nil
}
