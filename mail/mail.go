// Package mail writes e-mails (RFC 5322, MIME, with non-ASCII subjects and
// names encoded) and sends them over SMTP. It knows nothing of the
// application: the application decides what to say and to whom, keeps
// every e-mail in its outbox, and hands them here one at a time.
package mail

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

// Message is one e-mail to one person. Text is required; HTML optional.
type Message struct {
	To      string // the address
	ToName  string // display name, may be empty
	Subject string
	Text    string
	HTML    string
	// Unsubscribe is a URL where the recipient changes what they receive
	// (sent as List-Unsubscribe); empty for mail they cannot opt out of.
	Unsubscribe string
}

// Build writes m from the given sender as the bytes an SMTP server takes:
// a multipart/alternative message when there is HTML, else plain text,
// quoted-printable UTF-8 either way.
func Build(from *mail.Address, m Message, now time.Time) ([]byte, error) {
	if _, err := mail.ParseAddress(m.To); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", m.To, err)
	}
	var h gomail.Header
	h.SetDate(now)
	h.SetAddressList("From", []*gomail.Address{{Name: from.Name, Address: from.Address}})
	h.SetAddressList("To", []*gomail.Address{{Name: m.ToName, Address: m.To}})
	h.SetSubject(m.Subject)
	host := "commonplace.invalid"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 {
		host = from.Address[i+1:]
	}
	if err := h.GenerateMessageIDWithHostname(host); err != nil {
		return nil, fmt.Errorf("message id: %w", err)
	}
	h.Set("Auto-Submitted", "auto-generated")
	if m.Unsubscribe != "" {
		h.Set("List-Unsubscribe", "<"+m.Unsubscribe+">")
	}
	var buf bytes.Buffer
	if m.HTML == "" {
		h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
		w, err := gomail.CreateSingleInlineWriter(&buf, h)
		if err != nil {
			return nil, fmt.Errorf("write mail: %w", err)
		}
		if _, err := w.Write([]byte(m.Text)); err != nil {
			return nil, fmt.Errorf("write mail: %w", err)
		}
		if err := w.Close(); err != nil {
			return nil, fmt.Errorf("write mail: %w", err)
		}
		return buf.Bytes(), nil
	}
	w, err := gomail.CreateInlineWriter(&buf, h)
	if err != nil {
		return nil, fmt.Errorf("write mail: %w", err)
	}
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		var ph gomail.InlineHeader
		ph.SetContentType(part.typ, map[string]string{"charset": "utf-8"})
		pw, err := w.CreatePart(ph)
		if err != nil {
			return nil, fmt.Errorf("write mail part %s: %w", part.typ, err)
		}
		if _, err := pw.Write([]byte(part.body)); err != nil {
			return nil, fmt.Errorf("write mail part %s: %w", part.typ, err)
		}
		if err := pw.Close(); err != nil {
			return nil, fmt.Errorf("write mail part %s: %w", part.typ, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("write mail: %w", err)
	}
	return buf.Bytes(), nil
}
