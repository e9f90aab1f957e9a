package auth

import "time"

// User is an account.
type User struct {
	ID           string
	Handle       string
	Email        string
	Name         string
	PasswordHash string
	Created      time.Time
	// UILanguage is the interface language the person chose ("es"), or ""
	// to follow their browser.
	UILanguage string
	// Deleted marks the tombstone of a deleted account: it keeps its
	// contributions credited under Name, has no e-mail, password or profile.
	Deleted bool
	// EmailVerified is true once a link mailed to Email has been followed
	// (or the account is older than that rule): only then is it sent notifications.
	EmailVerified bool
}
