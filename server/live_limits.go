package server

import (
	"sync"
	"sync/atomic"
)

// Live connections are long-lived and each holds a goroutine pair, buffers
// and a place in a hub, so one account or one address may hold only so many
// at a time (Config.LiveConnsPerUser, Config.LiveConnsPerAddress). A refused
// socket is upgraded and closed at once with closeTooMany, which browsers
// (unlike an HTTP status on a failed handshake) can see and act on.

// closeTooMany is the close code of a live socket refused for the caps.
const closeTooMany = 4429

// liveSlots counts the open live sockets per user and per address.
type liveSlots struct {
	perUser, perAddr int
	refused          atomic.Int64 // sockets refused, for /metrics

	mu    sync.Mutex
	users map[string]int
	addrs map[string]int
}

func newLiveSlots(perUser, perAddr int) *liveSlots {
	return &liveSlots{perUser: perUser, perAddr: perAddr, users: map[string]int{}, addrs: map[string]int{}}
}

// take reserves a slot for a socket of user (anonymous: "") from addr; false
// when either is at its cap.
func (s *liveSlots) take(user, addr string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addrs[addr] >= s.perAddr || (user != "" && s.users[user] >= s.perUser) {
		s.refused.Add(1)
		return false
	}
	s.addrs[addr]++
	if user != "" {
		s.users[user]++
	}
	return true
}

// give releases a slot taken by take.
func (s *liveSlots) give(user, addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addrs[addr]--; s.addrs[addr] <= 0 {
		delete(s.addrs, addr)
	}
	if user == "" {
		return
	}
	if s.users[user]--; s.users[user] <= 0 {
		delete(s.users, user)
	}
}
