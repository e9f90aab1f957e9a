// Package interchange holds what a resource is when it travels in or out of a file: the
// metadata, the Markdown, the full attribution and the images. Package export writes documents
// to open formats and package importer reads them back; both speak this one type, and a
// collection is a list of documents (one resource is a list of one).
package interchange

import (
	"time"

	"github.com/commonplace/commonplace/license"
)

// Document is one resource at one revision.
type Document struct {
	ID       string // the resource id; exporters derive stable package identifiers from it
	URL      string // the resource's public page, when it has one
	Revision string // the revision exported, when known

	Title    string
	Summary  string
	Language string // BCP 47 tag
	License  string // SPDX id, as in package license
	Authors  []license.Person
	Subjects []string
	Level    string // education level
	Created  time.Time
	Updated  time.Time

	Markdown string

	// Attribution is the full TASL statement, every hop of the source chain included, as
	// license.Attribute writes it. Exporters print it; importers fill Text (and HTML when the
	// file carries it) from what the file says.
	Attribution license.Statement

	// Images are the uploaded pictures the Markdown refers to, by file name.
	Images []Image

	// Source is filled by importers when the file names where the work came from and under
	// which licence: the new resource records it as an "imported from" derivation, so credit
	// is never lost at the door. Exporters ignore it (Attribution already credits sources).
	Source *Source
}

// Image is a picture carried with a document. Markdown refers to it by Name: an image whose
// source path ends in Name ("images/cell.png", "/r/123/images/cell.png") is this image.
type Image struct {
	Name      string // a file name, unique within the document: "cell.png"
	MediaType string // image/png, image/jpeg, image/webp, image/svg+xml
	Data      []byte
	Alt       string // required by the service; exporters write it as the image's text alternative
}

// Source is the work an imported file says it comes from.
type Source struct {
	Title   string
	URL     string
	Authors []license.Person
	License string // SPDX id when recognised, else as written
}
