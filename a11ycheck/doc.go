// Package a11ycheck is the accessibility checker that helps authors while they write (ATAG 2.0
// part B): it reads a resource's Markdown in Commonplace's dialect (markdown.NewGoldmark, formulas
// included) and reports findings — images without useful alt text, skipped heading levels, vague
// link text, tables without headers, colour-only instructions, formulas with no words around
// them, passages in another script not marked with their language, very long paragraphs, text
// in capitals and embedded media without captions or transcripts. Each finding carries a stable
// rule id, a severity, where it is (line and column, byte and UTF-16 offsets, so an editor can
// move its cursor there), why it matters and how to fix it, and a fingerprint of the spot that
// survives edits elsewhere in the text (so a dismissal keeps applying). Metadata derives the
// schema.org accessibility properties of a resource from what the check saw.
//
// The package is pure: no I/O, no clock. docs/decisions.md says how each rule decides.
package a11ycheck
