package server

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf16"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

type licenseJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type resourceJSON struct {
	ID          string          `json:"id"`
	FamilyID    string          `json:"family_id"`
	Kind        resource.Kind   `json:"kind"`
	Title       string          `json:"title"`
	Summary     string          `json:"summary"`
	Language    string          `json:"language"`
	Dir         string          `json:"dir"`
	License     string          `json:"license"`
	LicenseInfo licenseJSON     `json:"license_info"`
	Subjects    []string        `json:"subjects"`
	Level       resource.Level  `json:"level"`
	Visibility  string          `json:"visibility"`
	Content     *string         `json:"content,omitempty"`
	Version     int64           `json:"version"`
	Owner       resource.Person `json:"owner"`
	Role        resource.Role   `json:"role,omitempty"`
	URL         string          `json:"url"`
	Created     time.Time       `json:"created"`
	Updated     time.Time       `json:"updated"`
	DerivedFrom any             `json:"derived_from,omitempty"`
}

func toResourceJSON(r resource.Resource, role resource.Role, withContent bool) resourceJSON {
	out := resourceJSON{
		ID: r.ID, FamilyID: r.FamilyID, Kind: r.Kind, Title: r.Title, Summary: r.Summary, Language: r.Language,
		Dir: resource.Direction(r.Language), License: r.License, Subjects: r.Subjects, Level: r.Level,
		Visibility: string(r.Visibility), Version: r.Version, Owner: r.Owner, Role: role,
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

type resourceRequest struct {
	Title      *string   `json:"title"`
	Summary    *string   `json:"summary"`
	Content    *string   `json:"content"`
	Language   *string   `json:"language"`
	License    *string   `json:"license"`
	Subjects   *[]string `json:"subjects"`
	Level      *string   `json:"level"`
	Visibility *string   `json:"visibility"`
}

func (r resourceRequest) fields() resource.Fields {
	return resource.Fields{Title: r.Title, Summary: r.Summary, Content: r.Content, Language: r.Language,
		License: r.License, Subjects: r.Subjects, Level: r.Level, Visibility: r.Visibility}
}

// createResource validates f and stores a new original owned by u; the first
// text is credited to its owner.
func (s *Server) createResource(c echo.Context, u *auth.User, f resource.Fields) (resource.Resource, error) {
	r := resource.Resource{Visibility: resource.Private, Owner: resource.Person{ID: u.ID, Handle: u.Handle, Name: u.Name}}
	if err := r.Apply(f); err != nil {
		return r, err
	}
	if err := r.ValidateNew(); err != nil {
		return r, err
	}
	created, err := s.db.CreateResource(c.Request().Context(), r, attributionJSON(u.ID, r.Content))
	if err != nil {
		return r, err
	}
	s.audit(c.Request().Context(), c, "resource.create", created.ID, nil)
	return created, nil
}

// attributionJSON credits the whole of text to one author, as run-length
// spans measured in UTF-16 code units.
func attributionJSON(author, text string) []byte {
	n := len(utf16.Encode([]rune(text)))
	if n == 0 {
		return []byte("[]")
	}
	return []byte(`[["` + author + `",` + strconv.Itoa(n) + `]]`)
}

func (s *Server) apiCreateResource(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	var req resourceRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	r, err := s.createResource(c, u, req.fields())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toResourceJSON(r, resource.RoleOwner, true))
}

func (s *Server) apiGetResource(c echo.Context) error {
	r, role, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	if err := s.withCurrentText(c, &r); err != nil {
		return err
	}
	out := toResourceJSON(r, role, true)
	for _, decorate := range s.resourceDecorators {
		if err := decorate(c, &r, &out); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, out)
}

// updateResource applies f to the resource, checking the right for each kind
// of field: content, descriptive metadata, or licence and visibility.
func (s *Server) updateResource(c echo.Context, id string, f resource.Fields) (resource.Resource, resource.Role, error) {
	action := resource.View
	if f.Title != nil || f.Summary != nil || f.Language != nil || f.Subjects != nil || f.Level != nil {
		action = resource.EditMetadata
	}
	r, role, err := s.resourceFor(c, id, action)
	if err != nil {
		return r, role, err
	}
	if err := s.withCurrentText(c, &r); err != nil {
		return r, role, err
	}
	if (f.License != nil && *f.License != r.License) || (f.Visibility != nil && *f.Visibility != string(r.Visibility)) {
		if err := s.authorize(c, role, r.Visibility, resource.Configure); err != nil {
			return r, role, err
		}
	}
	if f.Content != nil {
		if err := s.authorize(c, role, r.Visibility, resource.EditContent); err != nil {
			return r, role, err
		}
	}
	if action == resource.View && f.License == nil && f.Visibility == nil && f.Content == nil {
		if err := s.authorize(c, role, r.Visibility, resource.EditMetadata); err != nil {
			return r, role, err
		}
	}
	oldContent, base := r.Content, r.Version
	next := r
	if err := next.Apply(f); err != nil {
		return r, role, err
	}
	if f.License != nil && next.License != r.License {
		if err := s.checkLicenseChange(c, next); err != nil {
			return r, role, err
		}
	}
	ctx := c.Request().Context()
	if err := s.db.UpdateMetadata(ctx, next); err != nil {
		return r, role, err
	}
	if f.Content != nil && next.Content != oldContent {
		v, err := s.replaceContent(c, next, base)
		if err != nil {
			return r, role, err
		}
		next.Version = v
	}
	s.audit(ctx, c, "resource.update", r.ID, nil)
	updated, err := s.db.Resource(ctx, r.ID)
	if err != nil {
		return next, role, err
	}
	if err := s.withCurrentText(c, &updated); err != nil {
		return next, role, err
	}
	return updated, role, nil
}

// withCurrentText replaces the cached content of r with the live text.
func (s *Server) withCurrentText(c echo.Context, r *resource.Resource) error {
	st, err := s.texts.Current(c.Request().Context(), r.ID)
	if err != nil {
		return err
	}
	r.Content, r.Version = st.Text, st.Version
	return nil
}

func (s *Server) apiUpdateResource(c echo.Context) error {
	var req resourceRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	r, role, err := s.updateResource(c, c.Param("id"), req.fields())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toResourceJSON(r, role, true))
}

