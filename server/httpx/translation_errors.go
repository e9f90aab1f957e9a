package httpx

import (
	"errors"
	"net/http"

	"github.com/commonplace/commonplace/translation"
)

// translationError maps the translation package's errors (ToError calls
// it): broken placeholders and malformed exchange files are the client's
// to fix, and nothing was changed.
func translationError(err error) *Error {
	var pe *translation.PlaceholderError
	if errors.As(err, &pe) {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "placeholders", Field: "target",
			Message: "segment " + pe.SegmentID + ": " + pe.Reason + " (keep every {n}…{/n} and {n/} of the source)",
			Extra:   map[string]any{"segment": pe.SegmentID, "reason": pe.Reason}}
	}
	var fe *translation.FormatError
	if errors.As(err, &fe) {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_file", Message: fe.Error() + "; nothing was imported",
			Extra: map[string]any{"format": fe.Format, "line": fe.Line}}
	}
	switch {
	case errors.Is(err, translation.ErrFormat), errors.Is(err, translation.ErrNotation):
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_file", Message: err.Error() + "; nothing was imported"}
	case errors.Is(err, translation.ErrInvalidUTF8):
		return NewError(http.StatusBadRequest, "invalid_utf8", "the file is not valid UTF-8; nothing was imported")
	}
	return nil
}
