package translation

import (
	"errors"
	"strings"
)

// Placeholder kinds.
const (
	KindOpen       = "open"
	KindClose      = "close"
	KindStandalone = "standalone"
)

// ErrNotation is returned (wrapped) when a text does not follow the
// placeholder notation. Since braces need no escaping it is only used for
// placeholders that are repeated or misnested.
var ErrNotation = errors.New("invalid placeholder notation")

// tokKind tells the parts of a text written in placeholder notation.
type tokKind uint8

const (
	tokText tokKind = iota
	tokOpen
	tokClose
	tokStandalone
)

// token is one part of a text in placeholder notation: literal text or a
// placeholder reference.
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

// declaredSet says which placeholder references a text may contain.
type declaredSet func(kind, id string) bool

// declaredBy accepts the placeholders of a segment or unit.
func declaredBy(phs []Placeholder) declaredSet {
	m := placeholderMap(phs)
	return func(kind, id string) bool {
		_, ok := m[kind+":"+id]
		return ok
	}
}

// anyRef accepts every well-formed reference (for texts whose placeholder
// list is not at hand, e.g. similarity scoring).
func anyRef(string, string) bool { return true }

// parseNotation splits a text into literal text and placeholder references.
// Only the placeholders declared for the text are references: any other
// brace — LaTeX's $x_{i}$, a template's {{name}}, a lone "{" — is literal
// text, so the notation needs no escaping and cannot refuse a translator's
// text. Segmentation numbers placeholders so that no declared reference
// occurs literally in its own source (see buildSegment).
func parseNotation(s string, declared declaredSet) []token {
	var toks []token
	start := 0 // start of pending literal text
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		end := strings.IndexByte(s[i+1:], '}')
		if end < 0 {
			break
		}
		kind, id, ok := splitRef(s[i+1 : i+1+end])
		if !ok || !declared(kind.placeholderKind(), id) {
			continue
		}
		if start < i {
			toks = append(toks, token{kind: tokText, text: s[start:i]})
		}
		toks = append(toks, token{kind: kind, id: id})
		i += end + 1
		start = i + 1
	}
	if start < len(s) {
		toks = append(toks, token{kind: tokText, text: s[start:]})
	}
	return toks
}

// splitRef reads the inside of "{...}" as a placeholder reference.
func splitRef(inner string) (tokKind, string, bool) {
	kind, id := tokOpen, inner
	switch {
	case strings.HasPrefix(inner, "/"):
		kind, id = tokClose, inner[1:]
	case strings.HasSuffix(inner, "/"):
		kind, id = tokStandalone, inner[:len(inner)-1]
	}
	return kind, id, validPlaceholderID(id)
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
// well-formed placeholder reference removed.
func plainText(s string) string {
	var b strings.Builder
	for _, t := range parseNotation(s, anyRef) {
		if t.kind == tokText {
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// takenIDs lists the numeric ids whose references occur literally in a
// text, so that segmentation can number its placeholders around them.
func takenIDs(literal string) map[string]bool {
	taken := map[string]bool{}
	for _, t := range parseNotation(literal, anyRef) {
		if t.kind != tokText {
			taken[t.id] = true
		}
	}
	return taken
}
