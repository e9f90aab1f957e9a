package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

func (s *Site) pageForgotPassword(c echo.Context) error {
	return s.render(c, http.StatusOK, "forgot_password", s.page(c, tr(c, "Forgot password"), nil))
}

// pageForgotPasswordSubmit answers the same whether or not the address has
// an account (the application sends the link after answering).
func (s *Site) pageForgotPasswordSubmit(c echo.Context) error {
	f, err := formValues(c, "email")
	if err != nil {
		return err
	}
	p := s.page(c, tr(c, "Forgot password"), nil)
	p.Form = f
	if err := s.app.RequestPasswordReset(c.Request().Context(), c.RealIP(), f["email"]); err != nil {
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "forgot_password", p)
	}
	p.Data = map[string]any{"Sent": wire.ResetSent}
	return s.render(c, http.StatusOK, "forgot_password", p)
}

func (s *Site) pageResetPassword(c echo.Context) error {
	token := c.QueryParam("token")
	p := s.page(c, tr(c, "Set a new password"), nil)
	p.Form["token"] = token
	if err := s.app.CheckPasswordReset(c.Request().Context(), token); err != nil {
		ae := httpx.ToError(err)
		if ae.Status != http.StatusNotFound {
			return err
		}
		p.Data = map[string]any{"Expired": ae.Message}
		return s.render(c, http.StatusNotFound, "reset_password", p)
	}
	return s.render(c, http.StatusOK, "reset_password", p)
}

func (s *Site) pageResetPasswordSubmit(c echo.Context) error {
	f, err := formValues(c, "token", "password")
	if err != nil {
		return err
	}
	if err := s.app.ResetPassword(c.Request().Context(), f["token"], f["password"]); err != nil {
		p := s.page(c, tr(c, "Set a new password"), nil)
		p.Form["token"] = f["token"]
		ae := httpx.ToError(err)
		if ae.Status == http.StatusNotFound {
			p.Data = map[string]any{"Expired": ae.Message}
			return s.render(c, http.StatusNotFound, "reset_password", p)
		}
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "reset_password", p)
	}
	// Every session ended, this browser's too.
	httpx.ClearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login?done=reset")
}
