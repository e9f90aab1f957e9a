package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

type forkRequest struct {
	Title      *string `json:"title"`
	License    *string `json:"license"`
	Language   *string `json:"language"`
	Purpose    string  `json:"purpose"`
	Visibility *string `json:"visibility"`
}

// forkResult is a new fork with the licence warnings the choice carried.
type forkResult struct {
	Resource resource.Resource
	Warnings []string
}

// fork makes a derived copy of the resource id for the signed-in caller.
// The licence engine decides: No-Derivatives and unknown licences refuse,
// a licence the source does not allow is refused with the allowed list, and
// "warn" choices go through with their reason returned.
func (s *Server) fork(c echo.Context, id string, req forkRequest) (forkResult, error) {
	src, _, err := s.resourceFor(c, id, resource.Derive)
	if err != nil {
		return forkResult{}, err
	}
	u := currentUser(c)
	if err := license.CanAdapt(src.License); err != nil {
		return forkResult{}, err
	}
	target := license.DefaultForFork(src.License)
	if req.License != nil && strings.TrimSpace(*req.License) != "" {
		target = strings.TrimSpace(*req.License)
	}
	choice, err := license.CheckDerivative(src.License, target)
	if errors.Is(err, license.ErrUnknown) {
		return forkResult{}, &resource.ValidationError{Field: "license", Message: "“" + target + "” is not a licence we know; use an SPDX id such as CC-BY-4.0"}
	}
	if err != nil {
		return forkResult{}, err
	}
	var res forkResult
	if choice.Verdict == license.VerdictWarn {
		res.Warnings = append(res.Warnings, choice.License.Name+": "+choice.Reason)
	}
	vis := string(resource.Private)
	if src.Visibility == resource.Public {
		vis = string(resource.Public)
	}
	r := resource.Resource{Kind: resource.Fork, Title: src.Title, Summary: src.Summary, Language: src.Language,
		License: choice.License.ID, Subjects: src.Subjects, Level: src.Level, Visibility: resource.Visibility(vis),
		Owner: resource.Person{ID: u.ID, Handle: u.Handle, Name: u.Name}}
	if err := r.Apply(resource.Fields{Title: req.Title, Language: req.Language, Visibility: req.Visibility}); err != nil {
		return forkResult{}, err
	}
	purpose := strings.TrimSpace(req.Purpose)
	if len([]rune(purpose)) > 500 {
		return forkResult{}, &resource.ValidationError{Field: "purpose", Message: "must be at most 500 characters"}
	}
	ctx := c.Request().Context()
	rev, err := s.ensureRevision(ctx, src.ID)
	if err != nil {
		return forkResult{}, err
	}
	chain, err := s.sourceSnapshot(ctx, src, rev)
	if err != nil {
		return forkResult{}, err
	}
	snap, err := json.Marshal(chain)
	if err != nil {
		return forkResult{}, err
	}
	res.Resource, _, err = s.db.CreateFork(ctx, store.NewFork{Resource: r, SourceID: src.ID, SourceRevision: rev,
		Purpose: purpose, Snapshot: snap, AuthorID: u.ID})
	if err != nil {
		return forkResult{}, err
	}
	s.audit(ctx, c, "resource.fork", res.Resource.ID, map[string]any{"source": src.ID, "revision": rev.ID})
	return res, nil
}

func (s *Server) apiFork(c echo.Context) error {
	if _, _, err := s.resourceFor(c, c.Param("id"), resource.Derive); err != nil {
		return err
	}
	var req forkRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	res, err := s.fork(c, c.Param("id"), req)
	if err != nil {
		return err
	}
	out := toResourceJSON(res.Resource, resource.RoleOwner, true)
	if err := s.decorateDerivedFrom(c, &res.Resource, &out); err != nil {
		return err
	}
	warnings := res.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	return c.JSON(http.StatusCreated, struct {
		resourceJSON
		Warnings []string `json:"warnings"`
	}{out, warnings})
}

type approvalJSON struct {
	By       personJSON `json:"by"`
	At       time.Time  `json:"at"`
	Revision string     `json:"revision"`
	Proposal string     `json:"proposal"`
}

type derivedFromJSON struct {
	Resource        string        `json:"resource"`
	Revision        string        `json:"revision"`
	Kind            string        `json:"kind"`
	Purpose         string        `json:"purpose,omitempty"`
	SourceTitle     string        `json:"source_title"`
	SyncedRevision  string        `json:"synced_revision,omitempty"`
	SourceDeleted   bool          `json:"source_deleted,omitempty"`
	UpstreamChanges int           `json:"upstream_changes"`
	Approved        *approvalJSON `json:"approved,omitempty"`
}

