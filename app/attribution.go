package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// Credit is a credited person.
type Credit struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// SourceHop is one work of a source chain as copied when a derivative was
// made: enough to credit it after the work is renamed or deleted. It is
// stored as JSON with the derivation (hence the tags).
type SourceHop struct {
	Resource string   `json:"resource"`
	Revision string   `json:"revision"`
	Title    string   `json:"title"`
	URL      string   `json:"url"`
	License  string   `json:"license"`
	Language string   `json:"language"`
	Kind     string   `json:"kind"` // license.KindOriginal, KindAdaptation or KindTranslation
	Authors  []Credit `json:"authors"`
	Changes  string   `json:"changes,omitempty"` // this hop's own changes to its source, when derived
	// External marks a work from outside the service, named by an imported
	// file (the "imported from" source): no resource, an address of its own,
	// always shown.
	External bool `json:"external,omitempty"`
	// Hidden is set by the access policy for a hop the caller may not read:
	// its title, URL, resource and revision are blanked.
	Hidden bool `json:"-"`
}

func decodeChain(raw []byte) ([]SourceHop, error) {
	var chain []SourceHop
	if len(raw) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(raw, &chain); err != nil {
		return nil, fmt.Errorf("decode source chain: %w", err)
	}
	return chain, nil
}

// hideHops blanks the hops the caller may not read (a deleted resource
// that was open keeps its credit): the licence, language, kind and authors
// stay, because the licence requires them.
func (a *App) hideHops(ctx context.Context, who Actor, chain []SourceHop) ([]SourceHop, error) {
	if len(chain) == 0 {
		return chain, nil
	}
	var ids []string
	for _, h := range chain {
		if !h.External {
			ids = append(ids, h.Resource)
		}
	}
	ok, err := a.creditable(ctx, who, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]SourceHop, len(chain))
	for i, h := range chain {
		if !h.External && !ok[h.Resource] {
			h.Resource, h.Revision, h.URL, h.Title, h.Hidden = "", "", "", HiddenTitle, true
		}
		out[i] = h
	}
	return out, nil
}

func workKind(derivationKind string) string {
	if derivationKind == string(resource.Translation) {
		return license.KindTranslation
	}
	return license.KindAdaptation
}

// credits lists who to credit for a work: its owner first, then everyone
// whose text is in spans, except people already credited for a deeper hop
// of the chain (their text came from a source, which credits them).
func (a *App) credits(ctx context.Context, owner resource.Person, spans []versioning.Span, deeper []SourceHop) ([]Credit, error) {
	credited := map[string]bool{}
	for _, h := range deeper {
		for _, p := range h.Authors {
			credited[p.ID] = true
		}
	}
	ids := []string{owner.ID}
	for _, id := range authorIDs(spans) {
		if id != owner.ID && !credited[id] {
			ids = append(ids, id)
		}
	}
	return a.people(ctx, ids)
}

// people turns user ids into credits, in the order given.
func (a *App) people(ctx context.Context, ids []string) ([]Credit, error) {
	out := []Credit{}
	if len(ids) == 0 {
		return out, nil
	}
	users, err := a.db.UserNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if u, ok := users[id]; ok {
			out = append(out, Credit{ID: id, Name: u.Name, URL: "/u/" + u.Handle})
		}
	}
	return out, nil
}

// sourceSnapshot builds the attribution chain of src at revision rev: src
// itself, then the chain it was derived or imported from (copied from its
// own snapshot).
func (a *App) sourceSnapshot(ctx context.Context, src resource.Resource, rev versioning.Revision) ([]SourceHop, error) {
	spans, err := spansOf(rev.Attribution)
	if err != nil {
		return nil, err
	}
	hop := SourceHop{Resource: src.ID, Revision: rev.ID, Title: src.Title, URL: "/r/" + src.ID, License: src.License,
		Language: src.Language, Kind: license.KindOriginal}
	l, err := a.lineageOf(ctx, src.ID)
	if err != nil {
		return nil, err
	}
	if len(l.chain) > 0 {
		hop.Kind = l.kind
		if l.hasBase {
			if sum := versioning.SummarizeChanges(l.base, rev.Content); !sum.Identical {
				hop.Changes = sum.String()
			}
		}
	}
	if hop.Authors, err = a.credits(ctx, src.Owner, spans, l.chain); err != nil {
		return nil, err
	}
	return append([]SourceHop{hop}, l.chain...), nil
}

// lineage is how a resource came to be, for its credit: the works it
// credits (nearest first: what it was derived from and that work's own
// sources, or the external work it was imported from), its kind of work
// relative to the nearest, and the text its changes are measured against.
type lineage struct {
	chain   []SourceHop
	kind    string // license.KindAdaptation or KindTranslation when chain is not empty
	base    string
	hasBase bool
}

