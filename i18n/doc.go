// Package i18n is the interface's languages: gettext PO catalogues (po/*.po,
// embedded) read with github.com/leonelquinteros/gotext, the plural rules of
// CLDR (golang.org/x/text/feature/plural) checked against each catalogue's
// Plural-Forms header, named placeholders ({name}, gettext's
// python-brace-format), the choice of a language from a person's setting and
// Accept-Language (x/text's matcher), and numbers, dates and language names
// written for the reader (x/text, CLDR patterns).
//
// Message ids are the English text itself, as gettext does: a template reads
// {{t "Sign in"}} and English needs no catalogue. po/messages.pot lists every
// id the sources use (written by `commonplace ui-strings extract`); every
// shipped language's PO must translate all of them (catalogue_test.go).
//
// The package knows nothing of HTTP, SQL or the application.
package i18n
