package hub

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/collab"
)

// frame is any server frame, decoded loosely for tests.
type frame struct {
	Type        string             `json:"type"`
	Version     int64              `json:"version"`
	From        *int64             `json:"from"`
	Authors     collab.Attribution `json:"authors"`
	Text        string             `json:"text"`
	Role        string             `json:"role"`
	Attribution collab.Attribution `json:"attribution"`
	Peers       []Peer             `json:"peers"`
	Author      string             `json:"author"`
	Client      string             `json:"client"`
	User        string             `json:"user"`
	Name        string             `json:"name"`
	Seq         *int64             `json:"seq"`
	Ops         collab.Op          `json:"ops"`
	Anchor      int                `json:"anchor"`
	Head        int                `json:"head"`
	Code        string             `json:"code"`
	Message     string             `json:"message"`
	CanEdit     bool               `json:"can_edit"`
	Join        []Peer             `json:"join"`
	Leave       []Parted           `json:"leave"`
	Color       int                `json:"color"`
}

func decode(t testing.TB, raw []byte) frame {
	t.Helper()
	var f frame
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("decode frame %s: %v", raw, err)
	}
	return f
}

// otClient is a client following the ot.js Client state machine: one op in flight, later
// local edits composed into a buffer, server ops transformed over both.
type otClient struct {
	t           testing.TB
	id          string
	conn        *Conn
	doc         *collab.Doc
	rev         int64
	outstanding collab.Op
	outSeq      int64
	buffer      collab.Op
	seq         int64
	errors      []frame
}

func (c *otClient) sendOp(op collab.Op) {
	c.seq++
	c.outSeq = c.seq
	c.outstanding = op
	b, err := json.Marshal(map[string]any{"type": "op", "base": c.rev, "seq": c.seq, "ops": op})
	if err != nil {
		c.t.Errorf("marshal op: %v", err)
		return
	}
	c.conn.Receive(b)
}

// edit applies a local edit and sends or buffers it.
func (c *otClient) edit(op collab.Op) {
	if err := c.doc.Apply(op, collab.Limits{}); err != nil {
		c.t.Errorf("%s: local edit %v: %v", c.id, op, err)
		return
	}
	switch {
	case c.outstanding == nil:
		c.sendOp(op)
	case c.buffer == nil:
		c.buffer = op
	default:
		b, err := collab.Compose(c.buffer, op)
		if err != nil {
			c.t.Errorf("%s: compose: %v", c.id, err)
			return
		}
		c.buffer = b
	}
}

// handle processes one server frame; it reports false when the frame broke the protocol.
func (c *otClient) handle(raw []byte) {
	f := decode(c.t, raw)
	switch f.Type {
	case TypeSnapshot:
		c.doc = collab.NewDoc(f.Text)
		c.rev = f.Version
	case TypeAck:
		c.ack(f.Version)
	case TypeOp:
		if f.Version != c.rev+1 {
			c.t.Errorf("%s: op version %d after %d", c.id, f.Version, c.rev)
			return
		}
		if c.outstanding != nil && f.Client == c.id && f.Seq != nil && *f.Seq == c.outSeq {
			c.ack(f.Version) // our own op replayed on resume
			return
		}
		op := f.Ops
		var err error
		if c.outstanding != nil {
			if c.outstanding, op, err = collab.Transform(c.outstanding, op); err != nil {
				c.t.Errorf("%s: transform outstanding: %v", c.id, err)
				return
			}
		}
		if c.buffer != nil {
			if c.buffer, op, err = collab.Transform(c.buffer, op); err != nil {
				c.t.Errorf("%s: transform buffer: %v", c.id, err)
				return
			}
		}
		if err := c.doc.Apply(op, collab.Limits{}); err != nil {
			c.t.Errorf("%s: apply server op: %v", c.id, err)
		}
		c.rev = f.Version
	case TypeError:
		c.errors = append(c.errors, f)
	}
}

func (c *otClient) ack(v int64) {
	if c.outstanding == nil {
		c.t.Errorf("%s: ack %d with nothing outstanding", c.id, v)
		return
	}
	if v != c.rev+1 {
		c.t.Errorf("%s: ack version %d after %d", c.id, v, c.rev)
	}
	c.rev = v
	c.outstanding = nil
	if c.buffer != nil {
		b := c.buffer
		c.buffer = nil
		c.sendOp(b)
	}
}

var alphabet = []string{"a", "b", "c", " ", "\n", "é", "中", "😀", "𝄞", "👍🏽"}

// randomEdit builds an op on text: an insert of a few characters (some outside the BMP) or a
// delete of a few code points, never splitting a surrogate pair.
func randomEdit(r *rand.Rand, text string) collab.Op {
	runes := []rune(text)
	p := r.IntN(len(runes) + 1)
	pre := collab.Len16(string(runes[:p]))
	var op collab.Op
	if pre > 0 {
		op = append(op, collab.Component{Retain: pre})
	}
	rest := collab.Len16(string(runes[p:]))
	if len(runes) > p && r.IntN(3) == 0 {
		k := 1 + r.IntN(min(3, len(runes)-p))
		d := collab.Len16(string(runes[p : p+k]))
		op = append(op, collab.Component{Delete: d})
		rest -= d
	} else {
		var sb strings.Builder
		for range 1 + r.IntN(3) {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		op = append(op, collab.Component{Insert: sb.String()})
	}
	if rest > 0 {
		op = append(op, collab.Component{Retain: rest})
	}
	return op
}

func info(id string, canEdit bool) ClientInfo {
	role := "editor"
	if !canEdit {
		role = "viewer"
	}
	return ClientInfo{ClientID: id, UserID: "user-" + id, Name: "User " + id, Role: role, CanEdit: canEdit}
}

func (c *otClient) String() string { return fmt.Sprintf("%s@%d", c.id, c.rev) }
