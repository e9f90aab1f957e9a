package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/server/httpx"
)

type userJSON struct {
	ID     string `json:"id"`
	Handle string `json:"handle"`
	Name   string `json:"name"`
}

func toUserJSON(u auth.User) userJSON { return userJSON{ID: u.ID, Handle: u.Handle, Name: u.Name} }

func (s *Server) apiSignup(c echo.Context) error {
	var req struct {
		Handle   string `json:"handle"`
		Email    string `json:"email"`
		Password string `json:"password"`
		Name     string `json:"name"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, err := s.app.Signup(ctx, c.RealIP(), app.SignupRequest{Handle: req.Handle, Email: req.Email, Password: req.Password, Name: req.Name})
	if err != nil {
		return err
	}
	token, err := s.app.IssueToken(ctx, u.ID, "signup")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"user": toUserJSON(u), "token": token})
}

func (s *Server) apiLogin(c echo.Context) error {
	var req struct {
		Login    string `json:"login"`
		Password string `json:"password"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	u, err := s.app.Login(c.Request().Context(), c.RealIP(), req.Login, req.Password)
	if err != nil {
		return err
	}
	if err := httpx.StartSession(c, s.app, u.ID); err != nil {
		return err
	}
	token, err := s.app.IssueToken(c.Request().Context(), u.ID, "login")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user": toUserJSON(u), "token": token})
}

// apiLogout ends the session behind the cookie, or revokes the bearer token
// that made the call.
func (s *Server) apiLogout(c echo.Context) error {
	if token, ok := httpx.BearerToken(c.Request()); ok {
		if err := s.app.RevokeToken(c.Request().Context(), token); err != nil {
			return err
		}
	}
	if err := httpx.EndSession(c, s.app); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiMe(c echo.Context) error {
	u, err := httpx.RequireUser(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user": toUserJSON(*u)})
}
