package httpx

import (
	"errors"
	"net/http"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/wire"
)

// discoveryError maps the "it already exists" refusal (ToError calls
// it): 409 with the translations already there, to join instead.
func discoveryError(err error) *Error {
	var ex *app.ExistingTranslationsError
	if errors.As(err, &ex) {
		return &Error{Status: http.StatusConflict, Code: "existing_translation", Field: "language", Message: ex.Error(),
			Extra: map[string]any{"similar": wire.ToSimilarJSON(ex.Existing)}}
	}
	return nil
}