// derivedFrom describes how r was derived, or returns store.ErrNotFound for
// an original.
func (s *Server) derivedFrom(ctx context.Context, r resource.Resource) (derivedFromJSON, versioning.Derivation, error) {
	d, err := s.db.DerivationOf(ctx, r.ID)
	if err != nil {
		return derivedFromJSON{}, d, err
	}
	out := derivedFromJSON{Resource: d.SourceID, Revision: d.SourceRevision, Kind: d.Kind, Purpose: d.Purpose, SyncedRevision: d.SyncedRevision}
	if chain, err := decodeChain(d.Snapshot); err == nil && len(chain) > 0 {
		out.SourceTitle = chain[0].Title
	}
	n, deleted, err := s.upstreamChanges(ctx, d)
	if err != nil {
		return out, d, err
	}
	out.UpstreamChanges, out.SourceDeleted = n, deleted
	props, err := s.db.ProposalsForFork(ctx, r.ID)
	if err != nil {
		return out, d, err
	}
	for _, p := range props {
		if p.Kind == "endorse" && p.Status == versioning.ProposalApproved && p.ApprovedAt != nil {
			out.Approved = &approvalJSON{By: personJSON{ID: p.ApprovedBy, Name: p.ApprovedByName}, At: *p.ApprovedAt,
				Revision: p.ApprovedRevision, Proposal: p.ID}
			break
		}
	}
	return out, d, nil
}

// upstreamChanges counts the source's revisions since the last common one
// (plus its current text when no revision holds it yet). A text that came
// back to the base counts as no change.
func (s *Server) upstreamChanges(ctx context.Context, d versioning.Derivation) (int, bool, error) {
	if _, err := s.db.Resource(ctx, d.SourceID); errors.Is(err, store.ErrNotFound) {
		return 0, true, nil
	} else if err != nil {
		return 0, false, err
	}
	base, err := s.db.Revision(ctx, d.Base())
	if err != nil {
		return 0, false, err
	}
	cur, err := s.texts.Current(ctx, d.SourceID)
	if err != nil {
		return 0, false, err
	}
	if cur.Text == base.Content {
		return 0, false, nil
	}
	n, err := s.db.CountRevisionsAfter(ctx, d.SourceID, base.Version)
	if err != nil {
		return 0, false, err
	}
	if latest, err := s.db.LatestRevision(ctx, d.SourceID); err == nil && latest.Content != cur.Text {
		n++
	}
	if n == 0 {
		n = 1
	}
	return n, false, nil
}

// decorateDerivedFrom adds derived_from to a resource's JSON.
func (s *Server) decorateDerivedFrom(c echo.Context, r *resource.Resource, out *resourceJSON) error {
	df, _, err := s.derivedFrom(c.Request().Context(), *r)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	out.DerivedFrom = df
	return nil
}

// checkDerivativeLicense refuses a licence change on a derivative that its
// source's licence (as recorded at fork time) does not allow.
func (s *Server) checkDerivativeLicense(c echo.Context, r resource.Resource) error {
	d, err := s.db.DerivationOf(c.Request().Context(), r.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	chain, err := decodeChain(d.Snapshot)
	if err != nil || len(chain) == 0 {
		return err
	}
	_, err = license.CheckDerivative(chain[0].License, r.License)
	return err
}

func (s *Server) apiAttribution(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	a, err := s.attributionOf(c, r)
	if err != nil {
		return err
	}
	type srcJSON struct {
		Title    string      `json:"title"`
		Authors  []hopPerson `json:"authors"`
		License  string      `json:"license"`
		URL      string      `json:"url"`
		Revision string      `json:"revision"`
		Resource string      `json:"resource"`
		Language string      `json:"language"`
		Kind     string      `json:"kind"`
	}
	origin := c.Scheme() + "://" + c.Request().Host
	sources := []srcJSON{}
	for _, h := range a.Chain {
		sources = append(sources, srcJSON{Title: h.Title, Authors: h.Authors, License: h.License, URL: absURL(origin, h.URL),
			Revision: h.Revision, Resource: h.Resource, Language: h.Language, Kind: h.Kind})
	}
	return c.JSON(http.StatusOK, map[string]any{"text": a.Statement.Text, "html": a.Statement.HTML, "meta": a.Statement.Meta,
		"contributors": a.Contributors, "sources": sources, "changes": a.Changes})
}
