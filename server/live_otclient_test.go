package server_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/collab"
)

// otClient is an ot.js-style client on a real socket: at most one op
// outstanding, remote ops transformed over it, resume with since and an
// unchanged resend after a disconnect. It is driven by one goroutine.
type otClient struct {
	t               testing.TB
	url, token, doc string
	id              string
	ws              *websocket.Conn
	frames          chan frame
	text            *collab.Doc
	version         int64
	seq             int64
	out             collab.Op // outstanding op, transformed over what arrived since
	outOrig         collab.Op // the op as sent (resent unchanged)
	outBase, outSeq int64
	outTag, outDel  string // the tag the outstanding op inserts or deletes
	rng             *rand.Rand
	gotSnapshot     bool
	// Tags (see edit) whose op was acknowledged, inserted or deleted, and those whose op's
	// fate is unknown (dropped for a snapshot before its ack).
	inserted, deleted, unknown, unknownDel []string
}

func newOTClient(t testing.TB, url, token, doc, id string, seed uint64) *otClient {
	c := &otClient{t: t, url: url, token: token, doc: doc, id: id, rng: rand.New(rand.NewPCG(seed, 7))}
	c.connect(-1)
	return c
}

func (c *otClient) connect(since int64) error {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+c.token)
	var ws *websocket.Conn
	var err error
	for range 50 {
		if ws, _, err = websocket.DefaultDialer.Dial(wsURL(c.url, c.doc, c.id, since), h); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("%s: dial: %w", c.id, err)
	}
	c.ws = ws
	c.frames = make(chan frame, 4096)
	go func(ws *websocket.Conn, ch chan frame) {
		defer close(ch)
		for {
			_, b, err := ws.ReadMessage()
			if err != nil {
				return
			}
			raws, err := splitFrames(b)
			if err != nil {
				continue
			}
			for _, raw := range raws {
				var f frame
				if json.Unmarshal(raw, &f) == nil {
					ch <- f
				}
			}
		}
	}(ws, c.frames)
	if since < 0 {
		for f := range c.frames {
			if f.Type == "snapshot" {
				c.applySnapshot(f)
				return nil
			}
		}
		return fmt.Errorf("%s: no snapshot", c.id)
	}
	if c.out != nil { // resend unchanged: same base, same seq
		c.sendRaw(c.outBase, c.outSeq, c.outOrig)
	}
	return nil
}

func (c *otClient) applySnapshot(f frame) {
	if c.out != nil && c.outTag != "" {
		c.unknown = append(c.unknown, c.outTag)
	}
	if c.out != nil && c.outDel != "" {
		c.unknownDel = append(c.unknownDel, c.outDel)
	}
	c.text, c.version, c.out, c.outOrig = collab.NewDoc(f.Text), f.Version, nil, nil
	c.outTag, c.outDel = "", ""
	c.gotSnapshot = true
}

// acked records the outstanding op as acknowledged at version.
func (c *otClient) acked(version int64) {
	if c.outTag != "" {
		c.inserted = append(c.inserted, c.outTag)
	}
	if c.outDel != "" {
		c.deleted = append(c.deleted, c.outDel)
	}
	c.version, c.out, c.outOrig, c.outTag, c.outDel = version, nil, nil, "", ""
}

func (c *otClient) disconnect() {
	c.ws.Close()
	for range c.frames {
	}
}

func (c *otClient) sendRaw(base, seq int64, op collab.Op) {
	b, _ := op.MarshalJSON()
	msg := fmt.Sprintf(`{"type":"op","base":%d,"seq":%d,"ops":%s}`, base, seq, b)
	_ = c.ws.WriteMessage(websocket.TextMessage, []byte(msg)) // a failed write shows up as a read error
}

// tagRE finds the tags clients insert ("<c1-7>"); the text they start from holds none.
var tagRE = regexp.MustCompile(`<[a-z0-9-]+>`)

// edit makes a random local edit and sends it (only when nothing is outstanding): it inserts
// tag at a random place outside every tag, or (one time in four) deletes a whole random tag.
// Tags stay whole whatever the interleaving, so the final text tells exactly which
// acknowledged inserts survived (checkTags).
func (c *otClient) edit(tag string) {
	if c.out != nil {
		return
	}
	text := c.text.String()
	n := c.text.Len16()
	var op collab.Op
	c.outTag, c.outDel = "", ""
	tags := tagRE.FindAllStringIndex(text, -1)
	switch {
	case tag == "": // a no-op: still a version, and it makes the server commit
		op = collab.Op{{Retain: n}}
	case len(tags) > 0 && c.rng.IntN(4) == 0:
		t := tags[c.rng.IntN(len(tags))]
		op = collab.Op{{Retain: t[0]}, {Delete: t[1] - t[0]}, {Retain: n - t[1]}}
		c.outDel = text[t[0]:t[1]]
	default:
		var places []int // positions not inside a tag (the text is ASCII: bytes are units)
		inside := false
		for i := 0; i <= len(text); i++ {
			if !inside {
				places = append(places, i)
			}
			if i < len(text) && text[i] == '<' {
				inside = true
			} else if i < len(text) && text[i] == '>' {
				inside = false
			}
		}
		pos := places[c.rng.IntN(len(places))]
		op = collab.Op{{Retain: pos}, {Insert: tag}, {Retain: n - pos}}
		c.outTag = tag
	}
	op = op.Normalize()
	if err := c.text.Apply(op, collab.Limits{}); err != nil {
		c.t.Errorf("%s: local apply: %v", c.id, err)
		return
	}
	c.seq++
	c.out, c.outOrig, c.outBase, c.outSeq = op, op, c.version, c.seq
	c.sendRaw(c.outBase, c.outSeq, op)
}

