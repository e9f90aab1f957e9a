package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/metadata"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/versioning"
)

const perPage = 20

func (s *Site) pageHome(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	q, lang := strings.TrimSpace(c.QueryParam("q")), strings.TrimSpace(c.QueryParam("language"))
	list, total, err := s.app.ListResources(c.Request().Context(), httpx.Actor(c), app.ListRequest{Query: q, Language: lang, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "home", s.page(c, tr(c, "Open educational resources"), map[string]any{
		"Resources": list, "Total": total, "Query": q, "Language": lang, "Pager": newPager(c, page, perPage, total)}))
}

func (s *Site) pageMine(c echo.Context) error {
	u := httpx.CurrentUser(c)
	if u == nil {
		return needSignIn(c)
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	list, total, err := s.app.ListResources(c.Request().Context(), httpx.Actor(c), app.ListRequest{Mine: true, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "mine", s.page(c, tr(c, "My resources"), map[string]any{
		"Resources": list, "Total": total, "Pager": newPager(c, page, perPage, total)}))
}

type visibilityOption struct{ Value, Help string }

// formData is what the new-resource and settings forms need.
func formData(r *resource.Resource, action, submit string, canMeta, canConfigure, canContent, canDelete bool) map[string]any {
	return map[string]any{
		"Resource": r, "Action": action, "Submit": submit, "Levels": resource.Levels,
		"Visibilities": []visibilityOption{
			{"private", i18n.M("a draft: only you and the people you add can see it")},
			{"unlisted", i18n.M("readable by anyone with the link, not listed")},
			{"public", i18n.M("listed on the home page and readable by anyone")},
		},
		"CanMeta": canMeta, "CanConfigure": canConfigure, "CanContent": canContent, "CanDelete": canDelete,
	}
}

var resourceFormFields = []string{"title", "summary", "language", "license", "license_other", "subjects", "level", "visibility", "content", "allow_self_review"}

func fieldsFromForm(f map[string]string, present map[string]bool) (resource.Fields, error) {
	var out resource.Fields
	ptr := func(k string) *string {
		if !present[k] {
			return nil
		}
		v := f[k]
		return &v
	}
	out.Title, out.Summary, out.Language, out.License = ptr("title"), ptr("summary"), ptr("language"), ptr("license")
	if out.Language != nil {
		// The picker shows "Spanish (es)"; people may also type a name or a tag.
		lang := resource.LanguageFromInput(*out.Language)
		out.Language = &lang
	}
	if out.License != nil {
		lic := licenseFromForm(f)
		out.License = &lic
	}
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
	switch v := f["allow_self_review"]; {
	case !present["allow_self_review"] || v == "":
	case v == "yes" || v == "no":
		allow := v == "yes"
		out.AllowSelfReview = &allow
	default:
		return out, &resource.ValidationError{Field: "allow_self_review", Message: "must be yes or no"}
	}
	return out, nil
}

func (s *Site) pageNew(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	p := s.page(c, tr(c, "New resource"), formData(nil, "/new", "Create resource", true, true, true, false))
	// A new resource starts as a draft, as in the API: nothing is published by accident. Its
	// language starts as the interface's: a teacher reading the site in Arabic mostly writes in
	// Arabic, and content marked English is read aloud with an English voice.
	p.Form = map[string]string{"language": resource.LanguageLabel(localeOf(c).Code), "license": resource.DefaultLicense, "visibility": string(resource.Private)}
	return s.render(c, http.StatusOK, "resource_form", p)
}

func (s *Site) pageNewSubmit(c echo.Context) error {
	u := httpx.CurrentUser(c)
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
	// See what exists before duplicating it: a near-identical title in the
	// same language holds the resource back until its author confirms.
	fields, err := fieldsFromForm(f, all)
	var r resource.Resource
	var similar []app.SimilarResource
	if err == nil {
		r, similar, err = s.app.CreateUnlessSimilar(c.Request().Context(), httpx.Actor(c), fields, c.Request().PostForm.Get("create_anyway") == "1")
	}
	if err != nil || len(similar) > 0 {
		data := formData(nil, "/new", "Create resource", true, true, true, false)
		p := s.page(c, tr(c, "New resource"), data)
		p.Form = f
		if len(similar) > 0 {
			data["Similar"] = similarHint{Items: similar, Anyway: "Create mine anyway"}
			return s.render(c, http.StatusOK, "resource_form", p)
		}
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

// resourcePage is the resource page's data, built from the application's
// view of the resource by resourcePageOf.
type resourcePage struct {
	Resource    resource.Resource
	Role        resource.Role
	HTML        template.HTML
	License     *license.License
	Attribution template.HTML
	Actions     []Link
	Notices     []template.HTML
	Sections    []Section
	Downloads   []app.Download // the Download menu and rel=alternate links to other formats
	// Discovery: schema.org JSON-LD (escaped for a script element by
	// metadata.EmbedJSON), OpenGraph and hreflang alternates.
	Meta       metadata.Record
	JSONLD     template.JS
	Alternates []metadata.Alternate
	NoIndex    bool                   // unlisted and private pages are kept out of search engines
	Latest     versioning.RevisionRef // the newest revision, shown by its number

	loc *i18n.Locale // the reader's interface language, for the notices and panels
}

func (s *Site) pageResource(c echo.Context) error {
	if format, ok := alternateOf(c); ok { // /r/{id}.md, .html, .epub
		return httpx.SendExport(c, s.app, format, true)
	}
	p, err := s.resourcePage(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "resource", p)
}

// resourcePage builds the resource page of c's :id (pageResource, and
// forms on it that show it again with their errors).
func (s *Site) resourcePage(c echo.Context) (*Page, error) {
	v, err := s.app.View(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.ViewRequest{Page: true, Text: c.QueryParam("view"), Origin: httpx.Origin(c)})
	if err != nil {
		return nil, err
	}
	rp, err := s.resourcePageOf(c, v)
	if err != nil {
		return nil, err
	}
	p := s.page(c, v.Resource.Title, rp)
	p.Lang, p.Dir = v.Resource.Language, resource.Direction(v.Resource.Language)
	return p, nil
}

// resourcePageOf lays out a resource's view: its text and credit, then the
// actions, notices and panels of each capability in a fixed order.
func (s *Site) resourcePageOf(c echo.Context, v app.ResourceView) (*resourcePage, error) {
	r, x := v.Resource, v.Access
	html, err := s.md.Render(v.Display(r.Content))
	if err != nil {
		return nil, err
	}
	rp := &resourcePage{Resource: r, Role: x.Role, HTML: html, Latest: v.Latest, Downloads: v.Downloads,
		Attribution: template.HTML(v.Attribution.Statement.HTML), // the licence package escapes user text
		Meta:        v.Meta, NoIndex: r.Visibility != resource.Public, loc: localeOf(c)}
	ld, err := metadata.EmbedJSON(v.Meta.JSONLD())
	if err != nil {
		return nil, err
	}
	rp.JSONLD = template.JS(ld) //nolint:gosec // EmbedJSON escapes <, >, &, U+2028 and U+2029
	if len(v.Alternates) > 0 {
		rp.Alternates = append([]metadata.Alternate{{Lang: r.Language, Href: v.Meta.URL}}, v.Alternates...)
	}
	if l, err := license.Lookup(r.License); err == nil {
		rp.License = &l
	}
	if x.CanAny(resource.EditMetadata, resource.Configure) {
		rp.Actions = append(rp.Actions, Link{Label: "Settings", URL: "/r/" + r.ID + "/settings"})
	}
	rp.Actions = append(rp.Actions, Link{Label: "People", URL: "/r/" + r.ID + "/collaborators"})
	if x.Can(resource.EditContent) {
		rp.Actions = append(rp.Actions, Link{Label: "Pictures", URL: "/r/" + r.ID + "/images"})
	}
	rp.liveActions(x, httpx.CurrentUser(c) != nil)
	if err := rp.versioning(v); err != nil {
		return nil, err
	}
	if err := s.translationPanels(c, v, rp); err != nil {
		return nil, err
	}
	return rp, accessibilitySection(v, rp)
}

// liveActions offers "Edit live" to editors and "Follow live" to other
// signed-in readers (and to everyone on a translation, whose text is
// written on its translator's page).
func (rp *resourcePage) liveActions(x app.Access, signedIn bool) {
	switch {
	case x.EditsText():
		rp.Actions = append(rp.Actions, Link{Label: "Edit live", URL: "/r/" + rp.Resource.ID + "/edit", Primary: true})
	case signedIn:
		rp.Actions = append(rp.Actions, Link{Label: "Follow live", URL: "/r/" + rp.Resource.ID + "/edit"})
	}
}

// notice adds a notice of plain text.
func (rp *resourcePage) notice(text string) {
	rp.Notices = append(rp.Notices, template.HTML(template.HTMLEscapeString(text))) //nolint:gosec // escaped
}

// noticeHTML adds a translated notice whose template.HTML values (a title in
// its own language, from langSpan) are kept; msgid is marked with i18n.M.
func (rp *resourcePage) noticeHTML(msgid string, kv ...any) {
	rp.Notices = append(rp.Notices, htmlMessage(rp.loc.T, msgid, kv))
}

func (s *Site) settingsPage(c echo.Context, r resource.Resource, x app.Access) *Page {
	data := formData(&r, "/r/"+r.ID+"/settings", "Save changes",
		x.Can(resource.EditMetadata), x.Can(resource.Configure), x.EditsText(), x.Can(resource.Delete))
	data["KeepDays"] = s.app.DeletedKeepDays() // the delete section says how long it can be restored
	p := s.page(c, tr(c, "Settings of “{title}”", "title", r.Title), data)
	p.Form = map[string]string{"title": r.Title, "summary": r.Summary, "language": resource.LanguageLabel(r.Language), "license": r.License,
		"subjects": strings.Join(r.Subjects, ", "), "level": string(r.Level), "visibility": string(r.Visibility), "content": r.Content,
		"allow_self_review": map[bool]string{true: "yes", false: "no"}[r.AllowSelfReview]}
	return p
}

func (s *Site) pageSettings(c echo.Context) error {
	ctx := c.Request().Context()
	if httpx.CurrentUser(c) == nil {
		if _, err := s.app.Check(ctx, httpx.Actor(c), c.Param("id"), resource.View); err != nil {
			return err
		}
		return needSignIn(c)
	}
	r, x, err := s.app.ResourceForAny(ctx, httpx.Actor(c), c.Param("id"), resource.EditMetadata, resource.Configure)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "resource_form", s.settingsPage(c, r, x))
}

func (s *Site) pageSettingsSubmit(c echo.Context) error {
	f, err := formValues(c, resourceFormFields...)
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, k := range resourceFormFields {
		_, present[k] = c.Request().PostForm[k]
	}
	ctx := c.Request().Context()
	fields, err := fieldsFromForm(f, present)
	var r resource.Resource
	if err == nil {
		r, _, err = s.app.UpdateResource(ctx, httpx.Actor(c), c.Param("id"), fields)
	}
	if err != nil {
		cur, x, lerr := s.app.Resource(ctx, httpx.Actor(c), c.Param("id"), resource.View)
		if lerr != nil {
			return lerr
		}
		p := s.settingsPage(c, cur, x)
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

func (s *Site) pageDelete(c echo.Context) error {
	f, err := formValues(c, "confirm")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if f["confirm"] != "yes" {
		if _, err := s.app.Check(ctx, httpx.Actor(c), c.Param("id"), resource.Delete); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/settings")
	}
	if err := s.app.DeleteResource(ctx, httpx.Actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/me?done=deleted")
}
