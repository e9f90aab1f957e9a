package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// ReadBody reads the whole body: 413 above the size limit, 408 when
// the client stops sending before the body read deadline (limitBody).
func ReadBody(c echo.Context) ([]byte, error) {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return nil, NewError(http.StatusRequestEntityTooLarge, "too_large", "the request body is larger than %d bytes", mbe.Limit)
		case errors.Is(err, os.ErrDeadlineExceeded):
			return nil, NewError(http.StatusRequestTimeout, "timeout", "the request body did not arrive in time")
		}
		return nil, NewError(http.StatusBadRequest, "bad_request", "could not read the request body")
	}
	return body, nil
}

// ReadJSON decodes the request body into v. Invalid UTF-8 is refused rather
// than silently turned into U+FFFD by encoding/json: we never store text
// other than what was sent. Unknown fields are refused with the field
// named (a misspelt "visiblity" must not quietly create a private
// resource), and so is a NUL character anywhere in a string.
func ReadJSON(c echo.Context, v any) error {
	body, err := ReadBody(c)
	if err != nil {
		return err
	}
	return DecodeJSON(body, v)
}

// ReadOptionalJSON is ReadJSON for endpoints whose body may be left out.
func ReadOptionalJSON(c echo.Context, v any) error {
	body, err := ReadBody(c)
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return err
	}
	return DecodeJSON(body, v)
}

func DecodeJSON(body []byte, v any) error {
	if !utf8.Valid(body) {
		return NewError(http.StatusBadRequest, "invalid_utf8", "the request body is not valid UTF-8")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return NewError(http.StatusBadRequest, "invalid_json", "the request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if te.Field == "" {
				return NewError(http.StatusBadRequest, "invalid_json", "the request body must be a JSON object")
			}
			return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: te.Field,
				Message: fmt.Sprintf("%s: must be %s", te.Field, jsonKind(te.Type.Kind().String()))}
		}
		if name, ok := unknownField(err); ok {
			msg := fmt.Sprintf("%s: is not a field of this request; check its spelling", name)
			if known := jsonFields(v); len(known) > 0 {
				msg += " (accepted: " + strings.Join(known, ", ") + ")"
			}
			return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: name, Message: msg}
		}
		return NewError(http.StatusBadRequest, "invalid_json", "the request body is not valid JSON: %v", err)
	}
	if dec.More() {
		return NewError(http.StatusBadRequest, "invalid_json", "the request body holds more than one JSON value")
	}
	// A NUL can only arrive escaped; look for where only when one may be there.
	if bytes.Contains(body, []byte(`\u0000`)) {
		if field, ok := nulField(body); ok {
			return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: field,
				Message: field + ": must not contain the NUL character (U+0000)"}
		}
	}
	return nil
}

// unknownField recognises encoding/json's DisallowUnknownFields error, which
// has no type of its own: `json: unknown field "name"`.
func unknownField(err error) (string, bool) {
	rest, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	name, uerr := strconv.Unquote(rest)
	if uerr != nil {
		return rest, true
	}
	return name, true
}

// jsonFields lists the JSON names of the fields of the struct v points to.
func jsonFields(v any) []string {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && name != "-" {
			if name == "" {
				name = f.Name
			}
			out = append(out, name)
		}
	}
	return out
}

// nulField finds the first string in a JSON document that holds U+0000 and
// returns where it is, as dotted object keys ("resolutions.text").
func nulField(body []byte) (string, bool) {
	type frame struct {
		obj, wantKey bool
		key          string
	}
	var stack []frame
	path := func() string {
		var keys []string
		for _, f := range stack {
			if f.obj && f.key != "" {
				keys = append(keys, f.key)
			}
		}
		return strings.Join(keys, ".")
	}
	afterValue := func() {
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{obj: true, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				afterValue()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].wantKey {
				stack[n-1].key, stack[n-1].wantKey = t, false
				if strings.IndexByte(t, 0) >= 0 {
					return path(), true
				}
				continue
			}
			if strings.IndexByte(t, 0) >= 0 {
				return path(), true
			}
			afterValue()
		default:
			afterValue()
		}
	}
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "int", "int64", "int32", "uint", "uint64":
		return "a whole number within range"
	case "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "map", "struct":
		return "an object"
	}
	return "of another type"
}

// FormError reports a form that could not be parsed, most often an oversized one.
func FormError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return NewError(http.StatusRequestEntityTooLarge, "too_large", "the form is larger than %d bytes", mbe.Limit)
	}
	return NewError(http.StatusBadRequest, "bad_request", "the form could not be read")
}
