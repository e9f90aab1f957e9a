package server_test

import (
	"bytes"
	"context"
	"iter"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/internal/formatcheck"
)

// A reader downloads every format from the resource page's Download menu: each file arrives
// and is what its format says (a lesson with a formula and a picture).
func TestBrowserDownloadsEachExport(t *testing.T) {
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"title": "Cells", "visibility": "public", "content": "# Cells\n\nA formula: $a_1 + b_1$.\n"})
	body, ctype := multipartBody(t, "file", "dot.png", testPNG(t), map[string]string{"alt": "A blue dot"})
	resp, raw := amina.fetch("POST", "/api/v1/resources/"+id+"/images", body, map[string]string{"Content-Type": ctype})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %s", resp.StatusCode, raw)
	}
	var img map[string]any
	_ = jsonUnmarshal(raw, &img)
	amina.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "# Cells\n\nA formula: $a_1 + b_1$.\n\n" + img["markdown"].(string) + "\n"})

	ctx := newBrowser(t)
	dir := t.TempDir()
	next, stop := iter.Pull2(chromedp.Events(ctx, cdpbrowser.DownloadProgress))
	defer stop()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/r/"+id),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptrTo(true)})
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS("details.downloads summary")),
	); err != nil {
		t.Fatal(err)
	}
	// The picture shows on the page with its description.
	alt, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#content img"), "alt"))
	if err != nil || alt.Value != "A blue dot" {
		t.Errorf("picture on the page: %q %v", alt.Value, err)
	}
	checks := map[string]func([]byte) bool{
		"md": func(b []byte) bool {
			return bytes.HasPrefix(b, []byte("---\n")) && bytes.Contains(b, []byte("title: Cells"))
		},
		"html": func(b []byte) bool {
			return bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) && bytes.Contains(b, []byte("<math"))
		},
		"html-zip": func(b []byte) bool { f := formatcheck.Unzip(t, b); return f["index.html"] != nil && len(f) >= 2 },
		"epub":     func(b []byte) bool { return string(formatcheck.Unzip(t, b)["mimetype"]) == "application/epub+zip" },
		"imscc-1.1": func(b []byte) bool {
			return bytes.Contains(formatcheck.Unzip(t, b)["imsmanifest.xml"], []byte("imsccv1p1"))
		},
		"imscc-1.3": func(b []byte) bool {
			return bytes.Contains(formatcheck.Unzip(t, b)["imsmanifest.xml"], []byte("imsccv1p3"))
		},
	}
	for _, format := range []string{"md", "html", "html-zip", "epub", "imscc-1.1", "imscc-1.3"} {
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS("details.downloads summary")),
			chromedp.WaitVisible(chromedp.CSS(`a[data-format="`+format+`"]`)),
			chromedp.Click(chromedp.CSS(`a[data-format="`+format+`"]`)),
		); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		data := awaitDownload(t, next, dir)
		if !checks[format](data) {
			t.Errorf("%s: the download is not what it says (%d bytes: %.60q)", format, len(data), data)
		}
		// Close the menu again (a click on the summary toggles it).
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/r/"+id), chromedp.WaitVisible(chromedp.CSS("details.downloads summary"))); err != nil {
			t.Fatal(err)
		}
	}
}

// awaitDownload waits for the next completed download and returns its bytes.
func awaitDownload(t *testing.T, next func() (cdpbrowser.EventDownloadProgress, error, bool), dir string) []byte {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		ev, err, ok := next()
		if !ok || err != nil {
			t.Fatalf("download events ended: %v", err)
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatal(err)
			}
			return data
		case cdpbrowser.DownloadProgressStateCanceled:
			t.Fatalf("download canceled")
		}
	}
	t.Fatal("no download")
	return nil
}

func ptrTo[T any](v T) *T { return &v }

