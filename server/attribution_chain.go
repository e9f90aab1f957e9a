package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// hopPerson is a credited person in an attribution snapshot.
type hopPerson struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// sourceHop is one work of a source chain as copied at fork time: enough to
// credit it after the work is renamed or deleted.
type sourceHop struct {
	Resource string      `json:"resource"`
	Revision string      `json:"revision"`
	Title    string      `json:"title"`
	URL      string      `json:"url"`
	License  string      `json:"license"`
	Language string      `json:"language"`
	Kind     string      `json:"kind"` // license.KindOriginal, KindAdaptation or KindTranslation
	Authors  []hopPerson `json:"authors"`
	Changes  string      `json:"changes,omitempty"` // this hop's own changes to its source, when derived
}

func decodeChain(raw []byte) ([]sourceHop, error) {
	var chain []sourceHop
	if len(raw) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(raw, &chain); err != nil {
		return nil, fmt.Errorf("decode source chain: %w", err)
	}
	return chain, nil
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
func (s *Server) credits(ctx context.Context, owner resource.Person, spans []versioning.Span, deeper []sourceHop) ([]hopPerson, error) {
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
	users, err := s.db.UserNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]hopPerson, 0, len(ids))
	for _, id := range ids {
		u, ok := users[id]
		if !ok {
			continue
		}
		out = append(out, hopPerson{ID: id, Name: u.Name, URL: "/u/" + u.Handle})
	}
	return out, nil
}

// sourceSnapshot builds the attribution chain of src at revision rev: src
// itself, then the chain it was derived from (copied from its own snapshot).
func (s *Server) sourceSnapshot(ctx context.Context, src resource.Resource, rev versioning.Revision) ([]sourceHop, error) {
	spans, err := spansOf(rev.Attribution)
	if err != nil {
		return nil, err
	}
	hop := sourceHop{Resource: src.ID, Revision: rev.ID, Title: src.Title, URL: "/r/" + src.ID, License: src.License,
		Language: src.Language, Kind: license.KindOriginal}
	var deeper []sourceHop
	d, err := s.db.DerivationOf(ctx, src.ID)
	switch {
	case err == nil:
		if deeper, err = decodeChain(d.Snapshot); err != nil {
			return nil, err
		}
		hop.Kind = workKind(d.Kind)
		if base, err := s.db.Revision(ctx, d.Base()); err == nil {
			if sum := versioning.SummarizeChanges(base.Content, rev.Content); !sum.Identical {
				hop.Changes = sum.String()
			}
		}
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	if hop.Authors, err = s.credits(ctx, src.Owner, spans, deeper); err != nil {
		return nil, err
	}
	return append([]sourceHop{hop}, deeper...), nil
}

// attribution is everything the attribution endpoint and page show.
type attribution struct {
	Statement    license.Statement
	Contributors []hopPerson
	Chain        []sourceHop
	Changes      string
}

// attributionOf builds the TASL statement of r with its current text:
// every hop of its source chain (from the snapshot stored at fork time, so
// it survives the source being renamed or deleted) and a summary of the
// changes made since the last common revision with the source.
func (s *Server) attributionOf(c echo.Context, r resource.Resource) (attribution, error) {
	ctx := c.Request().Context()
	cur, err := s.texts.Current(ctx, r.ID)
	if err != nil {
		return attribution{}, err
	}
	spans := toVersioningSpans(cur.Attribution)
	origin := c.Scheme() + "://" + c.Request().Host
	w := license.Work{Title: r.Title, URL: origin + "/r/" + r.ID, LicenseID: r.License, Language: r.Language, Kind: license.KindOriginal}
	var out attribution
	d, err := s.db.DerivationOf(ctx, r.ID)
	switch {
	case err == nil:
		if out.Chain, err = decodeChain(d.Snapshot); err != nil {
			return attribution{}, err
		}
		w.Kind = workKind(d.Kind)
		if base, err := s.db.Revision(ctx, d.Base()); err == nil {
			sum := versioning.SummarizeChanges(base.Content, cur.Text)
			w.ChangesMade = !sum.Identical
			if w.ChangesMade {
				w.ChangeSummary, out.Changes = sum.String(), sum.String()
			}
		}
		w.Source = hopsToWork(out.Chain, origin)
	case !errors.Is(err, store.ErrNotFound):
		return attribution{}, err
	}
	authors, err := s.credits(ctx, r.Owner, spans, out.Chain)
	if err != nil {
		return attribution{}, err
	}
	w.Authors = toLicensePeople(authors, origin)
	if out.Contributors, err = s.contributors(ctx, spans); err != nil {
		return attribution{}, err
	}
	out.Statement = license.Attribute(w)
	return out, nil
}

// contributors lists everyone credited in spans, in order of first appearance.
func (s *Server) contributors(ctx context.Context, spans []versioning.Span) ([]hopPerson, error) {
	ids := authorIDs(spans)
	out := []hopPerson{}
	if len(ids) == 0 {
		return out, nil
	}
	users, err := s.db.UserNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if u, ok := users[id]; ok {
			out = append(out, hopPerson{ID: id, Name: u.Name, URL: "/u/" + u.Handle})
		}
	}
	return out, nil
}

func hopsToWork(chain []sourceHop, origin string) *license.Work {
	var w *license.Work
	for i := len(chain) - 1; i >= 0; i-- {
		h := chain[i]
		w = &license.Work{Title: h.Title, URL: absURL(origin, h.URL), Authors: toLicensePeople(h.Authors, origin),
			LicenseID: h.License, Language: h.Language, Kind: h.Kind, ChangesMade: h.Changes != "" || h.Kind == license.KindTranslation,
			ChangeSummary: h.Changes, Source: w}
	}
	return w
}

func toLicensePeople(ps []hopPerson, origin string) []license.Person {
	out := make([]license.Person, len(ps))
	for i, p := range ps {
		out[i] = license.Person{Name: p.Name, URL: absURL(origin, p.URL)}
	}
	return out
}

func absURL(origin, u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return origin + u
	}
	return u
}
