package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
)

// TestScanMessageAgreesWithTheDecoder reads the frames the server sends, alone and joined,
// with the light scanner and with the full decoder, and wants the same facts from both.
func TestScanMessageAgreesWithTheDecoder(t *testing.T) {
	seq := int64(4)
	frames := []any{
		hub.OpFrame{Type: hub.TypeOp, Version: 12, Author: "u1", Client: "lt-a-0-1", Seq: 7,
			Ops: collab.Op{{Retain: 3}, {Insert: "é\"\\/\n\t<>&"}, {Delete: 2}, {Retain: 40}}},
		hub.OpFrame{Type: hub.TypeOp, Version: 13, Author: "u2", Client: "c2", Seq: 1,
			Ops: collab.Op{{Insert: "😀 a \u2028 b 🎉"}, {Retain: 5}}},
		hub.ComposedFrame{Type: hub.TypeOp, From: 13, Version: 19, Ops: collab.Op{{Retain: 1}, {Insert: "ab[]{}"}, {Delete: 9}},
			Authors: collab.Attribution{{Author: "u1", Len: 2}, {Author: "u[2]", Len: 4}}},
		hub.AckFrame{Type: hub.TypeAck, Seq: 9, Version: 20},
		hub.SnapshotFrame{Type: hub.TypeSnapshot, Version: 3, Text: "Lesson 😀\n\"quoted\" é", Role: "editor",
			Attribution: collab.Attribution{{Author: "u1", Len: 21}},
			Peers:       []hub.Peer{{Client: "c{1}", User: "u", Name: "Ana \"A\"", Role: "editor"}}},
		hub.ErrorFrame{Type: hub.TypeError, Code: hub.CodeBadOp, Message: "no: [x]", Seq: &seq},
		hub.ErrorFrame{Type: hub.TypeError, Code: hub.CodeRateLimited, Message: "slow down"},
		hub.CursorFrame{Type: hub.TypeCursor, Client: "c3", Name: "Bo", Version: 20, Anchor: 1, Head: 2},
		hub.PeersFrame{Type: hub.TypePeers, Join: []hub.Peer{{Client: "c4"}}, Leave: []hub.Parted{{Client: "c5", Name: "}"}}},
		hub.OpFrame{Type: hub.TypeOp, Version: 21, Author: "u", Client: "c", Seq: 2, Ops: collab.Op{{Retain: 9}}},
	}
	var raws []string
	for _, f := range frames {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, string(b))
	}
	messages := append([]string{"[" + strings.Join(raws, ",") + "]", "[ ]", " [\n" + raws[0] + " , " + raws[3] + "\n]"}, raws...)
	for _, m := range messages {
		want, err := decodeJSON([]byte(m))
		if err != nil {
			t.Fatalf("decode %s: %v", m, err)
		}
		got, err := scanMessage([]byte(m), nil)
		if err != nil {
			t.Fatalf("scan %s: %v", m, err)
		}
		if len(got) != len(want) {
			t.Fatalf("scan %s: %d frames, want %d", m, len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			wantFrom, wantSeq, wantDelta, wantType := int64(-1), int64(-1), 0, w.Type
			if w.Type != "op" && w.Type != "ack" && w.Type != "snapshot" && w.Type != "error" {
				wantType = "" // the types a light client ignores
			}
			if w.From != nil {
				wantFrom = *w.From
			}
			if w.Seq != nil {
				wantSeq = *w.Seq
			}
			if len(w.Ops) > 0 {
				op, err := collab.ParseOp(w.Ops, collab.Limits{})
				if err != nil {
					t.Fatalf("parse %s: %v", w.Ops, err)
				}
				wantDelta = op.TargetLen() - op.BaseLen()
			}
			if g.typ != wantType || g.version != w.Version || g.from != wantFrom || g.seq != wantSeq ||
				string(g.client) != w.Client || g.code != w.Code || g.delta != wantDelta || g.textLen != collab.Len16(w.Text) {
				t.Errorf("frame %d of %s:\n got %+v\nwant type %s version %d from %d seq %d client %s code %s delta %d text %d",
					i, m, g, wantType, w.Version, wantFrom, wantSeq, w.Client, w.Code, wantDelta, collab.Len16(w.Text))
			}
		}
	}
}

