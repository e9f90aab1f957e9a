package translation

import (
	"errors"
	"fmt"
	"time"
)

// State is the workflow state of a translated segment (XLIFF 2.0 values).
type State string

// States, in workflow order.
const (
	StateInitial    State = "initial"
	StateTranslated State = "translated"
	StateReviewed   State = "reviewed"
	StateFinal      State = "final"
)

// Valid reports whether s is one of the four states.
func (s State) Valid() bool {
	switch s {
	case StateInitial, StateTranslated, StateReviewed, StateFinal:
		return true
	}
	return false
}

// Unit is one segment in an exchange file. Source, Target and
// PreviousSource use the placeholder notation; Placeholders carry the
// native bytes of the placeholders used in Source.
type Unit struct {
	ID             string
	Source         string
	Target         string
	State          State
	Outdated       bool   // the source changed since the translation was made
	PreviousSource string // the source the translation was made from, when outdated
	SourceHash     string
	Placeholders   []Placeholder
	Note           string
}

// File is the content of one exchange file: one document's segments
// between a source and a target language.
type File struct {
	ID, Original, SourceLang, TargetLang string
	Units                                []Unit
}

// TMEntry is one translation-memory pair for TMX exchange.
type TMEntry struct {
	Source, Target         string
	SourceLang, TargetLang string
	Created                time.Time
	Note                   string
}

// ErrFormat is wrapped by every error about a malformed exchange file.
var ErrFormat = errors.New("malformed exchange file")

// FormatError tells what is wrong in an exchange file and where.
type FormatError struct {
	Format string // "XLIFF 2.0", "XLIFF 1.2", "PO", "TMX", "XLIFF"
	Line   int    // 1-based; 0 when unknown
	What   string
}

func (e *FormatError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: %s line %d: %s", ErrFormat, e.Format, e.Line, e.What)
	}
	return fmt.Sprintf("%s: %s: %s", ErrFormat, e.Format, e.What)
}

// Unwrap lets errors.Is(err, ErrFormat) hold.
func (e *FormatError) Unwrap() error { return ErrFormat }

// maxExchangeSize bounds what the readers accept.
const maxExchangeSize = 64 << 20

// placeholderMap indexes a unit's placeholders by kind and id.
func placeholderMap(phs []Placeholder) map[string]Placeholder {
	m := make(map[string]Placeholder, len(phs))
	for _, p := range phs {
		m[p.Kind+":"+p.ID] = p
	}
	return m
}

// unitTokens parses a unit text and checks that every placeholder it uses
// is declared and well nested (a target may drop some, not invent any).
func unitTokens(u Unit, text, what string) ([]token, error) {
	toks, err := parseNotation(text)
	if err != nil {
		return nil, fmt.Errorf("unit %s %s: %w", u.ID, what, err)
	}
	phs := placeholderMap(u.Placeholders)
	var stack []string
	for _, t := range toks {
		if t.kind == tokText {
			continue
		}
		if _, ok := phs[t.kind.placeholderKind()+":"+t.id]; !ok {
			return nil, fmt.Errorf("unit %s %s: %w: %s is not declared", u.ID, what, ErrPlaceholders, placeholderRef(t.kind.placeholderKind(), t.id))
		}
		switch t.kind {
		case tokOpen:
			stack = append(stack, t.id)
		case tokClose:
			if len(stack) == 0 || stack[len(stack)-1] != t.id {
				return nil, fmt.Errorf("unit %s %s: %w: %s is not nested", u.ID, what, ErrPlaceholders, placeholderRef(KindClose, t.id))
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("unit %s %s: %w: %s is never closed", u.ID, what, ErrPlaceholders, placeholderRef(KindOpen, stack[len(stack)-1]))
	}
	return toks, nil
}
