package hub

import "testing"

// A client id belongs to its user: another user's conn with the same id does
// not replace it, and the same (client, seq) by two users are two ops.
func TestClientIDsArePerUser(t *testing.T) {
	_, m := setup(t, "abc", Options{})
	victim := ClientInfo{ClientID: "tab", UserID: "u-victim", Name: "V", Role: "editor", CanEdit: true}
	other := ClientInfo{ClientID: "tab", UserID: "u-other", Name: "O", Role: "editor", CanEdit: true}
	v := connect(t, m, "d", victim, -1)
	nextOf(t, v, TypeSnapshot)
	o := connect(t, m, "d", other, -1)
	if s := nextOf(t, o, TypeSnapshot); len(s.Peers) != 1 || s.Peers[0].User != "u-victim" {
		t.Fatalf("the other user's snapshot must list the victim as a peer: %+v", s.Peers)
	}
	if f := next(t, v); f.Type != TypeJoin || f.User != "u-other" {
		t.Fatalf("victim: want a join, got %+v", f)
	}
	sendOp(o, 0, 1, `[3,"!"]`)
	nextOf(t, o, TypeAck)
	nextOf(t, v, TypeOp)
	sendOp(v, 1, 1, `[4,"?"]`)
	if a := nextOf(t, v, TypeAck); a.Version != 2 {
		t.Fatalf("victim's seq 1 acknowledged as %d: taken for the other user's", a.Version)
	}
	if st := state(t, m, "d"); st.Text != "abc!?" {
		t.Fatalf("text %q", st.Text)
	}
	// The same user reconnecting still replaces its old conn.
	v2 := connect(t, m, "d", victim, 2)
	select {
	case <-v.Done():
	default:
		t.Fatal("the same user's reconnect did not replace the old conn")
	}
	if f := next(t, v2); f.Type != TypeJoin || f.User != "u-other" {
		t.Fatalf("resume: want the other user's join, got %+v", f)
	}
	select {
	case <-o.Done():
		t.Fatal("the other user's conn was dropped")
	default:
	}
}
