package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

// Token prefixes tell a session cookie from an API token at a glance (and
// let secret scanners recognise a leaked token).
const (
	SessionPrefix  = "cps_"
	APITokenPrefix = "cpt_"
	ResetPrefix    = "cpr_" // password-reset links sent by e-mail
	EmailPrefix    = "cpe_" // links that confirm a new e-mail address
)

// NewToken returns a random secret with the given prefix and the hash that
// is stored in its place.
func NewToken(prefix string) (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("new token: %w", err)
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of a token. Tokens carry 256 random bits, so
// a plain SHA-256 (no salt, no stretching) is enough and allows lookup.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return sum[:]
}
