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
	// Locations are where other tools say the unit comes from: XLIFF 1.2
	// <context-group purpose="location"> sourcefile contexts, PO "#:"
	// references. translate-toolkit's xliff2po writes a unit's id as its
	// location and po2xliff keeps it there when it renumbers the ids, so an
	// import can key a unit by location when its id is lost.
	Locations []string
	// Problem says why the reader could not take this unit (an unknown
	// state, a dangling inline-code reference...). The rest of the file is
	// still read; an import skips the unit with this reason.
	Problem string
}

// File is the content of one exchange file: one document's segments
// between a source and a target language.
type File struct {
	ID, Original, SourceLang, TargetLang string
	Units                                []Unit
	// Format is set by the readers: FormatXLIFF2, FormatXLIFF12 or FormatPO.
	Format string
	// Revised, Translator and Team fill the PO header's PO-Revision-Date,
	// Last-Translator and Language-Team (gettext's msgfmt -c warns when
	// they are missing or still hold the template's placeholders).
	Revised          time.Time
	Translator, Team string
}

// Exchange format names, as File.Format and FormatError.Format give them.
const (
	FormatXLIFF2  = "XLIFF 2.0"
	FormatXLIFF12 = "XLIFF 1.2"
	FormatPO      = "PO"
)

// TMEntry is one translation-memory pair for TMX exchange.
type TMEntry struct {
	// Source and Target use the placeholder notation; Placeholders carry
	// the native bytes of the inline codes both sides use (TMX <bpt>,
	// <ept>, <ph>).
	Source, Target         string
	Placeholders           []Placeholder
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
// is well nested (a target may drop some; an undeclared reference is text).
func unitTokens(u Unit, text, what string) ([]token, error) {
	toks := parseNotation(text, declaredBy(u.Placeholders))
	var stack []string
	seen := map[string]bool{}
	for _, t := range toks {
		if t.kind == tokText {
			continue
		}
		key := t.kind.placeholderKind() + ":" + t.id
		if seen[key] {
			return nil, fmt.Errorf("unit %s %s: %w: %s appears more than once", u.ID, what, ErrPlaceholders, placeholderRef(t.kind.placeholderKind(), t.id))
		}
		seen[key] = true
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
