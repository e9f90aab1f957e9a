package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/frontend"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

// pages holds one template set per page and interface language: the
// shared base layout plus the page's own "main" block, with the language's
// template functions (pages_funcs.go).
//
// A language's sets are parsed when a page is first asked for in it, not at
// start. Each set holds its own copy of the parsed layout (html/template
// escapes a set's trees in place, so sets cannot share them), and all five
// languages took 16 MB of the heap, which every garbage-collection cycle
// marks however few of them a server's readers use: nearly half the
// server's heap before any document is open (docs/benchmarks-live.md,
// "tenth pass"). The first language is parsed at start, so a broken
// template still stops the server rather than a page: the others parse the
// same files with functions of the same names.
type pages struct {
	byLocale map[string]*localePages // language code → its sets
}

// localePages are one language's page sets, parsed once, on first use.
type localePages struct {
	loc  *i18n.Locale
	once sync.Once
	sets map[string]*template.Template // page name → set
	err  error
}

func loadPages() (*pages, error) {
	p := &pages{byLocale: make(map[string]*localePages)}
	locales := i18n.Default().Locales()
	for _, loc := range locales {
		p.byLocale[loc.Code] = &localePages{loc: loc}
	}
	if _, err := p.byLocale[locales[0].Code].get(); err != nil {
		return nil, err
	}
	return p, nil
}

// get parses the language's sets the first time it is called.
func (lp *localePages) get() (map[string]*template.Template, error) {
	lp.once.Do(func() {
		if lp.sets, lp.err = loadPageSets(funcsFor(lp.loc)); lp.err != nil {
			lp.err = fmt.Errorf("pages in %s: %w", lp.loc.Code, lp.err)
		}
	})
	return lp.sets, lp.err
}

func loadPageSets(funcs template.FuncMap) (map[string]*template.Template, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(frontend.Templates, "templates/base.html")
	if err != nil {
		return nil, fmt.Errorf("parse base template: %w", err)
	}
	names, err := fs.Glob(frontend.Templates, "templates/*.html")
	if err != nil {
		return nil, err
	}
	sets := make(map[string]*template.Template)
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "base" {
			continue
		}
		set, err := template.Must(base.Clone()).ParseFS(frontend.Templates, n)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", n, err)
		}
		sets[name] = set
	}
	return sets, nil
}

// set is a page's template set in the request's language.
func (p *pages) set(c echo.Context, name string) (*template.Template, error) {
	loc := localeOf(c)
	lp, ok := p.byLocale[loc.Code]
	if !ok {
		return nil, fmt.Errorf("no pages in %q", loc.Code)
	}
	sets, err := lp.get()
	if err != nil {
		return nil, err
	}
	t, ok := sets[name]
	if !ok {
		return nil, fmt.Errorf("no template %q", name)
	}
	return t, nil
}

// Page is what every template receives.
type Page struct {
	Title  string
	Lang   string // the interface language (BCP 47); content carries its own lang
	Dir    string // the interface language's direction
	User   *auth.User
	CSRF   string
	Flash  string
	Form   map[string]string // submitted values, to refill a form
	Errors map[string]string // field → message, shown next to the field
	Unread int               // the inbox's unread count, on the bell
	Data   any
	Here   string // this page's path and query, where the language switcher comes back to

	loc *i18n.Locale
	// retryAfter is how many seconds a refused form asks the reader to wait (formErrors), sent
	// as Retry-After as the API sends it.
	retryAfter int
}

func (s *Site) page(c echo.Context, title string, data any) *Page {
	loc := localeOf(c)
	p := &Page{Title: title, Lang: loc.Code, Dir: loc.Dir, User: httpx.CurrentUser(c), CSRF: httpx.CSRFToken(c), Here: c.Request().URL.RequestURI(), loc: loc,
		Form: map[string]string{}, Errors: map[string]string{}, Data: data, Flash: flash(c)}
	if p.User != nil {
		// The layout's bell: a failure to count leaves it blank, never fails the page.
		if n, err := s.app.UnreadCount(c.Request().Context(), httpx.Actor(c)); err == nil {
			p.Unread = n
		} else {
			s.log.WarnContext(c.Request().Context(), "unread count", "err", err)
		}
	}
	return p
}

