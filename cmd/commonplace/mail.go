package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/mail"
	"github.com/commonplace/commonplace/store"
)

// mailConfig turns the e-mail flags into the application's settings.
func mailConfig(c config) (app.MailConfig, error) {
	mc := app.MailConfig{PublicURL: c.PublicURL}
	if mc.PublicURL == "" {
		mc.PublicURL = "http://" + c.Addr
	}
	if u, err := url.Parse(mc.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return mc, fmt.Errorf("--public-url %q: must be an http(s) address such as https://oer.example.org", mc.PublicURL)
	}
	if c.SMTPURL == "" {
		if c.MailFrom != "" {
			return mc, errors.New("--mail-from is set but --smtp-url is not: give both, or neither to keep mail in the outbox")
		}
		return mc, nil
	}
	s, err := mail.NewSMTP(c.SMTPURL, c.MailFrom)
	if err != nil {
		return mc, err
	}
	mc.Mailer = s
	return mc, nil
}

// connect reaches the database for the outbox command: DATABASE_URL, or the
// private cluster — a running service's over its socket (left running), or
// started for the command and stopped after (store.Cluster.StartOrAttach).
func connect(ctx context.Context, c config) (*store.DB, func(), error) {
	url, stop := c.DatabaseURL, func() {}
	if url == "" {
		cluster := &store.Cluster{Dir: filepath.Join(c.Data, "postgres"), Database: "commonplace", Logger: newLogger(c, os.Stderr)}
		if err := cluster.StartOrAttach(ctx); err != nil {
			return nil, nil, fmt.Errorf("private PostgreSQL: %w", err)
		}
		url, stop = cluster.URL(), func() { _ = cluster.Stop(context.Background()) }
		if err := store.Migrate(ctx, url); err != nil {
			stop()
			return nil, nil, err
		}
	}
	db, err := store.Open(ctx, url, 2)
	if err != nil {
		stop()
		return nil, nil, err
	}
	return db, func() { db.Close(); stop() }, nil
}

// outbox lists the e-mail the service wrote, shows one, or retries one.
func outbox(ctx context.Context, c config, w io.Writer) error {
	db, done, err := connect(ctx, c)
	if err != nil {
		return err
	}
	defer done()
	a := app.New(app.Config{Logger: newLogger(c, os.Stderr)}, db)
	defer a.Close(context.Background())
	switch {
	case c.OutboxRetry != "":
		if err := a.RetryMail(ctx, c.OutboxRetry); err != nil {
			return fmt.Errorf("retry %s: %w", c.OutboxRetry, err)
		}
		fmt.Fprintf(w, "%s will be sent again by the running service.\n", c.OutboxRetry)
		return nil
	case c.OutboxShow != "":
		m, err := a.OutboxEntry(ctx, c.OutboxShow)
		if err != nil {
			return fmt.Errorf("show %s: %w", c.OutboxShow, err)
		}
		fmt.Fprintf(w, "Id:       %s\nTo:       %s\nSubject:  %s\nKind:     %s\nStatus:   %s (%d attempts)\nCreated:  %s\n",
			m.ID, m.To, m.Subject, m.Kind, m.Status, m.Attempts, m.Created.Format(time.RFC3339))
		if m.LastError != "" {
			fmt.Fprintf(w, "Error:    %s\n", m.LastError)
		}
		if m.Text == "" {
			fmt.Fprintln(w, "\n(body erased: it held a password-reset link that was sent or expired)")
			return nil
		}
		fmt.Fprintf(w, "\n%s", m.Text)
		return nil
	}
	list, err := a.Outbox(ctx, c.OutboxStatus, 100)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(w, "The outbox is empty.")
		return nil
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tSTATUS\tTRIES\tTO\tSUBJECT")
	for _, m := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", m.ID, m.Created.Format("2006-01-02 15:04"), m.Status, m.Attempts, m.To, m.Subject)
	}
	return tw.Flush()
}
