// Package importer reads files people already have into documents: Markdown with YAML front
// matter, HTML, EPUB 3 and DOCX (through pandoc). Metadata the file names (title, description,
// language, licence, authors, subjects, level) lands in fields, never in the text; a named
// source and licence come back as Document.Source so the new resource records where it came
// from. Text is sanitised on the way in. A file that cannot be read gives an *Error and no
// documents: nothing is half-imported.
package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/commonplace/commonplace/interchange"
)

// Format names an import format.
type Format string

// The formats.
const (
	Markdown    Format = "md"
	MarkdownZip Format = "md-zip" // several .md files and their images, as package export writes them
	HTML        Format = "html"
	EPUB        Format = "epub"
	DOCX        Format = "docx"
)

// Options bound what an import may cost; zero values take the defaults.
type Options struct {
	MaxBytes     int64 // the file; default 25 MiB
	MaxUnpacked  int64 // everything inside an archive; default 200 MiB
	MaxDocuments int   // default 500
	MaxImage     int64 // one image; default 10 MiB

	// Pandoc converts DOCX; nil refuses DOCX with ErrUnsupported (see FindPandoc).
	Pandoc *Pandoc
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 25 << 20
	}
	if o.MaxUnpacked <= 0 {
		o.MaxUnpacked = 200 << 20
	}
	if o.MaxDocuments <= 0 {
		o.MaxDocuments = 500
	}
	if o.MaxImage <= 0 {
		o.MaxImage = 10 << 20
	}
	return o
}

// Import reads a file of any supported format, recognised by its content (name is only a
// hint for plain text).
func Import(ctx context.Context, name string, data []byte, opt Options) ([]interchange.Document, error) {
	f, err := Detect(name, data)
	if err != nil {
		return nil, err
	}
	switch f {
	case EPUB:
		return ReadEPUB(data, opt)
	case DOCX:
		return ReadDOCX(ctx, data, opt)
	case MarkdownZip:
		return ReadMarkdownZip(data, opt)
	case HTML:
		return ReadHTML(data, opt)
	}
	d, err := ReadMarkdown(data, opt)
	if err != nil {
		return nil, err
	}
	return []interchange.Document{d}, nil
}

// Detect tells the format of a file from its bytes: an EPUB's mimetype entry, a Word
// document's word/document.xml, a zip of .md files, HTML markup, or UTF-8 text.
func Detect(name string, data []byte) (Format, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", refuse("zip", ErrMalformed, "the archive cannot be read", err)
		}
		md := false
		for _, f := range zr.File {
			switch {
			case f.Name == "mimetype" || f.Name == "META-INF/container.xml":
				return EPUB, nil
			case f.Name == "word/document.xml":
				return DOCX, nil
			case strings.EqualFold(path.Ext(f.Name), ".md"):
				md = true
			}
		}
		if md {
			return MarkdownZip, nil
		}
		return "", refuse("zip", ErrUnsupported, "the archive is neither an EPUB, a Word document nor Markdown files", nil)
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return "", refuse(Format(strings.TrimPrefix(path.Ext(name), ".")), ErrUnsupported, "the file is neither text nor a known document format", nil)
	}
	ext := strings.ToLower(path.Ext(name))
	head := strings.ToLower(strings.TrimSpace(string(data[:min(len(data), 512)])))
	head = strings.TrimPrefix(head, "\ufeff")
	if ext == ".html" || ext == ".htm" || ext == ".xhtml" || strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") {
		return HTML, nil
	}
	return Markdown, nil
}
