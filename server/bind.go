package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// readJSON decodes the request body into v. Invalid UTF-8 is refused rather
// than silently turned into U+FFFD by encoding/json: we never store text
// other than what was sent.
func readJSON(c echo.Context, v any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return newError(http.StatusRequestEntityTooLarge, "too_large", "the request body is larger than %d bytes", mbe.Limit)
		}
		return newError(http.StatusBadRequest, "bad_request", "could not read the request body")
	}
	if !utf8.Valid(body) {
		return newError(http.StatusBadRequest, "invalid_utf8", "the request body is not valid UTF-8")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return newError(http.StatusBadRequest, "invalid_json", "the request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: te.Field,
				Message: fmt.Sprintf("%s: must be %s", te.Field, jsonKind(te.Type.Kind().String()))}
		}
		return newError(http.StatusBadRequest, "invalid_json", "the request body is not valid JSON: %v", err)
	}
	if dec.More() {
		return newError(http.StatusBadRequest, "invalid_json", "the request body holds more than one JSON value")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "map", "struct":
		return "an object"
	}
	return "of another type"
}
