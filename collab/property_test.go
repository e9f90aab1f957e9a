package collab

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

const propertySeeds = 3000

func applyOrFail(t *testing.T, text string, op Op) string {
	t.Helper()
	d := NewDoc(text)
	if err := d.Apply(op, DefaultLimits); err != nil {
		t.Fatalf("Apply(%q, %v): %v", text, op, err)
	}
	got := d.String()
	if want := modelApply(text, op); got != want {
		t.Fatalf("Apply(%q, %v) = %q, model %q", text, op, got, want)
	}
	if !utf8.ValidString(got) {
		t.Fatalf("Apply(%q, %v) gave invalid UTF-8", text, op)
	}
	if d.Len16() != op.TargetLen() || Len16(got) != d.Len16() {
		t.Fatalf("Apply(%q, %v): Len16 %d, target %d, text %d", text, op, d.Len16(), op.TargetLen(), Len16(got))
	}
	return got
}

// TestTransformConvergence checks TP1: apply(apply(S,a),b') == apply(apply(S,b),a').
func TestTransformConvergence(t *testing.T) {
	for seed := range uint64(propertySeeds) {
		r := rand.New(rand.NewPCG(seed, 1))
		doc := randText(r, 1+r.IntN(20))
		a, b := randOp(r, doc, 1+r.IntN(5)), randOp(r, doc, 1+r.IntN(5))
		ap, bp, err := Transform(a, b)
		if err != nil {
			t.Fatalf("seed %d: Transform: %v", seed, err)
		}
		left := applyOrFail(t, applyOrFail(t, doc, a), bp)
		right := applyOrFail(t, applyOrFail(t, doc, b), ap)
		if left != right {
			t.Fatalf("seed %d: diverged: %q vs %q (doc %q a %v b %v)", seed, left, right, doc, a, b)
		}
		// Transform + compose consistency: a∘b' and b∘a' have the same effect.
		ab, err := Compose(a, bp)
		if err != nil {
			t.Fatalf("seed %d: Compose(a, b'): %v", seed, err)
		}
		ba, err := Compose(b, ap)
		if err != nil {
			t.Fatalf("seed %d: Compose(b, a'): %v", seed, err)
		}
		if x, y := applyOrFail(t, doc, ab), applyOrFail(t, doc, ba); x != left || y != left {
			t.Fatalf("seed %d: composed results %q / %q, want %q", seed, x, y, left)
		}
	}
}

// TestComposeMatchesSequentialApply checks apply(S, compose(a,b)) == apply(apply(S,a),b) and
// that composition is associative in effect.
func TestComposeMatchesSequentialApply(t *testing.T) {
	for seed := range uint64(propertySeeds) {
		r := rand.New(rand.NewPCG(seed, 2))
		doc := randText(r, 1+r.IntN(20))
		a := randOp(r, doc, 1+r.IntN(5))
		s1 := applyOrFail(t, doc, a)
		b := randOp(r, s1, 1+r.IntN(5))
		s2 := applyOrFail(t, s1, b)
		c := randOp(r, s2, 1+r.IntN(5))
		s3 := applyOrFail(t, s2, c)
		ab, err := Compose(a, b)
		if err != nil {
			t.Fatalf("seed %d: Compose: %v", seed, err)
		}
		if got := applyOrFail(t, doc, ab); got != s2 {
			t.Fatalf("seed %d: compose applied %q, sequential %q", seed, got, s2)
		}
		if ab.BaseLen() != a.BaseLen() || ab.TargetLen() != b.TargetLen() {
			t.Fatalf("seed %d: compose lengths %d->%d", seed, ab.BaseLen(), ab.TargetLen())
		}
		bc, err := Compose(b, c)
		if err != nil {
			t.Fatalf("seed %d: Compose(b,c): %v", seed, err)
		}
		abc1, err1 := Compose(ab, c)
		abc2, err2 := Compose(a, bc)
		if err1 != nil || err2 != nil {
			t.Fatalf("seed %d: Compose: %v %v", seed, err1, err2)
		}
		if !slices.Equal(abc1, abc2) {
			t.Fatalf("seed %d: (ab)c = %v, a(bc) = %v", seed, abc1, abc2)
		}
		if got := applyOrFail(t, doc, abc1); got != s3 {
			t.Fatalf("seed %d: composed three %q, want %q", seed, got, s3)
		}
	}
}

