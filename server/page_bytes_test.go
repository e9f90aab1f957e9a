package server_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

// pageBudget is what a reading page may cost on the wire (issue 14: reading pages stay under
// 30 KB), for a reader who is not signed in and whose browser accepts brotli.
const pageBudget = 30 << 10

// wireBytes fetches url as a browser would (brotli or gzip accepted) and counts what crossed
// the wire: status line, headers and the body as sent.
func wireBytes(t *testing.T, url, encoding string) (int, []byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", encoding)
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", url, res.StatusCode)
	}
	var head bytes.Buffer
	fmt.Fprintf(&head, "HTTP/1.1 %s\r\n", res.Status)
	_ = res.Header.Write(&head)
	return head.Len() + 2 + len(body), body, res.Header
}

var subresource = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// TestReadingPagesStayUnder30KB measures every reading page through the real server with
// compression: the page alone (a returning reader: the static files are cached for a year),
// and the first visit (page, stylesheet and scripts). Real lessons of the corpus fill the
// resource pages. The figures are in docs/benchmarks.md (go test -run TestReadingPagesStayUnder30KB -v ./server/).
func TestReadingPagesStayUnder30KB(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, bruno := env.signup("amina"), env.signup("bruno")
	lesson := func(name string) string {
		b, err := os.ReadFile("../export/testdata/lessons/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	shell := amina.createResource(map[string]any{"visibility": "public", "title": "Introducing the Shell", "content": lesson("en-shell-intro.md")})
	d2l := amina.createResource(map[string]any{"visibility": "public", "title": "Generalization", "content": lesson("en-d2l-generalization.md")})
	for i := range 24 { // the home page and amina's page list twenty a page
		amina.createResource(map[string]any{"visibility": "public", "title": fmt.Sprintf("Lesson %d on fractions and decimals", i+1),
			"summary": "Halves, quarters and tenths, with exercises for the classroom.", "content": "# Lesson\n\nText.\n"})
	}
	for i := range 12 {
		st, b := amina.do("PATCH", "/api/v1/resources/"+shell, map[string]any{"content": lesson("en-shell-intro.md") + strings.Repeat("\nAn added line.", i+1)})
		if st != http.StatusOK {
			t.Fatalf("edit: %d %v", st, b)
		}
		if st, b := amina.do("POST", "/api/v1/resources/"+shell+"/revisions", map[string]any{"message": fmt.Sprintf("edit %d", i+1)}); st != http.StatusCreated {
			t.Fatalf("revision: %d %v", st, b)
		}
	}
	if st, b := bruno.do("POST", "/api/v1/resources/"+shell+"/forks", map[string]any{"title": "The Shell, adapted", "visibility": "public"}); st != http.StatusCreated {
		t.Fatalf("fork: %d %v", st, b)
	}
	if st, b := bruno.do("POST", "/api/v1/resources/"+shell+"/translations", map[string]any{"language": "es", "visibility": "public"}); st != http.StatusCreated {
		t.Fatalf("translation: %d %v", st, b)
	}

	pages := []struct{ name, path string }{
		{"home", "/"},
		{"resource (Carpentries shell lesson, 1,000 words)", "/r/" + shell},
		{"resource (d2l Generalization, 2,800 words, 36 formulas)", "/r/" + d2l},
		{"history (13 revisions)", "/r/" + shell + "/history"},
		{"family (a fork and a translation)", "/r/" + shell + "/family"},
		{"user", "/u/amina"},
	}
	t.Logf("| page | HTML | on the wire, brotli | gzip | first visit with CSS and JS, brotli |")
	t.Logf("|---|---|---|---|---|")
	for _, p := range pages {
		br, body, h := wireBytes(t, env.URL+p.path, "br, gzip")
		gz, _, _ := wireBytes(t, env.URL+p.path, "gzip")
		plain, html, _ := wireBytes(t, env.URL+p.path, "identity")
		if h.Get("Content-Encoding") != "br" {
			t.Errorf("%s: not compressed (%v)", p.name, h.Get("Content-Encoding"))
		}
		_ = body
		first := br
		for _, m := range subresource.FindAllStringSubmatch(string(html), -1) {
			n, _, _ := wireBytes(t, env.URL+m[1], "br, gzip")
			first += n
		}
		t.Logf("| %s | %.1f KB | %.1f KB | %.1f KB | %.1f KB |", p.name, kib(plain), kib(br), kib(gz), kib(first))
		if br > pageBudget || first > pageBudget {
			t.Errorf("%s: %d bytes (first visit %d), over the %d-byte budget", p.name, br, first, pageBudget)
		}
	}
}

func kib(n int) float64 { return float64(n) / 1024 }
