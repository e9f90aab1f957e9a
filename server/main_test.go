package server

import (
	"net/http"
	"testing"

	"github.com/commonplace/commonplace/internal/pgtest"
)

func TestMain(m *testing.M) {
	// The tests' Go clients ask for plain answers. Compression has tests of its own
	// (compress_test.go, page_bytes_test.go, which set Accept-Encoding themselves), the browser
	// tests ask for it as browsers do, and under the race detector gzip took a third of the CPU
	// of a test that sends many requests (docs/decisions.md, "CI under its 15 minutes again").
	http.DefaultTransport.(*http.Transport).DisableCompression = true
	pgtest.Main(m)
}
