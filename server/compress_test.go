package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/commonplace/commonplace/server/web"
)

// get fetches path with the Accept-Encoding given, keeping the body as sent.
func rawGet(t *testing.T, url, encoding string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if encoding != "" {
		req.Header.Set("Accept-Encoding", encoding)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func decode(t *testing.T, enc string, b []byte) string {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch enc {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// Pages, JSON and static files come compressed as asked, with Vary; tiny bodies do not;
// static files are fingerprinted and immutable; anonymous pages answer 304 to their ETag.
func TestCompressionAndCaching(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	amina := e.signup("amina")
	id := e.create(amina, "Fractions", "## Parts\n\n"+strings.Repeat("A fraction names a part of a whole. ", 60)+"\n", "CC-BY-4.0", "public")

	for _, enc := range []string{"br", "gzip", ""} {
		res, body := rawGet(t, e.ts.URL+"/r/"+id, enc, nil)
		if res.Header.Get("Content-Encoding") != enc || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%q: Content-Encoding %q Vary %q", enc, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		if page := decode(t, enc, body); !strings.Contains(page, "A fraction names a part") || !strings.Contains(page, "</html>") {
			t.Errorf("%q: the page did not decode", enc)
		}
	}
	// A tiny JSON answer is sent as is.
	if res, _ := rawGet(t, e.ts.URL+"/healthz", "br", nil); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("tiny body compressed: %v", res.Header)
	}
	// The API compresses too.
	if res, body := rawGet(t, e.ts.URL+"/api/v1/resources/"+id, "gzip", nil); res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(decode(t, "gzip", body), "A fraction") {
		t.Errorf("API answer: %v", res.Header)
	}

	// Anonymous pages: an ETag, and 304 when it matches.
	res, _ := rawGet(t, e.ts.URL+"/r/"+id, "br", nil)
	etag := res.Header.Get("ETag")
	if etag == "" || res.Header.Get("Cache-Control") != "private, no-cache" {
		t.Fatalf("page caching headers: %v", res.Header)
	}
	cookie := res.Header.Get("Set-Cookie")
	cookie, _, _ = strings.Cut(cookie, ";")
	if res, body := rawGet(t, e.ts.URL+"/r/"+id, "br", map[string]string{"If-None-Match": etag, "Cookie": cookie}); res.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("revalidation: %d, %d bytes", res.StatusCode, len(body))
	}

	// Static files: the page names the fingerprinted URL; it is immutable and precompressed.
	_, body := rawGet(t, e.ts.URL+"/", "", nil)
	css := regexp.MustCompile(`href="(/static/style\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(string(body))
	if css == nil {
		t.Fatalf("no fingerprinted stylesheet in the page")
	}
	res, z := rawGet(t, e.ts.URL+css[1], "br, gzip", nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != web.ImmutableCache || res.Header.Get("Content-Encoding") != "br" ||
		!strings.Contains(decode(t, "br", z), "a11y-finding") {
		t.Errorf("stylesheet: %d %v", res.StatusCode, res.Header)
	}
	if res, _ := rawGet(t, e.ts.URL+css[1], "br", map[string]string{"If-None-Match": res.Header.Get("ETag")}); res.StatusCode != http.StatusNotModified {
		t.Errorf("stylesheet revalidation: %d", res.StatusCode)
	}
	if res, _ := rawGet(t, e.ts.URL+"/static/dist/editor.js", "gzip", nil); res.Header.Get("Cache-Control") != web.ShortCache || res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("plain name: %v", res.Header)
	}
	if res, _ := rawGet(t, e.ts.URL+"/static/nope.js", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("missing file: %d", res.StatusCode)
	}
}
