package importer

import (
	"bytes"
	"unicode/utf8"

	"github.com/commonplace/commonplace/interchange"
)

// ReadMarkdown reads a Markdown file. A leading YAML front-matter block fills the metadata
// (title, description, language, licence, authors, subjects, level, dates, attribution, source)
// and is not kept in the text; without a title there, the first heading is the title.
func ReadMarkdown(data []byte, opt Options) (interchange.Document, error) {
	opt = opt.withDefaults()
	if int64(len(data)) > opt.MaxBytes {
		return interchange.Document{}, refuse(Markdown, ErrTooLarge, "the file is larger than the limit", nil)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return interchange.Document{}, refuse(Markdown, ErrMalformed, "the file is not UTF-8 text", nil)
	}
	var d interchange.Document
	front, body, ok := splitFrontMatter(data)
	if ok {
		m, err := parseFrontMatter(Markdown, front)
		if err != nil {
			return interchange.Document{}, err
		}
		m.apply(&d)
	}
	d.Markdown = string(body)
	if d.Title == "" {
		d.Title = firstHeading(body)
	}
	if len(bytes.TrimSpace(body)) == 0 && d.Title == "" {
		return interchange.Document{}, refuse(Markdown, ErrEmpty, "the file holds no text", nil)
	}
	return d, nil
}

// firstHeading returns the text of the first ATX heading ("# Title").
func firstHeading(md []byte) string {
	inFence := false
	for _, line := range bytes.Split(md, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) {
			inFence = !inFence
			continue
		}
		if !inFence && bytes.HasPrefix(t, []byte("#")) {
			h := bytes.TrimLeft(t, "#")
			if len(h) < len(t) && len(t)-len(h) <= 6 && (len(h) == 0 || h[0] == ' ') {
				return string(bytes.TrimSpace(bytes.TrimRight(bytes.TrimSpace(h), "#")))
			}
		}
	}
	return ""
}
