package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

type forkRequest struct {
	Title      *string `json:"title"`
	License    *string `json:"license"`
	Language   *string `json:"language"`
	Purpose    string  `json:"purpose"`
	Visibility *string `json:"visibility"`
}

func (s *Server) apiFork(c echo.Context) error {
	if _, err := s.app.Check(c.Request().Context(), httpx.Actor(c), c.Param("id"), resource.Derive); err != nil {
		return err
	}
	var req forkRequest
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	res, err := s.app.Fork(ctx, httpx.Actor(c), c.Param("id"), app.ForkRequest(req))
	if err != nil {
		return err
	}
	v, err := s.app.View(ctx, httpx.Actor(c), res.Resource.ID, app.ViewRequest{})
	if err != nil {
		return err
	}
	warnings := res.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	return c.JSON(http.StatusCreated, struct {
		resourceJSON
		Warnings []string `json:"warnings"`
	}{viewJSON(v), warnings})
}

func toApprovalJSON(a *app.Approval) *wire.ApprovalJSON {
	if a == nil {
		return nil
	}
	return &wire.ApprovalJSON{By: wire.PersonJSON{ID: a.ByID, Name: a.ByName}, At: a.At, Revision: a.Revision, Proposal: a.Proposal}
}

type derivedFromJSON struct {
	Resource        string             `json:"resource"`
	Revision        string             `json:"revision"`
	Kind            string             `json:"kind"`
	Purpose         string             `json:"purpose,omitempty"`
	SourceTitle     string             `json:"source_title"`
	SourceHidden    bool               `json:"source_hidden,omitempty"`
	SyncedRevision  string             `json:"synced_revision,omitempty"`
	SourceDeleted   bool               `json:"source_deleted,omitempty"`
	UpstreamChanges int                `json:"upstream_changes"`
	Approved        *wire.ApprovalJSON `json:"approved,omitempty"`
}

func toDerivedFromJSON(d app.Derivation) derivedFromJSON {
	return derivedFromJSON{Resource: d.Source, Revision: d.Revision, Kind: d.Kind, Purpose: d.Purpose, SourceTitle: d.SourceTitle,
		SourceHidden: d.SourceHidden, SyncedRevision: d.SyncedRevision, SourceDeleted: d.SourceDeleted,
		UpstreamChanges: d.UpstreamChanges, Approved: toApprovalJSON(d.Approved)}
}

type hopSourceJSON struct {
	Title    string       `json:"title"`
	Authors  []app.Credit `json:"authors"`
	License  string       `json:"license"`
	URL      string       `json:"url"`
	Revision string       `json:"revision"`
	Resource string       `json:"resource"`
	Language string       `json:"language"`
	Kind     string       `json:"kind"`
	Hidden   bool         `json:"hidden,omitempty"`
	External bool         `json:"external,omitempty"` // the work an imported file named (imported from)
}

func (s *Server) apiAttribution(c echo.Context) error {
	o := httpx.Origin(c)
	a, err := s.app.Attribution(c.Request().Context(), httpx.Actor(c), c.Param("id"), o)
	if err != nil {
		return err
	}
	sources := []hopSourceJSON{}
	for _, h := range a.Chain {
		sources = append(sources, hopSourceJSON{Title: h.Title, Authors: h.Authors, License: h.License, URL: app.AbsURL(o, h.URL),
			Revision: h.Revision, Resource: h.Resource, Language: h.Language, Kind: h.Kind, Hidden: h.Hidden, External: h.External})
	}
	return c.JSON(http.StatusOK, map[string]any{"text": a.Statement.Text, "html": a.Statement.HTML, "meta": a.Statement.Meta,
		"contributors": a.Contributors, "sources": sources, "changes": a.Changes})
}
