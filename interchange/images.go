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
		end := refEnd(rest, stop)
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

// RewriteImageRefs returns markdown with every image address that to maps replaced (the
// places ImageRefs reads: destinations after "](" and src="…"); to returns false to keep one.
func RewriteImageRefs(markdown string, to func(src string) (string, bool)) string {
	markdown = rewriteBetween(markdown, "](", ") \n", to)
	return rewriteBetween(markdown, `src="`, `"`, to)
}

func rewriteBetween(s, open, stop string, to func(string) (string, bool)) string {
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+len(open)])
		s = s[i+len(open):]
		end := refEnd(s, stop)
		if end < 0 {
			b.WriteString(s)
			return b.String()
		}
		ref := s[:end]
		angled := strings.HasPrefix(ref, "<") && strings.HasSuffix(ref, ">")
		if next, ok := to(strings.Trim(ref, "<>")); ok {
			if angled {
				next = "<" + next + ">"
			}
			b.WriteString(next)
		} else {
			b.WriteString(ref)
		}
		s = s[end:]
	}
}

// refEnd is where an address starting s ends: at the first stop byte, or after the ">" of an
// address in angle brackets (which may hold spaces).
func refEnd(s, stop string) int {
	if strings.HasPrefix(s, "<") {
		if j := strings.IndexAny(s, ">\n"); j >= 0 && s[j] == '>' {
			return j + 1
		}
	}
	return strings.IndexAny(s, stop)
}
