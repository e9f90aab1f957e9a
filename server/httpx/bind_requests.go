package httpx

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
)

// Presented is the secret the request came with: the bearer token for
// tokens, the session cookie for sessions.
func Presented(c echo.Context, kind auth.CredentialKind) string {
	if kind == auth.TokenCredential {
		t, _ := BearerToken(c.Request())
		return t
	}
	if ck, err := c.Cookie(SessionCookie); err == nil {
		return ck.Value
	}
	return ""
}

// ImportRequest reads the file and the choices that come with it.
func ImportRequest(c echo.Context) (app.ImportRequest, error) {
	var req app.ImportRequest
	field := func(k string) (string, error) {
		v := c.QueryParam(k)
		if IsMultipart(c) {
			v = c.FormValue(k)
		}
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return "", NewError(http.StatusBadRequest, "invalid_utf8", "the field %s is not valid UTF-8", k)
		}
		return v, nil
	}
	var err error
	if req.FileName, req.Data, err = UploadedFile(c, "file"); err != nil {
		return req, err
	}
	if req.Language, err = field("language"); err != nil {
		return req, err
	}
	// The page's picker sends a label ("Arabic (ar)"), as the resource form's does.
	req.Language = resource.LanguageFromInput(req.Language)
	if req.License, err = field("license"); err != nil {
		return req, err
	}
	req.Visibility, err = field("visibility")
	return req, err
}

// UploadedFile reads a file from a multipart field, or from the raw body.
func UploadedFile(c echo.Context, fieldName string) (string, []byte, error) {
	if IsMultipart(c) {
		fh, err := c.FormFile(fieldName)
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, FormError(err)
			}
			return "", nil, &Error{Status: http.StatusBadRequest, Code: "bad_request", Field: fieldName, Message: "choose a file to send (the form field “" + fieldName + "”)"}
		}
		f, err := fh.Open()
		if err != nil {
			return "", nil, NewError(http.StatusBadRequest, "bad_request", "the file could not be read")
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return "", nil, FormError(err)
		}
		return fh.Filename, data, nil
	}
	name := c.QueryParam("filename")
	if _, params, err := mime.ParseMediaType(c.Request().Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		name = params["filename"]
	}
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return "", nil, FormError(err)
	}
	if len(data) == 0 {
		return "", nil, &Error{Status: http.StatusBadRequest, Code: "bad_request", Field: fieldName, Message: "the request has no file: send it as the body or as a multipart field “" + fieldName + "”"}
	}
	if !utf8.ValidString(name) {
		return "", nil, NewError(http.StatusBadRequest, "invalid_utf8", "the file name is not valid UTF-8")
	}
	return name, data, nil
}

// SearchRequestOf reads a search from the query string (the API and the
// page take the same parameters); repeated parameters are several values
// of one facet.
func SearchRequestOf(c echo.Context) (app.SearchRequest, error) {
	q := url.Values{}
	for k, vs := range c.QueryParams() {
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return app.SearchRequest{}, NewError(http.StatusBadRequest, "invalid_utf8", "the parameter %s is not valid UTF-8", k)
			}
			// An empty field of a form (language= from the home page) means "any".
			if strings.TrimSpace(v) != "" {
				q.Add(k, strings.TrimSpace(v))
			}
		}
	}
	req := app.SearchRequest{Query: q.Get("q"), Languages: q["language"], Licenses: q["license"], Levels: q["level"],
		Subjects: q["subject"], Kinds: q["kind"], TranslatedInto: q["translated_into"], UpdatedSince: q.Get("updated_since"),
		Sort: q.Get("sort"), Prefer: q.Get("prefer"), Cursor: q.Get("cursor"),
		Approved: truthy(q.Get("approved")), Ungrouped: truthy(q.Get("ungrouped")),
		AllowsAdapt: slices.Contains(q["allows"], "adaptation"), AllowsCommerce: slices.Contains(q["allows"], "commercial")}
	for _, a := range q["allows"] {
		if a != "adaptation" && a != "commercial" {
			return req, &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "allows", Message: "allows: must be adaptation or commercial"}
		}
	}
	if req.Prefer == "" {
		req.Prefer = preferredLanguage(c.Request().Header.Get("Accept-Language"))
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return req, &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "limit", Message: "limit: must be a number from 1 to 50"}
		}
		req.Limit = n
	}
	return req, nil
}

func SimilarRequestOf(c echo.Context) (app.SimilarRequest, error) {
	q := c.QueryParams()
	// The form's language picker may hold "Español (es)": read it as the forms do.
	req := app.SimilarRequest{Title: q.Get("title"), Language: resource.LanguageFromInput(q.Get("language")), Source: q.Get("source")}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return req, &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "limit", Message: "limit: must be a number from 1 to 20"}
		}
		req.Limit = n
	}
	if strings.TrimSpace(req.Title) == "" && req.Source == "" {
		return req, &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "title", Message: "title: give a title, or the source being translated or forked"}
	}
	return req, nil
}

func IsMultipart(c echo.Context) bool {
	return strings.HasPrefix(c.Request().Header.Get("Content-Type"), "multipart/form-data")
}

// preferredLanguage is the first language of an Accept-Language header.
func preferredLanguage(h string) string {
	first, _, _ := strings.Cut(h, ",")
	first, _, _ = strings.Cut(first, ";")
	first = strings.TrimSpace(first)
	if first == "*" || len(first) > 35 {
		return ""
	}
	return first
}

func truthy(s string) bool { return s == "1" || s == "true" || s == "yes" || s == "on" }
