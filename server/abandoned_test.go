package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

// A request its client abandons while the server waits on the database is counted as 499,
// not as a server error: no "request failed" in the log and no 500 in the metrics.
func TestAbandonedRequestIsNotAServerError(t *testing.T) {
	t.Parallel()
	var logged syncBuffer
	env := newEnv(t, func(_ *app.Config, c *server.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logged, nil))
	})
	amina := env.signup("amina")
	_, body := amina.do("POST", "/api/v1/resources", map[string]any{"title": "Fractions", "content": "# Fractions\n",
		"language": "en", "license": "CC-BY-4.0", "visibility": "public"})
	id := body["id"].(string)

	// Hold the resource's row, so that the update waits until its client gives up.
	ctx := context.Background()
	tx, err := env.DB.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM resources WHERE id = $1 FOR UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(short, "PATCH", env.URL+"/api/v1/resources/"+id, strings.NewReader(`{"visibility":"private"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+amina.token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the update answered %d while its row was held", resp.StatusCode)
	}
	want := `route="/api/v1/resources/:id",status="499"`
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(env.metrics(), want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s among the requests counted:\n%s", want, requestLines(env.metrics()))
		}
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logged.String(), "level=ERROR") {
		t.Fatalf("an abandoned request logged as an error:\n%s", logged.String())
	}
	if m := env.metrics(); strings.Contains(m, `route="/api/v1/resources/:id",status="500"`) {
		t.Fatalf("an abandoned request counted as a 500")
	}
}

// requestLines keeps the request counters of a metrics page.
func requestLines(metrics string) string {
	var b strings.Builder
	for line := range strings.Lines(metrics) {
		if strings.HasPrefix(line, "commonplace_http_requests_total{") {
			b.WriteString(line)
		}
	}
	return b.String()
}
