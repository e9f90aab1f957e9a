package server

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

const perPage = 20

func (s *Server) pageHome(c echo.Context) error {
	page := pageNumber(c)
	q, lang := strings.TrimSpace(c.QueryParam("q")), strings.TrimSpace(c.QueryParam("language"))
	list, total, err := s.db.ListResources(c.Request().Context(), store.ListFilter{Query: q, Language: lang, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "home", s.page(c, "Open educational resources", map[string]any{
		"Resources": list, "Total": total, "Query": q, "Language": lang, "Pager": newPager(c, page, perPage, total)}))
}

func (s *Server) pageMine(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return needSignIn(c)
	}
	page := pageNumber(c)
	list, total, err := s.db.ListResources(c.Request().Context(), store.ListFilter{ViewerID: u.ID, Mine: true, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "mine", s.page(c, "My resources", map[string]any{
		"Resources": list, "Total": total, "Pager": newPager(c, page, perPage, total)}))
}

// pageUser shows a person and the public resources they own.
func (s *Server) pageUser(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.db.UserByHandle(ctx, c.Param("handle"))
	if err != nil {
		return err
	}
	page := pageNumber(c)
	list, total, err := s.db.ListResources(ctx, store.ListFilter{OwnerHandle: u.Handle, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "user", s.page(c, u.Name, map[string]any{
		"Person": resource.Person{ID: u.ID, Handle: u.Handle, Name: u.Name}, "Resources": list, "Total": total,
		"Pager": newPager(c, page, perPage, total)}))
}

type licenseOption struct{ ID, Name, Note string }

type visibilityOption struct{ Value, Help string }

type languageOption struct{ Tag, Name string }

var commonLanguages = []string{"en", "es", "fr", "pt", "pt-BR", "de", "it", "nl", "sw", "ar", "he", "fa", "ur", "hi", "bn", "zh-Hans", "ja", "ko", "ru", "uk", "tr", "pl", "id", "vi"}

// formData is what the new-resource and settings forms need.
func formData(r *resource.Resource, action, submit string, canMeta, canConfigure, canContent, canDelete bool) map[string]any {
	var lics []licenseOption
	for _, l := range license.Selectable() {
		lics = append(lics, licenseOption{ID: l.ID, Name: l.Name})
	}
	langs := make([]languageOption, len(commonLanguages))
	for i, t := range commonLanguages {
		langs[i] = languageOption{Tag: t, Name: languageName(t)}
	}
	return map[string]any{
		"Resource": r, "Action": action, "Submit": submit, "Licenses": lics, "Levels": resource.Levels, "Languages": langs,
		"Visibilities": []visibilityOption{
			{"public", "listed on the home page and readable by anyone"},
			{"unlisted", "readable by anyone with the link, not listed"},
			{"private", "only the people you add"},
		},
		"CanMeta": canMeta, "CanConfigure": canConfigure, "CanContent": canContent, "CanDelete": canDelete,
	}
}

var resourceFormFields = []string{"title", "summary", "language", "license", "subjects", "level", "visibility", "content"}

func fieldsFromForm(f map[string]string, present map[string]bool) resource.Fields {
	var out resource.Fields
	ptr := func(k string) *string {
		if !present[k] {
			return nil
		}
		v := f[k]
		return &v
	}
	out.Title, out.Summary, out.Language, out.License = ptr("title"), ptr("summary"), ptr("language"), ptr("license")
	out.Level, out.Visibility = ptr("level"), ptr("visibility")
	if present["content"] {
		// Browsers send CRLF line ends from textareas; the text keeps LF.
		v := strings.ReplaceAll(f["content"], "\r\n", "\n")
		out.Content = &v
	}
	if present["subjects"] {
		var subjects []string
		for _, s := range strings.Split(f["subjects"], ",") {
			if s = strings.TrimSpace(s); s != "" {
				subjects = append(subjects, s)
			}
		}
		if subjects == nil {
			subjects = []string{}
		}
		out.Subjects = &subjects
	}
	return out
}

func (s *Server) pageNew(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	p := s.page(c, "New resource", formData(nil, "/new", "Create resource", true, true, true, false))
	p.Form = map[string]string{"language": "en", "license": resource.DefaultLicense, "visibility": "public"}
	return s.render(c, http.StatusOK, "resource_form", p)
}

func (s *Server) pageNewSubmit(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, resourceFormFields...)
	if err != nil {
		return err
	}
	all := map[string]bool{}
	for _, k := range resourceFormFields {
		all[k] = true
	}
	r, err := s.createResource(c, u, fieldsFromForm(f, all))
	if err != nil {
		p := s.page(c, "New resource", formData(nil, "/new", "Create resource", true, true, true, false))
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "resource_form", p)
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+r.ID+"?done=created")
}

// Section is an extra panel on the resource page (derivatives, translations…).
type Section struct {
	ID, Heading string
	HTML        template.HTML
}

