package auth

import (
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
