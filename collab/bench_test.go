package collab

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/commonplace/commonplace/internal/testenv"
)

// Real editing traces (see /work/shared/traces/README.md), replayed through the server's inner
// path for every edit: ParseOp → Doc.Apply (which validates) → Attribution.Apply.

type trace struct {
	Start  string `json:"startContent"`
	End    string `json:"endContent"`
	Frames [][]byte
}

// loadTrace reads a trace and converts every patch into the op frame a client would send.
func loadTrace(tb testing.TB, name string) *trace {
	tb.Helper()
	f, err := os.Open(testenv.Shared(tb, "traces/"+name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("gunzip %s: %v", name, err)
	}
	var raw struct {
		Start string `json:"startContent"`
		End   string `json:"endContent"`
		Txns  []struct {
			Patches [][3]json.RawMessage `json:"patches"`
		} `json:"txns"`
	}
	if err := json.NewDecoder(zr).Decode(&raw); err != nil {
		tb.Fatalf("decode %s: %v", name, err)
	}
	tr := &trace{Start: raw.Start, End: raw.End}
	conv := newCPConverter(raw.Start)
	for _, txn := range raw.Txns {
		for _, p := range txn.Patches {
			var pos, del int
			var ins string
			if err := json.Unmarshal(p[0], &pos); err != nil {
				tb.Fatal(err)
			}
			if err := json.Unmarshal(p[1], &del); err != nil {
				tb.Fatal(err)
			}
			if err := json.Unmarshal(p[2], &ins); err != nil {
				tb.Fatal(err)
			}
			op := conv.edit(pos, del, ins)
			frame, err := op.MarshalJSON()
			if err != nil {
				tb.Fatal(err)
			}
			tr.Frames = append(tr.Frames, frame)
		}
	}
	return tr
}

// cpConverter turns code-point patches into UTF-16 ops. It keeps the text as a gap buffer of
// runes and the number of UTF-16 units before the gap, so a local edit costs only the distance
// the gap moves.
type cpConverter struct {
	buf      []rune
	gapStart int // runes before the gap
	gapEnd   int
	units    int // UTF-16 units before the gap
	total    int // UTF-16 units in the text
}

func newCPConverter(s string) *cpConverter {
	rs := []rune(s)
	c := &cpConverter{buf: make([]rune, len(rs)+1024)}
	c.gapEnd = len(c.buf) - len(rs)
	copy(c.buf[c.gapEnd:], rs)
	c.total = units16(rs)
	return c
}

func (c *cpConverter) moveGap(pos int) {
	for c.gapStart > pos {
		c.gapStart--
		c.gapEnd--
		c.buf[c.gapEnd] = c.buf[c.gapStart]
		c.units -= utf16.RuneLen(c.buf[c.gapEnd])
	}
	for c.gapStart < pos {
		c.units += utf16.RuneLen(c.buf[c.gapEnd])
		c.buf[c.gapStart] = c.buf[c.gapEnd]
		c.gapStart++
		c.gapEnd++
	}
}

func (c *cpConverter) edit(pos, del int, ins string) Op {
	c.moveGap(pos)
	before := c.units
	deleted := units16(c.buf[c.gapEnd : c.gapEnd+del])
	c.gapEnd += del
	rs := []rune(ins)
	if c.gapEnd-c.gapStart < len(rs) {
		grown := make([]rune, len(c.buf)*2+len(rs))
		copy(grown, c.buf[:c.gapStart])
		tail := len(c.buf) - c.gapEnd
		copy(grown[len(grown)-tail:], c.buf[c.gapEnd:])
		c.gapEnd = len(grown) - tail
		c.buf = grown
	}
	copy(c.buf[c.gapStart:], rs)
	c.gapStart += len(rs)
	c.units += units16(rs)
	after := c.total - before - deleted
	c.total += units16(rs) - deleted
	return Op{}.retain(before).delete(deleted).insert(ins).retain(after)
}

func replay(tb testing.TB, tr *trace) {
	doc := NewDoc(tr.Start)
	attr := Attribution{{Author: "writer", Len: doc.Len16()}}.Normalize()
	for i, frame := range tr.Frames {
		op, err := ParseOp(frame, DefaultLimits)
		if err != nil {
			tb.Fatalf("edit %d: ParseOp(%s): %v", i, frame, err)
		}
		if err := doc.Apply(op, DefaultLimits); err != nil {
			tb.Fatalf("edit %d: Apply(%s): %v", i, frame, err)
		}
		attr = attr.Apply(op, "writer")
	}
	if doc.String() != tr.End {
		tb.Fatalf("replay ended with %d bytes, want %d", len(doc.String()), len(tr.End))
	}
	if attr.Len16() != doc.Len16() {
		tb.Fatalf("attribution covers %d units, doc %d", attr.Len16(), doc.Len16())
	}
}

func benchmarkReplay(b *testing.B, name string) {
	tr := loadTrace(b, name)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		replay(b, tr)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(tr.Frames)), "ns/edit")
}

