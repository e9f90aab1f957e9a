package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// placeholderRE matches a named placeholder: {name}. gettext calls this
// python-brace-format, so msgfmt --check verifies translations keep them.
var placeholderRE = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// Placeholders lists the distinct placeholder names of a message, sorted.
func Placeholders(msg string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(msg, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// fill replaces each {name} with its value from kv (name, value, name,
// value…); values are written with fmt's %v. A placeholder without a value
// stays as it is, so a mistake shows on the page instead of vanishing.
// Fill replaces each {name} of msg with its value from kv (name, value, …).
func Fill(msg string, kv ...any) string { return fill(msg, kv) }

func fill(msg string, kv []any) string {
	if len(kv) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	vals := values(kv)
	return placeholderRE.ReplaceAllStringFunc(msg, func(m string) string {
		if v, ok := vals[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// values maps kv's names (name, value, …) to their values written with %v;
// a name that is not a string is skipped.
func values(kv []any) map[string]string {
	vals := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			vals[k] = fmt.Sprint(kv[i+1])
		}
	}
	return vals
}

// M marks a message id written where it cannot be translated yet (a table of
// flashes, a field's label) so the extractor finds it; it returns msgid, to
// be translated with Locale.T where it is shown.
func M(msgid string) string { return msgid }

// MN marks a plural message (singular and plural ids) as M does.
func MN(singular, plural string) [2]string { return [2]string{singular, plural} }

// A Part is a run of a filled message: text of the message itself (Name
// ""), or the value of the placeholder Name.
type Part struct {
	Text string
	Name string
}

// Split fills msg as Fill does, but keeps each value apart from the text
// around it, so a page can mark a value's language and direction (a title
// in Arabic inside an English sentence). Adjacent text runs are joined; a
// placeholder without a value stays as text, and an empty value leaves no
// part. Joining the parts' texts gives what Fill gives.
func Split(msg string, kv ...any) []Part {
	vals := values(kv)
	var out []Part
	text := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Name == "" {
			out[n-1].Text += s
			return
		}
		out = append(out, Part{Text: s})
	}
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(msg, -1) {
		name := msg[m[2]:m[3]]
		v, ok := vals[name]
		if !ok {
			continue
		}
		text(msg[last:m[0]])
		if v != "" {
			out = append(out, Part{Text: v, Name: name})
		}
		last = m[1]
	}
	text(msg[last:])
	return out
}
