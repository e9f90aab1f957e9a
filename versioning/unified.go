package versioning

import (
	"strconv"
	"strings"
)

// Unified renders d as a classic unified diff with "--- old" / "+++ new"
// headers, the form patch(1) and code review tools read. An identical diff
// renders as "".
func (d Diff) Unified() string {
	return d.UnifiedNamed("old", "new")
}

// UnifiedNamed is Unified with the given file names in the headers.
func (d Diff) UnifiedNamed(oldName, newName string) string {
	if len(d.Hunks) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("--- " + oldName + "\n+++ " + newName + "\n")
	for _, h := range d.Hunks {
		b.WriteString("@@ -" + hunkRange(h.OldStart, h.OldLines) + " +" + hunkRange(h.NewStart, h.NewLines) + " @@\n")
		for _, l := range h.Lines {
			switch l.Op {
			case Insert:
				b.WriteByte('+')
			case Delete:
				b.WriteByte('-')
			default:
				b.WriteByte(' ')
			}
			b.WriteString(l.Text)
			b.WriteByte('\n')
			if l.NoNewline {
				b.WriteString("\\ No newline at end of file\n")
			}
		}
	}
	return b.String()
}

func hunkRange(start, n int) string {
	if n == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(n)
}
