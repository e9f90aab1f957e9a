package app

import (
	"archive/zip"
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/importer"
	"github.com/commonplace/commonplace/media"
	"github.com/commonplace/commonplace/resource"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 4, 4))
	m.Set(1, 1, color.RGBA{200, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Export Markdown, import it back: the same text and metadata, and the new resource credits
// the exported one as the work it was imported from — and so does a fork of it.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina, bo := f.user("amina"), f.user("bo")
	text := "# Growth\n\nThe rate is $r_1 = \\frac{a}{b}$ and *more*.\n\n$$\nx_1 + x_2\n$$\n"
	src, err := f.a.CreateResource(f.ctx, amina, resource.Fields{Title: ptr("Growth"), Summary: ptr("How things grow"), Content: ptr(text),
		Language: ptr("en"), License: ptr("CC-BY-SA-4.0"), Subjects: ptr([]string{"biology", "maths"}), Level: ptr("primary"),
		Visibility: ptr("public")})
	f.must(err)
	ex, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: src.ID}}, Origin: "https://cp.example"})
	f.must(err)
	if ex.File.MediaType != "text/markdown; charset=utf-8" || !strings.Contains(string(ex.File.Data), "attribution:") {
		t.Fatalf("export %s:\n%s", ex.File.MediaType, ex.File.Data)
	}
	res, err := f.a.ImportResources(f.ctx, bo, ImportRequest{FileName: ex.File.Name, Data: ex.File.Data})
	f.must(err)
	if len(res.Resources) != 1 {
		t.Fatalf("%d resources", len(res.Resources))
	}
	got := res.Resources[0]
	if got.Content != text || got.Title != "Growth" || got.Summary != "How things grow" || got.Language != "en" ||
		got.License != "CC-BY-SA-4.0" || strings.Join(got.Subjects, ",") != "biology,maths" || got.Level != "primary" {
		t.Errorf("round trip lost something: %+v", got)
	}
	if got.Visibility != resource.Private || got.Owner.ID != bo.ID {
		t.Errorf("an import is the importer's private draft: %s %s", got.Visibility, got.Owner.Handle)
	}
	attr, err := f.a.Attribution(f.ctx, bo, got.ID, "https://cp.example")
	f.must(err)
	if len(attr.Chain) != 1 || !attr.Chain[0].External || attr.Chain[0].URL != "https://cp.example/r/"+src.ID ||
		attr.Chain[0].License != "CC-BY-SA-4.0" || len(attr.Chain[0].Authors) == 0 || attr.Chain[0].Authors[0].Name != "User amina" {
		t.Errorf("imported-from hop: %+v", attr.Chain)
	}
	if !strings.Contains(attr.Statement.Text, "adapted from “Growth” by User amina") && !strings.Contains(attr.Statement.Text, `adapted from "Growth" by User amina`) {
		t.Errorf("statement: %s", attr.Statement.Text)
	}
	// A licence the imported source does not allow is refused, as for a fork.
	if _, _, err := f.a.UpdateResource(f.ctx, bo, got.ID, resource.Fields{License: ptr("CC-BY-4.0")}); err == nil {
		t.Errorf("an import of a CC BY-SA work took CC BY")
	}
	f.mustUpdate(f.a.UpdateResource(f.ctx, bo, got.ID, resource.Fields{Visibility: ptr("public")}))
	fork, err := f.a.Fork(f.ctx, amina, got.ID, ForkRequest{})
	f.must(err)
	fa, err := f.a.Attribution(f.ctx, amina, fork.Resource.ID, "")
	f.must(err)
	if len(fa.Chain) != 2 || fa.Chain[0].Resource != got.ID || !fa.Chain[1].External {
		t.Errorf("the fork lost the imported-from credit: %+v", fa.Chain)
	}
}

func (f *fixture) mustUpdate(_ resource.Resource, _ Access, err error) { f.must(err) }

// An import is all or nothing, and bad files say why.
func TestImportRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina := f.user("amina")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, body := range map[string]string{"a.md": "---\ntitle: First\n---\nFine.\n", "b.md": "---\ntitle: Second\nlicense: Some Custom Licence\n---\nNot fine.\n"} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(body))
	}
	f.must(zw.Close())
	_, err := f.a.ImportResources(f.ctx, amina, ImportRequest{FileName: "two.zip", Data: zb.Bytes()})
	var ve *resource.ValidationError
	if !errors.As(err, &ve) || ve.Field != "license" || !strings.Contains(ve.Message, "document 2") {
		t.Errorf("err = %v, want the licence of document 2", err)
	}
	if _, n, _ := f.a.ListResources(f.ctx, amina, ListRequest{Mine: true}); n != 0 {
		t.Errorf("a refused import left %d resources", n)
	}
	for name, c := range map[string]struct {
		data []byte
		kind error
	}{
		"binary":    {[]byte{0, 1, 2, 3, 0xff}, importer.ErrUnsupported},
		"empty":     {[]byte("   \n"), importer.ErrEmpty},
		"bad epub":  {append([]byte("PK\x03\x04"), bytes.Repeat([]byte{1}, 40)...), importer.ErrMalformed},
		"bad image": {mdZipWithImage(t, []byte("<svg><g></svg>")), media.ErrMalformed},
	} {
		_, err := f.a.ImportResources(f.ctx, amina, ImportRequest{FileName: "x." + name, Data: c.data})
		if !errors.Is(err, c.kind) {
			t.Errorf("%s: err = %v, want %v", name, err, c.kind)
		}
	}
	if _, err := f.a.ImportResources(f.ctx, Anonymous, ImportRequest{FileName: "a.md", Data: []byte("# Hi\n")}); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("anonymous import: %v", err)
	}
}

