package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/internal/lessons"
)

// fetch sends a request as the client and returns the response with its body read.
func (c *client) fetch(method, path string, body io.Reader, headers map[string]string) (*http.Response, []byte) {
	c.env.t.Helper()
	req, err := http.NewRequest(method, c.env.URL+path, body)
	if err != nil {
		c.env.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.env.t.Fatal(err)
	}
	return resp, raw
}

// multipartBody writes a form with one file and the given fields.
func multipartBody(t testing.TB, field, name string, data []byte, fields map[string]string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := w.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, w.FormDataContentType()
}

// importFile imports a file through the API as multipart/form-data.
func (c *client) importFile(name string, data []byte, fields map[string]string) (int, map[string]any) {
	c.env.t.Helper()
	body, ctype := multipartBody(c.env.t, "file", name, data, fields)
	req, _ := http.NewRequest("POST", c.env.URL+"/api/v1/resources/import", body)
	req.Header.Set("Content-Type", ctype)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, decodeJSON(c.env.t, resp)
}

// createLesson makes a public resource from a corpus lesson and returns its id.
func (c *client) createLesson(d interchange.Document, l lessons.Lesson) string {
	c.env.t.Helper()
	level := ""
	if strings.HasPrefix(l.Level, "higher") {
		level = "higher"
	}
	return c.createResource(map[string]any{"title": d.Title, "summary": d.Summary, "language": d.Language, "license": d.License,
		"subjects": d.Subjects, "level": level, "visibility": "public", "content": d.Markdown})
}

func decodeJSON(t testing.TB, resp *http.Response) map[string]any {
	t.Helper()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	if len(raw) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("bad JSON %q", raw)
		}
	}
	return out
}

func jsonUnmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }
