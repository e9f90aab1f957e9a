package app

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/commonplace/commonplace/auth"
)

// Credentials lists the caller's own unexpired sessions or API tokens
// (kind), newest first; presented is the secret the request came with, so
// the list can mark "this session" or "this token".
func (a *App) Credentials(ctx context.Context, who Actor, kind auth.CredentialKind, presented string) ([]auth.Credential, error) {
	if !who.SignedIn() {
		return nil, ErrUnauthorized
	}
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	return a.db.Credentials(ctx, who.ID, kind, auth.HashToken(presented))
}

// RevokeCredential ends one of the caller's own sessions or revokes one of
// their API tokens, by id. Someone else's is not found, as an unknown one.
func (a *App) RevokeCredential(ctx context.Context, who Actor, kind auth.CredentialKind, id string) error {
	if !who.SignedIn() {
		return ErrUnauthorized
	}
	if err := checkKind(kind); err != nil {
		return err
	}
	if err := a.db.DeleteCredential(ctx, who.ID, kind, id); err != nil {
		return err
	}
	// Live connections opened with it lose their right at once, as on sign-out.
	a.liveSignedOut(ctx, who.ID)
	a.audit(ctx, who, string(kind)+".revoke", "", map[string]any{"id": id})
	return nil
}

func checkKind(kind auth.CredentialKind) error {
	if kind != auth.SessionCredential && kind != auth.TokenCredential {
		return invalid("kind", "must be session or token")
	}
	return nil
}

// clip makes a label sent by a client (a browser's name) safe to keep:
// valid UTF-8 without control characters, at most n bytes.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
