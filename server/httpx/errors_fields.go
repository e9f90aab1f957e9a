package server

import (
	"net/http"
	"strings"

	"github.com/commonplace/commonplace/resource"
)

// fieldErrorJSON is one field at fault in a 422 answer's "errors" list.
type fieldErrorJSON struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// validationAPIError answers every field a request got wrong at once:
// field (and message) name the first, as they always did, and errors
// lists them all in form order.
func validationAPIError(list []*resource.ValidationError) *apiError {
	msgs := make([]string, len(list))
	fields := make([]fieldErrorJSON, len(list))
	for i, ve := range list {
		msgs[i] = ve.Error()
		fields[i] = fieldErrorJSON{Field: ve.Field, Message: ve.Message}
	}
	return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Message: strings.Join(msgs, "; "), Field: list[0].Field,
		Extra: map[string]any{"errors": fields}}
}
