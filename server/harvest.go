package server

import (
	"bytes"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/metadata"
	"github.com/commonplace/commonplace/oai"
	"github.com/commonplace/commonplace/server/httpx"
)

// The harvesting endpoints are for everyone and carry no session: they are
// registered outside the identify and CSRF middleware, and every one of
// them answers as an anonymous reader (public resources only).

func (s *Server) site(c echo.Context) app.Site {
	host := c.Request().Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	admin := s.cfg.AdminEmail
	if admin == "" {
		admin = "admin@" + host
	}
	return app.Site{Origin: httpx.Origin(c), Host: host, AdminEmail: admin}
}

// oaiHandler is the OAI-PMH 2.0 data provider: the same request by GET
// (query string) or POST (form body). Protocol errors are answered with
// HTTP 200 and <error> elements, as the protocol defines.
func (s *Server) oaiHandler(c echo.Context) error {
	var args url.Values
	if c.Request().Method == http.MethodPost {
		if err := c.Request().ParseForm(); err != nil {
			return httpx.FormError(err)
		}
		args = c.Request().PostForm
	} else {
		args = c.QueryParams()
	}
	site := s.site(c)
	req, errs := oai.Parse(args)
	resp := oai.Response{}
	if len(errs) > 0 {
		resp = oai.Response{Date: nowUTC(), BaseURL: site.Origin + "/oai", Request: req, Echo: !hasCode(errs, oai.BadVerb, oai.BadArgument)}
		resp.Fail(errs...)
	} else {
		var err error
		if resp, err = s.app.OAI(c.Request().Context(), site, req); err != nil {
			return err // 503 with Retry-After: flow control, never an OAI error code
		}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/xml; charset=utf-8", resp.XML())
}

func hasCode(errs []oai.Error, codes ...string) bool {
	for _, e := range errs {
		for _, c := range codes {
			if e.Code == c {
				return true
			}
		}
	}
	return false
}

func (s *Server) sitemap(c echo.Context) error {
	f, err := s.app.Sitemap(c.Request().Context(), httpx.Origin(c), c.QueryParam("from"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if len(f.Index) > 0 {
		err = metadata.WriteSitemapIndex(&buf, f.Index, nowUTC())
	} else {
		err = metadata.WriteSitemap(&buf, f.URLs)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/xml; charset=utf-8", buf.Bytes())
}

func (s *Server) feed(c echo.Context) error {
	f, err := s.app.Feed(c.Request().Context(), app.FeedRequest{Origin: httpx.Origin(c), Language: c.QueryParam("language"), Subject: c.QueryParam("subject")})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := metadata.WriteAtom(&buf, f); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

// robots lets crawlers read resources and search, and keeps them out of
// accounts, forms and the API; it names the sitemap.
func (s *Server) robots(c echo.Context) error {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, p := range []string{"/api/", "/me", "/login", "/signup", "/new", "/logout", "/similar", "/*/edit", "/*/settings", "/*/translate"} {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("Allow: /\n\nSitemap: " + httpx.Origin(c) + "/sitemap.xml\n")
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(b.String()))
}
