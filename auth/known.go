package auth

import (
	"sync"
	"time"
)

// Known remembers, for each account, the addresses it recently signed in
// from. The sign-in limit across all addresses of an account spares them:
// an attacker guessing from many addresses cannot lock the owner out of an
// address they have used before. In memory: a restart forgets it.
type Known struct {
	ttl    time.Duration
	perKey int

	mu    sync.Mutex
	seen  map[string]map[string]time.Time
	sweep time.Time
}

// NewKnown keeps up to perKey addresses per account for ttl.
func NewKnown(ttl time.Duration, perKey int) *Known {
	return &Known{ttl: ttl, perKey: perKey, seen: make(map[string]map[string]time.Time)}
}

// Remember notes a successful sign-in to key from addr at now.
func (k *Known) Remember(key, addr string, now time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.forgetOld(now)
	m := k.seen[key]
	if m == nil {
		m = make(map[string]time.Time)
		k.seen[key] = m
	}
	m[addr] = now
	for len(m) > k.perKey { // drop the oldest
		oldest, at := "", now
		for a, t := range m {
			if !t.After(at) {
				oldest, at = a, t
			}
		}
		delete(m, oldest)
	}
}

// Has reports whether key signed in from addr within the ttl before now.
func (k *Known) Has(key, addr string, now time.Time) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	t, ok := k.seen[key][addr]
	return ok && now.Sub(t) < k.ttl
}

// forgetOld drops expired entries, at most once an hour.
func (k *Known) forgetOld(now time.Time) {
	if now.Sub(k.sweep) < time.Hour {
		return
	}
	k.sweep = now
	for key, m := range k.seen {
		for a, t := range m {
			if now.Sub(t) >= k.ttl {
				delete(m, a)
			}
		}
		if len(m) == 0 {
			delete(k.seen, key)
		}
	}
}
