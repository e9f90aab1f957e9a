package license

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknown is wrapped by every error about an id outside the catalogue.
var ErrUnknown = errors.New("unknown licence")

// ErrNoSources is returned by RemixChoices when it is given nothing to combine.
var ErrNoSources = errors.New("no sources to combine")

// ForbidsDerivativesError refuses an adaptation (fork, translation, remix) of material whose
// licence does not allow one: a No-Derivatives licence or an unknown / all-rights-reserved id.
type ForbidsDerivativesError struct {
	Source string // the source licence id as given
	Reason string // why, as a sentence
}

// Error says why and what may be done instead.
func (e *ForbidsDerivativesError) Error() string {
	return e.Reason + " Link to it or include it unmodified in a collection instead."
}

// Unwrap lets errors.Is(err, ErrUnknown) tell an unknown licence from a No-Derivatives one.
func (e *ForbidsDerivativesError) Unwrap() error {
	if familyOf(e.Source) == FamilyUnknown {
		return ErrUnknown
	}
	return nil
}

// IncompatibleError refuses a licence for an adaptation (Target set) or a combination of sources
// that no licence can satisfy (Target empty).
type IncompatibleError struct {
	Source  string   // the source licence id, or several joined with " + " for a remix
	Target  string   // the refused licence id, "" when no licence fits
	Allowed []string // the ids that would be accepted
	Reason  string   // why, as a sentence
}

// Error gives the reason and the licences allowed instead.
func (e *IncompatibleError) Error() string {
	if len(e.Allowed) == 0 {
		return e.Reason + " No licence allows this."
	}
	return fmt.Sprintf("%s Allowed instead: %s.", e.Reason, strings.Join(e.Allowed, ", "))
}
