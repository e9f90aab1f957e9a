package seal

import (
	"errors"
	"testing"
	"time"
)

func TestSealRoundTripAndTampering(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Unix(1_700_000_000, 0)
	type pos struct {
		ID    string  `json:"id"`
		Score float64 `json:"s"`
	}
	tok, err := Seal(key, pos{"abc", 0.125}, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var got pos
	if err := Open(key, tok, now, &got); err != nil || got.ID != "abc" || got.Score != 0.125 {
		t.Fatalf("open: %+v %v", got, err)
	}
	if err := Open(key, tok, now.Add(2*time.Hour), &got); !errors.Is(err, ErrExpired) {
		t.Errorf("expired token: %v", err)
	}
	if err := Open([]byte("another key"), tok, now, &got); !errors.Is(err, ErrInvalid) {
		t.Errorf("wrong key: %v", err)
	}
	b := []byte(tok)
	b[3] ^= 1
	if err := Open(key, string(b), now, &got); !errors.Is(err, ErrInvalid) {
		t.Errorf("tampered token: %v", err)
	}
	for _, junk := range []string{"", "!!!", "YQ"} {
		if err := Open(key, junk, now, &got); !errors.Is(err, ErrInvalid) {
			t.Errorf("junk %q: %v", junk, err)
		}
	}
}
