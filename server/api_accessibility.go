package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/a11ytext"
	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

type dismissalJSON struct {
	Rule        string          `json:"rule"`
	Fingerprint string          `json:"fingerprint"`
	Reason      string          `json:"reason"`
	By          wire.PersonJSON `json:"by"`
	Created     time.Time       `json:"created"`
}

type dismissedJSON struct {
	a11ytext.Finding
	Dismissal dismissalJSON `json:"dismissal"`
}

// metadataJSON is the derived metadata with accessibilitySummary written for the caller.
type metadataJSON struct {
	a11ycheck.Metadata
	AccessibilitySummary string `json:"accessibilitySummary"`
}

// accessibilityJSON is a check's answer: codes (rule, detail, args) for programs and, beside
// them, the words for people in the request's interface language (title, message, why, fix,
// accessibilitySummary), as the pages show them.
type accessibilityJSON struct {
	Resource   string             `json:"resource"`
	Language   string             `json:"language"`
	UILanguage string             `json:"ui_language"` // the language of the words
	Revision   int64              `json:"revision,omitempty"`
	Findings   []a11ytext.Finding `json:"findings"`
	Dismissed  []dismissedJSON    `json:"dismissed"`
	Counts     map[string]int     `json:"counts"`
	Metadata   metadataJSON       `json:"metadata"`
	CanDismiss bool               `json:"can_dismiss"`
}

func toDismissalJSON(d a11ycheck.Dismissal) dismissalJSON {
	return dismissalJSON{Rule: d.Rule, Fingerprint: d.Fingerprint, Reason: d.Reason, By: wire.PersonJSON{ID: d.ByID, Name: d.ByName}, Created: d.Created}
}

func toAccessibilityJSON(loc *i18n.Locale, r app.AccessibilityReport) accessibilityJSON {
	out := accessibilityJSON{Resource: r.Resource.ID, Language: r.Resource.Language, UILanguage: loc.Code, Revision: r.Revision,
		Findings: a11ytext.List(loc, r.Findings), Dismissed: []dismissedJSON{}, CanDismiss: r.CanDismiss,
		Metadata: metadataJSON{Metadata: r.Metadata, AccessibilitySummary: a11ytext.Summary(loc, r.Metadata)},
		Counts:   map[string]int{string(a11ycheck.Error): 0, string(a11ycheck.Warning): 0, string(a11ycheck.Notice): 0}}
	for _, f := range r.Findings {
		out.Counts[string(f.Severity)]++
	}
	for _, d := range r.Dismissed {
		out.Dismissed = append(out.Dismissed, dismissedJSON{Finding: a11ytext.Words(loc, d.Finding), Dismissal: toDismissalJSON(d.Dismissal)})
	}
	return out
}

// apiAccessibility checks the resource's text now, or at ?revision= (an id or a number).
func (s *Server) apiAccessibility(c echo.Context) error {
	rep, err := s.app.Accessibility(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.AccessibilityRequest{Revision: c.QueryParam("revision")})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAccessibilityJSON(httpx.Locale(c), rep))
}

// apiAccessibilityCheck checks a text the caller is writing ({"markdown": …}) as a text of
// the resource: the live editor asks this while people type.
func (s *Server) apiAccessibilityCheck(c echo.Context) error {
	var req struct {
		Markdown *string `json:"markdown"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	if req.Markdown == nil {
		return &httpx.Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "markdown", Message: "markdown: the text to check is required"}
	}
	rep, err := s.app.Accessibility(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.AccessibilityRequest{Text: req.Markdown})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAccessibilityJSON(httpx.Locale(c), rep))
}

func (s *Server) apiDismissFinding(c echo.Context) error {
	var req struct {
		Rule        string `json:"rule"`
		Fingerprint string `json:"fingerprint"`
		Reason      string `json:"reason"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	d, err := s.app.DismissFinding(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.DismissRequest{Rule: req.Rule, Fingerprint: req.Fingerprint, Reason: req.Reason})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toDismissalJSON(d))
}

func (s *Server) apiRestoreFinding(c echo.Context) error {
	if err := s.app.RestoreFinding(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("rule"), c.Param("fp")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
