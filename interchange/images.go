package interchange

import (
	"net/url"
	"path"
	"strings"
)

// ImageRefs lists the image addresses a Markdown text uses: the destinations of ![alt](src)
// and the src of <img> tags, in order. It reads the text as written, without parsing it.
func ImageRefs(markdown string) []string {
	var out []string
	out = appendBetween(out, markdown, "](", ") \n")
	return appendBetween(out, markdown, `src="`, `"`)
}

func appendBetween(out []string, s, open, stop string) []string {
	for rest := s; ; {
		i := strings.Index(rest, open)
		if i < 0 {
			return out
		}
		rest = rest[i+len(open):]
		end := strings.IndexAny(rest, stop)
		if end < 0 {
			return out
		}
		out = append(out, strings.Trim(rest[:end], "<>"))
	}
}

// FindImage returns the index of the image src refers to, or -1. An image is referred to by its
// name, or by any path ending in "/" and its name ("/r/123/images/cell.png").
func FindImage(images []Image, src string) int {
	if src == "" {
		return -1
	}
	u, err := url.Parse(src)
	if err != nil {
		return -1
	}
	base := path.Base(u.Path)
	for i, img := range images {
		if img.Name == u.Path || img.Name == base || strings.HasSuffix(u.Path, "/"+img.Name) {
			return i
		}
	}
	return -1
}