// render writes a page with status. Rendering into a buffer first means a
// template error becomes a clean 500, not half a page.
func (s *Site) render(c echo.Context, status int, name string, p *Page) error {
	set, err := s.pages.set(c, name)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "base", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	if cacheablePage(c, status, p) {
		return revalidated(c, buf.Bytes())
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if p.retryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(p.retryAfter))
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// RenderError writes an error as a page (server.handleError calls it outside /api/).
func (s *Site) RenderError(c echo.Context, ae *httpx.Error) error {
	title := statusTitle(c, ae.Status)
	msg := formMessage(localeOf(c), ae.Code, ae.Message)
	if ae.Status == http.StatusNotFound {
		title, msg = tr(c, "Not found"), tr(c, "There is nothing here, or it is private.")
	}
	return s.render(c, ae.Status, "error", s.page(c, title, map[string]any{"Message": msg, "Status": ae.Status}))
}

// flash carries a one-line message across a redirect in the query string
// (?done=…); only known keys are shown, so it cannot be used to inject text.
func flash(c echo.Context) string {
	msg, ok := flashes[c.QueryParam("done")]
	if !ok {
		return ""
	}
	return tr(c, msg)
}

var flashes = map[string]string{
	"created":   i18n.M("Resource created."),
	"saved":     i18n.M("Changes saved."),
	"deleted":   i18n.M("Resource deleted. Until it is erased, you can restore it from “Recently deleted”."),
	"undeleted": i18n.M("Resource restored, as it was when it was deleted."),
	"erased":    i18n.M("Deleted for good: its text, history and pictures are erased."),
	"signedup":  i18n.M("Welcome to Commonplace! Your account is ready. We sent a link to your e-mail address: follow it to confirm the address."),
	"people":    i18n.M("Roles updated."),
	"signedout": i18n.M("You are signed out."),
	"revoked":   i18n.M("Revoked: it no longer works."),
	"restored":  i18n.M("Revision restored: its text is the current text again, as a new revision."),
	"closed":    i18n.M("Proposal closed."),
	"reopened":  i18n.M("Proposal reopened."),
	"commented": i18n.M("Comment added."),
	"read":      i18n.M("Marked as read."),
	"reset":     i18n.M("Your password is changed and you are signed out everywhere. Sign in with the new password."),
	"imported":  i18n.M("Imported as a private draft: check it, then choose who may see it in the settings."),
	"image":     i18n.M("Picture added: paste its Markdown into the text where it belongs."),
	"unimage":   i18n.M("Picture removed from this resource."),
	// Accounts (issue 11).
	"named":           i18n.M("Your name is changed: you are credited under it everywhere."),
	"emailsent":       i18n.M("We sent a link to your new address. Your address changes when you follow it; until then it stays as it is."),
	"emailcancelled":  i18n.M("The change of e-mail address is cancelled: the link sent to the new address no longer works."),
	"emailchanged":    i18n.M("Your e-mail address is changed. We told your old address too."),
	"confirmsent":     i18n.M("We sent a new link to your address. Follow it to confirm the address; the links sent before no longer work."),
	"emailconfirmed":  i18n.M("Your e-mail address is confirmed."),
	"passwordchanged": i18n.M("Your password is changed. Every other browser and API token is signed out."),
	"everywhere":      i18n.M("You are signed out everywhere: every browser and API token."),
	"accountdeleted":  i18n.M("Your account is deleted. Your public contributions stay, credited as you chose."),
	// The accessibility report (issue 14).
	"dismissed":   i18n.M("Finding dismissed. It is listed under “Dismissed”, where you can restore it."),
	"undismissed": i18n.M("Finding restored: it is open again."),
}

// formErrors turns an error into messages next to fields; it returns false
// for errors that are not about the form (those go to the error page).
func formErrors(p *Page, err error) bool {
	ae := httpx.ToError(err)
	if ae.Status != http.StatusUnprocessableEntity && ae.Status != http.StatusConflict && ae.Status != http.StatusTooManyRequests && ae.Status != http.StatusUnauthorized {
		return false
	}
	p.retryAfter = ae.RetryAfter
	if list := resource.ValidationList(err); len(list) > 1 {
		for _, ve := range list {
			if _, seen := p.Errors[ve.Field]; !seen {
				p.Errors[ve.Field] = formMessage(p.loc, "invalid", sentence(ve.Message))
			}
		}
		return true
	}
	field := ae.Field
	if field == "" {
		field = "form"
	}
	msg := ae.Message
	if i := strings.Index(msg, ": "); i > 0 && field != "form" && strings.HasPrefix(msg, field) {
		msg = strings.ToUpper(msg[i+2:i+3]) + msg[i+3:]
	}
	p.Errors[field] = formMessage(p.loc, ae.Code, msg)
	return true
}

// sentence starts a field's message with a capital letter.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	return string(unicode.ToUpper(r)) + msg[n:]
}

func pageStatus(err error) int { return httpx.ToError(err).Status }

type pager struct {
	Page, Pages int
	Prev, Next  string
}

func newPager(c echo.Context, page, perPage, total int) pager {
	pages := (total + perPage - 1) / perPage
	if pages == 0 {
		pages = 1
	}
	p := pager{Page: page, Pages: pages}
	link := func(n int) string {
		q := c.QueryParams()
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		return c.Request().URL.Path + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return p
}

// pageNumber is the ?page= of a listing page (1 when absent).
func pageNumber(c echo.Context) (int, error) {
	n, err := httpx.QueryInt(c, "page", 1, 1, app.MaxPage)
	return int(n), err
}

// safeNext keeps redirects after sign-in on this site: only a clean
// site-relative path (with an optional query) is followed, else /me.
// Browsers drop tabs and newlines from URLs and read a backslash as a
// slash, so "/<tab>/evil.example" or "/\\evil.example" would leave the
// site: any control character, space or backslash is refused outright.
func safeNext(next string) string {
	const fallback = "/me"
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || len(next) > 2000 ||
		strings.ContainsFunc(next, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' || unicode.IsSpace(r) }) {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") {
		return fallback
	}
	return next
}
