package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// NameVersion cuts a named revision of a resource's current text.
func (a *App) NameVersion(ctx context.Context, who Actor, id, message string) (versioning.Revision, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.CutRevision)
	if err != nil {
		return versioning.Revision{}, err
	}
	message = strings.TrimSpace(message)
	if message == "" {
		return versioning.Revision{}, &resource.ValidationError{Field: "message", Message: "is required: say what this version is (e.g. “Ready for term 2”)"}
	}
	if len([]rune(message)) > 500 {
		return versioning.Revision{}, &resource.ValidationError{Field: "message", Message: "must be at most 500 characters"}
	}
	rev, _, err := a.cutRevision(ctx, r.ID, versioning.RevNamed, message, who.ID, false)
	if err != nil {
		return versioning.Revision{}, err
	}
	a.audit(ctx, who, "revision.create", r.ID, map[string]any{"revision": rev.ID})
	return a.hideParents(ctx, who, rev)
}

// Revisions lists a page of a resource's revisions, newest first, and the total.
func (a *App) Revisions(ctx context.Context, who Actor, id string, limit, offset int) (resource.Resource, Access, []versioning.Revision, int, error) {
	r, x, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return r, x, nil, 0, err
	}
	if offset < 0 {
		offset = 0
	}
	list, total, err := a.db.ListRevisions(ctx, r.ID, limit, offset)
	if err != nil {
		return r, x, nil, 0, err
	}
	for i := range list {
		if list[i], err = a.hideParents(ctx, who, list[i]); err != nil {
			return r, x, nil, 0, err
		}
	}
	return r, x, list, total, nil
}

// hideParents passes a revision's parents through the access policy: a
// parent in a resource the caller cannot read shows only that it exists.
func (a *App) hideParents(ctx context.Context, who Actor, rev versioning.Revision) (versioning.Revision, error) {
	var err error
	rev.Parents, err = a.hideRefs(ctx, who, rev.Parents)
	return rev, err
}

// revisionFor loads a revision the caller may read (its resource visible).
func (a *App) revisionFor(ctx context.Context, who Actor, id string) (versioning.Revision, error) {
	rev, _, _, err := a.revisionIn(ctx, who, id, resource.View)
	return rev, err
}

// revisionIn loads a revision and its resource, if the caller may perform
// act on that resource; on any refusal it returns nothing of either.
func (a *App) revisionIn(ctx context.Context, who Actor, id string, act resource.Action) (versioning.Revision, resource.Resource, Access, error) {
	rev, err := a.db.Revision(ctx, id)
	if err != nil {
		return versioning.Revision{}, resource.Resource{}, Access{}, err
	}
	r, x, err := a.resourceFor(ctx, who, rev.ResourceID, act)
	if err != nil {
		return versioning.Revision{}, resource.Resource{}, Access{}, err
	}
	if rev, err = a.hideParents(ctx, who, rev); err != nil {
		return versioning.Revision{}, resource.Resource{}, Access{}, err
	}
	return rev, r, x, nil
}

// AuthorShare is how much of a text one person wrote.
type AuthorShare struct {
	ID    string
	Name  string
	Chars int // UTF-16 code units credited to them
}

// Revision is one revision with its text and the share of each author.
func (a *App) Revision(ctx context.Context, who Actor, id string) (versioning.Revision, []AuthorShare, error) {
	rev, err := a.revisionFor(ctx, who, id)
	if err != nil {
		return versioning.Revision{}, nil, err
	}
	spans, err := spansOf(rev.Attribution)
	if err != nil {
		return rev, nil, err
	}
	out, err := a.authorShares(ctx, spans)
	return rev, out, err
}

// authorShares says how much of a text each of its authors wrote, in order
// of first appearance.
func (a *App) authorShares(ctx context.Context, spans []versioning.Span) ([]AuthorShare, error) {
	ids := authorIDs(spans)
	names, err := a.names(ctx, ids)
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	for _, sp := range spans {
		count[sp.Author] += sp.Len
	}
	out := []AuthorShare{}
	for _, id := range ids {
		out = append(out, AuthorShare{ID: id, Name: names[id], Chars: count[id]})
	}
	return out, nil
}

// names maps user ids to display names.
func (a *App) names(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	users, err := a.db.UserNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, u := range users {
		out[id] = u.Name
	}
	return out, nil
}

// The names of the sides of a comparison that are not revisions (pages show them translated).
var (
	CurrentText = i18n.M("the current text")
	EmptyText   = i18n.M("empty text")
)

// TextRef is one side of a comparison: a revision, or a resource's text now.
type TextRef struct {
	Label    string // what it is, with the revision's time in UTC
	Name     string // the same without the time, in English (pages write it from the fields below)
	Revision *versioning.Revision
	Of       string // the title of the revision's resource, when it is another one
	Text     string
}

