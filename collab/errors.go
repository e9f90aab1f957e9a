// Package collab is the pure operational-transformation engine behind live editing.
//
// Operations are wire-compatible with ot.js TextOperation (Tim Baumann): a JSON array where a
// positive integer retains, a string inserts and a negative integer deletes, with every length
// counted in UTF-16 code units because that is what browsers index strings by. Go holds text as
// UTF-8, so this package converts between the two and refuses any edit that would split a
// surrogate pair or store invalid UTF-8.
//
// The package does no I/O, starts no goroutines and reads no clock; the hub owns those.
package collab

import "errors"

// Sentinel errors. Returned errors wrap one of them with context, so test with errors.Is.
var (
	// ErrBadOp means the operation is malformed: not an ot.js operation, invalid UTF-8, a lone
	// surrogate, or a boundary that splits a surrogate pair.
	ErrBadOp = errors.New("collab: bad operation")
	// ErrTooLarge means the operation or the resulting document exceeds a Limits bound.
	ErrTooLarge = errors.New("collab: too large")
	// ErrBaseLength means the operation does not span the document it is applied to (or the
	// two operations given to Transform/Compose do not fit together).
	ErrBaseLength = errors.New("collab: base length mismatch")
)

// Limits bounds what a single operation may do. A zero field means "no limit".
type Limits struct {
	MaxOpBytes  int // size of the operation's JSON encoding in bytes
	MaxInsert16 int // inserted UTF-16 code units per operation
	MaxDoc16    int // document length in UTF-16 code units
}

// DefaultLimits are the bounds the server applies unless configured otherwise.
var DefaultLimits = Limits{MaxOpBytes: 1 << 20, MaxInsert16: 512 << 10, MaxDoc16: 4 << 20}
