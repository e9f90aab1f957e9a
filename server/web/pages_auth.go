package web

import (
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
)

// formValues reads the named form fields, refusing invalid UTF-8 and
// oversized forms with a clear error rather than storing mangled text.
func formValues(c echo.Context, names ...string) (map[string]string, error) {
	if err := c.Request().ParseForm(); err != nil {
		return nil, httpx.FormError(err)
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		v := c.Request().PostForm.Get(n)
		if !utf8.ValidString(v) {
			return nil, httpx.NewError(http.StatusBadRequest, "invalid_utf8", "the field %s is not valid UTF-8", n)
		}
		out[n] = v
	}
	return out, nil
}

func (s *Site) pageSignup(c echo.Context) error {
	if httpx.CurrentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/me")
	}
	return s.render(c, http.StatusOK, "signup", s.page(c, tr(c, "Sign up"), nil))
}

func (s *Site) pageSignupSubmit(c echo.Context) error {
	f, err := formValues(c, "handle", "email", "password", "name")
	if err != nil {
		return err
	}
	u, err := s.app.Signup(c.Request().Context(), c.RealIP(), app.SignupRequest{Handle: f["handle"], Email: f["email"], Password: f["password"], Name: f["name"]})
	if err != nil {
		p := s.page(c, tr(c, "Sign up"), nil)
		delete(f, "password")
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "signup", p)
	}
	if err := httpx.StartSession(c, s.app, u.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/me?done=signedup")
}

func (s *Site) pageLogin(c echo.Context) error {
	p := s.page(c, tr(c, "Sign in"), nil)
	p.Form["next"] = c.QueryParam("next")
	return s.render(c, http.StatusOK, "login", p)
}

func (s *Site) pageLoginSubmit(c echo.Context) error {
	f, err := formValues(c, "login", "password", "next")
	if err != nil {
		return err
	}
	u, err := s.app.Login(c.Request().Context(), c.RealIP(), f["login"], f["password"])
	if err != nil {
		p := s.page(c, tr(c, "Sign in"), nil)
		p.Form = map[string]string{"login": f["login"], "next": f["next"]}
		if !formErrors(p, err) {
			return err
		}
		ae := httpx.ToError(err)
		p.Errors["form"] = formMessage(p.loc, ae.Code, ae.Message)
		return s.render(c, pageStatus(err), "login", p)
	}
	if err := httpx.StartSession(c, s.app, u.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, safeNext(f["next"]))
}

func (s *Site) pageLogout(c echo.Context) error {
	if err := httpx.EndSession(c, s.app); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/?done=signedout")
}

// needSignIn sends anonymous visitors to the sign-in page and back.
func needSignIn(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
}
