package httpx

import (
	"net/http"
	"strings"

	"github.com/commonplace/commonplace/resource"
)

// FieldErrorJSON is one field at fault in a 422 answer's "errors" list.
type FieldErrorJSON struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// validationAPIError answers every field a request got wrong at once:
// field (and message) name the first, as they always did, and errors
// lists them all in form order.
func validationAPIError(list []*resource.ValidationError) *Error {
	msgs := make([]string, len(list))
	fields := make([]FieldErrorJSON, len(list))
	for i, ve := range list {
		msgs[i] = ve.Error()
		fields[i] = FieldErrorJSON{Field: ve.Field, Message: ve.Message}
	}
	return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Message: strings.Join(msgs, "; "), Field: list[0].Field,
		Extra: map[string]any{"errors": fields}}
}
