// Package translation turns Markdown into translatable segments and back.
//
// It is pure: no database, no HTTP. It covers segmentation (blocks from the
// goldmark AST, sentences from UAX #29 with an abbreviation list), inline
// markup protected as placeholders, rebuilding a translated document from a
// skeleton, alignment of segments when the source changes, word diffs,
// translation-memory scoring, right-to-left detection and the exchange
// formats XLIFF 2.0, XLIFF 1.2, gettext PO and TMX 1.4b.
//
// # Placeholder notation
//
// A segment's Source (and every target) is plain text in which inline markup
// appears as numbered placeholders:
//
//	{1}   opens placeholder pair 1 (e.g. "**" or "[")
//	{/1}  closes pair 1 (e.g. "**" or "](https://example.org)")
//	{2/}  a standalone placeholder (inline code, image, autolink, raw HTML, hard break)
//	\n    a soft line break inside the segment (rebuilt with the original line prefix)
//
// A brace is a placeholder only when it names one of the segment's own
// placeholders; every other brace is text ($x_{i}$, {{name}}, a lone "{"),
// so nothing is escaped. Segmentation numbers placeholders around any
// reference that already occurs in the sentence's text, so the two never
// collide. XLIFF, PO and the segment editor map to and from this notation;
// TMX carries the markup as inline codes holding its bytes.
package translation
