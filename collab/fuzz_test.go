package collab

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var parseSeeds = []string{
	`[]`, `[1]`, `[-1]`, `["a"]`, `[3,"abc",-2,10]`, `[ 1 , "x" , -1 ]`, `["\ud83d\ude00"]`,
	`["\ud800"]`, `["\udc00"]`, `[0]`, `[-0]`, `[1.0]`, `[1e2]`, `[01]`, `["\u0000\n\t\"\\\/"]`,
	"[\"\xff\"]", "[\"\xed\xa0\x80\"]", `[1,]`, `[,1]`, `{}`, `null`, `[[1]]`, `[true]`,
	`["a",-1,"b",-1]`, `[-1,"a"]`, `[9007199254740991]`, `[9007199254740992]`, `["é😀漢"]`,
	`[5000000]`, `   [1]   `, `[1]]`, `["`, `["\u12"]`, `["\x41"]`,
}

// FuzzParseOp: ParseOp never panics; what it accepts is valid JSON, valid UTF-8, and
// round-trips through MarshalJSON to the same op and the same bytes.
func FuzzParseOp(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		op, err := ParseOp(data, DefaultLimits)
		if err != nil {
			if !errors.Is(err, ErrBadOp) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("ParseOp(%q) error %v wraps no sentinel", data, err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("ParseOp accepted invalid JSON %q", data)
		}
		if err := op.check(); err != nil {
			t.Fatalf("ParseOp(%q) gave a malformed op %v: %v", data, op, err)
		}
		for i, c := range op {
			if !utf8.ValidString(c.Insert) || strings.IndexByte(c.Insert, 0) >= 0 {
				t.Fatalf("ParseOp(%q) gave an invalid UTF-8 or NUL insert", data)
			}
			if i > 0 && kind(op[i-1]) == kind(c) {
				t.Fatalf("ParseOp(%q) left adjacent components of one kind: %v", data, op)
			}
			if i > 0 && op[i-1].Delete > 0 && c.Insert != "" {
				t.Fatalf("ParseOp(%q) left a delete before an insert: %v", data, op)
			}
		}
		out, err := op.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON(%v): %v", op, err)
		}
		back, err := ParseOp(out, DefaultLimits)
		if err != nil {
			t.Fatalf("re-parse %s: %v", out, err)
		}
		if !slices.Equal(back, op) {
			t.Fatalf("round trip %q -> %s -> %v, want %v", data, out, back, op)
		}
		again, _ := back.MarshalJSON()
		if !bytes.Equal(again, out) {
			t.Fatalf("encoding not stable: %s vs %s", out, again)
		}
		// Cross-check the text content with encoding/json.
		var generic []any
		if err := json.Unmarshal(data, &generic); err != nil {
			t.Fatalf("encoding/json rejects accepted %q: %v", data, err)
		}
		var ins, want string
		for _, c := range op {
			ins += c.Insert
		}
		for _, v := range generic {
			if s, ok := v.(string); ok {
				want += s
			}
		}
		if ins != want {
			t.Fatalf("inserted text %q, encoding/json says %q", ins, want)
		}
	})
}

func kind(c Component) int {
	switch {
	case c.Retain > 0:
		return 0
	case c.Insert != "":
		return 1
	default:
		return 2
	}
}

// FuzzApply: applying any parsed op to any document either fails and leaves the document as it
// was, or matches the UTF-16 model and keeps valid UTF-8.
func FuzzApply(f *testing.F) {
	f.Add("a😀b", []byte(`[1,-2,1]`))
	f.Add("a😀b", []byte(`[3,"x",1]`))
	f.Add("", []byte(`["😀"]`))
	f.Add("héllo", []byte(`[2,"😀",-3]`))
	f.Fuzz(func(t *testing.T, text string, data []byte) {
		if !utf8.ValidString(text) {
			return
		}
		op, err := ParseOp(data, DefaultLimits)
		if err != nil {
			return
		}
		d := NewDoc(text)
		verr := d.Validate(op, DefaultLimits)
		aerr := d.Apply(op, DefaultLimits)
		if (verr == nil) != (aerr == nil) {
			t.Fatalf("Validate %v but Apply %v", verr, aerr)
		}
		if aerr != nil {
			if d.String() != text {
				t.Fatalf("rejected op changed the document")
			}
			return
		}
		if got, want := d.String(), modelApply(text, op); got != want || !utf8.ValidString(got) {
			t.Fatalf("Apply = %q, model %q", got, want)
		}
		attr := Attribution{{"x", Len16(text)}}.Normalize().Apply(op, "y")
		if attr.Len16() != d.Len16() {
			t.Fatalf("attribution %d units, doc %d", attr.Len16(), d.Len16())
		}
	})
}
