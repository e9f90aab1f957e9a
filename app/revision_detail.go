package app

import (
	"context"
	"errors"
	"strconv"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// RevisionDetail is one revision of a resource as its page shows it: the
// text, who wrote which part of it, and what the caller may do with it.
type RevisionDetail struct {
	Resource resource.Resource
	Access   Access
	Revision versioning.Revision
	Authors  []AuthorShare
	Parts    []BlamePart // the text, credited part by part
	Latest   int64       // the resource's newest revision number
	// CanRestore: the caller may bring this text back as a new revision.
	CanRestore bool

	held map[string]bool // the pictures the resource holds, by hash
}

// Display prepares the revision's text for rendering: picture addresses
// point at the copies this resource holds, as the resource page does, so a
// fork's old revision does not send its readers to the source's pictures.
func (d RevisionDetail) Display() string {
	return LocalImages(d.Revision.Content, d.Resource.ID, d.held)
}

// OpenRevision loads revision ref of resource id: ref is a revision id or
// its number in the resource ("12"). A revision of another resource is not
// found here, even when the caller may read it.
func (a *App) OpenRevision(ctx context.Context, who Actor, id, ref string) (RevisionDetail, error) {
	r, x, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return RevisionDetail{}, err
	}
	rev, err := a.revisionOf(ctx, r, ref)
	if err != nil {
		return RevisionDetail{}, err
	}
	if rev, err = a.hideParents(ctx, who, rev); err != nil {
		return RevisionDetail{}, err
	}
	spans, err := spansOf(rev.Attribution)
	if err != nil {
		return RevisionDetail{}, err
	}
	out := RevisionDetail{Resource: r, Access: x, Revision: rev, CanRestore: restorable(r, x) == nil}
	if out.Authors, err = a.authorShares(ctx, spans); err != nil {
		return RevisionDetail{}, err
	}
	if out.Parts, err = a.creditParts(ctx, rev.Content, spans); err != nil {
		return RevisionDetail{}, err
	}
	latest, err := a.db.LatestRevision(ctx, r.ID)
	if err != nil {
		return RevisionDetail{}, err
	}
	out.Latest = latest.Number
	if out.held, err = a.heldImages(ctx, r.ID); err != nil {
		return RevisionDetail{}, err
	}
	return out, nil
}

// revisionOf loads revision ref (an id, or a number in the resource) of r;
// a revision of another resource is not found here.
func (a *App) revisionOf(ctx context.Context, r resource.Resource, ref string) (versioning.Revision, error) {
	var rev versioning.Revision
	var err error
	if n, perr := strconv.ParseInt(ref, 10, 64); perr == nil && n > 0 {
		rev, err = a.db.RevisionByNumber(ctx, r.ID, n)
	} else {
		rev, err = a.db.Revision(ctx, ref)
	}
	switch {
	case errors.Is(err, resource.ErrNotFound) || (err == nil && rev.ResourceID != r.ID):
		return rev, newErr(NotFound, "not_found", "this resource has no revision %s", ref)
	case err != nil:
		return rev, err
	}
	return rev, nil
}
