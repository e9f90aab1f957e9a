package hub

import (
	"fmt"
	"testing"
	"time"
)

// presenceView follows what one client is told about who is here.
type presenceView map[string]bool

func (p presenceView) apply(f frame) {
	switch f.Type {
	case TypeJoin:
		p[f.User+"/"+f.Client] = true
	case TypeLeave:
		delete(p, f.User+"/"+f.Client)
	case TypePeers:
		for _, x := range f.Leave {
			delete(p, x.User+"/"+x.Client)
		}
		for _, x := range f.Join {
			p[x.User+"/"+x.Client] = true
		}
	}
}

// Hundreds of readers leaving at once must not fill an editor's buffer with presence frames
// and get it disconnected as slow: in a large room joins and leaves go out as peers frames.
func TestPresenceChurnDoesNotDropEditors(t *testing.T) {
	const readers = 300
	_, m := setup(t, "abc", Options{SendBuffer: 64, PresenceBatchAbove: 16, PresenceEvery: 100 * time.Millisecond})
	ed := connect(t, m, "d", info("ed", true), -1)
	nextOf(t, ed, TypeSnapshot)
	seen := presenceView{}
	stopped := make(chan struct{})
	go func() { // the editor keeps up while the room fills, until it has seen everyone
		defer close(stopped)
		for deadline := time.After(10 * time.Second); len(seen) < readers; {
			select {
			case raw := <-ed.Frames():
				seen.apply(decode(t, raw))
			case <-deadline:
				return
			}
		}
	}()
	var rs []*Conn
	for i := range readers {
		rs = append(rs, connect(t, m, "d", ClientInfo{ClientID: fmt.Sprint("r", i), UserID: fmt.Sprint("guest-", i), Name: "Guest", Role: "viewer"}, -1))
	}
	<-stopped
	if len(seen) != readers {
		t.Fatalf("editor sees %d of %d readers", len(seen), readers)
	}
	// The lesson ends: every reader leaves at once, while the editor reads nothing.
	for _, r := range rs {
		r.Close()
	}
	for deadline := time.Now().Add(10 * time.Second); m.Stats().Conns > 1; {
		if time.Now().After(deadline) {
			t.Fatalf("%d conns left", m.Stats().Conns)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond) // the last batch is announced
	select {
	case <-ed.Done():
		t.Fatal("editor disconnected by presence churn")
	default:
	}
	frames := 0
	for drained := false; !drained; {
		select {
		case raw := <-ed.Frames():
			seen.apply(decode(t, raw))
			frames++
		case <-time.After(100 * time.Millisecond):
			drained = true
		}
	}
	if len(seen) != 0 {
		t.Fatalf("editor still sees %d peers", len(seen))
	}
	if frames > 16 {
		t.Fatalf("%d presence frames for %d readers leaving", frames, readers)
	}
	sendOp(ed, 0, 1, `[3,"!"]`)
	nextOf(t, ed, TypeAck)
}
