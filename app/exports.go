package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/versioning"
)

// MaxExportItems bounds how many resources one export may hold.
const MaxExportItems = 200

// ExportItem is one resource of an export, at a revision or ("" ) as it reads now.
type ExportItem struct {
	ID       string
	Revision string
}

// ExportRequest asks for resources in an open format. The unit is a list: one resource is a
// list of one, a collection a longer list, in the order given.
type ExportRequest struct {
	Format export.Format
	Items  []ExportItem
	Origin string // makes every address absolute ("https://example.org"); exports leave the site
	Title  string // of a collection (default: the first resource's title)
	// LinkImages leaves pictures out of the file and links them at their addresses (made
	// absolute with Origin): a Markdown export then stays one text/markdown file.
	LinkImages bool
	// IfNoneMatch is the entity tag the caller holds: when it is still current the export is
	// not built and NotModified is set.
	IfNoneMatch string
}

// Export is a built export.
type Export struct {
	File        export.File
	ETag        string // changes whenever anything the file shows changes
	Pinned      bool   // every item names a revision: the text cannot change
	NotModified bool
}

// Export writes resources to an open format with their metadata, full attribution (every hop
// of their source chain, hidden hops as the policy shows them to the caller) and licence. Each
// resource is loaded through the policy as the caller may read it: a translation whose owner
// publishes only approved text exports that text to its readers, and may not be exported at a
// revision by them (a revision holds the working text).
func (a *App) Export(ctx context.Context, who Actor, req ExportRequest) (Export, error) {
	if !slices.Contains(export.Formats, req.Format) {
		names := make([]string, len(export.Formats))
		for i, f := range export.Formats {
			names[i] = string(f)
		}
		return Export{}, &Error{Kind: BadRequest, Code: "unknown_format", Field: "format",
			Message: fmt.Sprintf("unknown export format %q; use one of %s", req.Format, strings.Join(names, ", "))}
	}
	if len(req.Items) == 0 {
		return Export{}, &Error{Kind: BadRequest, Code: "invalid", Message: "nothing to export"}
	}
	if len(req.Items) > MaxExportItems {
		return Export{}, &Error{Kind: TooLarge, Code: "too_large", Message: fmt.Sprintf("at most %d resources in one export", MaxExportItems)}
	}
	docs := make([]interchange.Document, 0, len(req.Items))
	pinned := true
	for _, it := range req.Items {
		d, err := a.exportDocument(ctx, who, it, req.Origin, req.LinkImages)
		if err != nil {
			return Export{}, err
		}
		pinned = pinned && it.Revision != ""
		docs = append(docs, d)
	}
	opt := export.Options{Title: req.Title}
	tag := exportTag(req.Format, opt, docs)
	if req.IfNoneMatch != "" && req.IfNoneMatch == tag {
		return Export{ETag: tag, Pinned: pinned, NotModified: true}, nil
	}
	f, err := a.exporter.Export(req.Format, docs, opt)
	if err != nil {
		return Export{}, fmt.Errorf("export %s: %w", req.Format, err)
	}
	return Export{File: f, ETag: tag, Pinned: pinned}, nil
}

