package server_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

func testPNG(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 3, 2))
	m.Set(1, 1, color.RGBA{0, 90, 200, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Imports through the API: multipart or a raw body, fields from the front matter, a private
// draft, the named source credited; bad files are 415, 413 or 400 and create nothing.
func TestImportThroughTheAPI(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(c *app.Config, s *server.Config) { c.Import.MaxBytes = 4000 })
	amina := env.signup("amina")
	md := "---\ntitle: Ríos\ndescription: Cómo crecen\nlanguage: es\nlicense: CC-BY-SA-4.0\nsubjects: [geografía]\nlevel: primary\n" +
		"source:\n  title: Rivers\n  url: https://example.org/rivers\n  authors: [Ada]\n  license: CC-BY-SA-4.0\n---\n# Ríos\n\nEl agua $h_2o$ fluye.\n"
	status, out := amina.importFile("rios.md", []byte(md), nil)
	if status != http.StatusCreated || out["format"] != "md" {
		t.Fatalf("import: %d %v", status, out)
	}
	r := out["resources"].([]any)[0].(map[string]any)
	if r["title"] != "Ríos" || r["summary"] != "Cómo crecen" || r["language"] != "es" || r["license"] != "CC-BY-SA-4.0" ||
		r["level"] != "primary" || r["visibility"] != "private" || r["dir"] != "ltr" {
		t.Errorf("imported resource: %v", r)
	}
	_, attr := amina.do("GET", "/api/v1/resources/"+r["id"].(string)+"/attribution", nil)
	sources, _ := attr["sources"].([]any)
	if len(sources) != 1 || sources[0].(map[string]any)["url"] != "https://example.org/rivers" || sources[0].(map[string]any)["external"] != true ||
		!strings.Contains(attr["text"].(string), "Rivers") || !strings.Contains(attr["text"].(string), "Ada") {
		t.Errorf("imported-from credit: %v", attr)
	}

	// A raw body names its file in Content-Disposition or ?filename=.
	resp, body := amina.fetch("POST", "/api/v1/resources/import?visibility=unlisted", strings.NewReader("<!doctype html><html lang=fr><head><title>Fleuves</title></head><body><h1>Fleuves</h1><p>Texte.</p></body></html>"),
		map[string]string{"Content-Type": "text/html", "Content-Disposition": `attachment; filename="fleuves.html"`})
	if resp.StatusCode != http.StatusCreated || !bytes.Contains(body, []byte(`"title":"Fleuves"`)) || !bytes.Contains(body, []byte(`"visibility":"unlisted"`)) {
		t.Errorf("raw import: %d %s", resp.StatusCode, body)
	}

	_, before := amina.do("GET", "/api/v1/resources?mine=true", nil)
	for name, c := range map[string]struct {
		data []byte
		want int
		code string
	}{
		"binary.bin":  {[]byte{0, 159, 146, 150, 0, 1}, http.StatusUnsupportedMediaType, "unsupported_media_type"},
		"big.md":      {bytes.Repeat([]byte("word "), 1000), http.StatusRequestEntityTooLarge, "too_large"},
		"broken.epub": {append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 60)...), http.StatusBadRequest, "malformed"},
		"empty.md":    {[]byte("\n\n"), http.StatusBadRequest, "malformed"},
		"badlic.md":   {[]byte("---\ntitle: X\nlicense: Mine Only\n---\ntext\n"), http.StatusUnprocessableEntity, "invalid"},
	} {
		status, out := amina.importFile(name, c.data, nil)
		if status != c.want || (c.code != "malformed" && errorCode(out) != c.code) {
			t.Errorf("%s: %d %v, want %d %s", name, status, out, c.want, c.code)
		}
	}
	if status, _ := env.anon().importFile("a.md", []byte("# A\n"), nil); status != http.StatusUnauthorized {
		t.Errorf("anonymous import: %d", status)
	}
	if resp, _ := amina.fetch("POST", "/api/v1/resources/import", nil, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no file: %d", resp.StatusCode)
	}
	_, after := amina.do("GET", "/api/v1/resources?mine=true", nil)
	if before["total"] != after["total"] {
		t.Errorf("refused imports created resources: %v → %v", before["total"], after["total"])
	}
}

// Pictures through the API and their address: alt text required, type by content, served
// with caching headers only to those who may read the resource.
func TestImagesThroughTheServer(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, bo := env.signup("amina"), env.signup("bo")
	id := amina.createResource(map[string]any{"visibility": "private"})
	upload := func(c *client, name string, data []byte, alt string) (int, map[string]any) {
		body, ctype := multipartBody(t, "file", name, data, map[string]string{"alt": alt})
		resp, raw := c.fetch("POST", "/api/v1/resources/"+id+"/images", body, map[string]string{"Content-Type": ctype})
		out := map[string]any{}
		_ = jsonUnmarshal(raw, &out)
		return resp.StatusCode, out
	}
	if status, out := upload(amina, "dot.png", testPNG(t), ""); status != http.StatusUnprocessableEntity || out["error"].(map[string]any)["field"] != "alt" {
		t.Errorf("no alt: %d %v", status, out)
	}
	if status, _ := upload(amina, "dot.png", []byte("<html>not a picture</html>"), "x"); status != http.StatusUnsupportedMediaType {
		t.Errorf("not a picture named .png: %d", status)
	}
	if status, _ := upload(bo, "dot.png", testPNG(t), "x"); status != http.StatusNotFound {
		t.Errorf("an outsider's upload to a private resource: %d", status)
	}
	status, img := upload(amina, "dot.png", testPNG(t), "A blue dot")
	if status != http.StatusCreated || img["media_type"] != "image/png" || img["alt"] != "A blue dot" {
		t.Fatalf("upload: %d %v", status, img)
	}
	url := img["url"].(string)
	resp, data := amina.fetch("GET", url, nil, nil)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(data, testPNG(t)) || resp.Header.Get("Content-Type") != "image/png" ||
		resp.Header.Get("Cache-Control") != "private, max-age=31536000, immutable" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("serve: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, _ := amina.fetch("GET", url, nil, map[string]string{"If-None-Match": resp.Header.Get("ETag")}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", resp.StatusCode)
	}
	for _, c := range []*client{env.anon(), bo} {
		if resp, data := c.fetch("GET", url, nil, nil); resp.StatusCode != http.StatusNotFound || bytes.Equal(data, testPNG(t)) {
			t.Errorf("the picture of a private resource was served to an outsider: %d", resp.StatusCode)
		}
	}
	// SVG is cleaned on the way in.
	status, svg := upload(amina, "x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="4" height="4"/></svg>`), "A square")
	if status != http.StatusCreated {
		t.Fatalf("svg: %d %v", status, svg)
	}
	if _, data := amina.fetch("GET", svg["url"].(string), nil, nil); bytes.Contains(data, []byte("alert")) || !bytes.Contains(data, []byte("<rect")) {
		t.Errorf("served svg: %s", data)
	}
	_, list := amina.do("GET", "/api/v1/resources/"+id+"/images", nil)
	if imgs, _ := list["images"].([]any); len(imgs) != 2 {
		t.Errorf("list: %v", list)
	}
	if resp, _ := amina.fetch("DELETE", "/api/v1/resources/"+id+"/images/"+img["name"].(string), nil, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("remove: %d", resp.StatusCode)
	}
	if resp, _ := amina.fetch("GET", url, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a removed picture is still served: %d", resp.StatusCode)
	}
}
