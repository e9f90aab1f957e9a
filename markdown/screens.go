package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// forScreens prepares sanitised HTML for a page that may be read on a phone (WCAG 1.4.10 lets
// two-dimensional content scroll; 2.1.1 wants whatever scrolls reachable with the keyboard):
//
//   - a display formula cannot wrap (browsers do not break MathML lines), so it scrolls inside
//     itself and takes the focus; a <math> element is named by its own content;
//   - a table with a header row goes in <div class="table-scroll" role="region" tabindex="0">
//     named by that row, so that its columns keep their words whole and the box scrolls.
//
// It runs after the sanitiser, whose output is canonical: tags are exactly as written here, and
// a "<" in text is "&lt;".
func forScreens(html []byte) []byte {
	html = bytes.ReplaceAll(html, []byte(`<math display="block">`), []byte(`<math display="block" tabindex="0">`))
	return wrapTables(html)
}

// wrapTables wraps each <table> whose first row is a header row. Tables written in raw HTML with
// attributes, or without a header row, stay as they are (they reflow by breaking words).
func wrapTables(html []byte) []byte {
	if !bytes.Contains(html, []byte("<table>\n<thead>\n<tr>")) {
		return html
	}
	sum := sha256.Sum256(html)
	prefix := "tbl-" + hex.EncodeToString(sum[:4]) + "-" // ids unique among the renderings on one page
	var out bytes.Buffer
	var wrapped []bool // per open table, innermost last
	n := 0
	for len(html) > 0 {
		open, end := bytes.Index(html, []byte("<table")), bytes.Index(html, []byte("</table>"))
		switch {
		case open < 0 && end < 0:
			out.Write(html)
			html = nil
		case open >= 0 && (end < 0 || open < end):
			out.Write(html[:open])
			html = html[open:]
			head := []byte("<table>\n<thead>\n<tr>")
			if !bytes.HasPrefix(html, head) {
				out.WriteString("<table")
				html = html[len("<table"):]
				wrapped = append(wrapped, false)
				continue
			}
			n++
			id := prefix + strconv.Itoa(n)
			out.WriteString(`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="` + id + `"><table>` + "\n<thead>\n" + `<tr id="` + id + `">`)
			html = html[len(head):]
			wrapped = append(wrapped, true)
		default:
			out.Write(html[:end+len("</table>")])
			html = html[end+len("</table>"):]
			if k := len(wrapped); k > 0 {
				if wrapped[k-1] {
					out.WriteString("</div>")
				}
				wrapped = wrapped[:k-1]
			}
		}
	}
	return out.Bytes()
}
