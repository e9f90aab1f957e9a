package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/internal/smtptest"
	"github.com/commonplace/commonplace/mail"
)

func TestSMTPDeliversToARealServer(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	s, err := mail.NewSMTP(srv.URL(), "Commonplace <noreply@example.org>")
	if err != nil {
		t.Fatal(err)
	}
	msg := mail.Message{To: "amina@example.org", ToName: "Amina Njoroge", Subject: "Nouvelle proposition · 新しい提案 · اقتراح",
		Text: "Bruno proposed a change.\nOpen: https://example.org/proposals/1\n", HTML: "<p>Bruno proposed a change.</p>",
		Unsubscribe: "https://example.org/settings/notifications"}
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got, err := srv.Wait(5*time.Second, smtptest.To("amina@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != msg.Subject {
		t.Errorf("subject %q, want %q", got.Subject, msg.Subject)
	}
	if got.From != "noreply@example.org" || !strings.Contains(got.Text, "https://example.org/proposals/1") || got.HTML != msg.HTML {
		t.Errorf("got %+v", got)
	}
	if u := got.Header.Get("List-Unsubscribe"); u != "<https://example.org/settings/notifications>" {
		t.Errorf("List-Unsubscribe %q", u)
	}
	if id, _ := got.Header.MessageID(); !strings.HasSuffix(id, "@example.org") {
		t.Errorf("Message-ID %q", id)
	}
}

func TestSMTPRefusals(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	// Wrong password: the attempt fails with an error, nothing is received.
	bad, err := mail.NewSMTP("smtp://mailer:wrong@"+srv.Addr+"?tls=off", "noreply@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Send(context.Background(), mail.Message{To: "a@example.org", Subject: "x", Text: "x"}); err == nil {
		t.Error("a wrong password was accepted")
	}
	// A temporary failure is an error the caller can retry.
	good, _ := mail.NewSMTP(srv.URL(), "noreply@example.org")
	srv.RejectNext(1)
	if err := good.Send(context.Background(), mail.Message{To: "a@example.org", Subject: "x", Text: "x"}); err == nil {
		t.Error("a 451 was taken as delivered")
	}
	if err := good.Send(context.Background(), mail.Message{To: "a@example.org", Subject: "x", Text: "x"}); err != nil {
		t.Errorf("second attempt: %v", err)
	}
	// STARTTLS is required by default: this server offers none.
	tlsOnly, _ := mail.NewSMTP("smtp://mailer:s3cret-pass@"+srv.Addr, "noreply@example.org")
	if err := tlsOnly.Send(context.Background(), mail.Message{To: "a@example.org", Subject: "x", Text: "x"}); err == nil {
		t.Error("sent without the STARTTLS the URL asked for")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages received, want 1", n)
	}
	for _, c := range []struct{ url, from string }{
		{"http://host", "a@example.org"},
		{"smtp://", "a@example.org"},
		{"smtp://u:p@mail.example.org?tls=off", "a@example.org"}, // a password in the clear to another host
		{"smtps://host?tls=off", "a@example.org"},
		{"smtp://host", ""},
		{"smtp://host", "not an address"},
	} {
		if _, err := mail.NewSMTP(c.url, c.from); err == nil {
			t.Errorf("NewSMTP(%q, %q) accepted", c.url, c.from)
		}
	}
}
