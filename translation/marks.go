package translation

import "strings"

// Markers around untranslated text in Markdown rebuilt for display. They
// are Unicode punctuation (U+2E4E PUNCTUS ELEVATUS MARK, U+2E4F CORNISH
// VERSE DIVIDER), not private-use characters: CommonMark decides whether
// "**" or "_" opens or closes emphasis from the character beside it, and a
// punctuation mark there behaves like the space or punctuation that
// surrounds a sentence, where a private-use letter-like character made
// "**Note.**" and "_word_" render as literal asterisks and underscores.
const (
	MarkOpen  = "\u2E4E"
	MarkClose = "\u2E4F"
)

// RebuildForDisplay rebuilds the document like Rebuild and wraps every run
// of untranslated text in MarkOpen…MarkClose: adjacent untranslated
// sentences of one block form one run (one isolate on a right-to-left page,
// so they keep their order), and a run never straddles half of a markup
// pair, so after rendering each run is balanced HTML. It returns the
// Markdown and the number of runs. Render the Markdown, then call
// ReplaceMarks on the HTML.
func (d *Document) RebuildForDisplay(targets map[string]string) (string, int, error) {
	n := 0
	md, err := d.rebuild(targets, func(s string) string {
		n++
		return MarkOpen + s + MarkClose
	})
	return md, n, err
}

// untranslatedRuns lists the byte ranges of the source to mark, in order.
func (d *Document) untranslatedRuns(targets map[string]string) [][2]int {
	var runs [][2]int
	lastSeg, prevSeg := -2, -2 // the last segment marked; the sentence before this one
	for i, seg := range d.Segments {
		if d.spans[i].alt {
			continue // alt texts are never marked (an attribute cannot hold the marks)
		}
		before := prevSeg
		prevSeg = i
		if t, ok := targets[seg.ID]; ok && t != "" {
			continue
		}
		for _, m := range d.spans[i].marks {
			for m[0] < m[1] && isBlank(d.src[m[0]]) {
				m[0]++
			}
			for m[1] > m[0] && isBlank(d.src[m[1]-1]) {
				m[1]--
			}
			if m[0] >= m[1] {
				continue
			}
			if n := len(runs); n > 0 && (lastSeg == i || lastSeg == before && d.Segments[lastSeg].Block == seg.Block) &&
				gapIsBlank(d.src[runs[n-1][1]:m[0]]) {
				runs[n-1][1] = m[1]
			} else {
				runs = append(runs, m)
			}
			lastSeg = i
		}
	}
	return runs
}

// gapIsBlank reports whether the bytes between two runs are only spaces and
// line breaks (with the block quote markers that start a continued line).
func gapIsBlank(s string) bool {
	return strings.Trim(s, " \t\r\n>") == ""
}

// ReplaceMarks turns the markers in rendered HTML into open and close
// (e.g. a <span class="untranslated" lang dir>…</span>). A pair whose
// content is not balanced HTML, and any stray marker, is dropped rather
// than risk a broken page.
func ReplaceMarks(html, open, close string) string {
	if !strings.Contains(html, MarkOpen) && !strings.Contains(html, MarkClose) {
		return html
	}
	var b strings.Builder
	rest := html
	for {
		i := strings.Index(rest, MarkOpen)
		if i < 0 {
			b.WriteString(strings.ReplaceAll(rest, MarkClose, ""))
			return b.String()
		}
		b.WriteString(strings.ReplaceAll(rest[:i], MarkClose, ""))
		rest = rest[i+len(MarkOpen):]
		j := strings.Index(rest, MarkClose)
		k := strings.Index(rest, MarkOpen)
		if j < 0 || k >= 0 && k < j {
			continue // an open without its close: drop it
		}
		inner := rest[:j]
		if balancedHTML(inner) {
			b.WriteString(open + inner + close)
		} else {
			b.WriteString(inner)
		}
		rest = rest[j+len(MarkClose):]
	}
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// balancedHTML reports whether every element opened in s is closed in s
// and nothing is closed that s did not open. s is a renderer's output, so
// tags are well-formed and attribute values quoted.
func balancedHTML(s string) bool {
	var stack []string
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return len(stack) == 0
		}
		s = s[i+1:]
		if strings.HasPrefix(s, "!--") {
			end := strings.Index(s, "-->")
			if end < 0 {
				return false
			}
			s = s[end+3:]
			continue
		}
		end := tagEnd(s)
		if end < 0 {
			return false
		}
		tag := s[:end]
		s = s[end+1:]
		closing := strings.HasPrefix(tag, "/")
		name := strings.ToLower(strings.TrimLeft(tag, "/"))
		if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
			name = name[:k]
		}
		switch {
		case closing:
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return false
			}
			stack = stack[:len(stack)-1]
		case voidElements[name] || strings.HasSuffix(tag, "/"):
		default:
			stack = append(stack, name)
		}
	}
}

// tagEnd finds the ">" that ends a tag, skipping quoted attribute values.
func tagEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}
