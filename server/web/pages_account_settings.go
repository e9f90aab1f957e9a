package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

// The account page's own forms: name, e-mail address, password, signing
// out everywhere; and the page that deletes the account. Each form posts
// to its own address; a refusal shows the account page again with the
// errors summarised at the top and next to the fields, the typed values
// kept (passwords excepted).

// accountSettingsPageRoutes registers the account forms, the deletion page and
// a person's page (their contributions).
func (s *Site) accountSettingsPageRoutes(g *echo.Group) {
	g.POST("/account/name", s.pageChangeName)
	g.POST("/account/email", s.pageChangeEmail)
	g.POST("/account/email/cancel", s.pageCancelEmailChange)
	g.POST("/account/email/confirmation", s.pageSendEmailConfirmation)
	g.GET("/account/email/confirm", s.pageConfirmEmail)
	g.POST("/account/email/confirm", s.pageConfirmEmailSubmit)
	g.POST("/account/password", s.pageChangePassword)
	g.POST("/account/signout-everywhere", s.pageSignOutEverywhere)
	g.GET("/account/delete", s.pageDeleteAccount)
	g.POST("/account/delete", s.pageDeleteAccountSubmit)
	g.GET("/u/:handle", s.pageProfile)
}

// renderAccount shows the account page with status: its forms (p.Form,
// p.Errors) and the sessions and tokens that are signed in.
func (s *Site) renderAccount(c echo.Context, status int, p *Page) error {
	ctx, who := c.Request().Context(), httpx.Actor(c)
	sessions, err := s.app.Credentials(ctx, who, auth.SessionCredential, httpx.Presented(c, auth.SessionCredential))
	if err != nil {
		return err
	}
	tokens, err := s.app.Credentials(ctx, who, auth.TokenCredential, httpx.Presented(c, auth.TokenCredential))
	if err != nil {
		return err
	}
	pending, waiting, err := s.app.PendingEmailChange(ctx, who)
	if err != nil {
		return err
	}
	data := map[string]any{"Sessions": sessions, "Tokens": tokens}
	if waiting {
		data["PendingEmail"] = pending
	}
	if u := httpx.CurrentUser(c); u != nil && !u.EmailVerified {
		expires, sent, err := s.app.PendingConfirmation(ctx, who)
		if err != nil {
			return err
		}
		data["Unconfirmed"] = map[string]any{"Sent": sent, "Expires": expires}
	}
	p.Data = data
	if _, ok := p.Form["name"]; !ok && p.User != nil {
		p.Form["name"] = p.User.Name
	}
	return s.render(c, status, "account", p)
}

// accountFormFailed shows the account page again after a refused form;
// rename maps the application's field names to the ids of this form's
// controls (several forms on the page ask for the current password).
func (s *Site) accountFormFailed(c echo.Context, form map[string]string, err error, rename map[string]string) error {
	p := s.page(c, tr(c, "Your account"), nil)
	p.Form = form
	if !formErrors(p, err) {
		return err
	}
	for from, to := range rename {
		if msg, ok := p.Errors[from]; ok {
			delete(p.Errors, from)
			p.Errors[to] = msg
		}
	}
	return s.renderAccount(c, pageStatus(err), p)
}

func (s *Site) pageChangeName(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "name")
	if err != nil {
		return err
	}
	if _, err := s.app.ChangeName(c.Request().Context(), httpx.Actor(c), f["name"]); err != nil {
		return s.accountFormFailed(c, f, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/account?done=named")
}

func (s *Site) pageChangeEmail(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "email", "email_current_password")
	if err != nil {
		return err
	}
	if _, err := s.app.ChangeEmail(c.Request().Context(), httpx.Actor(c), f["email_current_password"], f["email"]); err != nil {
		return s.accountFormFailed(c, map[string]string{"email": f["email"]}, err,
			map[string]string{"current_password": "email_current_password", "form": "email_current_password"})
	}
	return c.Redirect(http.StatusSeeOther, "/account?done=emailsent")
}

