package auth

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var fast = Hasher{Memory: 64, Time: 1, Threads: 1}

func TestHashVerify(t *testing.T) {
	h, err := fast.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("unexpected PHC string %q", h)
	}
	if err := Verify("correct horse battery staple", h); err != nil {
		t.Fatalf("verify right password: %v", err)
	}
	if err := Verify("wrong", h); err != ErrMismatch {
		t.Fatalf("verify wrong password: got %v, want ErrMismatch", err)
	}
	if err := Verify("x", "$bcrypt$nope"); err == nil {
		t.Fatal("verify of a foreign format succeeded")
	}
	h2, _ := fast.Hash("correct horse battery staple")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
}

func TestToken(t *testing.T) {
	tok, hash, err := NewToken(APITokenPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, APITokenPrefix) || len(tok) < 40 {
		t.Fatalf("token %q", tok)
	}
	if string(HashToken(tok)) != string(hash) {
		t.Fatal("hash of token differs from the returned hash")
	}
	tok2, _, _ := NewToken(APITokenPrefix)
	if tok == tok2 {
		t.Fatal("two tokens are equal")
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(time.Minute, 3)
	now := time.Unix(1000, 0)
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("acct:a", now); !ok {
			t.Fatalf("attempt %d refused within burst", i)
		}
	}
	ok, retry := l.Allow("acct:a", now)
	if ok || retry <= 0 || retry > time.Minute {
		t.Fatalf("4th attempt: ok=%v retry=%v", ok, retry)
	}
	if ok, _ := l.Allow("acct:b", now); !ok {
		t.Fatal("another key was limited")
	}
	if ok, _ := l.Allow("acct:a", now.Add(61*time.Second)); !ok {
		t.Fatal("attempt after refill refused")
	}
}

func TestCheckPassword(t *testing.T) {
	who := Personal{Handle: "amina_d", Email: "amina.diallo@example.org", Name: "Amina Diallo"}
	for _, bad := range []string{
		"1q2w3e4r5t", "Password123", "QWERTYUIOP", "basketball", // common, whatever the case
		"amina_d rules", "AMINA.DIALLO@EXAMPLE.ORG!", "my name is amina", "diallo2024!!", "Amina Diallo 77", "aminadiallo secret",
		"commonplace rocks",
	} {
		var pe *PasswordError
		if err := CheckPassword(bad, who); !errors.As(err, &pe) || pe.Reason == "" {
			t.Errorf("%q accepted: %v", bad, err)
		}
	}
	for _, good := range []string{"correct horse battery", "lantern meadow 1847", "example of a fine passphrase", "d.a. in a sunny field"} {
		if err := CheckPassword(good, who); err != nil {
			t.Errorf("%q refused: %v", good, err)
		}
	}
	// Short handles and name parts are ordinary letters, not personal data.
	if err := CheckPassword("a bold joke to remember", Personal{Handle: "bo", Name: "Jo Al"}); err != nil {
		t.Errorf("short personal parts: %v", err)
	}
}

func TestLimiterTakeGivesBack(t *testing.T) {
	l := NewLimiter(time.Hour, 2)
	now := time.Unix(1000, 0)
	for i := 0; i < 5; i++ { // successes given back never run out
		ok, _, giveBack := l.Take("k", now)
		if !ok {
			t.Fatalf("attempt %d refused though every one was given back", i)
		}
		giveBack()
	}
	l.Take("k", now)
	l.Take("k", now)
	if ok, retry, _ := l.Take("k", now); ok || retry <= 0 {
		t.Fatalf("third failure allowed: %v %v", ok, retry)
	}
}

func TestKnownAddresses(t *testing.T) {
	k := NewKnown(time.Hour, 2)
	now := time.Unix(1000, 0)
	k.Remember("u1", "a", now)
	k.Remember("u1", "b", now.Add(time.Second))
	k.Remember("u1", "c", now.Add(2*time.Second)) // a, the oldest, goes
	if k.Has("u1", "a", now) || !k.Has("u1", "b", now) || !k.Has("u1", "c", now) || k.Has("u2", "b", now) {
		t.Fatal("wrong addresses remembered")
	}
	if k.Has("u1", "c", now.Add(2*time.Hour)) {
		t.Fatal("an old sign-in still counts")
	}
}
