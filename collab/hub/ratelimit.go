package hub

import "time"

// bucket is a token bucket: rate tokens per second up to burst. It is owned by one hub
// goroutine, so it needs no lock.
type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes one token if there is one.
func (b *bucket) allow(now time.Time, rate float64, burst int) bool {
	if b.last.IsZero() {
		b.tokens = float64(burst)
	} else if d := now.Sub(b.last); d > 0 {
		b.tokens = min(float64(burst), b.tokens+d.Seconds()*rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
