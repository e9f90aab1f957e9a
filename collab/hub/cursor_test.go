package hub

import (
	"fmt"
	"testing"
)

// Committed ops move the cursors of the clients that have one, and a client that leaves takes
// its cursor out of the set the hub moves: with churn it would otherwise keep every departed
// caret for the life of the room.
func TestCursorsFollowOpsAndLeaveWithTheirClient(t *testing.T) {
	_, m := setup(t, "abcdef", Options{})
	e := connect(t, m, "d", info("e", true), -1)
	a := connect(t, m, "d", info("a", false), -1)
	b := connect(t, m, "d", info("b", false), -1)
	nextOf(t, e, TypeSnapshot)
	a.Receive([]byte(`{"type":"cursor","base":0,"anchor":2,"head":4}`))
	b.Receive([]byte(`{"type":"cursor","base":0,"anchor":1,"head":1}`))
	for range 2 {
		nextOf(t, e, TypeCursor)
	}
	b.Close()
	nextOf(t, e, TypeLeave)
	sendOp(e, 0, 1, `["xy",6]`)
	nextOf(t, e, TypeAck)
	state(t, m, "d") // the hub has handled everything above

	m.mu.Lock()
	h := m.hubs["d"]
	m.mu.Unlock()
	if len(h.cursored) != 1 || h.cursored[0].info.ClientID != "a" {
		t.Fatalf("clients with a cursor: %d, want a's alone", len(h.cursored))
	}
	n := connect(t, m, "d", info("n", false), -1)
	snap := nextOf(t, n, TypeSnapshot)
	var got []string
	for _, p := range snap.Peers {
		if p.Anchor != nil {
			got = append(got, fmt.Sprintf("%s %d-%d", p.Client, *p.Anchor, *p.Head))
		}
	}
	if len(got) != 1 || got[0] != "a 4-6" {
		t.Fatalf("cursors in a newcomer's snapshot: %v, want [a 4-6] (a's 2-4 moved by the insert of two)", got)
	}
}
