package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
)

// translationWaitingJSON is one translation in the review queue.
type translationWaitingJSON struct {
	Resource       string `json:"resource"`
	Title          string `json:"title"`
	Language       string `json:"language"`
	SourceLanguage string `json:"source_language"`
	Waiting        int    `json:"waiting"`
	URL            string `json:"url"` // the translator's page, showing what waits
}

func reviewWorkJSON(w app.ReviewWork) map[string]any {
	ts := make([]translationWaitingJSON, len(w.Translations))
	for i, t := range w.Translations {
		ts[i] = translationWaitingJSON{Resource: t.Resource.ID, Title: t.Resource.Title, Language: t.Resource.Language,
			SourceLanguage: t.SourceLanguage, Waiting: t.Waiting, URL: "/r/" + t.Resource.ID + "/translate?state=translated"}
	}
	return map[string]any{"proposals": proposalsJSON(w.Proposals), "translations": ts}
}

// apiReviewQueue: GET /api/v1/reviews → what waits for the caller's review.
func (s *Server) apiReviewQueue(c echo.Context) error {
	w, err := s.app.WaitingForReview(c.Request().Context(), httpx.Actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, reviewWorkJSON(w))
}
