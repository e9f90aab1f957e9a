package server

import (
	"context"

	"github.com/commonplace/commonplace/collab"
)

// TextState is a resource's text at a version, with who wrote each part.
type TextState struct {
	Text        string
	Version     int64
	Attribution collab.Attribution
}

// Texts reads and replaces the current text of resources. Every handler that
// needs "the text now" (API reads, revisions, forks, merges, translations)
// goes through it, so that when live editing is running the answer comes
// from the document's hub and a replacement reaches connected editors as an
// ordinary operation.
type Texts interface {
	// Current returns the latest text, version and attribution.
	Current(ctx context.Context, resourceID string) (TextState, error)
	// Replace makes text the new content on behalf of author. base is the
	// version the caller's text was derived from (-1: the latest); edits
	// made since are kept. attribution, when not nil, credits the result
	// (merges keep their authors); nil credits inserted text to author.
	Replace(ctx context.Context, resourceID string, author Author, base int64, text string, attribution collab.Attribution) (int64, error)
}

// Author is who makes a change, as the live protocol names them.
type Author struct {
	UserID string
	Name   string
}
