package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/server/httpx"
)

type credentialJSON struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	Name      string     `json:"name,omitempty"`
	UserAgent string     `json:"user_agent,omitempty"`
	Created   time.Time  `json:"created"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
	Expires   time.Time  `json:"expires"`
	Current   bool       `json:"current"`
}

func toCredentialJSON(c auth.Credential) credentialJSON {
	return credentialJSON{ID: c.ID, Kind: string(c.Kind), Name: c.Name, UserAgent: c.UserAgent, Created: c.Created.UTC(),
		LastUsed: c.LastUsed, Expires: c.Expires.UTC(), Current: c.Current}
}

// apiCredentials lists the caller's API tokens (GET /me/tokens) or
// sessions (GET /me/sessions).
func (s *Server) apiCredentials(kind auth.CredentialKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		list, err := s.app.Credentials(c.Request().Context(), httpx.Actor(c), kind, httpx.Presented(c, kind))
		if err != nil {
			return err
		}
		out := make([]credentialJSON, len(list))
		for i, x := range list {
			out[i] = toCredentialJSON(x)
		}
		return c.JSON(http.StatusOK, map[string]any{string(kind) + "s": out})
	}
}

// apiRevokeCredential revokes one of the caller's tokens or sessions.
func (s *Server) apiRevokeCredential(kind auth.CredentialKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.app.RevokeCredential(c.Request().Context(), httpx.Actor(c), kind, c.Param("id")); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}
