// Package migrations holds the numbered SQL migrations, embedded in the
// binary and applied at start-up and by `commonplace migrate`.
//
// Files are named NNN_what.sql and follow tern's format: the text above a
// "---- create above / drop below ----" line migrates up.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
