package export

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// voidElements are written self-closed in XHTML.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// booleanAttrs take their own name as value in XML (checked="checked").
var booleanAttrs = map[string]bool{"checked": true, "disabled": true, "open": true, "hidden": true, "reversed": true}

var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
var xmlAttr = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\t", "&#9;")

// writeXHTML serialises an HTML tree as XML (EPUB content documents are XHTML): elements closed,
// MathML in its namespace, boolean attributes spelled out, characters XML cannot hold dropped.
func writeXHTML(b *bytes.Buffer, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		xmlText.WriteString(b, xmlChars(n.Data)) //nolint:errcheck // a bytes.Buffer never fails
	case html.ElementNode:
		b.WriteByte('<')
		b.WriteString(n.Data)
		if n.Namespace == "math" && n.Data == "math" {
			b.WriteString(` xmlns="http://www.w3.org/1998/Math/MathML"`)
		}
		for _, a := range n.Attr {
			if a.Namespace != "" {
				continue
			}
			val := a.Val
			if val == "" && booleanAttrs[a.Key] {
				val = a.Key
			}
			b.WriteByte(' ')
			b.WriteString(a.Key)
			b.WriteString(`="`)
			xmlAttr.WriteString(b, xmlChars(val)) //nolint:errcheck // a bytes.Buffer never fails
			b.WriteByte('"')
		}
		if voidElements[n.Data] && n.Namespace == "" {
			b.WriteString("/>")
			return
		}
		b.WriteByte('>')
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeXHTML(b, c)
		}
		b.WriteString("</")
		b.WriteString(n.Data)
		b.WriteByte('>')
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeXHTML(b, c)
		}
	}
}

// xmlChars drops the characters XML 1.0 forbids.
func xmlChars(s string) string {
	ok := true
	for _, r := range s {
		if !isXMLChar(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isXMLChar(r) {
			return r
		}
		return -1
	}, s)
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xhtmlDocument writes a whole XHTML file with the EPUB namespaces.
func xhtmlDocument(lang, dir, title, stylesheet string, body *html.Node) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n")
	b.WriteString(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="`)
	xmlAttr.WriteString(&b, lang) //nolint:errcheck // a bytes.Buffer never fails
	b.WriteString(`" xml:lang="`)
	xmlAttr.WriteString(&b, lang) //nolint:errcheck // a bytes.Buffer never fails
	b.WriteString(`" dir="` + dir + `">` + "\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
	xmlText.WriteString(&b, xmlChars(title)) //nolint:errcheck // a bytes.Buffer never fails
	b.WriteString("</title>\n")
	b.WriteString(`<link rel="stylesheet" type="text/css" href="` + stylesheet + `"/>` + "\n</head>\n")
	writeXHTML(&b, body)
	b.WriteString("\n</html>\n")
	return b.Bytes()
}