func (s *Site) pageCancelEmailChange(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	if err := s.app.CancelEmailChange(c.Request().Context(), httpx.Actor(c)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/account?done=emailcancelled")
}

func (s *Site) pageSendEmailConfirmation(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	if _, err := s.app.SendEmailConfirmation(c.Request().Context(), httpx.Actor(c)); err != nil {
		return s.accountFormFailed(c, map[string]string{}, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/account?done=confirmsent")
}

// pageConfirmEmail shows the change a confirmation link makes and a button that makes it:
// following the link is not enough, as mail scanners and link previews follow links.
func (s *Site) pageConfirmEmail(c echo.Context) error {
	return s.confirmEmailPage(c, c.QueryParam("token"), nil)
}

// confirmEmailPage shows the confirmation page for token, with err (a refused
// confirmation) at the top; an unknown, used or expired token shows why instead, as 404.
func (s *Site) confirmEmailPage(c echo.Context, token string, refused error) error {
	p := s.page(c, tr(c, "Confirm your new e-mail address"), nil)
	p.Form["token"] = token
	change, u, err := s.app.EmailChangeFor(c.Request().Context(), token)
	if err != nil {
		ae := httpx.ToError(err)
		if ae.Status != http.StatusNotFound {
			return err
		}
		p.Data = map[string]any{"Expired": ae.Message}
		return s.render(c, http.StatusNotFound, "confirm_email", p)
	}
	p.Data = map[string]any{"Email": change.Email, "Handle": u.Handle, "Expires": change.Expires, "Confirms": change.Confirms}
	if change.Confirms {
		p.Title = tr(c, "Confirm your e-mail address")
	}
	status := http.StatusOK
	if refused != nil {
		if !formErrors(p, refused) {
			return refused
		}
		// The page has no address field: say it at the top.
		if msg, ok := p.Errors["email"]; ok {
			delete(p.Errors, "email")
			p.Errors["form"] = msg
		}
		status = pageStatus(refused)
	}
	return s.render(c, status, "confirm_email", p)
}

func (s *Site) pageConfirmEmailSubmit(c echo.Context) error {
	f, err := formValues(c, "token")
	if err != nil {
		return err
	}
	u, changed, err := s.app.ConfirmEmailChange(c.Request().Context(), f["token"])
	if err != nil {
		return s.confirmEmailPage(c, f["token"], err)
	}
	done := "emailconfirmed"
	if changed {
		done = "emailchanged"
	}
	// The link may be followed signed out, or in a browser signed in as someone else.
	switch me := httpx.CurrentUser(c); {
	case me == nil:
		return c.Redirect(http.StatusSeeOther, "/login?done="+done)
	case me.ID == u.ID:
		return c.Redirect(http.StatusSeeOther, "/account?done="+done)
	default:
		return c.Redirect(http.StatusSeeOther, "/?done="+done)
	}
}

func (s *Site) pageChangePassword(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "current_password", "password")
	if err != nil {
		return err
	}
	if err := s.app.ChangePassword(c.Request().Context(), httpx.Actor(c), f["current_password"], f["password"]); err != nil {
		return s.accountFormFailed(c, map[string]string{}, err, map[string]string{"form": "current_password"})
	}
	return c.Redirect(http.StatusSeeOther, "/account?done=passwordchanged")
}

func (s *Site) pageSignOutEverywhere(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	if err := s.app.SignOutEverywhere(c.Request().Context(), httpx.Actor(c)); err != nil {
		return err
	}
	httpx.ClearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login?done=everywhere")
}

// deletionPage shows what deleting the account would do and the form that
// confirms it.
func (s *Site) deletionPage(c echo.Context, status int, p *Page, to map[string]string) error {
	plan, err := s.app.AccountDeletionPlan(c.Request().Context(), httpx.Actor(c), to)
	if err != nil {
		return err
	}
	p.Data = map[string]any{"Plan": plan, "FormerMember": app.FormerMember, "KeepDays": s.app.DeletedKeepDays()}
	if p.Form["credit"] == "" {
		p.Form["credit"] = app.CreditName
	}
	return s.render(c, status, "account_delete", p)
}

func (s *Site) pageDeleteAccount(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	return s.deletionPage(c, http.StatusOK, s.page(c, tr(c, "Delete your account"), nil), nil)
}

func (s *Site) pageDeleteAccountSubmit(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "password", "confirm", "credit")
	if err != nil {
		return err
	}
	to := httpx.Handovers(c.Request().PostForm)
	err = s.app.DeleteAccount(c.Request().Context(), httpx.Actor(c), app.DeleteAccountRequest{Password: f["password"], Confirm: f["confirm"],
		Credit: f["credit"], To: to})
	if err != nil {
		p := s.page(c, tr(c, "Delete your account"), nil)
		p.Form = map[string]string{"confirm": f["confirm"], "credit": f["credit"]}
		if !formErrors(p, err) {
			return err
		}
		return s.deletionPage(c, pageStatus(err), p, to)
	}
	httpx.ClearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/?done=accountdeleted")
}

// pageProfile shows a person and the resources they contributed to.
func (s *Site) pageProfile(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	p, err := s.app.Profile(c.Request().Context(), httpx.Actor(c), c.Param("handle"), page, perPage)
	if err != nil {
		return err
	}
	list := make([]contributionView, len(p.Contributions))
	for i, x := range p.Contributions {
		list[i] = contributionView{Resource: x.Resource, How: howText(localeOf(c), x.How)}
	}
	return s.render(c, http.StatusOK, "user", s.page(c, p.Person.Name, map[string]any{
		"Person": p.Person, "Contributions": list, "Total": p.Total, "Deleted": p.Deleted,
		"Pager": newPager(c, page, perPage, p.Total)}))
}

type contributionView struct {
	Resource resource.Resource
	How      string
}

// howLabels say in words how someone contributed (app.Contribution.How).
var howLabels = map[string]string{
	"owner": i18n.M("owner"), "editor": i18n.M("editor"), "translator": i18n.M("translator"), "reviewer": i18n.M("reviewer"), "viewer": i18n.M("viewer"),
	"created": i18n.M("created it"), "edited": i18n.M("edited the text"), "revised": i18n.M("saved or restored revisions"),
	"proposed": i18n.M("had changes merged"), "translated": i18n.M("translated segments"),
}

func howText(loc *i18n.Locale, how []string) string {
	var out []string
	for _, h := range how {
		if l, ok := howLabels[h]; ok {
			out = append(out, loc.T(l))
		}
	}
	return strings.Join(out, " · ")
}

// tokenSources are what the account page says made an API token, by the name the API gives
// it when it issues one (server/api_auth.go).
var tokenSources = map[string]string{
	"login":  i18n.M("signing in through the API"),
	"signup": i18n.M("signing up through the API"),
}
