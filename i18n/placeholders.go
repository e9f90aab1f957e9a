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
	vals := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			continue
		}
		vals[k] = fmt.Sprint(kv[i+1])
	}
	return placeholderRE.ReplaceAllStringFunc(msg, func(m string) string {
		if v, ok := vals[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// M marks a message id written where it cannot be translated yet (a table of
// flashes, a field's label) so the extractor finds it; it returns msgid, to
// be translated with Locale.T where it is shown.
func M(msgid string) string { return msgid }

// MN marks a plural message (singular and plural ids) as M does.
func MN(singular, plural string) [2]string { return [2]string{singular, plural} }