func (a *App) lineageOf(ctx context.Context, id string) (lineage, error) {
	var l lineage
	d, err := a.db.DerivationOf(ctx, id)
	switch {
	case err == nil:
		if l.chain, err = decodeChain(d.Snapshot); err != nil {
			return l, err
		}
		l.kind = workKind(d.Kind)
		if base, err := a.db.Revision(ctx, d.Base()); err == nil {
			l.base, l.hasBase = base.Content, true
		}
		return l, nil
	case !errors.Is(err, resource.ErrNotFound):
		return l, err
	}
	raw, content, err := a.db.ImportedSource(ctx, id)
	switch {
	case err == nil:
		var hop SourceHop
		if err := json.Unmarshal(raw, &hop); err != nil {
			return l, fmt.Errorf("decode imported source of %s: %w", id, err)
		}
		l.chain, l.kind, l.base, l.hasBase = []SourceHop{hop}, license.KindAdaptation, content, true
	case !errors.Is(err, resource.ErrNotFound):
		return l, err
	}
	return l, nil
}

// Attribution is everything a resource's credit shows.
type Attribution struct {
	Statement    license.Statement
	Authors      []Credit // who is credited for this work itself (its owner, then its own authors)
	Contributors []Credit
	Chain        []SourceHop // the sources, nearest first, as the caller may see them
	Changes      string      // what changed since the last common revision with the source
}

// Attribution builds the TASL statement of a resource with its current text:
// every hop of its source chain (from the snapshot stored when it was
// derived, so it survives the source being renamed or deleted) and a
// summary of the changes since the last common revision with the source.
// origin ("https://example.org") makes the links absolute; "" keeps them
// relative.
func (a *App) Attribution(ctx context.Context, who Actor, id, origin string) (Attribution, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return Attribution{}, err
	}
	return a.attributionOf(ctx, who, r, origin)
}

func (a *App) attributionOf(ctx context.Context, who Actor, r resource.Resource, origin string) (Attribution, error) {
	cur, err := a.texts.Current(ctx, r.ID)
	if err != nil {
		return Attribution{}, err
	}
	return a.attributionAt(ctx, who, r, origin, cur.Text, toVersioningSpans(cur.Attribution))
}

// attributionAt is the attribution of r with the given text and authors
// (its current text, or a revision's).
func (a *App) attributionAt(ctx context.Context, who Actor, r resource.Resource, origin, text string, spans []versioning.Span) (Attribution, error) {
	w := license.Work{Title: r.Title, URL: origin + "/r/" + r.ID, LicenseID: r.License, Language: r.Language, Kind: license.KindOriginal}
	var out Attribution
	l, err := a.lineageOf(ctx, r.ID)
	if err != nil {
		return Attribution{}, err
	}
	if len(l.chain) > 0 {
		if out.Chain, err = a.hideHops(ctx, who, l.chain); err != nil {
			return Attribution{}, err
		}
		w.Kind = l.kind
		if l.hasBase {
			sum := versioning.SummarizeChanges(l.base, text)
			w.ChangesMade = !sum.Identical
			if w.ChangesMade {
				w.ChangeSummary, out.Changes = sum.String(), sum.String()
			}
		}
		w.Source = hopsToWork(out.Chain, origin)
	}
	if out.Authors, err = a.credits(ctx, r.Owner, spans, out.Chain); err != nil {
		return Attribution{}, err
	}
	w.Authors = toLicensePeople(out.Authors, origin)
	if out.Contributors, err = a.people(ctx, authorIDs(spans)); err != nil {
		return Attribution{}, err
	}
	out.Statement = license.Attribute(w)
	return out, nil
}

func hopsToWork(chain []SourceHop, origin string) *license.Work {
	var w *license.Work
	for i := len(chain) - 1; i >= 0; i-- {
		h := chain[i]
		w = &license.Work{Title: h.Title, URL: AbsURL(origin, h.URL), Authors: toLicensePeople(h.Authors, origin),
			LicenseID: h.License, Language: h.Language, Kind: h.Kind, ChangesMade: h.Changes != "" || h.Kind == license.KindTranslation,
			ChangeSummary: h.Changes, Source: w}
	}
	return w
}

func toLicensePeople(ps []Credit, origin string) []license.Person {
	out := make([]license.Person, len(ps))
	for i, p := range ps {
		out[i] = license.Person{Name: p.Name, URL: AbsURL(origin, p.URL)}
	}
	return out
}

// AbsURL makes a site-relative path absolute under origin.
func AbsURL(origin, u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return origin + u
	}
	return u
}
