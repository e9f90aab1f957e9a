package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestMetricsOnlyOnTheirOwnAddress: /metrics is not on the public listener;
// --metrics-addr serves it apart.
func TestMetricsOnlyOnTheirOwnAddress(t *testing.T) {
	t.Parallel()
	maddr := freeAddr(t)
	p := serveOn(t, dataDir(t), "--metrics-addr", maddr)
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if st, _ := get(p.URL + "/metrics"); st != http.StatusNotFound {
		t.Errorf("/metrics on the public listener: %d", st)
	}
	if st, body := get("http://" + maddr + "/metrics"); st != http.StatusOK || !strings.Contains(body, "commonplace_http_requests_total") {
		t.Errorf("/metrics on --metrics-addr: %d %.200s", st, body)
	}
	if st, _ := get("http://" + maddr + "/readyz"); st != http.StatusNotFound {
		t.Errorf("the metrics listener serves the site: %d", st)
	}
}
