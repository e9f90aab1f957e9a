package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Pages for readers who are not signed in (issue 14, low bandwidth) carry an ETag made from
// their bytes and "Cache-Control: private, no-cache": the browser keeps the page and asks again
// each time, and an unchanged page costs a 304 and no body. Hashing a rendered page costs
// microseconds; rendering still happens, so this saves bytes, not server work. Signed-in pages
// stay no-store (they hold a person's inbox count and forms; shared computers).

func cacheablePage(c echo.Context, status int, p *Page) bool {
	return status == http.StatusOK && p.User == nil && c.Request().Method == http.MethodGet
}

func revalidated(c echo.Context, body []byte) error {
	sum := sha256.Sum256(body)
	etag := `W/"` + hex.EncodeToString(sum[:10]) + `"`
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, no-cache")
	if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.HTMLBlob(http.StatusOK, body)
}