func mdZipWithImage(t *testing.T, img []byte) []byte {
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("lesson.md")
	_, _ = w.Write([]byte("# Picture\n\n![a cell](images/cell.svg)\n"))
	w, _ = zw.Create("images/cell.svg")
	_, _ = w.Write(img)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return zb.Bytes()
}

// Pictures: alt text required, type read from the bytes, copied into forks and translations
// (which keep showing them after the source turns private), carried into exports.
func TestImagesTravelWithTheirResource(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina, bo, eve := f.user("amina"), f.user("bo"), f.user("eve")
	src := f.create(amina, "Cells", "# Cells\n", "CC-BY-4.0", resource.Public)
	if _, err := f.a.AddImage(f.ctx, amina, src.ID, pngBytes(t), "  "); err == nil {
		t.Errorf("a picture without alt text was accepted")
	}
	if _, err := f.a.AddImage(f.ctx, amina, src.ID, []byte("GIF89a"), "x"); !errors.Is(err, media.ErrMalformed) {
		t.Errorf("a broken picture: %v", err)
	}
	if _, err := f.a.AddImage(f.ctx, bo, src.ID, pngBytes(t), "x"); !errors.Is(err, ErrForbidden) {
		t.Errorf("a reader added a picture: %v", err)
	}
	img, err := f.a.AddImage(f.ctx, amina, src.ID, pngBytes(t), "A red dot")
	f.must(err)
	if img.URL != "/r/"+src.ID+"/images/"+img.Hash+".png" || img.Markdown != "![A red dot]("+img.URL+")" {
		t.Errorf("image %+v", img)
	}
	f.edit(amina, src.ID, "# Cells\n\n"+img.Markdown+"\n")
	fork, err := f.a.Fork(f.ctx, bo, src.ID, ForkRequest{})
	f.must(err)
	tr, err := f.a.StartTranslation(f.ctx, bo, src.ID, StartRequest{Language: "es"})
	f.must(err)
	segs, err := f.a.Segments(f.ctx, bo, tr.ID, SegmentQuery{})
	f.must(err)
	altSegment := false
	for _, s := range segs.All {
		altSegment = altSegment || s.Source == "A red dot"
	}
	if !altSegment {
		t.Errorf("the picture's alt text is not offered for translation: %+v", segs.All)
	}
	f.mustUpdate(f.a.UpdateResource(f.ctx, amina, src.ID, resource.Fields{Visibility: ptr("private")}))
	f.mustUpdate(f.a.UpdateResource(f.ctx, bo, fork.Resource.ID, resource.Fields{Visibility: ptr("public")}))
	if _, err := f.a.ImageFile(f.ctx, eve, src.ID, img.Name); !errors.Is(err, resource.ErrNotFound) {
		t.Errorf("the private source's picture was served to an outsider: %v", err)
	}
	for _, id := range []string{fork.Resource.ID, tr.ID} {
		got, err := f.a.ImageFile(f.ctx, bo, id, img.Name)
		if err != nil || !bytes.Equal(got.Data, pngBytes(t)) || got.Alt != "A red dot" {
			t.Errorf("%s lost its copy of the picture: %v", id, err)
		}
	}
	if _, err := f.a.ImageFile(f.ctx, bo, fork.Resource.ID, img.Hash+".svg"); err == nil {
		t.Errorf("a picture served under another type's name")
	}
	v, err := f.a.View(f.ctx, eve, fork.Resource.ID, ViewRequest{Page: true})
	f.must(err)
	if shown := v.Display(v.Resource.Content); !strings.Contains(shown, "/r/"+fork.Resource.ID+"/images/"+img.Name) || strings.Contains(shown, src.ID) {
		t.Errorf("the fork's page does not show its own copy: %s", shown)
	}
	rd, err := f.a.OpenRevision(f.ctx, eve, fork.Resource.ID, "1")
	f.must(err)
	if shown := rd.Display(); !strings.Contains(shown, "/r/"+fork.Resource.ID+"/images/"+img.Name) || strings.Contains(shown, src.ID) {
		t.Errorf("the fork's revision page does not show its own copy: %s", shown)
	}
	if v.Resource.Content != "# Cells\n\n"+img.Markdown+"\n" {
		t.Errorf("the stored text changed: %q", v.Resource.Content)
	}
	ex, err := f.a.Export(f.ctx, eve, ExportRequest{Format: export.HTMLZip, Items: []ExportItem{{ID: fork.Resource.ID}}})
	f.must(err)
	zr, err := zip.NewReader(bytes.NewReader(ex.File.Data), int64(len(ex.File.Data)))
	f.must(err)
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
	}
	if !strings.Contains(strings.Join(names, " "), img.Name) {
		t.Errorf("the export lacks the picture: %v", names)
	}
	linked, err := f.a.Export(f.ctx, eve, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: fork.Resource.ID}}, Origin: "https://cp.example", LinkImages: true})
	f.must(err)
	if linked.File.MediaType != "text/markdown; charset=utf-8" || !strings.Contains(string(linked.File.Data), "](https://cp.example/r/"+fork.Resource.ID+"/images/"+img.Name+")") {
		t.Errorf("linked pictures: %s\n%s", linked.File.MediaType, linked.File.Data)
	}
	f.must(f.a.RemoveImage(f.ctx, bo, fork.Resource.ID, img.Name))
	if _, err := f.a.ImageFile(f.ctx, bo, tr.ID, img.Name); err != nil {
		t.Errorf("removing the fork's picture took the translation's: %v", err)
	}
}

