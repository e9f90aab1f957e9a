package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter keeps one token bucket per key ("acct:alice", "ip:10.0.0.1"), and
// forgets keys that have been quiet long enough to be full again.
type Limiter struct {
	every time.Duration
	burst int

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows burst attempts at once, then one per every.
func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{every: every, burst: burst, buckets: make(map[string]*bucket)}
}

// Allow takes one attempt for key at now. When it refuses, retry says how
// long until the next attempt would be allowed.
func (l *Limiter) Allow(key string, now time.Time) (ok bool, retry time.Duration) {
	ok, retry, _ = l.Take(key, now)
	return ok, retry
}

// Take is Allow that can be undone: give back returns the attempt, for
// limits that count only failures (a sign-in that succeeds is not held
// against its address). The attempt is taken before the outcome is known,
// so parallel guesses cannot all slip under the limit.
func (l *Limiter) Take(key string, now time.Time) (ok bool, retry time.Duration, giveBack func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forgetIdle(now)
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d, func() {}
	}
	return true, 0, func() { r.CancelAt(now) }
}

// forgetIdle drops buckets that have refilled completely, at most once a minute.
func (l *Limiter) forgetIdle(now time.Time) {
	if now.Sub(l.sweep) < time.Minute {
		return
	}
	l.sweep = now
	full := l.every * time.Duration(l.burst)
	for k, b := range l.buckets {
		if now.Sub(b.seen) > full {
			delete(l.buckets, k)
		}
	}
}
