// Package a11ytext writes what the accessibility checker (a11ycheck) found in
// an interface language: each rule's title, why it matters and how to fix it,
// each finding's sentence with its values, the schema.org accessibility terms
// and the accessibilitySummary. a11ycheck gives codes and values only; the
// words are message ids here and their translations live in the interface's
// catalogues (i18n/po), so the pages, the JSON API and the editor's bundle (which
// shows what the API sends) read them in the reader's language.
package a11ytext
