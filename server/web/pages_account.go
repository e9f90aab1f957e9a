package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/server/httpx"
)

// pageAccount lists the caller's sessions and API tokens, each with a
// button that revokes it.
func (s *Site) pageAccount(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	return s.renderAccount(c, http.StatusOK, s.page(c, tr(c, "Your account"), nil))
}

// pageRevokeCredential revokes one session or token from the account page;
// revoking the session in use signs this browser out.
func (s *Site) pageRevokeCredential(kind auth.CredentialKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		if httpx.CurrentUser(c) == nil {
			return needSignIn(c)
		}
		ctx, who := c.Request().Context(), httpx.Actor(c)
		current := false
		if kind == auth.SessionCredential {
			list, err := s.app.Credentials(ctx, who, kind, httpx.Presented(c, kind))
			if err != nil {
				return err
			}
			for _, x := range list {
				current = current || (x.Current && x.ID == c.Param("id"))
			}
		}
		if err := s.app.RevokeCredential(ctx, who, kind, c.Param("id")); err != nil {
			return err
		}
		if current {
			httpx.ClearSessionCookie(c)
			return c.Redirect(http.StatusSeeOther, "/?done=signedout")
		}
		return c.Redirect(http.StatusSeeOther, "/account?done=revoked")
	}
}
