// Package export writes resources to open formats: Markdown with a front-matter block, one
// self-contained HTML file (or a zip with its images), EPUB 3 and IMS Common Cartridge 1.1 and
// 1.3. Every export carries each document's licence and full attribution (TASL, every hop).
//
// The unit is a list of documents: one resource is a list of one, a collection a longer list.
// Exports are pure functions of their input: the same documents and options give the same bytes.
package export

import (
	"errors"
	"fmt"
	"time"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/markdown"
)

// Format names an export format, as the API's ?format= parameter spells it.
type Format string

// The formats.
const (
	Markdown Format = "md"        // text/markdown; a zip of .md files for several documents
	HTML     Format = "html"      // one self-contained file; images embedded as data: URLs
	HTMLZip  Format = "html-zip"  // index.html and its images in a zip
	EPUB     Format = "epub"      // EPUB 3
	CC11     Format = "imscc-1.1" // IMS Common Cartridge 1.1 (Moodle)
	CC13     Format = "imscc-1.3" // IMS Common Cartridge 1.3 (Canvas)
)

// Formats lists every format, in the order a page offers them.
var Formats = []Format{Markdown, HTML, HTMLZip, EPUB, CC11, CC13}

// Errors, for the HTTP layer to map once (both are a 400).
var (
	ErrUnknownFormat = errors.New("unknown export format")
	ErrNoDocuments   = errors.New("nothing to export")
)

// File is an export, ready to send: Name is a download file name.
type File struct {
	Name      string
	MediaType string
	Data      []byte
}

// Options describe the export as a whole. All are optional.
type Options struct {
	Title      string    // of the collection; defaults to the first document's title
	Identifier string    // of the collection; defaults to the first document's ID
	Modified   time.Time // defaults to the latest Updated of the documents
}

// Exporter writes exports. It is safe for concurrent use.
type Exporter struct {
	md *markdown.Renderer
}

// New returns an Exporter that renders Markdown with r, the same renderer the pages use.
func New(r *markdown.Renderer) *Exporter { return &Exporter{md: r} }

// Export writes docs in format f.
func (e *Exporter) Export(f Format, docs []interchange.Document, opt Options) (File, error) {
	if len(docs) == 0 {
		return File{}, ErrNoDocuments
	}
	switch f {
	case Markdown:
		return e.Markdown(docs, opt)
	case HTML:
		return e.HTML(docs, opt)
	case HTMLZip:
		return e.HTMLZip(docs, opt)
	case EPUB:
		return e.EPUB(docs, opt)
	case CC11:
		return e.CommonCartridge(docs, opt, cc11)
	case CC13:
		return e.CommonCartridge(docs, opt, cc13)
	}
	return File{}, fmt.Errorf("export %q: %w", f, ErrUnknownFormat)
}

// resolve fills the options' defaults from the documents.
func resolve(docs []interchange.Document, opt Options) Options {
	if opt.Title == "" {
		opt.Title = docs[0].Title
	}
	if opt.Identifier == "" {
		opt.Identifier = docs[0].ID
	}
	if opt.Modified.IsZero() {
		for _, d := range docs {
			if d.Updated.After(opt.Modified) {
				opt.Modified = d.Updated
			}
		}
	}
	if opt.Modified.IsZero() {
		opt.Modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	opt.Modified = opt.Modified.UTC().Truncate(time.Second)
	return opt
}
