package oai

import (
	"errors"
	"time"

	"github.com/commonplace/commonplace/internal/seal"
)

// Resumption tokens are stateless: the list's arguments and the keyset
// position (datestamp, id) of the last item sent, sealed with the
// repository's key and an expiry. Records changed after the list began
// move to its end (their datestamp grows), so no item is skipped.

// Position is where a list resumes and what it lists.
type Position struct {
	Verb   string    `json:"v"`
	Prefix string    `json:"p"`
	Set    string    `json:"s,omitempty"`
	From   time.Time `json:"f,omitzero"`
	Until  time.Time `json:"u,omitzero"` // exclusive upper bound
	Stamp  time.Time `json:"t"`          // the last item's datestamp
	ID     string    `json:"i"`          // the last item's id
	Cursor int       `json:"c"`          // items sent before this page
}

// TokenTTL is how long a resumption token stays good.
const TokenTTL = time.Hour

// SealToken makes a resumption token.
func SealToken(key []byte, p Position, now time.Time) (string, time.Time, error) {
	exp := now.Add(TokenTTL).Truncate(time.Second)
	tok, err := seal.Seal(key, p, exp)
	return tok, exp, err
}

// OpenToken checks a token and returns its position, or a badResumptionToken error.
func OpenToken(key []byte, tok, verb string, now time.Time) (Position, *Error) {
	var p Position
	err := seal.Open(key, tok, now, &p)
	switch {
	case errors.Is(err, seal.ErrExpired):
		return p, &Error{BadResumptionToken, "the resumption token has expired; start the list again"}
	case err != nil:
		return p, &Error{BadResumptionToken, "the resumption token is not one this repository issued"}
	case p.Verb != verb:
		return p, &Error{BadResumptionToken, "the resumption token belongs to " + p.Verb}
	}
	return p, nil
}
