package httpx

import (
	"net/http"
	"testing"
)

func TestNegotiateEncoding(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]string{
		"":                             "",
		"gzip":                         "gzip",
		"gzip, deflate, br":            "br",
		"br;q=0.5, gzip":               "gzip",
		"br;q=0, gzip;q=0":             "",
		"*":                            "br",
		"*;q=0.2, gzip;q=0":            "br",
		"identity":                     "",
		"deflate, gzip;q=1.0, *;q=0.5": "gzip",
	} {
		if got := NegotiateEncoding(header); got != want {
			t.Errorf("%q: %q, want %q", header, got, want)
		}
	}
}

func TestCompressibleTypes(t *testing.T) {
	t.Parallel()
	for ct, want := range map[string]bool{
		"text/html; charset=UTF-8": true, "application/json": true, "text/css": true, "text/javascript; charset=utf-8": true,
		"application/xliff+xml": true, "image/svg+xml": true, "text/x-gettext-translation": true,
		"application/epub+zip": false, "application/zip": false, "image/png": false, "application/pdf": false, "": false,
	} {
		if got := Compressible(http.StatusOK, http.Header{"Content-Type": {ct}}); got != want {
			t.Errorf("%q: %v", ct, got)
		}
	}
	h := http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"br"}}
	if Compressible(http.StatusOK, h) || Compressible(http.StatusNotModified, http.Header{"Content-Type": {"text/html"}}) {
		t.Error("an encoded body or a 304 would be compressed")
	}
	if !isUpgrade(&http.Request{Header: http.Header{"Connection": {"keep-alive, Upgrade"}, "Upgrade": {"websocket"}}}) {
		t.Error("a WebSocket upgrade is not recognised")
	}
}
