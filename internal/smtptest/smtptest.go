// Package smtptest runs a real SMTP server (emersion/go-smtp) on a loopback
// port for tests, and hands back every message it receives, parsed.
package smtptest

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one received e-mail.
type Message struct {
	From    string   // envelope sender
	To      []string // envelope recipients
	Subject string   // decoded
	Header  mail.Header
	Text    string // the text/plain part, decoded
	HTML    string // the text/html part, decoded ("" when none)
	Raw     string
}

// Server is a running test SMTP server.
type Server struct {
	Addr string // host:port
	User string // the account it accepts (AUTH PLAIN)
	Pass string

	mu   sync.Mutex
	msgs []Message
	got  chan struct{}
	// Reject makes the next n deliveries fail with a temporary error.
	reject int
}

// Start runs a server until the test ends. It accepts AUTH PLAIN with
// user/pass without TLS (AllowInsecureAuth): loopback only.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{User: "mailer", Pass: "s3cret-pass", got: make(chan struct{}, 1000)}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// URL is the --smtp-url that reaches this server.
func (s *Server) URL() string {
	return fmt.Sprintf("smtp://%s:%s@%s?tls=off", s.User, s.Pass, s.Addr)
}

// RejectNext makes the next n deliveries fail with 451 (try again later).
func (s *Server) RejectNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = n
}

// Messages returns every message received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Forget drops the messages received so far that match accepts, so that later checks see
// only the rest.
func (s *Server) Forget(match func(Message) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.msgs[:0]
	for _, m := range s.msgs {
		if !match(m) {
			kept = append(kept, m)
		}
	}
	s.msgs = kept
}

// Wait returns the first message (received so far or within timeout) that
// match accepts.
func (s *Server) Wait(timeout time.Duration, match func(Message) bool) (Message, error) {
	deadline := time.After(timeout)
	for {
		for _, m := range s.Messages() {
			if match(m) {
				return m, nil
			}
		}
		select {
		case <-s.got:
		case <-deadline:
			return Message{}, fmt.Errorf("no matching mail within %s (%d received)", timeout, len(s.Messages()))
		}
	}
}

// To matches mail to one address.
func To(addr string) func(Message) bool {
	return func(m Message) bool {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				return true
			}
		}
		return false
	}
}

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != x.s.User || pass != x.s.Pass {
			return errors.New("invalid credentials")
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if !x.authed {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	if x.s.reject > 0 {
		x.s.reject--
		x.s.mu.Unlock()
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	x.s.mu.Unlock()
	m, err := parse(string(raw))
	if err != nil {
		return err
	}
	m.From, m.To = x.from, append([]string(nil), x.to...)
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, m)
	x.s.mu.Unlock()
	select {
	case x.s.got <- struct{}{}:
	default:
	}
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func parse(raw string) (Message, error) {
	mr, err := mail.CreateReader(strings.NewReader(raw))
	if err != nil {
		return Message{}, fmt.Errorf("parse mail: %w", err)
	}
	m := Message{Raw: raw, Header: mr.Header}
	if m.Subject, err = mr.Header.Subject(); err != nil {
		return m, fmt.Errorf("parse subject: %w", err)
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, fmt.Errorf("parse part: %w", err)
		}
		h, ok := p.Header.(*mail.InlineHeader)
		if !ok {
			continue
		}
		typ, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
		b, err := io.ReadAll(p.Body)
		if err != nil {
			return m, fmt.Errorf("read part: %w", err)
		}
		switch typ {
		case "text/plain":
			m.Text = string(b)
		case "text/html":
			m.HTML = string(b)
		}
	}
	return m, nil
}
