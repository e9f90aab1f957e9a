package export

import (
	"golang.org/x/net/html"
)

// tocLabels name the table of contents in a few languages; others read "Contents".
var tocLabels = map[string]string{
	"en": "Contents", "es": "Contenido", "fr": "Table des matières", "pt": "Sumário", "de": "Inhalt",
	"ar": "المحتويات", "zh": "目录", "ja": "目次", "ru": "Содержание", "fa": "فهرست", "he": "תוכן העניינים",
	"hi": "विषय-सूची", "sw": "Yaliyomo", "it": "Indice",
}

func tocLabel(lang string) (label, labelLang string) {
	base := lang
	for i, r := range lang {
		if r == '-' || r == '_' {
			base = lang[:i]
			break
		}
	}
	if l, ok := tocLabels[base]; ok {
		return l, lang
	}
	return "Contents", "en"
}

// tocNav is a navigation list of the pages and their headings; file(d) is the address of page
// d ("" when all pages share one file).
func tocNav(pages []*page, file func(d int) string) *html.Node {
	label, labelLang := tocLabel(pages[0].lang)
	title := el("h2", attrs("id", "toc-title"), txt(label))
	if labelLang != pages[0].lang {
		setAttr(title, "lang", labelLang)
	}
	list := el("ol", nil)
	for d, p := range pages {
		list.AppendChild(tocEntry(p, file(d)))
	}
	return el("nav", attrs("class", "toc", "aria-labelledby", "toc-title"), title, list)
}

// tocEntry is one page: its title, then its headings nested by level.
func tocEntry(p *page, file string) *html.Node {
	top := p.headings[0]
	item := el("li", nil, el("a", attrs("href", file+"#"+top.id), txt(top.text)))
	type frame struct {
		level int
		list  *html.Node
		last  *html.Node
	}
	stack := []frame{{level: 0, last: item}}
	for _, h := range p.headings[1:] {
		if h.level > 3 {
			continue
		}
		text := h.text
		if text == "" {
			text = "§"
		}
		li := el("li", nil, el("a", attrs("href", file+"#"+h.id), txt(text)))
		for len(stack) > 1 && stack[len(stack)-1].level >= h.level {
			stack = stack[:len(stack)-1]
		}
		parent := &stack[len(stack)-1]
		if parent.list == nil || parent.list.Parent == nil {
			parent.list = el("ol", nil)
			parent.last.AppendChild(parent.list)
		}
		parent.list.AppendChild(li)
		stack = append(stack, frame{level: h.level, last: li})
	}
	return item
}
