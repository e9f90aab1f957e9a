package server

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
)

type importJSON struct {
	Format    string         `json:"format"`
	Resources []resourceJSON `json:"resources"`
	Warnings  []string       `json:"warnings"`
}

// apiImportResources creates resources from a file: multipart/form-data with a "file" field
// (and optional language, license, visibility fields), or the file as the raw body with its
// name in ?filename= or a Content-Disposition header.
func (s *Server) apiImportResources(c echo.Context) error {
	if _, err := requireUser(c); err != nil {
		return err
	}
	req, err := importRequest(c)
	if err != nil {
		return err
	}
	res, err := s.app.ImportResources(c.Request().Context(), actor(c), req)
	if err != nil {
		return err
	}
	out := importJSON{Format: string(res.Format), Resources: []resourceJSON{}, Warnings: res.Warnings}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	for _, r := range res.Resources {
		out.Resources = append(out.Resources, toResourceJSON(r, resource.RoleOwner, false))
	}
	return c.JSON(http.StatusCreated, out)
}

// importRequest reads the file and the choices that come with it.
func importRequest(c echo.Context) (app.ImportRequest, error) {
	var req app.ImportRequest
	field := func(k string) (string, error) {
		v := c.QueryParam(k)
		if isMultipart(c) {
			v = c.FormValue(k)
		}
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return "", newError(http.StatusBadRequest, "invalid_utf8", "the field %s is not valid UTF-8", k)
		}
		return v, nil
	}
	var err error
	if req.FileName, req.Data, err = uploadedFile(c, "file"); err != nil {
		return req, err
	}
	if req.Language, err = field("language"); err != nil {
		return req, err
	}
	if req.License, err = field("license"); err != nil {
		return req, err
	}
	req.Visibility, err = field("visibility")
	return req, err
}

func isMultipart(c echo.Context) bool {
	return strings.HasPrefix(c.Request().Header.Get("Content-Type"), "multipart/form-data")
}

// uploadedFile reads a file from a multipart field, or from the raw body.
func uploadedFile(c echo.Context, fieldName string) (string, []byte, error) {
	if isMultipart(c) {
		fh, err := c.FormFile(fieldName)
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, formError(err)
			}
			return "", nil, &apiError{Status: http.StatusBadRequest, Code: "bad_request", Field: fieldName, Message: "choose a file to send (the form field “" + fieldName + "”)"}
		}
		f, err := fh.Open()
		if err != nil {
			return "", nil, newError(http.StatusBadRequest, "bad_request", "the file could not be read")
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return "", nil, formError(err)
		}
		return fh.Filename, data, nil
	}
	name := c.QueryParam("filename")
	if _, params, err := mime.ParseMediaType(c.Request().Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		name = params["filename"]
	}
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return "", nil, formError(err)
	}
	if len(data) == 0 {
		return "", nil, &apiError{Status: http.StatusBadRequest, Code: "bad_request", Field: fieldName, Message: "the request has no file: send it as the body or as a multipart field “" + fieldName + "”"}
	}
	if !utf8.ValidString(name) {
		return "", nil, newError(http.StatusBadRequest, "invalid_utf8", "the file name is not valid UTF-8")
	}
	return name, data, nil
}