// TestTransformIndexProperties: bounded, monotonic, and a retained character keeps its
// cursor just before it.
func TestTransformIndexProperties(t *testing.T) {
	for seed := range uint64(propertySeeds) {
		r := rand.New(rand.NewPCG(seed, 3))
		doc := randText(r, 1+r.IntN(20))
		op := randOp(r, doc, 1+r.IntN(5))
		after := utf16.Encode([]rune(applyOrFail(t, doc, op)))
		before := utf16.Encode([]rune(doc))
		retained := make([]bool, len(before))
		p := 0
		for _, c := range op {
			for k := range c.Retain {
				retained[p+k] = true
			}
			p += c.Retain + c.Delete
		}
		prev := -1
		for i := 0; i <= len(before); i++ {
			ti := TransformIndex(i, op)
			if ti < 0 || ti > len(after) || ti < prev {
				t.Fatalf("seed %d: TransformIndex(%d) = %d (prev %d, len %d, op %v)", seed, i, ti, prev, len(after), op)
			}
			prev = ti
			if i < len(before) && retained[i] && after[ti] != before[i] {
				t.Fatalf("seed %d: cursor before retained unit %d moved to %d, which holds another unit", seed, i, ti)
			}
		}
		if got := TransformIndex(len(before), op); got != len(after) {
			t.Fatalf("seed %d: end cursor -> %d, want %d", seed, got, len(after))
		}
	}
}

// TestDocAgainstModel drives one rope through many edits, some large, checking every step
// against the UTF-16 model, plus Slice16 and attribution.
func TestDocAgainstModel(t *testing.T) {
	for seed := range uint64(16) {
		r := rand.New(rand.NewPCG(seed, 4))
		var start string
		for range r.IntN(400) {
			start += randText(r, 3) + randASCII(r, r.IntN(40))
		}
		d := NewDoc(start)
		model := start
		attr := Attribution{{Author: "origin", Len: Len16(start)}}.Normalize()
		authors := expandAttribution(attr)
		for step := range 120 {
			var op Op
			switch r.IntN(6) {
			case 0: // big paste somewhere
				op = pasteOp(r, model, randASCII(r, r.IntN(5000))+randText(r, 50))
			case 1: // big cut
				op = cutOp(r, model)
			default:
				op = randOp(r, model, 1+r.IntN(400))
			}
			author := []string{"ann", "bob", "cy"}[r.IntN(3)]
			if err := d.Validate(op, DefaultLimits); err != nil {
				t.Fatalf("seed %d step %d: Validate: %v", seed, step, err)
			}
			if err := d.Apply(op, DefaultLimits); err != nil {
				t.Fatalf("seed %d step %d: Apply: %v", seed, step, err)
			}
			model = modelApply(model, op)
			attr = attr.Apply(op, author)
			authors = modelAuthors(authors, op, author)
			if got := d.String(); got != model {
				t.Fatalf("seed %d step %d: doc differs from model (len %d vs %d)", seed, step, len(got), len(model))
			}
			if d.Len16() != Len16(model) || d.Len() != len(model) || attr.Len16() != d.Len16() {
				t.Fatalf("seed %d step %d: lengths doc %d model %d attribution %d", seed, step, d.Len16(), Len16(model), attr.Len16())
			}
			if !slices.Equal(expandAttribution(attr), authors) {
				t.Fatalf("seed %d step %d: attribution differs from model", seed, step)
			}
			for k := 1; k < len(attr); k++ {
				if attr[k].Author == attr[k-1].Author || attr[k].Len <= 0 {
					t.Fatalf("seed %d step %d: attribution not normalised: %v", seed, step, attr)
				}
			}
			checkSlices(t, r, d, model)
			checkSplit(t, attr, model)
		}
	}
}

func pasteOp(r *rand.Rand, doc, text string) Op {
	runes := []rune(doc)
	at := r.IntN(len(runes) + 1)
	return Op{}.retain(units16(runes[:at])).insert(text).retain(units16(runes[at:]))
}

func cutOp(r *rand.Rand, doc string) Op {
	runes := []rune(doc)
	from := r.IntN(len(runes) + 1)
	to := from + r.IntN(len(runes)-from+1)
	return Op{}.retain(units16(runes[:from])).delete(units16(runes[from:to])).retain(units16(runes[to:]))
}

func checkSlices(t *testing.T, r *rand.Rand, d *Doc, model string) {
	t.Helper()
	u := utf16.Encode([]rune(model))
	for range 5 {
		from := r.IntN(len(u) + 1)
		to := from + r.IntN(len(u)-from+1)
		f, tt := from, to
		// Slice16 rounds positions inside a pair down to the pair's start.
		if f > 0 && f < len(u) && utf16.IsSurrogate(rune(u[f])) && u[f] >= 0xdc00 {
			f--
		}
		if tt > 0 && tt < len(u) && utf16.IsSurrogate(rune(u[tt])) && u[tt] >= 0xdc00 {
			tt--
		}
		if tt < f {
			tt = f
		}
		want := string(utf16.Decode(u[f:tt]))
		if got := d.Slice16(from, to); got != want {
			t.Fatalf("Slice16(%d, %d) = %q, want %q", from, to, got, want)
		}
	}
}

