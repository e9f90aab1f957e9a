package a11ycheck

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Dismissal is an author's decision that a finding is not a problem here, with the reason.
type Dismissal struct {
	Rule        string
	Fingerprint string
	Reason      string
	ByID        string
	ByName      string
	Created     time.Time
}

// Dismissed is a finding of the text that a dismissal covers.
type Dismissed struct {
	Finding
	Dismissal Dismissal
}

// MaxReason is the longest reason kept, in characters.
const MaxReason = 500

var fingerprintForm = regexp.MustCompile(`^[0-9a-f]{16}$`)

// ValidateDismissal checks a dismissal's rule, fingerprint and reason (trimmed) and returns the
// field at fault.
func ValidateDismissal(rule, fingerprint, reason string) (field string, err error) {
	if _, ok := RuleByID(rule); !ok {
		return "rule", fmt.Errorf("rule: no rule %q (see the rule ids in docs/api.md)", rule)
	}
	if !fingerprintForm.MatchString(fingerprint) {
		return "fingerprint", fmt.Errorf("fingerprint: 16 hexadecimal digits, as the report gives it")
	}
	r := strings.TrimSpace(reason)
	if r == "" {
		return "reason", fmt.Errorf("reason: say why this is not a problem here")
	}
	if utf8.RuneCountInString(r) > MaxReason || !utf8.ValidString(r) {
		return "reason", fmt.Errorf("reason: at most %d characters of text", MaxReason)
	}
	return "", nil
}

// Split separates the findings that dismissals cover from those still open, in text order.
func Split(findings []Finding, ds []Dismissal) (open []Finding, dismissed []Dismissed) {
	by := make(map[[2]string]Dismissal, len(ds))
	for _, d := range ds {
		by[[2]string{d.Rule, d.Fingerprint}] = d
	}
	for _, f := range findings {
		if d, ok := by[[2]string{f.Rule, f.Fingerprint}]; ok {
			dismissed = append(dismissed, Dismissed{Finding: f, Dismissal: d})
		} else {
			open = append(open, f)
		}
	}
	return open, dismissed
}