// textAt resolves ref ("" or "current": the resource's text now; otherwise
// a revision id of any resource the caller may read).
func (a *App) textAt(ctx context.Context, who Actor, r resource.Resource, ref string) (TextRef, error) {
	if ref == "" || ref == "current" {
		cur, err := a.texts.Current(ctx, r.ID)
		if err != nil {
			return TextRef{}, err
		}
		return TextRef{Label: CurrentText, Name: CurrentText, Text: cur.Text}, nil
	}
	rev, of, _, err := a.revisionIn(ctx, who, ref, resource.View)
	if err != nil {
		return TextRef{}, err
	}
	name, label := "revision "+strconv.FormatInt(rev.Number, 10), RevisionLabel(rev)
	other := ""
	if of.ID != r.ID {
		other = of.Title
		name += " of “" + of.Title + "”"
		label += " of “" + of.Title + "”"
	}
	if rev.Message != "" {
		name += " “" + rev.Message + "”"
		label += " “" + rev.Message + "”"
	}
	return TextRef{Label: label, Name: name, Revision: &rev, Of: other, Text: rev.Content}, nil
}

// RevisionLabel is what people read for a revision: its number in its
// resource and when it was cut, in UTC ("revision 12 · 30 Nov 2025 14:02
// UTC"); pages show the time in the reader's zone instead.
func RevisionLabel(rev versioning.Revision) string {
	return "revision " + strconv.FormatInt(rev.Number, 10) + " · " + rev.Created.UTC().Format("2 Jan 2006 15:04") + " UTC"
}

// ShortID is the last eight characters of an id, for labels.
func ShortID(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}

// Comparison is a diff between two texts with what they are.
type Comparison struct {
	Resource resource.Resource
	From, To TextRef
	Diff     versioning.Diff
}

// Diff compares two texts of a resource: to defaults to the current text,
// from to the revision before it (its first parent, or the latest revision
// when to is the current text). Either may name a revision of any resource
// the caller may read.
func (a *App) Diff(ctx context.Context, who Actor, id, fromRef, toRef string) (Comparison, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return Comparison{}, err
	}
	to, err := a.textAt(ctx, who, r, toRef)
	if err != nil {
		return Comparison{}, err
	}
	if fromRef == "" {
		switch {
		case to.Revision != nil && len(to.Revision.Parents) > 0 && !to.Revision.Parents[0].Hidden:
			fromRef = to.Revision.Parents[0].ID
		case to.Revision == nil:
			if last, err := a.db.LatestRevision(ctx, r.ID); err == nil {
				fromRef = last.ID
			}
		}
	}
	from := TextRef{Label: EmptyText, Name: EmptyText}
	if fromRef != "" {
		if from, err = a.textAt(ctx, who, r, fromRef); err != nil {
			return Comparison{}, err
		}
	}
	d, err := versioning.ComputeDiff(from.Text, to.Text, -1)
	return Comparison{Resource: r, From: from, To: to, Diff: d}, err
}

// BlamePart is a run of text and who wrote it.
type BlamePart struct {
	Author, Name, Text string
}

// Blame is a text credited part by part to its authors.
type Blame struct {
	Parts    []BlamePart
	Version  int64
	Revision string // "" for the current text
}

// Blame credits each part of a text to its author: at revision (any
// revision of this resource), or the current text when revision is "".
// Spans were carried across forks and merges when the revisions were
// written, so credit crosses the graph.
func (a *App) Blame(ctx context.Context, who Actor, id, revision string) (Blame, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return Blame{}, err
	}
	var spans []versioning.Span
	var text string
	var out Blame
	if revision == "" {
		cur, err := a.texts.Current(ctx, r.ID)
		if err != nil {
			return Blame{}, err
		}
		spans, text, out.Version = toVersioningSpans(cur.Attribution), cur.Text, cur.Version
	} else {
		rev, err := a.revisionFor(ctx, who, revision)
		if err != nil {
			return Blame{}, err
		}
		if rev.ResourceID != r.ID {
			return Blame{}, newErr(NotFound, "not_found", "revision %s is not a revision of this resource", revision)
		}
		if spans, err = spansOf(rev.Attribution); err != nil {
			return Blame{}, err
		}
		text, out.Version, out.Revision = rev.Content, rev.Version, rev.ID
	}
	if out.Parts, err = a.creditParts(ctx, text, spans); err != nil {
		return Blame{}, err
	}
	return out, nil
}

// creditParts cuts text into runs by author, with the authors' names.
func (a *App) creditParts(ctx context.Context, text string, spans []versioning.Span) ([]BlamePart, error) {
	names, err := a.names(ctx, authorIDs(spans))
	if err != nil {
		return nil, err
	}
	parts := []BlamePart{}
	for _, p := range versioning.SplitSpans(text, spans) {
		if p.Text == "" {
			continue
		}
		if n := len(parts); n > 0 && parts[n-1].Author == p.Author {
			parts[n-1].Text += p.Text
			continue
		}
		parts = append(parts, BlamePart{Author: p.Author, Name: names[p.Author], Text: p.Text})
	}
	return parts, nil
}