func BenchmarkReplayAutomergePaper(b *testing.B) { benchmarkReplay(b, "automerge-paper.json.gz") }
func BenchmarkReplaySephBlog1(b *testing.B)      { benchmarkReplay(b, "seph-blog1.json.gz") }

// TestReplayTraces runs each trace once as a correctness test (traces come from ../shared:
// skipped when absent, failed under CI).
func TestReplayTraces(t *testing.T) {
	if testing.Short() {
		t.Skip("long replay")
	}
	for _, name := range []string{"automerge-paper.json.gz", "seph-blog1.json.gz"} {
		t.Run(name, func(t *testing.T) { replay(t, loadTrace(t, name)) })
	}
}

// BenchmarkTransform transforms typical concurrent keystroke-sized ops on a 10 KB document.
func BenchmarkTransform(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	doc := randASCII(r, 10000)
	type pair struct{ a, b Op }
	pairs := make([]pair, 256)
	for i := range pairs {
		pairs[i] = pair{randEdit(r, doc), randEdit(r, doc)}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		if _, _, err := Transform(p.a, p.b); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkParseOp parses a keystroke frame.
func BenchmarkParseOp(b *testing.B) {
	frame := []byte(`[51234,"x",-1,48211]`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseOp(frame, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyLargeDoc types into the middle of a 4 MB document.
func BenchmarkApplyLargeDoc(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	doc := NewDoc(randASCII(r, 4<<20-1000))
	b.ReportAllocs()
	for b.Loop() {
		n := doc.Len16()
		at := r.IntN(n)
		op := Op{}.retain(at).insert("x").retain(n - at)
		if err := doc.Apply(op, DefaultLimits); err != nil {
			b.Fatal(fmt.Errorf("apply: %w", err))
		}
		op = Op{}.retain(at).delete(1).retain(n - at)
		if err := doc.Apply(op, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAttributionApply credits a keystroke in a document with 2,000 attribution spans.
func BenchmarkAttributionApply(b *testing.B) {
	var a Attribution
	for i := range 2000 {
		a = append(a, Span{Author: fmt.Sprintf("user-%d", i%7), Len: 50})
	}
	a = a.Normalize()
	n := a.Len16()
	op := Op{}.retain(n / 2).insert("x").retain(n - n/2)
	b.ReportAllocs()
	for b.Loop() {
		_ = a.Apply(op, "user-3")
	}
}

// BenchmarkTypeAccentedText types and erases a letter at a caret moving through prose with an
// accented letter every few words (chunks that are not ASCII), as a typist moves along: each
// offset is found from the chunk's last one rather than from its start.
func BenchmarkTypeAccentedText(b *testing.B) {
	const para = "Les élèves observent le cycle de l'eau : évaporation, condensation, précipitation. "
	doc := NewDoc(strings.Repeat(para, 40))
	n := doc.Len16()
	caret := 0
	b.ReportAllocs()
	for b.Loop() {
		if err := doc.Apply(Op{}.retain(caret).insert("é").retain(n-caret), DefaultLimits); err != nil {
			b.Fatal(err)
		}
		if err := doc.Apply(Op{}.retain(caret).delete(1).retain(n-caret), DefaultLimits); err != nil {
			b.Fatal(err)
		}
		caret = (caret + 1) % n
	}
}
