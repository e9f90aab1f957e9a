package app

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/internal/lessons"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
)

// BenchmarkExportEPUB100KB exports a 100 KB lesson (real text with formulas, tables and code,
// and a picture) as EPUB through the application: the policy, the text, the attribution, the
// pictures from the database, then the writer. Target: ≤ 200 ms an export (docs/benchmarks.md).
func BenchmarkExportEPUB100KB(b *testing.B) {
	a := New(Config{Hasher: auth.Hasher{Memory: 64, Time: 1, Threads: 1}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, pgtest.DB(b))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := a.Start(ctx); err != nil {
		b.Fatal(err)
	}
	defer a.Close(context.Background())
	u, err := a.Signup(ctx, "192.0.2.1", SignupRequest{Handle: "amina", Email: "amina@example.org", Password: "correct horse battery", Name: "Amina"})
	if err != nil {
		b.Fatal(err)
	}
	who := ActorOf(u)
	var text []byte
	for _, f := range []string{"en-d2l-generalization.md", "en-shell-intro.md", "es-shell-loop.md", "zh-pumpkin-ch3.md"} {
		part, err := os.ReadFile(filepath.Join(lessons.Dir(), f))
		if err != nil {
			b.Fatal(err)
		}
		text = append(text, part...)
		text = append(text, '\n')
	}
	text = text[:100_000]
	content := string(text)
	r, err := a.CreateResource(ctx, who, resource.Fields{Title: ptr("A long lesson"), Content: &content, Language: ptr("en"),
		License: ptr("CC-BY-4.0"), Visibility: ptr("public")})
	if err != nil {
		b.Fatal(err)
	}
	img, err := a.AddImage(ctx, who, r.ID, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#36c"/></svg>`), "A blue square")
	if err != nil {
		b.Fatal(err)
	}
	content = "![A blue square](" + img.URL + ")\n\n" + content
	if _, _, err := a.UpdateResource(ctx, who, r.ID, resource.Fields{Content: &content}); err != nil {
		b.Fatal(err)
	}
	req := ExportRequest{Format: export.EPUB, Items: []ExportItem{{ID: r.ID}}, Origin: "https://cp.example"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ex, err := a.Export(ctx, Anonymous, req)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(content)))
		if len(ex.File.Data) == 0 {
			b.Fatal("empty export")
		}
	}
}
