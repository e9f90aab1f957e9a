package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/commonplace/commonplace/mail"
	"github.com/commonplace/commonplace/store"
)

// Mailer delivers one e-mail (mail.SMTP does, over SMTP). With none
// configured, e-mail waits in the outbox for the operator.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// MailConfig tunes e-mail. Zero values take the defaults noted.
type MailConfig struct {
	Mailer    Mailer        // nil: mail is kept in the outbox, never sent
	PublicURL string        // the site's address for links in e-mail (default http://localhost:8080)
	Poll      time.Duration // how often the worker looks for work when not woken (default 5 s)
	Digest    time.Duration // time between daily digests (default 24 h)
	Retries   int           // attempts before a mail is kept as failed (default 8)
	Backoff   time.Duration // wait after the first failure, doubled each time up to 6 h (default 30 s)
	ResetTTL  time.Duration // how long a password-reset link works (default 1 h)
	// ConfirmTTL is how long the link that confirms a new e-mail address works (default
	// 24 h: the new address may be one its owner reads only at school or at work).
	ConfirmTTL time.Duration
}

func (c *MailConfig) defaults() {
	if c.PublicURL == "" {
		c.PublicURL = "http://localhost:8080"
	}
	for len(c.PublicURL) > 0 && c.PublicURL[len(c.PublicURL)-1] == '/' {
		c.PublicURL = c.PublicURL[:len(c.PublicURL)-1]
	}
	if c.Poll <= 0 {
		c.Poll = 5 * time.Second
	}
	if c.Digest <= 0 {
		c.Digest = 24 * time.Hour
	}
	if c.Retries <= 0 {
		c.Retries = 8
	}
	if c.Backoff <= 0 {
		c.Backoff = 30 * time.Second
	}
	if c.ResetTTL <= 0 {
		c.ResetTTL = time.Hour
	}
	if c.ConfirmTTL <= 0 {
		c.ConfirmTTL = 24 * time.Hour
	}
}

// mailWorker is the background sender's state.
type mailWorker struct {
	wake  chan struct{}
	wg    sync.WaitGroup // the worker and password-reset requests in flight
	round sync.Mutex     // one round at a time in this process (other processes skip locked rows)
}

// wakeMail asks the worker to look for work now (never blocks).
func (a *App) wakeMail() {
	select {
	case a.mail.wake <- struct{}{}:
	default:
	}
}

// runMail is the background worker started by Start: it turns notifications
// into e-mail for those who asked (immediately or as a daily digest), then
// sends what the outbox holds, until ctx ends.
func (a *App) runMail(ctx context.Context) {
	defer a.mail.wg.Done()
	if a.cfg.Mail.Mailer == nil {
		a.log.InfoContext(ctx, "no SMTP server configured: e-mail is kept in the outbox (see `commonplace outbox`)")
	}
	t := time.NewTicker(a.cfg.Mail.Poll)
	defer t.Stop()
	for {
		a.MailRound(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-a.mail.wake:
		}
	}
}

// MailRound does one round of the worker's work at once; tests and the
// outbox command call it. Failures are logged: the next round tries again.
func (a *App) MailRound(ctx context.Context) {
	a.mail.round.Lock()
	defer a.mail.round.Unlock()
	if _, err := a.db.ClaimImmediate(ctx, 50, a.immediateMail); err != nil && ctx.Err() == nil {
		a.log.WarnContext(ctx, "queue notification e-mail", "err", err)
	}
	if _, err := a.db.ClaimDigests(ctx, a.dbNow(), a.cfg.Mail.Digest, 20, a.digestMail); err != nil && ctx.Err() == nil {
		a.log.WarnContext(ctx, "queue digests", "err", err)
	}
	if a.cfg.Mail.Mailer != nil {
		a.deliver(ctx)
	}
}

// deliver sends the outbox's due mail; a failure is tried again after a
// growing wait, and kept as failed after the last attempt.
func (a *App) deliver(ctx context.Context) {
	for ctx.Err() == nil {
		due, err := a.db.ClaimMail(ctx, a.dbNow(), 2*time.Minute, 20)
		if err != nil {
			if ctx.Err() == nil {
				a.log.WarnContext(ctx, "claim mail", "err", err)
			}
			return
		}
		if len(due) == 0 {
			return
		}
		for _, m := range due {
			a.send(ctx, m)
		}
	}
}

func (a *App) send(ctx context.Context, m store.Mail) {
	err := a.cfg.Mail.Mailer.Send(ctx, mail.Message{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML,
		Unsubscribe: unsubscribeFor(m, a.cfg.Mail.PublicURL)})
	now := a.dbNow()
	if err == nil {
		if err := a.db.MailSent(ctx, m.ID, now); err != nil {
			a.log.WarnContext(ctx, "mark mail sent", "mail", m.ID, "err", err)
		}
		return
	}
	final := m.Attempts+1 >= a.cfg.Mail.Retries
	wait := a.cfg.Mail.Backoff << min(m.Attempts, 20)
	wait = min(wait, 6*time.Hour)
	a.log.WarnContext(ctx, "send mail", "mail", m.ID, "kind", m.Kind, "attempt", m.Attempts+1, "final", final, "err", err)
	if err := a.db.MailFailed(ctx, m.ID, err.Error(), now.Add(wait), final); err != nil {
		a.log.WarnContext(ctx, "mark mail failed", "mail", m.ID, "err", err)
	}
}

func unsubscribeFor(m store.Mail, base string) string {
	if m.Kind == mailNotification || m.Kind == mailDigest {
		return base + settingsPath
	}
	return ""
}

// OutboxMail is one e-mail of the outbox, for the operator.
type OutboxMail = store.Mail

// Outbox lists e-mails for the operator (the `commonplace outbox` command),
// newest first: all, or those with status pending, sent, failed or expired.
// It is not offered over HTTP.
func (a *App) Outbox(ctx context.Context, status string, limit int) ([]OutboxMail, error) {
	switch status {
	case "", "pending", "sent", "failed", "expired":
	default:
		return nil, invalid("status", "status must be pending, sent, failed or expired")
	}
	if limit <= 0 {
		limit = 50
	}
	return a.db.Outbox(ctx, status, limit)
}

// OutboxEntry loads one e-mail of the outbox for the operator.
func (a *App) OutboxEntry(ctx context.Context, id string) (OutboxMail, error) {
	return a.db.OutboxMail(ctx, id)
}

// RetryMail sends a failed e-mail again at the next round.
func (a *App) RetryMail(ctx context.Context, id string) error {
	if err := a.db.RetryMail(ctx, id); err != nil {
		return err
	}
	a.wakeMail()
	return nil
}

// stopMail waits for the worker and reset requests to finish.
func (a *App) stopMail(ctx context.Context) error {
	done := make(chan struct{})
	go func() { a.mail.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errors.New("mail worker did not stop in time")
	}
}

// dbNow is the clock as PostgreSQL keeps time (microseconds), so a time
// stored and compared later with the same clock never rounds past it.
func (a *App) dbNow() time.Time { return a.cfg.Now().Truncate(time.Microsecond) }
