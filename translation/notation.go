package translation

import (
	"errors"
	"fmt"
	"strings"
)

// Placeholder kinds.
const (
	KindOpen       = "open"
	KindClose      = "close"
	KindStandalone = "standalone"
)

// ErrNotation is returned (wrapped) when a text does not follow the
// placeholder notation, for example an unescaped "{".
var ErrNotation = errors.New("invalid placeholder notation")

// tokKind tells the parts of a text written in placeholder notation.
type tokKind uint8

const (
	tokText tokKind = iota
	tokOpen
	tokClose
	tokStandalone
)

// token is one part of a text in placeholder notation: literal text
// (unescaped) or a placeholder reference.
type token struct {
	kind tokKind
	text string // literal text for tokText
	id   string // placeholder id otherwise
}

func (k tokKind) placeholderKind() string {
	switch k {
	case tokOpen:
		return KindOpen
	case tokClose:
		return KindClose
	case tokStandalone:
		return KindStandalone
	}
	return ""
}

// escapeText writes literal text in placeholder notation.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "{}") {
		return s
	}
	r := strings.NewReplacer("{", "{{", "}", "}}")
	return r.Replace(s)
}

// placeholderRef writes the notation for one placeholder.
func placeholderRef(kind, id string) string {
	switch kind {
	case KindOpen:
		return "{" + id + "}"
	case KindClose:
		return "{/" + id + "}"
	default:
		return "{" + id + "/}"
	}
}

// parseNotation splits a text in placeholder notation into tokens. A lone
// "}" is accepted as a literal (typed by hand); a "{" that starts neither an
// escape nor a placeholder is an error.
func parseNotation(s string) ([]token, error) {
	var toks []token
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			toks = append(toks, token{kind: tokText, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '{' && i+1 < len(s) && s[i+1] == '{':
			lit.WriteByte('{')
			i += 2
		case c == '}' && i+1 < len(s) && s[i+1] == '}':
			lit.WriteByte('}')
			i += 2
		case c == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("%w: unescaped \"{\" at byte %d (write \"{{\" for a literal brace)", ErrNotation, i)
			}
			inner := s[i+1 : i+end]
			kind := tokOpen
			id := inner
			switch {
			case strings.HasPrefix(inner, "/"):
				kind, id = tokClose, inner[1:]
			case strings.HasSuffix(inner, "/"):
				kind, id = tokStandalone, inner[:len(inner)-1]
			}
			if !validPlaceholderID(id) {
				return nil, fmt.Errorf("%w: %q at byte %d is not a placeholder (write \"{{\" for a literal brace)", ErrNotation, s[i:i+end+1], i)
			}
			flush()
			toks = append(toks, token{kind: kind, id: id})
			i += end + 1
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return toks, nil
}

// validPlaceholderID accepts the ids this package writes ("1", "2", ...)
// and short alphanumeric ids other tools may use.
func validPlaceholderID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// plainText returns the literal text of a notation string with every
// placeholder removed; it never fails (a malformed brace is kept as text).
func plainText(s string) string {
	toks, err := parseNotation(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	for _, t := range toks {
		if t.kind == tokText {
			b.WriteString(t.text)
		}
	}
	return b.String()
}
