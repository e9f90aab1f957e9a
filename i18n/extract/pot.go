package extract

import (
	"bufio"
	"io"
	"strings"
)

// WritePOT writes the messages as a gettext template. References name files
// only (no line numbers), so moving a line does not change the template.
// Messages with {placeholders} are flagged python-brace-format, which makes
// msgfmt --check verify that translations keep them; the bundle's are
// flagged "commonplace-js" in an extracted comment.
func WritePOT(w io.Writer, msgs []*Message) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`# Commonplace interface strings: the template every language translates.
# Written by "commonplace ui-strings extract"; do not edit by hand.
msgid ""
msgstr ""
"Project-Id-Version: Commonplace interface\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
`)
	for _, m := range msgs {
		bw.WriteString("\n")
		if m.JS {
			bw.WriteString("#. commonplace-js\n")
		}
		bw.WriteString("#: " + strings.Join(m.Refs, " ") + "\n")
		if strings.Contains(m.ID+m.Plural, "{") {
			bw.WriteString("#, python-brace-format\n")
		}
		writeString(bw, "msgid", m.ID)
		if m.Plural != "" {
			writeString(bw, "msgid_plural", m.Plural)
			bw.WriteString("msgstr[0] \"\"\nmsgstr[1] \"\"\n")
		} else {
			bw.WriteString("msgstr \"\"\n")
		}
	}
	return bw.Flush()
}

// writeString writes a keyword and a PO string, one source line per line.
func writeString(w *bufio.Writer, kw, s string) {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 1 {
		w.WriteString(kw + " " + Quote(s) + "\n")
		return
	}
	w.WriteString(kw + " \"\"\n")
	for _, l := range lines {
		w.WriteString(Quote(l) + "\n")
	}
}

// Quote writes s as a PO string literal.
func Quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}
