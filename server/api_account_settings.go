package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

// The caller's own account over the API (docs/api.md, "Your account"):
// name, e-mail address, password, signing out everywhere, deletion.

type accountJSON struct {
	userJSON
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
}

func toAccountJSON(u auth.User) accountJSON {
	return accountJSON{userJSON: toUserJSON(u), Email: u.Email, EmailVerified: u.EmailVerified}
}

// accountSettingsAPIRoutes registers the account's own settings under /api/v1.
func (s *Server) accountSettingsAPIRoutes(g *echo.Group) {
	g.PATCH("/me", s.apiChangeName)
	g.PUT("/me/email", s.apiChangeEmail)
	g.GET("/me/email", s.apiEmail)
	g.DELETE("/me/email/pending", s.apiCancelEmailChange)
	g.POST("/me/email/confirmation", s.apiSendEmailConfirmation)
	g.POST("/auth/confirm-email", s.apiConfirmEmail)
	g.PUT("/me/password", s.apiChangePassword)
	g.POST("/me/signout-everywhere", s.apiSignOutEverywhere)
	g.GET("/me/deletion", s.apiDeletionPlan)
	g.DELETE("/me", s.apiDeleteAccount)
	g.GET("/people/:handle", s.apiProfile)
}

func (s *Server) apiChangeName(c echo.Context) error {
	var req struct {
		Name string `json:"name"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	u, err := s.app.ChangeName(c.Request().Context(), httpx.Actor(c), req.Name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user": toAccountJSON(u)})
}

// pendingEmailJSON is a change of address waiting for the link mailed to it.
type pendingEmailJSON struct {
	Email   string    `json:"email"`
	Expires time.Time `json:"expires_at"`
}

// apiChangeEmail asks for a new address: 202, for the address changes only once the link
// mailed to it is followed (docs/api.md, "Your account").
func (s *Server) apiChangeEmail(c echo.Context) error {
	var req struct {
		Email           string `json:"email"`
		CurrentPassword string `json:"current_password"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	p, err := s.app.ChangeEmail(c.Request().Context(), httpx.Actor(c), req.CurrentPassword, req.Email)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]any{"pending": pendingEmailJSON{Email: p.Email, Expires: p.Expires}})
}

// apiEmail is the caller's address, whether it is confirmed (and until when the link that
// confirms it works, if one was sent), and the change waiting for its link, if any.
func (s *Server) apiEmail(c echo.Context) error {
	ctx, who := c.Request().Context(), httpx.Actor(c)
	p, ok, err := s.app.PendingEmailChange(ctx, who)
	if err != nil {
		return err
	}
	me := httpx.CurrentUser(c)
	out := map[string]any{"email": me.Email, "verified": me.EmailVerified, "confirmation": nil, "pending": nil}
	if ok {
		out["pending"] = pendingEmailJSON{Email: p.Email, Expires: p.Expires}
	}
	if !me.EmailVerified {
		expires, sent, err := s.app.PendingConfirmation(ctx, who)
		if err != nil {
			return err
		}
		if sent {
			out["confirmation"] = map[string]time.Time{"expires_at": expires}
		}
	}
	return c.JSON(http.StatusOK, out)
}

// apiSendEmailConfirmation mails a new link that confirms the caller's address: 202.
func (s *Server) apiSendEmailConfirmation(c echo.Context) error {
	p, err := s.app.SendEmailConfirmation(c.Request().Context(), httpx.Actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]any{"confirmation": map[string]any{"email": p.Email, "expires_at": p.Expires}})
}