// exportDocument is one resource as the caller may read it, ready for an exporter.
func (a *App) exportDocument(ctx context.Context, who Actor, it ExportItem, origin string, linkImages bool) (interchange.Document, error) {
	v, err := a.View(ctx, who, it.ID, ViewRequest{Origin: origin})
	if err != nil {
		return interchange.Document{}, err
	}
	r := v.Resource
	d := interchange.Document{ID: r.ID, URL: origin + "/r/" + r.ID, Title: r.Title, Summary: r.Summary, Language: r.Language,
		License: r.License, Subjects: r.Subjects, Level: string(r.Level), Created: r.Created, Updated: r.Updated, Markdown: r.Content}
	var spans []versioning.Span
	if it.Revision != "" {
		if v.Translation != nil && v.Translation.Published {
			return interchange.Document{}, newErr(Forbidden, "published_only",
				"this translation publishes only approved text; export its current text instead of a revision")
		}
		rev, err := a.revisionFor(ctx, who, it.Revision)
		if err != nil {
			return interchange.Document{}, err
		}
		if rev.ResourceID != r.ID {
			return interchange.Document{}, newErr(NotFound, "not_found", "revision %s is not a revision of this resource", it.Revision)
		}
		if spans, err = spansOf(rev.Attribution); err != nil {
			return interchange.Document{}, err
		}
		d.Markdown, d.Revision, d.Updated = rev.Content, rev.ID, rev.Created
	} else {
		cur, err := a.texts.Current(ctx, r.ID)
		if err != nil {
			return interchange.Document{}, err
		}
		spans = toVersioningSpans(cur.Attribution)
	}
	attr, err := a.attributionAt(ctx, who, r, origin, d.Markdown, spans)
	if err != nil {
		return interchange.Document{}, err
	}
	d.Attribution, d.Authors = attr.Statement, toLicensePeople(attr.Authors, origin)
	recs, err := a.db.Images(ctx, r.ID, true)
	if err != nil {
		return interchange.Document{}, err
	}
	held := map[string]bool{}
	for _, rec := range recs {
		held[rec.Hash] = true
		d.Images = append(d.Images, interchange.Image{Name: rec.Name(), MediaType: rec.MediaType, Data: rec.Data, Alt: rec.Alt})
	}
	d.Markdown = LocalImages(d.Markdown, r.ID, held)
	if linkImages {
		d.Images = nil
		d.Markdown = interchange.RewriteImageRefs(d.Markdown, func(src string) (string, bool) {
			if strings.HasPrefix(src, "/r/") && localImageRef.MatchString(src) {
				return origin + src, true
			}
			return "", false
		})
	}
	return d, nil
}

// exportTag names what an export shows, without building it: the format, the options and
// every document's text, metadata, attribution and pictures (by hash).
func exportTag(f export.Format, opt export.Options, docs []interchange.Document) string {
	h := sha256.New()
	field := func(s string) { fmt.Fprintf(h, "%d:%s;", len(s), s) }
	field(string(f))
	field(opt.Title)
	for _, d := range docs {
		for _, s := range []string{d.ID, d.URL, d.Revision, d.Title, d.Summary, d.Language, d.License, d.Level, d.Markdown,
			d.Attribution.Text, d.Created.UTC().String(), d.Updated.UTC().String(), strings.Join(d.Subjects, "\x00")} {
			field(s)
		}
		for _, p := range d.Authors {
			field(p.Name + "\x00" + p.URL)
		}
		for _, img := range d.Images {
			field(img.Name + "\x00" + img.Alt)
		}
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// Download is a resource in another format, for links from its page (the Download menu and
// <link rel="alternate" type=…>) and its metadata (schema.org encoding).
type Download struct {
	Format    export.Format
	Label     string // what a person is offered: "EPUB (e-readers)"
	MediaType string
	URL       string // site-relative
	Link      bool   // offered as <link rel="alternate"> (the short addresses /r/{id}.md, .html, .epub)
}

// alternateFormats are the formats offered, in the order a page lists them; pages show the
// labels in the reader's language.
var alternateFormats = []struct {
	format    export.Format
	label     string
	mediaType string
	ext       string // the short address's extension, "" when it has none
}{
	{export.Markdown, i18n.M("Markdown (the source text)"), "text/markdown", ".md"},
	{export.HTML, i18n.M("Web page (one HTML file)"), "text/html", ".html"},
	{export.HTMLZip, i18n.M("Web page with pictures (zip)"), "application/zip", ""},
	{export.EPUB, i18n.M("EPUB (e-readers)"), "application/epub+zip", ".epub"},
	{export.CC11, i18n.M("Common Cartridge 1.1 (Moodle)"), "application/zip", ""},
	{export.CC13, i18n.M("Common Cartridge 1.3 (Canvas)"), "application/zip", ""},
}

// Downloads lists the formats a resource can be downloaded in, with their media types and
// addresses: the short ones (/r/{id}.md, .html, .epub) and /r/{id}/export?format=… for the
// rest. It is pure: callers have already loaded the resource through the policy.
func Downloads(id string) []Download {
	out := make([]Download, 0, len(alternateFormats))
	for _, f := range alternateFormats {
		al := Download{Format: f.format, Label: f.label, MediaType: f.mediaType, URL: "/r/" + id + "/export?format=" + string(f.format)}
		if f.ext != "" {
			al.URL, al.Link = "/r/"+id+f.ext, true
		}
		out = append(out, al)
	}
	return out
}

// DownloadFormat is the format of a short address's extension (".md", ".html", ".epub").
func DownloadFormat(ext string) (export.Format, bool) {
	for _, f := range alternateFormats {
		if f.ext != "" && f.ext == ext {
			return f.format, true
		}
	}
	return "", false
}
