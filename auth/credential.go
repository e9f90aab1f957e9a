package auth

import "time"

// CredentialKind tells a browser session from an API token.
type CredentialKind string

// Kinds of credential.
const (
	SessionCredential CredentialKind = "session"
	TokenCredential   CredentialKind = "token"
)

// Credential is a session or API token as its owner sees it in a list:
// never the secret, only what tells it apart.
type Credential struct {
	ID        string
	Kind      CredentialKind
	Name      string // tokens: what issued it ("login", "signup")
	UserAgent string // sessions: the browser that signed in
	Created   time.Time
	LastUsed  *time.Time // tokens
	Expires   time.Time
	Current   bool // the one the listing request came with
}
