package hub

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/commonplace/commonplace/collab"
)

// The hand-written op frame is byte for byte what encoding/json makes of OpFrame, whatever the
// strings hold.
func TestOpFrameBytes(t *testing.T) {
	var ops []collab.Op
	for _, j := range []string{`["x"]`, `[3,"é\"<\\>&\u2028\n",2,-4]`, `[-1]`} {
		op, err := collab.ParseOp([]byte(j), collab.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", j, err)
		}
		ops = append(ops, op)
	}
	for i, o := range []StoredOp{
		{Version: 1, Author: "0190d5e2-7b3c-7d6e-8f00-112233445566", Client: "tab-1", Seq: 1, Op: ops[0]},
		{Version: math.MaxInt64, Author: "", Client: `a"b\c<d>&e`, Seq: math.MinInt64, Op: ops[1]},
		{Version: 7, Author: "ünï", Client: "x\u2028y\u00e9\x01", Seq: -3, Op: ops[2]},
		{Version: 0, Author: "a", Client: "\xff\xfe", Seq: 0, Op: ops[0]},
	} {
		got := string(opFrame(o).JSON)
		want := string(encode(OpFrame{Type: TypeOp, Version: o.Version, Author: o.Author, Client: o.Client, Seq: o.Seq, Ops: o.Op}))
		if got != want {
			t.Errorf("case %d: opFrame = %s, want %s", i, got, want)
		}
	}
}

// The same on random strings from an alphabet of everything encoding/json treats specially.
func TestOpFrameBytesRandom(t *testing.T) {
	alphabet := []string{"a", "Z", "0", " ", "\"", "\\", "<", ">", "&", "\n", "\x01", "\x7f", "é", "\u2028", "\u2029", "😀", "\xff"}
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	for i := range 2000 {
		ins := word()
		if ins == "" || !utf8.ValidString(ins) {
			ins = "x"
		}
		op, err := collab.ParseOp(must(json.Marshal([]any{ins})), collab.Limits{})
		if err != nil {
			t.Fatalf("op of %q: %v", ins, err)
		}
		o := StoredOp{Version: int64(i), Author: word(), Client: word(), Seq: int64(-i), Op: op}
		got := string(opFrame(o).JSON)
		want := string(encode(OpFrame{Type: TypeOp, Version: o.Version, Author: o.Author, Client: o.Client, Seq: o.Seq, Ops: o.Op}))
		if got != want {
			t.Fatalf("opFrame = %s, want %s", got, want)
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// The hand-written ack frame is byte for byte what encoding/json makes of AckFrame.
func TestAckFrameBytes(t *testing.T) {
	for _, c := range [][2]int64{{0, 0}, {1, 2}, {-5, 7}, {math.MaxInt64, math.MinInt64}, {123456789, 987654321}} {
		got := string(ackFrame(c[0], c[1]).JSON)
		want := string(encode(AckFrame{Type: TypeAck, Seq: c[0], Version: c[1]}))
		if got != want {
			t.Errorf("ackFrame(%d, %d) = %s, want %s", c[0], c[1], got, want)
		}
	}
}
