package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

type notificationJSON struct {
	ID            string     `json:"id"`
	Kind          string     `json:"kind"`
	Text          string     `json:"text"`
	Parts         []partJSON `json:"parts"`
	URL           string     `json:"url"`
	Resource      string     `json:"resource"`
	ResourceTitle string     `json:"resource_title"`
	Actor         string     `json:"actor,omitempty"`
	Count         int        `json:"count"`
	Read          bool       `json:"read"`
	Created       time.Time  `json:"created"`
	Updated       time.Time  `json:"updated"`
}

// partJSON is a run of a notification's sentence; a title or name is
// "isolated" (set apart from the sentence's direction), with its "lang" when
// known, so a client can mark it up as the inbox page does.
type partJSON struct {
	Text     string `json:"text"`
	Lang     string `json:"lang,omitempty"`
	Isolated bool   `json:"isolated,omitempty"`
}

func (s *Server) apiNotifications(c echo.Context) error {
	limit, err := httpx.QueryInt(c, "limit", 50, 0, 1_000_000)
	if err != nil {
		return err
	}
	offset, err := httpx.QueryInt(c, "offset", 0, 0, 1_000_000)
	if err != nil {
		return err
	}
	in, err := s.app.Notifications(c.Request().Context(), httpx.Actor(c), app.InboxRequest{UnreadOnly: c.QueryParam("unread") == "true", Limit: int(limit), Offset: int(offset)})
	if err != nil {
		return err
	}
	list := make([]notificationJSON, len(in.Notifications))
	for i, n := range in.Notifications {
		parts := make([]partJSON, len(n.Parts))
		for j, p := range n.Parts {
			parts[j] = partJSON(p)
		}
		list[i] = notificationJSON{ID: n.ID, Kind: n.Kind, Text: n.Text, Parts: parts, URL: n.URL, Resource: n.ResourceID, ResourceTitle: n.ResourceTitle,
			Actor: n.ActorName, Count: n.Count, Read: n.Read, Created: n.Created, Updated: n.Updated}
	}
	return c.JSON(http.StatusOK, map[string]any{"notifications": list, "unread": in.Unread})
}

func (s *Server) apiMarkRead(c echo.Context) error {
	var req struct {
		IDs []string `json:"ids"`
		All bool     `json:"all"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	n, err := s.app.MarkRead(c.Request().Context(), httpx.Actor(c), req.IDs, req.All)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"marked": n})
}

func (s *Server) apiNotificationSettings(c echo.Context) error {
	st, err := s.app.NotificationSettings(c.Request().Context(), httpx.Actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"email": st.Email})
}

func (s *Server) apiPutNotificationSettings(c echo.Context) error {
	var req struct {
		Email string `json:"email"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	st, err := s.app.SetNotificationSettings(c.Request().Context(), httpx.Actor(c), app.NotificationSettings{Email: req.Email})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"email": st.Email})
}

func (s *Server) apiForgotPassword(c echo.Context) error {
	var req struct {
		Email string `json:"email"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	if err := s.app.RequestPasswordReset(c.Request().Context(), c.RealIP(), req.Email); err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]any{"message": wire.ResetSent})
}

func (s *Server) apiResetPassword(c echo.Context) error {
	var req struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	if err := s.app.ResetPassword(c.Request().Context(), req.Token, req.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