// Exports: at a revision or now, an entity tag that names what the file shows, and a
// translation that publishes approved text only exports that text to its readers.
func TestExportRevisionsAndTags(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina, bo := f.user("amina"), f.user("bo")
	src := f.create(amina, "Rivers", "The river floods in spring.\n", "CC-BY-4.0", resource.Public)
	rev, err := f.a.NameVersion(f.ctx, amina, src.ID, "first")
	f.must(err)
	f.edit(amina, src.ID, "The river floods in spring. It is dry in summer.\n")
	at, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: src.ID, Revision: rev.ID}}})
	f.must(err)
	now, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: src.ID}}})
	f.must(err)
	if strings.Contains(string(at.File.Data), "dry") || !strings.Contains(string(now.File.Data), "dry") || !at.Pinned || now.Pinned {
		t.Errorf("revision export:\n%s\ncurrent:\n%s", at.File.Data, now.File.Data)
	}
	if at.ETag == now.ETag {
		t.Errorf("one tag for two texts")
	}
	again, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: src.ID}}, IfNoneMatch: now.ETag})
	f.must(err)
	if !again.NotModified || again.File.Data != nil {
		t.Errorf("an unchanged export was built again")
	}
	f.mustUpdate(f.a.UpdateResource(f.ctx, amina, src.ID, resource.Fields{Title: ptr("Rivers and seasons")}))
	renamed, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: src.ID}}, IfNoneMatch: now.ETag})
	f.must(err)
	if renamed.NotModified {
		t.Errorf("a renamed resource kept its tag")
	}
	other := f.create(amina, "Other", "Other text.\n", "CC-BY-4.0", resource.Public)
	if _, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: other.ID, Revision: rev.ID}}}); err == nil {
		t.Errorf("a revision of another resource was exported")
	}
	if _, err := f.a.Export(f.ctx, bo, ExportRequest{Format: "pdf", Items: []ExportItem{{ID: src.ID}}}); err == nil {
		t.Errorf("an unknown format was accepted")
	}
	both, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: src.ID}, {ID: other.ID}}, Title: "Two"})
	f.must(err)
	if both.File.MediaType != "application/zip" {
		t.Errorf("a collection of two: %s", both.File.MediaType)
	}

	// A translation that publishes approved text only.
	tr, err := f.a.StartTranslation(f.ctx, amina, src.ID, StartRequest{Language: "es"})
	f.must(err)
	segs, err := f.a.Segments(f.ctx, amina, tr.ID, SegmentQuery{})
	f.must(err)
	_, err = f.a.ChangeSegment(f.ctx, amina, tr.ID, segs.All[0].ID, SegmentChange{Target: ptr("El río se desborda en primavera.")})
	f.must(err)
	f.mustUpdate(f.a.UpdateResource(f.ctx, amina, tr.ID, resource.Fields{Visibility: ptr("public")}))
	f.must(f.a.SetPublishApprovedOnly(f.ctx, amina, tr.ID, true))
	pub, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: tr.ID}}})
	f.must(err)
	if strings.Contains(string(pub.File.Data), "El río") {
		t.Errorf("unapproved text exported to a reader:\n%s", pub.File.Data)
	}
	mine, err := f.a.Export(f.ctx, amina, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: tr.ID}}})
	f.must(err)
	if !strings.Contains(string(mine.File.Data), "El río") {
		t.Errorf("the translator's export lacks the working text:\n%s", mine.File.Data)
	}
	trRev, err := f.a.NameVersion(f.ctx, amina, tr.ID, "draft")
	f.must(err)
	if _, err := f.a.Export(f.ctx, bo, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: tr.ID, Revision: trRev.ID}}}); !isForbidden(err) {
		t.Errorf("a reader exported a revision of a published-only translation: %v", err)
	}
	if _, err := f.a.Export(f.ctx, amina, ExportRequest{Format: export.Markdown, Items: []ExportItem{{ID: tr.ID, Revision: trRev.ID}}}); err != nil {
		t.Errorf("the translator's revision export: %v", err)
	}
}

func isForbidden(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == Forbidden
}
