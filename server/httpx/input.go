package httpx

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// RefuseBadText answers 400 to a request whose path parameters, query
// string or form fields hold invalid UTF-8 or a NUL character, before any
// handler sees them. No text we keep may hold either: PostgreSQL's text
// type cannot store U+0000 (one accepted NUL would break every later
// snapshot, revision and fork of a document), and invalid UTF-8 would be
// silently mangled. JSON bodies are checked in ReadJSON, live frames by
// collab.ParseOp, files by their readers.
func RefuseBadText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		for i, name := range c.ParamNames() {
			if i < len(c.ParamValues()) {
				if err := CheckText("the address part "+paramLabel(name), c.ParamValues()[i]); err != nil {
					return err
				}
			}
		}
		for name, vals := range c.QueryParams() {
			if err := CheckText("a query parameter name", name); err != nil {
				return err
			}
			for _, v := range vals {
				if err := CheckText("the query parameter "+name, v); err != nil {
					return err
				}
			}
		}
		if err := CheckFormText(c.Request()); err != nil {
			return err
		}
		return next(c)
	}
}

// CheckFormText checks every field of a posted form, URL-encoded or
// multipart (text fields and the names of uploaded files; the files' own
// bytes are their reader's business). The parsed form is kept on the
// request, so handlers do not parse it again.
func CheckFormText(req *http.Request) error {
	if req.Method != http.MethodPost && req.Method != http.MethodPut && req.Method != http.MethodPatch {
		return nil
	}
	ct := req.Header.Get(echo.HeaderContentType)
	var fields map[string][]string
	switch {
	case strings.HasPrefix(ct, echo.MIMEApplicationForm) && strings.HasPrefix(req.URL.Path, "/api/"):
		// The JSON API reads its bodies as JSON whatever type they claim
		// (`curl -d '{…}'` labels JSON as a form, and the README shows it):
		// parsing one as a form here would consume it, and ReadJSON would then
		// answer that the body is empty. ReadJSON checks the text itself.
	case strings.HasPrefix(ct, echo.MIMEApplicationForm):
		if err := req.ParseForm(); err != nil {
			return FormError(err)
		}
		fields = req.PostForm
	case strings.HasPrefix(ct, echo.MIMEMultipartForm):
		if err := req.ParseMultipartForm(32 << 20); err != nil {
			return FormError(err)
		}
		fields = req.MultipartForm.Value
		for name, files := range req.MultipartForm.File {
			for _, fh := range files {
				if err := CheckText("the name of the file sent as "+name, fh.Filename); err != nil {
					return err
				}
			}
		}
	}
	for name, vals := range fields {
		if err := CheckText("a form field name", name); err != nil {
			return err
		}
		for _, v := range vals {
			if err := CheckText("the field "+name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func paramLabel(name string) string {
	if name == "*" {
		return "path"
	}
	return name
}

// CheckText refuses invalid UTF-8 and NUL characters in one value.
func CheckText(what, v string) error {
	if !utf8.ValidString(v) {
		return NewError(http.StatusBadRequest, "invalid_utf8", "%s is not valid UTF-8", what)
	}
	if strings.IndexByte(v, 0) >= 0 {
		return NewError(http.StatusBadRequest, "bad_request", "%s holds a NUL character (U+0000), which no text here may contain", what)
	}
	return nil
}

// QueryInt reads an optional whole-number query parameter: def when it is
// absent, 400 naming the parameter when it is not a whole number in
// [min, max]. Every handler reads numbers from queries through it, so a
// huge or negative value is a clear 400, never an overflow further down.
func QueryInt(c echo.Context, name string, def, min, max int64) (int64, error) {
	n, err := IntValue("the query parameter "+name, c.QueryParam(name), def, min, max)
	if ae, ok := err.(*Error); ok {
		ae.Field = name
	}
	return n, err
}

// IntValue parses one whole number from a query or form value.
func IntValue(what, v string, def, min, max int64) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min || n > max {
		return 0, NewError(http.StatusBadRequest, "bad_request", "%s must be a whole number from %d to %d", what, min, max)
	}
	return n, nil
}