// handle applies one frame; false means the connection ended.
func (c *otClient) handle(f frame, ok bool) error {
	if !ok {
		return errDisconnected
	}
	switch f.Type {
	case "snapshot":
		c.applySnapshot(f)
	case "ack":
		if c.out != nil && f.Seq != nil && *f.Seq == c.outSeq {
			if f.Version != c.version+1 {
				return fmt.Errorf("%s: ack version %d at %d", c.id, f.Version, c.version)
			}
			c.acked(f.Version)
		}
	case "op":
		if f.Version <= c.version {
			return nil // already applied (a replay after a resend race)
		}
		if f.Version != c.version+1 {
			return fmt.Errorf("%s: op %d at version %d: gap", c.id, f.Version, c.version)
		}
		if c.out != nil && f.Client == c.id && f.Seq != nil && *f.Seq == c.outSeq {
			c.acked(f.Version) // our own op replayed: its ack
			return nil
		}
		remote, err := collab.ParseOp(f.Ops, collab.Limits{})
		if err != nil {
			return fmt.Errorf("%s: parse op: %w", c.id, err)
		}
		if c.out != nil {
			if c.out, remote, err = collab.Transform(c.out, remote); err != nil {
				return fmt.Errorf("%s: transform: %w", c.id, err)
			}
		}
		if err := c.text.Apply(remote, collab.Limits{}); err != nil {
			return fmt.Errorf("%s: apply remote %d: %w", c.id, f.Version, err)
		}
		c.version = f.Version
	case "error":
		return fmt.Errorf("%s: error frame %s", c.id, f.Code)
	}
	return nil
}

var errDisconnected = fmt.Errorf("disconnected")

// run makes edits with random pauses, handling frames meanwhile, and
// reconnects (resuming with since) when dropped or, with probability
// pDrop per step, on purpose. It returns with nothing outstanding.
func (c *otClient) run(edits int, pDrop float64) error {
	deadline := time.Now().Add(60 * time.Second)
	made := 0
	for made < edits || c.out != nil {
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: timed out with %d/%d edits", c.id, made, edits)
		}
		if made < edits && c.out == nil {
			c.edit(fmt.Sprintf("<%s-%d>", c.id, made))
			made++
		}
		if c.rng.Float64() < pDrop {
			c.disconnect()
			if err := c.connect(c.version); err != nil {
				return err
			}
			continue
		}
		select {
		case f, ok := <-c.frames:
			if err := c.handle(f, ok); err == errDisconnected {
				if err := c.connect(c.version); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		case <-time.After(time.Duration(c.rng.IntN(15)) * time.Millisecond):
		}
	}
	return nil
}

// settle handles frames until the client is at version head.
func (c *otClient) settle(head int64, wait time.Duration) bool {
	end := time.After(wait)
	for c.version < head || c.out != nil {
		select {
		case f, ok := <-c.frames:
			if err := c.handle(f, ok); err == errDisconnected {
				if err := c.connect(c.version); err != nil {
					c.t.Error(err)
					return false
				}
			} else if err != nil {
				c.t.Error(err)
				return false
			}
		case <-end:
			return false
		}
	}
	return true
}

// converge runs clients concurrently, then checks they end on one text that
// holds every client's surviving edits.
func converge(t *testing.T, clients []*otClient, edits int, pDrop float64, head func() (string, int64)) string {
	t.Helper()
	errs := make(chan error, len(clients))
	for _, c := range clients {
		go func() { errs <- c.run(edits, pDrop) }()
	}
	for range clients {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for attempt := 0; ; attempt++ {
		text, v := head()
		all := true
		for _, c := range clients {
			if !c.settle(v, 5*time.Second) || c.version != v {
				all = false
			}
		}
		if all {
			for _, c := range clients {
				if got := c.text.String(); got != text || c.version != v {
					t.Fatalf("%s diverged at v%d/%d:\n got %q\nwant %q", c.id, c.version, v, got, text)
				}
			}
			return text
		}
		if attempt == 3 {
			t.Fatalf("clients did not reach version %d", v)
		}
		// A server may not have heard of the others' commits (a lost
		// notification): an op makes it find out on commit.
		for _, c := range clients {
			if c.out == nil {
				c.edit("") // its ack is awaited by the next settle
			}
		}
	}
}

// checkTags checks the converged text against what the clients were told: every tag whose
// insert was acknowledged is there exactly once unless a delete of it was acknowledged; every
// tag there was inserted by an acknowledged op (or one whose fate a snapshot hid). It returns
// how many acknowledged inserts survived.
func checkTags(t *testing.T, text string, clients []*otClient) int {
	t.Helper()
	deleted, maybeDeleted, known := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range clients {
		for _, tag := range c.deleted {
			deleted[tag] = true
		}
		for _, tag := range c.unknownDel {
			maybeDeleted[tag] = true
		}
		for _, tag := range append(c.inserted, c.unknown...) {
			known[tag] = true
		}
	}
	count := map[string]int{}
	for _, tag := range tagRE.FindAllString(text, -1) {
		count[tag]++
		if !known[tag] {
			t.Errorf("tag %s in the text comes from no acknowledged op", tag)
		}
	}
	survived := 0
	for _, c := range clients {
		for _, tag := range c.inserted {
			switch n := count[tag]; {
			case n > 1:
				t.Errorf("acknowledged insert %s applied %d times", tag, n)
			case n == 0 && !deleted[tag] && !maybeDeleted[tag]:
				t.Errorf("acknowledged insert %s lost (never deleted)", tag)
			case n == 1 && deleted[tag]:
				t.Errorf("acknowledged delete of %s not applied", tag)
			case n == 1:
				survived++
			}
		}
	}
	return survived
}
