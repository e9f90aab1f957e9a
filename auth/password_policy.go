package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

// The most common passwords (see data/README.md for source and licence).
//
//go:embed data/common-passwords.txt
var commonPasswordList string

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	lines := strings.Split(commonPasswordList, "\n")
	set := make(map[string]struct{}, len(lines))
	for _, p := range lines {
		if p != "" {
			set[p] = struct{}{}
		}
	}
	return set
})

// PasswordError says why a new password was refused.
type PasswordError struct{ Reason string }

func (e *PasswordError) Error() string { return e.Reason }

// minPersonal is the shortest handle, name or e-mail part that a password
// may not contain: shorter ones ("al", "jo") occur in ordinary words.
const minPersonal = 4

// Personal is what others know about an account holder.
type Personal struct {
	Handle, Email, Name string
}

// CheckPassword refuses a new password that is one of the most common
// passwords, or that contains the account's handle, e-mail address, the
// e-mail's part before the @, the name, or a word of at least four letters
// of the name or of that part (and the service's own name). Comparisons
// ignore case and spaces. Length rules are the caller's.
func CheckPassword(password string, who Personal) error {
	p := strings.ToLower(password)
	if _, common := commonPasswords()[p]; common {
		return &PasswordError{Reason: "is one of the most common passwords, which are guessed first; choose another (a few unrelated words make a good one)"}
	}
	squeezed := strings.Join(strings.Fields(p), "")
	for _, s := range personalParts(who) {
		if strings.Contains(p, s) || strings.Contains(squeezed, s) {
			return &PasswordError{Reason: "must not contain your handle, e-mail address or name, which others know; choose something they cannot guess"}
		}
	}
	return nil
}

// personalParts lists the lower-cased strings a password may not contain.
func personalParts(who Personal) []string {
	var out []string
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if len([]rune(s)) >= minPersonal {
			out = append(out, s)
		}
	}
	addWords := func(s string) {
		add(s)
		words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(words) > 1 {
			add(strings.Join(words, ""))
			for _, w := range words {
				add(w)
			}
		}
	}
	add("commonplace")
	add(who.Handle)
	add(who.Email)
	local, _, _ := strings.Cut(who.Email, "@")
	addWords(local)
	addWords(who.Name)
	return out
}
