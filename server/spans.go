package server

import (
	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/versioning"
)

// The live engine and the versioning algorithms each define the same
// (author, UTF-16 length) span so that neither depends on the other; these
// convert at the seam.

func toVersioningSpans(a collab.Attribution) []versioning.Span {
	out := make([]versioning.Span, len(a))
	for i, s := range a {
		out[i] = versioning.Span{Author: s.Author, Len: s.Len}
	}
	return out
}

func fromVersioningSpans(spans []versioning.Span) collab.Attribution {
	out := make(collab.Attribution, len(spans))
	for i, s := range spans {
		out[i] = collab.Span{Author: s.Author, Len: s.Len}
	}
	return out
}