func (s *Server) apiCancelEmailChange(c echo.Context) error {
	if err := s.app.CancelEmailChange(c.Request().Context(), httpx.Actor(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiConfirmEmail follows a confirmation link's token; no sign-in is needed, the token is
// the proof (it was mailed to the new address).
func (s *Server) apiConfirmEmail(c echo.Context) error {
	var req struct {
		Token string `json:"token"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	u, changed, err := s.app.ConfirmEmailChange(c.Request().Context(), req.Token)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user": toAccountJSON(u), "changed": changed})
}

func (s *Server) apiChangePassword(c echo.Context) error {
	var req struct {
		CurrentPassword string `json:"current_password"`
		Password        string `json:"password"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	if err := s.app.ChangePassword(c.Request().Context(), httpx.Actor(c), req.CurrentPassword, req.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiSignOutEverywhere(c echo.Context) error {
	if err := s.app.SignOutEverywhere(c.Request().Context(), httpx.Actor(c)); err != nil {
		return err
	}
	httpx.ClearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

type handoverJSON struct {
	Resource resourceJSON `json:"resource"`
	Editors  []userJSON   `json:"editors"`
	To       string       `json:"to,omitempty"`
}

type deletionPlanJSON struct {
	Deleted   []resourceJSON `json:"deleted"`
	Kept      []resourceJSON `json:"kept"`
	Left      []resourceJSON `json:"left"`
	Handovers []handoverJSON `json:"handovers"`
	Blocked   []resourceJSON `json:"blocked"`
	Ready     bool           `json:"ready"`
}

func resourcesJSON(rs []resource.Resource) []resourceJSON {
	out := make([]resourceJSON, len(rs))
	for i, r := range rs {
		out[i] = toResourceJSON(r, "", false)
	}
	return out
}

func toDeletionPlanJSON(p app.DeletionPlan) deletionPlanJSON {
	out := deletionPlanJSON{Deleted: resourcesJSON(p.Deleted), Kept: resourcesJSON(p.Kept), Left: resourcesJSON(p.Left),
		Blocked: resourcesJSON(p.Blocked), Handovers: []handoverJSON{}, Ready: p.Ready()}
	for _, h := range p.Handovers {
		hj := handoverJSON{Resource: toResourceJSON(h.Resource, "", false), To: h.To, Editors: []userJSON{}}
		for _, e := range h.Editors {
			hj.Editors = append(hj.Editors, userJSON{ID: e.ID, Handle: e.Handle, Name: e.Name})
		}
		out.Handovers = append(out.Handovers, hj)
	}
	return out
}

// apiDeletionPlan shows what deleting the account would do; ?to.<resource
// id>=<handle> names the editor who would take a resource over.
func (s *Server) apiDeletionPlan(c echo.Context) error {
	p, err := s.app.AccountDeletionPlan(c.Request().Context(), httpx.Actor(c), httpx.Handovers(c.QueryParams()))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"plan": toDeletionPlanJSON(p)})
}

func (s *Server) apiDeleteAccount(c echo.Context) error {
	var req struct {
		Password string            `json:"password"`
		Confirm  string            `json:"confirm"`
		Credit   string            `json:"credit"`
		To       map[string]string `json:"to"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	err := s.app.DeleteAccount(c.Request().Context(), httpx.Actor(c), app.DeleteAccountRequest{Password: req.Password,
		Confirm: req.Confirm, Credit: req.Credit, To: req.To})
	if err != nil {
		return err
	}
	httpx.ClearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

type contributionJSON struct {
	resourceJSON
	How []string `json:"how"`
}

// apiProfile is a person and the resources they contributed to that the
// caller may list.
func (s *Server) apiProfile(c echo.Context) error {
	page, err := httpx.QueryInt(c, "page", 1, 1, app.MaxPage)
	if err != nil {
		return err
	}
	perPage, err := httpx.QueryInt(c, "per_page", 20, 1, 100)
	if err != nil {
		return err
	}
	p, err := s.app.Profile(c.Request().Context(), httpx.Actor(c), c.Param("handle"), int(page), int(perPage))
	if err != nil {
		return err
	}
	out := make([]contributionJSON, len(p.Contributions))
	for i, x := range p.Contributions {
		out[i] = contributionJSON{resourceJSON: toResourceJSON(x.Resource, "", false), How: x.How}
	}
	return c.JSON(http.StatusOK, map[string]any{"person": userJSON{ID: p.Person.ID, Handle: p.Person.Handle, Name: p.Person.Name},
		"contributions": out, "total": p.Total, "page": page, "deleted": p.Deleted})
}
