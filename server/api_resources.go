package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

type licenseJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type resourceJSON struct {
	ID          string         `json:"id"`
	FamilyID    string         `json:"family_id"`
	Kind        resource.Kind  `json:"kind"`
	Title       string         `json:"title"`
	Summary     string         `json:"summary"`
	Language    string         `json:"language"`
	Dir         string         `json:"dir"`
	License     string         `json:"license"`
	LicenseInfo licenseJSON    `json:"license_info"`
	Subjects    []string       `json:"subjects"`
	Level       resource.Level `json:"level"`
	Visibility  string         `json:"visibility"`
	// AllowSelfReview: reviewers may approve and merge their own proposals.
	AllowSelfReview bool            `json:"allow_self_review"`
	Content         *string         `json:"content,omitempty"`
	Version         int64           `json:"version"`
	Owner           resource.Person `json:"owner"`
	Role            resource.Role   `json:"role,omitempty"`
	URL             string          `json:"url"`
	Created         time.Time       `json:"created"`
	Updated         time.Time       `json:"updated"`
	DerivedFrom     any             `json:"derived_from,omitempty"`
}

func toResourceJSON(r resource.Resource, role resource.Role, withContent bool) resourceJSON {
	out := resourceJSON{
		ID: r.ID, FamilyID: r.FamilyID, Kind: r.Kind, Title: r.Title, Summary: r.Summary, Language: r.Language,
		Dir: resource.Direction(r.Language), License: r.License, Subjects: r.Subjects, Level: r.Level,
		Visibility: string(r.Visibility), AllowSelfReview: r.AllowSelfReview, Version: r.Version, Owner: r.Owner, Role: role,
		URL: "/r/" + r.ID, Created: r.Created, Updated: r.Updated,
	}
	if l, err := license.Lookup(r.License); err == nil {
		out.LicenseInfo = licenseJSON{ID: l.ID, Name: l.Name, URL: l.URL}
	}
	if out.Subjects == nil {
		out.Subjects = []string{}
	}
	if withContent {
		c := r.Content
		out.Content = &c
	}
	return out
}

// viewJSON is a resource's JSON with how it was derived.
func viewJSON(v app.ResourceView) resourceJSON {
	out := toResourceJSON(v.Resource, v.Access.Role, true)
	switch {
	case v.Translation != nil:
		out.DerivedFrom = toTranslationOriginJSON(v.Translation.Info)
	case v.Derivation != nil:
		out.DerivedFrom = toDerivedFromJSON(*v.Derivation)
	}
	return out
}

type resourceRequest struct {
	Title      *string   `json:"title"`
	Summary    *string   `json:"summary"`
	Content    *string   `json:"content"`
	Language   *string   `json:"language"`
	License    *string   `json:"license"`
	Subjects   *[]string `json:"subjects"`
	Level      *string   `json:"level"`
	Visibility *string   `json:"visibility"`
	// AllowSelfReview is changed by those who may configure the resource.
	AllowSelfReview *bool `json:"allow_self_review"`
}

func (r resourceRequest) fields() resource.Fields {
	return resource.Fields{Title: r.Title, Summary: r.Summary, Content: r.Content, Language: r.Language,
		License: r.License, Subjects: r.Subjects, Level: r.Level, Visibility: r.Visibility, AllowSelfReview: r.AllowSelfReview}
}

func (s *Server) apiCreateResource(c echo.Context) error {
	if _, err := httpx.RequireUser(c); err != nil {
		return err
	}
	var req resourceRequest
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	r, err := s.app.CreateResource(c.Request().Context(), httpx.Actor(c), req.fields())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toResourceJSON(r, resource.RoleOwner, true))
}

func (s *Server) apiGetResource(c echo.Context) error {
	v, err := s.app.View(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.ViewRequest{Text: c.QueryParam("view")})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewJSON(v))
}

func (s *Server) apiUpdateResource(c echo.Context) error {
	var req resourceRequest
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	r, x, err := s.app.UpdateResource(c.Request().Context(), httpx.Actor(c), c.Param("id"), req.fields())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toResourceJSON(r, x.Role, true))
}

func (s *Server) apiDeleteResource(c echo.Context) error {
	if err := s.app.DeleteResource(c.Request().Context(), httpx.Actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiListResources(c echo.Context) error {
	page, err := httpx.QueryInt(c, "page", 1, 1, app.MaxPage)
	if err != nil {
		return err
	}
	perPage, err := httpx.QueryInt(c, "per_page", 20, 1, 100)
	if err != nil {
		return err
	}
	req := app.ListRequest{OwnerHandle: c.QueryParam("owner"), Language: c.QueryParam("language"),
		Query: c.QueryParam("q"), Mine: c.QueryParam("mine") == "true", Page: int(page), PerPage: int(perPage)}
	list, total, err := s.app.ListResources(c.Request().Context(), httpx.Actor(c), req)
	if err != nil {
		return err
	}
	out := make([]resourceJSON, len(list))
	for i, r := range list {
		out[i] = toResourceJSON(r, "", false)
	}
	return c.JSON(http.StatusOK, map[string]any{"resources": out, "total": total, "page": page})
}

func (s *Server) apiRender(c echo.Context) error {
	var req struct {
		Markdown string `json:"markdown"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	if len(req.Markdown) > resource.MaxContent {
		return httpx.NewError(http.StatusRequestEntityTooLarge, "too_large", "markdown above %d bytes", resource.MaxContent)
	}
	html, err := s.md.Render(req.Markdown)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"html": html})
}

// apiLicenses lists the licences a resource may carry.
func (s *Server) apiLicenses(c echo.Context) error {
	var out []licenseJSON
	for _, l := range license.Selectable() {
		out = append(out, licenseJSON{ID: l.ID, Name: l.Name, URL: l.URL})
	}
	return c.JSON(http.StatusOK, map[string]any{"licenses": out})
}
