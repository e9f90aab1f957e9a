// Package seal makes stateless, tamper-proof tokens: a JSON value with an
// expiry, signed with HMAC-SHA256 and encoded for URLs. Search cursors and
// OAI-PMH resumption tokens are sealed, so a server keeps no cursor table
// and a client can neither forge a position nor read past what it was
// allowed (the filters travel inside the token).
package seal

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ErrInvalid is returned for a token that was not sealed with the key, was
// changed, or cannot be decoded.
var ErrInvalid = errors.New("invalid token")

// ErrExpired is returned for a genuine token past its expiry.
var ErrExpired = errors.New("expired token")

const macLen = 16 // bytes of the HMAC kept: 128 bits are plenty against forgery

type envelope struct {
	Exp int64           `json:"e,omitempty"` // Unix seconds; 0 means never
	V   json.RawMessage `json:"v"`
}

// Seal encodes v with an expiry (zero: none) and signs it with key.
func Seal(key []byte, v any, expires time.Time) (string, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	env := envelope{V: raw}
	if !expires.IsZero() {
		env.Exp = expires.Unix()
	}
	body, err := json.Marshal(env)
	if err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(append(body, sum(key, body)...)), nil
}

// Open checks a token's signature and expiry (against now) and decodes its
// value into v.
func Open(key []byte, token string, now time.Time, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) <= macLen {
		return ErrInvalid
	}
	body, mac := raw[:len(raw)-macLen], raw[len(raw)-macLen:]
	if !hmac.Equal(mac, sum(key, body)) {
		return ErrInvalid
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return ErrInvalid
	}
	if env.Exp != 0 && now.Unix() > env.Exp {
		return ErrExpired
	}
	if err := json.Unmarshal(env.V, v); err != nil {
		return ErrInvalid
	}
	return nil
}

func sum(key, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return m.Sum(nil)[:macLen]
}
