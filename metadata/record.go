// Package metadata describes a resource to the world outside: schema.org
// JSON-LD (LRMI) for pages, sitemaps and Atom feeds for crawlers, and the
// Record that the OAI-PMH formats are written from. It is pure: the
// application fills a Record as the access policy allows, and these
// writers only format it.
package metadata

import "time"

// Person is someone credited.
type Person struct {
	Name string
	URL  string // absolute, or "" when unknown
}

// Work is a related work: a source a resource is based on, the work a
// translation translates, or one of its translations. A Hidden work is one
// the reader may not see: it keeps its licence and authors (the licence
// requires them) but has no title of its own and no URL.
type Work struct {
	Name       string
	URL        string
	Language   string
	LicenseURL string
	Creators   []Person
	Hidden     bool
}

// Record is what is said about one resource.
type Record struct {
	ID            string // the resource's id
	URL           string // its page, absolute
	Name          string
	Description   string
	Language      string // BCP 47
	LicenseID     string // SPDX
	LicenseURL    string
	LicenseName   string
	Creators      []Person // everyone credited for this work
	Contributors  []Person
	Level         string // education level ("primary"…), "" when not stated
	Keywords      []string
	Created       time.Time
	Modified      time.Time
	Kind          string // "original", "adaptation" or "translation"
	BasedOn       []Work // the source chain, nearest first
	TranslationOf *Work
	Translations  []Work
	// Accessibility, derived from what the text's structure shows.
	AccessModes           []string
	AccessibilityFeatures []string
	// From the accessibility checker (a11ycheck.Describe): the sets of modes
	// that suffice, hazards, and a sentence for people.
	AccessModeSufficient [][]string
	AccessibilityHazards []string
	AccessibilitySummary string
	Publisher            string
	// Encodings are the files the resource can be downloaded as (Markdown, HTML, EPUB,
	// Common Cartridge): schema.org encoding, as MediaObjects.
	Encodings []Encoding
}

// Encoding is the resource in one file format.
type Encoding struct {
	URL       string // absolute
	MediaType string // "application/epub+zip"
	Name      string // "EPUB (e-readers)"
}
