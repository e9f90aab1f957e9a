package server

import (
	"errors"
	"net/http"

	"github.com/commonplace/commonplace/app"
)

// discoveryError maps the "it already exists" refusal (toAPIError calls
// it): 409 with the translations already there, to join instead.
func discoveryError(err error) *apiError {
	var ex *app.ExistingTranslationsError
	if errors.As(err, &ex) {
		return &apiError{Status: http.StatusConflict, Code: "existing_translation", Field: "language", Message: ex.Error(),
			Extra: map[string]any{"similar": toSimilarJSON(ex.Existing)}}
	}
	return nil
}