// TestScanMessageRefusesBrokenFrames: a truncated or malformed message is an error, never a
// wrong version or length.
func TestScanMessageRefusesBrokenFrames(t *testing.T) {
	for _, m := range []string{
		``, `{`, `[`, `{"type":"op","version":`, `{"type":"op","version":x}`, `{"ops":[1,"a}`,
		`{"ops":[1,true]}`, `[{"type":"ack"}`, `{"type":"ack" "seq":1}`, `{"text":"abc`, `[{} {}]`,
		`{"type":"op","version":1,"author":"a","client":"c","seq":2,"ops":[1,"x"]`,
		`{"type":"op","version":1,"author":"a","client":"c","seq":2,"ops":[1,"x}`,
		`{"type":"op","version":1,"author":"a","client":"c,"seq":2,"ops":[1]}`,
		`[{"type":"op","version":1,"author":"a","client":"c","seq":2,"ops":[1]}{}]`,
	} {
		if fs, err := scanMessage([]byte(m), nil); err == nil {
			t.Errorf("scan %q: no error (%+v)", m, fs)
		}
	}
}

// TestDecodeFastAgreesWithTheDecoder: acks and op frames in the server's layout, alone and
// joined, read the same through decodeFast as through the decoder; anything else is left to
// the decoder.
func TestDecodeFastAgreesWithTheDecoder(t *testing.T) {
	var raws []string
	for _, f := range []any{
		hub.OpFrame{Type: hub.TypeOp, Version: 12, Author: "u1", Client: "lt-a-0-1", Seq: 7,
			Ops: collab.Op{{Retain: 3}, {Insert: "é\"\\/\n\t<>&"}, {Delete: 2}, {Retain: 40}}},
		hub.AckFrame{Type: hub.TypeAck, Seq: 9, Version: 20},
		hub.OpFrame{Type: hub.TypeOp, Version: 13, Author: "u2", Client: `c,"ops":`, Seq: 1,
			Ops: collab.Op{{Insert: "😀 ,\"ops\": \u2028 b 🎉"}, {Retain: 5}}},
		hub.AckFrame{Type: hub.TypeAck, Seq: -1, Version: 0},
	} {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, string(b))
	}
	for _, m := range append([]string{"[" + strings.Join(raws, ",") + "]"}, raws...) {
		want, err := decodeJSON([]byte(m))
		if err != nil {
			t.Fatalf("decode %s: %v", m, err)
		}
		got, ok := decodeFast([]byte(m), nil)
		if strings.Contains(m, `c,\"ops\":`) && !strings.HasPrefix(m, "[") {
			if ok {
				t.Errorf("an escaped client id was read fast: %s", m)
			}
			continue
		}
		if strings.HasPrefix(m, "[") {
			if ok {
				t.Errorf("a message with an escaped client id was read fast: %s", m)
			}
			continue
		}
		if !ok || len(got) != len(want) {
			t.Fatalf("fast %s: ok %v, %d frames, want %d", m, ok, len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Type != w.Type || g.Version != w.Version || *g.Seq != *w.Seq || g.Client != w.Client || string(g.Ops) != string(w.Ops) {
				t.Errorf("fast %s:\n got %+v ops %s\nwant %+v ops %s", m, g, g.Ops, w, w.Ops)
			}
		}
	}
	joined := "[" + raws[0] + "," + raws[1] + "]"
	got, ok := decodeFast([]byte(joined), nil)
	want, _ := decodeJSON([]byte(joined))
	if !ok || len(got) != 2 || got[0].Type != want[0].Type || string(got[0].Ops) != string(want[0].Ops) || *got[1].Seq != *want[1].Seq {
		t.Errorf("fast %s: ok %v %+v", joined, ok, got)
	}
	for _, m := range []string{`{"type":"snapshot","version":1}`, `[` + raws[0] + `,{"type":"cursor"}]`, raws[0] + " ", `[` + raws[1], `{"type":"ack","seq":1,"version":2`} {
		if _, ok := decodeFast([]byte(m), nil); ok {
			t.Errorf("fast read %s", m)
		}
	}
}
