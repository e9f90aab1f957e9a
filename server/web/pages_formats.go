package web

import (
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

// alternateOf reads a short export address: /r/{id}.md, .html or .epub. The router hands the
// whole "{id}.md" over as the id; the id proper is put back for the handler.
func alternateOf(c echo.Context) (export.Format, bool) {
	id := c.Param("id")
	ext := path.Ext(id)
	if ext == "" {
		return "", false
	}
	f, ok := app.DownloadFormat(ext)
	if ok {
		c.SetParamValues(strings.TrimSuffix(id, ext))
	}
	return f, ok
}

// importedPage lists what an import created when it is more than one resource or when the
// author should look at something.
type importedPage struct {
	Resources []resource.Resource
	Warnings  []string
}

// pageImportSubmit imports a file from the new-resource page.
func (s *Site) pageImportSubmit(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	req, err := httpx.ImportRequest(c)
	var res app.ImportResult
	if err == nil {
		res, err = s.app.ImportResources(c.Request().Context(), httpx.Actor(c), req)
	}
	if err != nil {
		ae := httpx.ToError(err)
		if ae.Status >= 500 || ae.Status == http.StatusForbidden || ae.Status == http.StatusUnauthorized {
			return err
		}
		p := s.page(c, tr(c, "New resource"), formData(nil, "/new", "Create resource", true, true, true, false))
		p.Form = map[string]string{"language": resource.LanguageLabel(localeOf(c).Code), "license": resource.DefaultLicense, "visibility": "public"}
		p.Errors["file"] = ae.Message
		return s.render(c, ae.Status, "resource_form", p)
	}
	if len(res.Resources) == 1 && len(res.Warnings) == 0 {
		return c.Redirect(http.StatusSeeOther, "/r/"+res.Resources[0].ID+"?done=imported")
	}
	p := s.page(c, tr(c, "Imported"), importedPage{Resources: res.Resources, Warnings: res.Warnings})
	p.Flash = trn(c, "Imported {n} resource as a private draft: check it, then choose who may see it in its settings.",
		"Imported {n} resources as private drafts: check them, then choose who may see them in their settings.", len(res.Resources))
	return s.render(c, http.StatusCreated, "imported", p)
}

// imagesPage is the pictures of a resource and, for its editors, the upload form.
type imagesPage struct {
	Resource resource.Resource
	Images   []app.ImageInfo
	CanEdit  bool
}

func (s *Site) imagesPageOf(c echo.Context) (*Page, error) {
	ctx := c.Request().Context()
	r, x, err := s.app.Resource(ctx, httpx.Actor(c), c.Param("id"), resource.View)
	if err != nil {
		return nil, err
	}
	list, err := s.app.Images(ctx, httpx.Actor(c), r.ID)
	if err != nil {
		return nil, err
	}
	return s.page(c, tr(c, "Pictures of “{title}”", "title", r.Title), imagesPage{Resource: r, Images: list, CanEdit: x.Can(resource.EditContent)}), nil
}

func (s *Site) pageImages(c echo.Context) error {
	p, err := s.imagesPageOf(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "images", p)
}

// pageAddImage uploads a picture from the pictures page.
func (s *Site) pageAddImage(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.app.Check(ctx, httpx.Actor(c), c.Param("id"), resource.EditContent); err != nil {
		return err
	}
	_, data, err := httpx.UploadedFile(c, "file")
	alt := c.FormValue("alt")
	if err == nil {
		_, err = s.app.AddImage(ctx, httpx.Actor(c), c.Param("id"), data, alt)
	}
	if err != nil {
		ae := httpx.ToError(err)
		if ae.Status >= 500 || ae.Status == http.StatusNotFound || ae.Status == http.StatusForbidden || ae.Status == http.StatusUnauthorized {
			return err
		}
		p, perr := s.imagesPageOf(c)
		if perr != nil {
			return perr
		}
		field := ae.Field
		if field != "alt" {
			field = "file"
		}
		msg := ae.Message
		if field == "alt" {
			msg = "A description is " + strings.TrimPrefix(strings.TrimPrefix(msg, "alt: "), "is ")
			if strings.HasPrefix(msg, "A description is required") {
				msg = tr(c, "A description is required: describe the picture for people who cannot see it")
			}
		}
		p.Errors[field] = msg
		p.Form["alt"] = alt
		return s.render(c, ae.Status, "images", p)
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/images?done=image")
}

func (s *Site) pageRemoveImage(c echo.Context) error {
	if _, err := formValues(c); err != nil {
		return err
	}
	if err := s.app.RemoveImage(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("name")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/images?done=unimage")
}

// pageExport is the same download from the resource page (errors as pages).
func (s *Site) pageExport(c echo.Context) error {
	return httpx.SendExport(c, s.app, export.Format(c.QueryParam("format")), false)
}

// serveImage sends a picture through the policy: an image of a resource the caller may not
// read is not found. Its address names its content, so browsers may keep it for good; it is
// never cached by shared caches (access can change), and an SVG opened on its own runs in a
// sandbox that allows no script and no fetch.
func (s *Site) serveImage(c echo.Context) error {
	rec, err := s.app.ImageFile(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("name"))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	etag := `"` + rec.Hash + `"`
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	h.Set("Vary", "Cookie, Authorization")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
	h.Set("Content-Disposition", httpx.ContentDisposition("inline", rec.Name()))
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	h.Set("Content-Length", strconv.Itoa(len(rec.Data)))
	return c.Blob(http.StatusOK, rec.MediaType, rec.Data)
}