// Link is an action offered on the resource page.
type Link struct {
	Label, URL string
	Primary    bool
}

// ResourceView is the resource page's data; capabilities add actions,
// notices and sections through s.pageDecorators.
type ResourceView struct {
	Resource    resource.Resource
	Role        resource.Role
	HTML        template.HTML
	License     *license.License
	Attribution template.HTML
	Actions     []Link
	Notices     []string
	Sections    []Section
}

func (s *Server) pageResource(c echo.Context) error {
	r, role, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	if err := s.withCurrentText(c, &r); err != nil {
		return err
	}
	html, err := s.md.Render(r.Content)
	if err != nil {
		return err
	}
	v := &ResourceView{Resource: r, Role: role, HTML: html}
	if l, err := license.Lookup(r.License); err == nil {
		v.License = &l
	}
	v.Attribution = template.HTML(license.Attribute(s.workOf(r)).HTML) // the licence package escapes user text
	can := func(a resource.Action) bool {
		return resource.Authorize(actorOf(c), role, r.Visibility, a) == resource.Allowed
	}
	if can(resource.EditMetadata) || can(resource.Configure) {
		v.Actions = append(v.Actions, Link{Label: "Settings", URL: "/r/" + r.ID + "/settings"})
	}
	v.Actions = append(v.Actions, Link{Label: "People", URL: "/r/" + r.ID + "/collaborators"})
	for _, decorate := range s.pageDecorators {
		if err := decorate(c, v); err != nil {
			return err
		}
	}
	p := s.page(c, r.Title, v)
	p.Lang, p.Dir = r.Language, resource.Direction(r.Language)
	return s.render(c, http.StatusOK, "resource", p)
}

// workOf describes r for an attribution statement. Forks and translations
// extend it with their source chain through s.workDecorators.
func (s *Server) workOf(r resource.Resource) license.Work {
	return license.Work{Title: r.Title, URL: "/r/" + r.ID, Authors: []license.Person{{Name: r.Owner.Name, URL: "/u/" + r.Owner.Handle}},
		LicenseID: r.License, Language: r.Language, Kind: license.KindOriginal}
}

func (s *Server) settingsPage(c echo.Context, r resource.Resource, role resource.Role) *Page {
	can := func(a resource.Action) bool {
		return resource.Authorize(actorOf(c), role, r.Visibility, a) == resource.Allowed
	}
	p := s.page(c, "Settings of “"+r.Title+"”", formData(&r, "/r/"+r.ID+"/settings", "Save changes",
		can(resource.EditMetadata), can(resource.Configure), can(resource.EditContent), can(resource.Delete)))
	p.Form = map[string]string{"title": r.Title, "summary": r.Summary, "language": r.Language, "license": r.License,
		"subjects": strings.Join(r.Subjects, ", "), "level": string(r.Level), "visibility": string(r.Visibility), "content": r.Content}
	return p
}

func (s *Server) pageSettings(c echo.Context) error {
	if currentUser(c) == nil {
		if _, _, err := s.resourceFor(c, c.Param("id"), resource.View); err != nil {
			return err
		}
		return needSignIn(c)
	}
	r, role, err := s.resourceFor(c, c.Param("id"), resource.EditMetadata)
	if errors.Is(err, errForbidden) {
		r, role, err = s.resourceFor(c, c.Param("id"), resource.Configure)
	}
	if err != nil {
		return err
	}
	if err := s.withCurrentText(c, &r); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "resource_form", s.settingsPage(c, r, role))
}

func (s *Server) pageSettingsSubmit(c echo.Context) error {
	f, err := formValues(c, resourceFormFields...)
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, k := range resourceFormFields {
		_, present[k] = c.Request().PostForm[k]
	}
	r, _, err := s.updateResource(c, c.Param("id"), fieldsFromForm(f, present))
	if err != nil {
		cur, role, lerr := s.resourceFor(c, c.Param("id"), resource.View)
		if lerr != nil {
			return lerr
		}
		p := s.settingsPage(c, cur, role)
		for k, v := range f {
			if present[k] {
				p.Form[k] = v
			}
		}
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "resource_form", p)
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+r.ID+"?done=saved")
}

func (s *Server) pageDelete(c echo.Context) error {
	f, err := formValues(c, "confirm")
	if err != nil {
		return err
	}
	r, _, err := s.resourceFor(c, c.Param("id"), resource.Delete)
	if err != nil {
		return err
	}
	if f["confirm"] != "yes" {
		return c.Redirect(http.StatusSeeOther, "/r/"+r.ID+"/settings")
	}
	if err := s.db.DeleteResource(c.Request().Context(), r.ID); err != nil {
		return err
	}
	s.audit(c.Request().Context(), c, "resource.delete", r.ID, nil)
	return c.Redirect(http.StatusSeeOther, "/me?done=deleted")
}