func checkSplit(t *testing.T, a Attribution, text string) {
	t.Helper()
	parts := a.Split(text)
	joined := ""
	for i, p := range parts {
		joined += p.Text
		if i > 0 && parts[i-1].Author == p.Author {
			t.Fatalf("Split returned adjacent pieces by %q", p.Author)
		}
	}
	if joined != text {
		t.Fatalf("Split pieces do not concatenate to the text")
	}
}

// TestClientsConverge simulates the ot.js client/server protocol: each client keeps one op in
// flight and buffers (composes) local edits meanwhile; the server transforms late ops through
// its history. Random delivery order; at the end every replica equals the server.
func TestClientsConverge(t *testing.T) {
	for seed := range uint64(300) {
		simulate(t, seed)
	}
}

type simMsg struct {
	op   Op
	base int
}

type simClient struct {
	name        string
	doc         string
	version     int
	outstanding Op
	buffer      Op
	toServer    []simMsg
	fromServer  []simMsg // base < 0 means an ack of our own op
}

func simulate(t *testing.T, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 5))
	start := randText(r, 10)
	server := NewDoc(start)
	attr := Attribution{{Author: "seed", Len: server.Len16()}}
	var history []Op
	versions := []string{start}
	clients := make([]*simClient, 2+r.IntN(3))
	for i := range clients {
		clients[i] = &simClient{name: string(rune('A' + i)), doc: start}
	}
	steps := 200
	for step := 0; ; step++ {
		pending := false
		for _, c := range clients {
			pending = pending || c.outstanding != nil || len(c.toServer) > 0 || len(c.fromServer) > 0
		}
		if step >= steps && !pending {
			break
		}
		if step > 100000 {
			t.Fatalf("seed %d: simulation did not settle", seed)
		}
		c := clients[r.IntN(len(clients))]
		switch x := r.IntN(3); {
		case x == 0 && step < steps: // local edit
			op := randEdit(r, c.doc)
			if len(op) == 0 { // nothing to send; a nil op would look like "no op in flight"
				continue
			}
			c.doc = applyOrFail(t, c.doc, op)
			switch {
			case c.outstanding == nil:
				c.outstanding = op
				c.toServer = append(c.toServer, simMsg{op: op, base: c.version})
			case c.buffer == nil:
				c.buffer = op
			default:
				b, err := Compose(c.buffer, op)
				if err != nil {
					t.Fatalf("seed %d: client compose: %v", seed, err)
				}
				c.buffer = b
			}
		case x == 1 && len(c.toServer) > 0: // server receives
			m := c.toServer[0]
			c.toServer = c.toServer[1:]
			op := m.op
			if op.BaseLen() != Len16(versions[m.base]) {
				t.Fatalf("seed %d step %d client %s: op %v base %d len %d, version text %q", seed, step, c.name, op, m.base, op.BaseLen(), versions[m.base])
			}
			for _, h := range history[m.base:] {
				var err error
				if op, _, err = Transform(op, h); err != nil {
					t.Fatalf("seed %d step %d client %s base %d hist %d: server transform: %v", seed, step, c.name, m.base, len(history), err)
				}
			}
			if err := server.Apply(op, DefaultLimits); err != nil {
				t.Fatalf("seed %d: server apply: %v", seed, err)
			}
			attr = attr.Apply(op, c.name)
			if attr.Len16() != server.Len16() {
				t.Fatalf("seed %d: attribution %d units, doc %d", seed, attr.Len16(), server.Len16())
			}
			history = append(history, op)
			versions = append(versions, server.String())
			for _, o := range clients {
				if o == c {
					o.fromServer = append(o.fromServer, simMsg{base: -1})
				} else {
					o.fromServer = append(o.fromServer, simMsg{op: op})
				}
			}
		case len(c.fromServer) > 0: // client receives
			m := c.fromServer[0]
			c.fromServer = c.fromServer[1:]
			c.version++
			if m.base < 0 {
				c.outstanding, c.buffer = c.buffer, nil
				if c.outstanding != nil {
					c.toServer = append(c.toServer, simMsg{op: c.outstanding, base: c.version})
				}
				continue
			}
			op := m.op
			var err error
			if c.outstanding != nil {
				if c.outstanding, op, err = Transform(c.outstanding, op); err != nil {
					t.Fatalf("seed %d: client transform: %v", seed, err)
				}
			}
			if c.buffer != nil {
				if c.buffer, op, err = Transform(c.buffer, op); err != nil {
					t.Fatalf("seed %d: client transform: %v", seed, err)
				}
			}
			c.doc = applyOrFail(t, c.doc, op)
		}
	}
	want := server.String()
	for _, c := range clients {
		if c.doc != want {
			t.Fatalf("seed %d: client %s has %q, server %q", seed, c.name, c.doc, want)
		}
	}
	checkSplit(t, attr, want)
}
