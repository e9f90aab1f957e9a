package app

import (
	"context"
)

// NotificationSettings are what a person chose to hear by e-mail: "off"
// (the inbox only), "immediate" (one e-mail per notification) or "daily"
// (a digest of what is still unread).
type NotificationSettings struct {
	Email string
}

// EmailModes are the choices, in the order forms offer them.
var EmailModes = []string{"off", "immediate", "daily"}

// NotificationSettings loads the caller's settings.
func (a *App) NotificationSettings(ctx context.Context, who Actor) (NotificationSettings, error) {
	if !who.SignedIn() {
		return NotificationSettings{}, ErrUnauthorized
	}
	mode, err := a.db.NotificationEmail(ctx, who.ID)
	return NotificationSettings{Email: mode}, err
}

// SetNotificationSettings stores the caller's settings. A daily digest is
// first sent a day after it is chosen.
func (a *App) SetNotificationSettings(ctx context.Context, who Actor, s NotificationSettings) (NotificationSettings, error) {
	if !who.SignedIn() {
		return NotificationSettings{}, ErrUnauthorized
	}
	ok := false
	for _, m := range EmailModes {
		ok = ok || m == s.Email
	}
	if !ok {
		return NotificationSettings{}, invalid("email", "email must be off, immediate or daily")
	}
	if err := a.db.SetNotificationEmail(ctx, who.ID, s.Email, a.dbNow().Add(a.cfg.Mail.Digest)); err != nil {
		return NotificationSettings{}, err
	}
	a.audit(ctx, who, "notifications.settings", "", map[string]any{"email": s.Email})
	return s, nil
}
