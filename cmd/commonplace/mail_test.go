package main

import (
	"io"
	"testing"
)

func TestMailFlags(t *testing.T) {
	t.Setenv("COMMONPLACE_SMTP_URL", "")
	t.Setenv("COMMONPLACE_MAIL_FROM", "")
	t.Setenv("COMMONPLACE_PUBLIC_URL", "")
	parse := func(args ...string) config {
		t.Helper()
		c, err := parseConfig("serve", args, io.Discard, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// No SMTP: mail stays in the outbox; links use the listen address.
	mc, err := mailConfig(parse("--addr", "127.0.0.1:9000"))
	if err != nil || mc.Mailer != nil || mc.PublicURL != "http://127.0.0.1:9000" {
		t.Errorf("defaults: %+v %v", mc, err)
	}
	mc, err = mailConfig(parse("--smtp-url", "smtp://u:p@mail.example.org:587", "--mail-from", "Commonplace <noreply@example.org>",
		"--public-url", "https://oer.example.org"))
	if err != nil || mc.Mailer == nil || mc.PublicURL != "https://oer.example.org" {
		t.Errorf("smtp: %+v %v", mc, err)
	}
	// The environment is read too.
	t.Setenv("COMMONPLACE_PUBLIC_URL", "https://env.example.org")
	if mc, _ := mailConfig(parse()); mc.PublicURL != "https://env.example.org" {
		t.Errorf("env public url: %q", mc.PublicURL)
	}
	for _, bad := range [][]string{
		{"--smtp-url", "smtp://mail.example.org"},                                       // no sender
		{"--mail-from", "noreply@example.org"},                                          // a sender without a server
		{"--smtp-url", "ftp://x", "--mail-from", "noreply@example.org"},                 // not SMTP
		{"--public-url", "oer.example.org"},                                             // not an address
		{"--smtp-url", "smtp://u:p@mail.example.org?tls=off", "--mail-from", "a@b.org"}, // a password in the clear
	} {
		if _, err := mailConfig(parse(bad...)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
