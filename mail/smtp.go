package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP sends mail through one SMTP server, configured by a URL:
//
//	smtp://user:pass@host:587          STARTTLS (required), then AUTH PLAIN
//	smtps://user:pass@host:465         TLS from the first byte
//	smtp://host:25?tls=off             no TLS: only for a relay on this machine
//
// Credentials are never sent without TLS unless the host is a loopback
// address.
type SMTP struct {
	addr     string
	host     string
	implicit bool
	plain    bool // no TLS at all
	user     string
	pass     string
	from     *mail.Address
	// Timeout bounds one delivery (connect to QUIT); default 30 s.
	Timeout time.Duration
	// TLS, when set, replaces the default TLS settings (tests trust their own CA).
	TLS *tls.Config
	// Now stamps the Date header; default time.Now.
	Now func() time.Time
}

// NewSMTP checks the server URL and the sender address (RFC 5322, e.g.
// "Commonplace <noreply@example.org>").
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("smtp url: %w", err)
	}
	s := &SMTP{host: u.Hostname(), Timeout: 30 * time.Second, Now: time.Now}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "587"
		}
	case "smtps":
		s.implicit = true
		if port == "" {
			port = "465"
		}
	default:
		return nil, fmt.Errorf("smtp url: scheme must be smtp or smtps, not %q", u.Scheme)
	}
	if s.host == "" {
		return nil, errors.New("smtp url: no host")
	}
	switch q := u.Query().Get("tls"); q {
	case "", "on":
	case "off":
		if s.implicit {
			return nil, errors.New("smtp url: smtps always uses TLS; use smtp://…?tls=off for none")
		}
		s.plain = true
	default:
		return nil, fmt.Errorf("smtp url: tls must be on or off, not %q", q)
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	if s.plain && s.user != "" && !isLoopback(s.host) {
		return nil, errors.New("smtp url: refusing to send a password without TLS to a host that is not this machine")
	}
	if from == "" {
		return nil, errors.New("mail from: an address is required (e.g. \"Commonplace <noreply@example.org>\")")
	}
	if s.from, err = mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("mail from %q: %w", from, err)
	}
	return s, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String names the server without its password, for logs.
func (s *SMTP) String() string {
	mode := "starttls"
	switch {
	case s.implicit:
		mode = "tls"
	case s.plain:
		mode = "no tls"
	}
	return fmt.Sprintf("%s (%s)", s.addr, mode)
}

// Send delivers one message; an error says the attempt failed (the caller
// keeps the mail and tries again later).
func (s *SMTP) Send(ctx context.Context, m Message) error {
	raw, err := Build(s.from, m, s.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", s.addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	cfg := s.TLS
	if cfg == nil {
		cfg = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	}
	var c *smtp.Client
	switch {
	case s.implicit:
		c = smtp.NewClient(tls.Client(conn, cfg))
	case s.plain:
		c = smtp.NewClient(conn)
	default:
		if c, err = smtp.NewClientStartTLS(conn, cfg); err != nil {
			conn.Close()
			return fmt.Errorf("starttls with %s: %w", s.addr, err)
		}
	}
	defer c.Close()
	if s.user != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.user, s.pass)); err != nil {
			return fmt.Errorf("authenticate to %s: %w", s.addr, err)
		}
	}
	if err := c.SendMail(s.from.Address, []string{m.To}, bytes.NewReader(raw)); err != nil {
		return fmt.Errorf("send to %s via %s: %w", redact(m.To), s.addr, err)
	}
	if err := c.Quit(); err != nil {
		return fmt.Errorf("quit %s: %w", s.addr, err)
	}
	return nil
}

// redact keeps the domain of an address for logs.
func redact(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i > 0 {
		return "…" + addr[i:]
	}
	return "…"
}
