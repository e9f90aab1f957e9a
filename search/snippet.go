package search

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Highlighted snippets come from PostgreSQL's ts_headline with two
// private-use characters as the start and stop marks (never HTML, so the
// database never produces markup). The indexed text is stripped of those
// characters first, so only ts_headline can put them there; Parts splits on
// them and HTML escapes every piece of user text before adding <mark>.
const (
	MarkStart = "\uE000"
	MarkStop  = "\uE001"
)

// Clean removes the mark characters from text that will be indexed.
func Clean(s string) string {
	if !strings.ContainsAny(s, MarkStart+MarkStop) {
		return s
	}
	return strings.NewReplacer(MarkStart, "", MarkStop, "").Replace(s)
}

// Part is a piece of a snippet; Hit marks the words that matched.
type Part struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// Parts splits a marked headline into plain and matched pieces.
func Parts(marked string) []Part {
	var out []Part
	for marked != "" {
		i := strings.Index(marked, MarkStart)
		if i < 0 {
			out = appendPart(out, Part{Text: marked})
			break
		}
		out = appendPart(out, Part{Text: marked[:i]})
		marked = marked[i+len(MarkStart):]
		j := strings.Index(marked, MarkStop)
		if j < 0 {
			j = len(marked)
		}
		out = appendPart(out, Part{Text: marked[:j], Hit: true})
		marked = strings.TrimPrefix(marked[j:], MarkStop)
	}
	return out
}

func appendPart(out []Part, p Part) []Part {
	p.Text = Clean(p.Text)
	if p.Text == "" {
		return out
	}
	if n := len(out); n > 0 && out[n-1].Hit == p.Hit {
		out[n-1].Text += p.Text
		return out
	}
	return append(out, p)
}

// HTML renders parts as HTML: every piece escaped, matched ones in <mark>.
func HTML(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Hit {
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(p.Text))
			b.WriteString("</mark>")
		} else {
			b.WriteString(html.EscapeString(p.Text))
		}
	}
	return b.String()
}

// CJKParts builds a snippet of text around the first place a CJK run of the
// query occurs (ts_headline would show bigrams), marking every occurrence
// inside the window. width is in characters.
func CJKParts(text, query string, width int) []Part {
	terms := cjkRuns(query)
	text = strings.Join(strings.Fields(Clean(text)), " ")
	first := -1
	for _, t := range terms {
		if i := strings.Index(text, t); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	if first < 0 {
		return []Part{{Text: truncateRunes(text, width)}}
	}
	// Centre the window on the first hit, in characters.
	startRunes := utf8.RuneCountInString(text[:first]) - width/3
	if startRunes < 0 {
		startRunes = 0
	}
	runes := []rune(text)
	end := min(len(runes), startRunes+width)
	window := string(runes[startRunes:end])
	var out []Part
	if startRunes > 0 {
		out = append(out, Part{Text: "…"})
	}
	for window != "" {
		at, term := -1, ""
		for _, t := range terms {
			if i := strings.Index(window, t); i >= 0 && (at < 0 || i < at || (i == at && len(t) > len(term))) {
				at, term = i, t
			}
		}
		if at < 0 {
			out = appendPart(out, Part{Text: window})
			break
		}
		out = appendPart(out, Part{Text: window[:at]})
		out = appendPart(out, Part{Text: term, Hit: true})
		window = window[at+len(term):]
	}
	if end < len(runes) {
		out = appendPart(out, Part{Text: "…"})
	}
	return out
}

// cjkRuns lists the CJK runs of a query, longest first.
func cjkRuns(q string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range q {
		if isCJK(r) {
			cur = append(cur, r)
		} else {
			flush()
		}
	}
	flush()
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