// An author imports a Word document and an EPUB, both written by another tool (pandoc),
// through the file field of the new-resource page.
func TestBrowserImportsDOCXAndEPUB(t *testing.T) {
	formatcheck.NeedTool(t, "pandoc", "make deps-pandoc (Debian package pandoc)")
	env := newEnv(t)
	env.signup("amina")
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lesson.md", "---\ntitle: Fracciones\nlang: es\n---\n\n# Fracciones\n\nUna mitad es $\\frac{1}{2}$.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	write("book.md", "---\ntitle: Dos lecciones\nauthor: Amina\nlang: es\nrights: CC BY 4.0\n---\n\n# Primera\n\nUno.\n\n# Segunda\n\nDos.\n")
	for _, args := range [][]string{{"lesson.md", "-o", "lesson.docx"}, {"book.md", "-o", "book.epub"}} {
		cmd := exec.Command("pandoc", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pandoc %v: %v %s", args, err, out)
		}
	}
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "amina"),
		chromedp.SendKeys(chromedp.CSS("#password"), passwordOf("amina")),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".who")),
		// A Word document: one resource, opened at once.
		chromedp.Navigate(env.URL+"/new"),
		chromedp.WaitVisible(chromedp.CSS("#import-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{filepath.Join(dir, "lesson.docx")}),
		chromedp.Submit(chromedp.CSS("#import-file")),
		chromedp.WaitVisible(chromedp.CSS("#resource-title")),
	); err != nil {
		t.Fatal(err)
	}
	title, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#resource-title")))
	lang, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang"))
	content, _ := chromedp.Run(ctx, chromedp.InnerHTML(chromedp.CSS("#content")))
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if title != "Fracciones" || lang.Value != "es" || !strings.Contains(content, "<math") || !strings.Contains(content, "<table>") || !strings.Contains(flash, "private draft") {
		t.Errorf("imported DOCX: title %q lang %q flash %q content %.300s", title, lang.Value, flash, content)
	}
	// An EPUB: one resource per chapter, listed.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/new"),
		chromedp.WaitVisible(chromedp.CSS("#import-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{filepath.Join(dir, "book.epub")}),
		chromedp.Submit(chromedp.CSS("#import-file")),
		chromedp.WaitVisible(chromedp.CSS(".cards")),
	); err != nil {
		t.Fatal(err)
	}
	cards, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".cards")))
	if !strings.Contains(cards, "Primera") || !strings.Contains(cards, "Segunda") || !strings.Contains(cards, "CC BY 4.0") {
		t.Errorf("imported EPUB chapters: %q", cards)
	}
	// A file that is nothing we read is refused on the form, with the reason.
	write("notes.bin", "\x00\x01\x02binary")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/new"),
		chromedp.WaitVisible(chromedp.CSS("#import-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{filepath.Join(dir, "notes.bin")}),
		chromedp.Submit(chromedp.CSS("#import-file")),
		chromedp.WaitVisible(chromedp.CSS("#import-error")),
	); err != nil {
		t.Fatal(err)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#import-error")))
	if !strings.Contains(msg, "cannot be imported") {
		t.Errorf("refusal on the form: %q", msg)
	}
	// A file that does not say its language takes the picker's, which starts as the interface's
	// and is read as the resource form's picker is ("Arabic (ar)").
	write("notes.md", "# ملاحظات\n\nنص قصير.\n")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/new"), chromedp.WaitVisible(chromedp.CSS("#import-file"))); err != nil {
		t.Fatal(err)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#import-language"))); v != "English (en)" {
		t.Errorf("the import's language starts as %q", v)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#import-language"), "Arabic (ar)"),
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{filepath.Join(dir, "notes.md")}),
		chromedp.Submit(chromedp.CSS("#import-file")),
		chromedp.WaitVisible(chromedp.CSS("#resource-title")),
	); err != nil {
		t.Fatal(err)
	}
	if lang, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")); lang.Value != "ar" {
		t.Errorf("imported with the picker's Arabic: lang %q", lang.Value)
	}
}
