package httpx

import (
	"errors"
	"net/http"

	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/importer"
	"github.com/commonplace/commonplace/media"
)

// formatError maps the refusals of imports, pictures and exports: a file we cannot read is
// 415, one above a limit 413, a broken one 400 — each with the reason a person can act on.
func formatError(err error) *Error {
	var ie *importer.Error
	if errors.As(err, &ie) {
		return &Error{Status: kindStatus(ie.Kind, importer.ErrUnsupported, importer.ErrTooLarge), Code: kindCode(ie.Kind, importer.ErrUnsupported, importer.ErrTooLarge),
			Message: "This file cannot be imported: " + ie.Reason, Field: "file", cause: err}
	}
	var me *media.Error
	if errors.As(err, &me) {
		return &Error{Status: kindStatus(me.Kind, media.ErrUnsupported, media.ErrTooLarge), Code: kindCode(me.Kind, media.ErrUnsupported, media.ErrTooLarge),
			Message: "This picture cannot be used: " + me.Reason, Field: "file", cause: err}
	}
	switch {
	case errors.Is(err, export.ErrUnknownFormat), errors.Is(err, export.ErrNoDocuments):
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: err.Error(), cause: err}
	}
	return nil
}

func kindStatus(kind, unsupported, tooLarge error) int {
	switch kind {
	case unsupported:
		return http.StatusUnsupportedMediaType
	case tooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

func kindCode(kind, unsupported, tooLarge error) string {
	switch kind {
	case unsupported:
		return "unsupported_media_type"
	case tooLarge:
		return "too_large"
	}
	return "malformed"
}
