package versioning

import (
	"strconv"
	"strings"
)

// ChangeSummary counts sections changed between two versions of a Markdown
// text, for the "changes were made" line of a CC 4.0 attribution.
type ChangeSummary struct {
	Rewritten, Added, Removed int
	Identical                 bool
}

// SummarizeChanges compares old and new section by section. A section is a
// heading with the blocks under it (text before the first heading is a
// section too); when neither text has a heading, each paragraph (blocks
// separated by blank lines) is a section. Sections are matched with a diff
// over the section sequence; inside each changed run, pairs count as
// rewritten and the surplus as added or removed. Changes to whitespace only
// (trailing spaces, blank lines) count as nothing.
func SummarizeChanges(old, new string) ChangeSummary {
	if old == new {
		return ChangeSummary{Identical: true}
	}
	oldLines, newLines := splitLines(old), splitLines(new)
	byHeading := hasHeading(oldLines) || hasHeading(newLines)
	a, b := sections(oldLines, byHeading), sections(newLines, byHeading)
	var s ChangeSummary
	runs := diffTokens(a, b)
	for i := 0; i < len(runs); {
		if runs[i].op == Equal {
			i++
			continue
		}
		dels, ins := 0, 0
		for ; i < len(runs) && runs[i].op != Equal; i++ {
			if runs[i].op == Delete {
				dels += runs[i].n
			} else {
				ins += runs[i].n
			}
		}
		pairs := min(dels, ins)
		s.Rewritten += pairs
		s.Added += ins - pairs
		s.Removed += dels - pairs
	}
	return s
}

// String renders the summary for an attribution statement:
// "3 sections rewritten, 1 added", "1 section removed", "no changes".
func (s ChangeSummary) String() string {
	if s.Identical {
		return "no changes"
	}
	var parts []string
	for _, p := range []struct {
		n    int
		verb string
	}{{s.Rewritten, "rewritten"}, {s.Added, "added"}, {s.Removed, "removed"}} {
		if p.n == 0 {
			continue
		}
		if len(parts) == 0 {
			noun := "sections"
			if p.n == 1 {
				noun = "section"
			}
			parts = append(parts, strconv.Itoa(p.n)+" "+noun+" "+p.verb)
		} else {
			parts = append(parts, strconv.Itoa(p.n)+" "+p.verb)
		}
	}
	if len(parts) == 0 {
		return "whitespace changes only"
	}
	return strings.Join(parts, ", ")
}

// mdScanner tracks fenced code blocks so that "# not a heading" inside code
// does not cut a section.
type mdScanner struct {
	fence string // the opening fence while inside a fenced block
}

// step reports whether the line (without its newline) is inside or opens or
// closes a fence.
func (m *mdScanner) step(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return m.fence != ""
	}
	if m.fence != "" {
		if strings.HasPrefix(t, m.fence) && strings.Trim(t, m.fence[:1]+" \t\r") == "" {
			m.fence = ""
		}
		return true
	}
	for _, c := range []string{"```", "~~~"} {
		if strings.HasPrefix(t, c) {
			n := len(t) - len(strings.TrimLeft(t, c[:1]))
			m.fence = strings.Repeat(c[:1], n)
			return true
		}
	}
	return false
}

func isATXHeading(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	n := len(t) - len(strings.TrimLeft(t, "#"))
	if n < 1 || n > 6 {
		return false
	}
	rest := t[n:]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// isSetextUnderline reports a line of only "=" or only "-" (CommonMark's
// setext heading underline, when it follows a paragraph line).
func isSetextUnderline(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || len(line)-len(strings.TrimLeft(line, " ")) > 3 {
		return false
	}
	return strings.Trim(t, "=") == "" || strings.Trim(t, "-") == ""
}

func isBlank(line string) bool { return strings.TrimSpace(line) == "" }

// headingStarts returns, for each line, whether a section starts there.
func headingStarts(lines []string) []bool {
	starts := make([]bool, len(lines))
	var m mdScanner
	for i, raw := range lines {
		line := strings.TrimRight(raw, "\r\n")
		if m.step(line) {
			continue
		}
		switch {
		case isATXHeading(line):
			starts[i] = true
		case i > 0 && isSetextUnderline(line) && !isBlank(lines[i-1]) && !isATXHeading(lines[i-1]) && !starts[i-1]:
			starts[i-1] = true
		}
	}
	return starts
}

func hasHeading(lines []string) bool {
	for _, s := range headingStarts(lines) {
		if s {
			return true
		}
	}
	return false
}

// sections cuts lines into normalised sections (trailing spaces and blank
// lines removed), dropping empty ones.
func sections(lines []string, byHeading bool) []string {
	var out []string
	var cur []string
	flush := func() {
		var b strings.Builder
		for _, l := range cur {
			l = strings.TrimRight(l, " \t\r\n")
			if l == "" {
				continue
			}
			b.WriteString(l)
			b.WriteByte('\n')
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
		cur = cur[:0]
	}
	if byHeading {
		starts := headingStarts(lines)
		for i, l := range lines {
			if starts[i] {
				flush()
			}
			cur = append(cur, l)
		}
		flush()
		return out
	}
	var m mdScanner
	for _, l := range lines {
		inCode := m.step(strings.TrimRight(l, "\r\n"))
		if !inCode && isBlank(l) {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}