func (s *Server) apiDeleteResource(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.Delete)
	if err != nil {
		return err
	}
	if err := s.db.DeleteResource(c.Request().Context(), r.ID); err != nil {
		return err
	}
	s.audit(c.Request().Context(), c, "resource.delete", r.ID, nil)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiListResources(c echo.Context) error {
	page, _ := strconv.Atoi(c.QueryParam("page"))
	perPage, _ := strconv.Atoi(c.QueryParam("per_page"))
	f := store.ListFilter{ViewerID: userID(c), OwnerHandle: c.QueryParam("owner"), Language: c.QueryParam("language"),
		Query: c.QueryParam("q"), Mine: c.QueryParam("mine") == "true", Page: page, PerPage: perPage}
	if f.Mine && f.ViewerID == "" {
		return errUnauthorized
	}
	list, total, err := s.db.ListResources(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]resourceJSON, len(list))
	for i, r := range list {
		out[i] = toResourceJSON(r, "", false)
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	return c.JSON(http.StatusOK, map[string]any{"resources": out, "total": total, "page": f.Page})
}

func (s *Server) apiRender(c echo.Context) error {
	var req struct {
		Markdown string `json:"markdown"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	if len(req.Markdown) > resource.MaxContent {
		return newError(http.StatusRequestEntityTooLarge, "too_large", "markdown above %d bytes", resource.MaxContent)
	}
	html, err := s.md.Render(req.Markdown)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"html": html})
}
