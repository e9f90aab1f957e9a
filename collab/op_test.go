package collab

import (
	"errors"
	"testing"
)

func mustParse(t testing.TB, s string) Op {
	t.Helper()
	op, err := ParseOp([]byte(s), DefaultLimits)
	if err != nil {
		t.Fatalf("ParseOp(%s): %v", s, err)
	}
	return op
}

func TestParseOpNormalises(t *testing.T) {
	tests := []struct{ in, want string }{
		{`[]`, `[]`},
		{` [ 1 , 2 ] `, `[3]`},
		{`[3,"a","b",-1,-2]`, `[3,"ab",-3]`},
		{`[-2,"x"]`, `["x",-2]`},
		{`["a",-2,"x"]`, `["ax",-2]`},
		{`["",5]`, `[5]`},
		{`["\ud83d\ude00\n\"\\\/\u0001"]`, `["😀\n\"\\/\u0001"]`},
		{`["é😀",-1]`, `["é😀",-1]`},
	}
	for _, tt := range tests {
		op := mustParse(t, tt.in)
		got, err := op.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON(%s): %v", tt.in, err)
		}
		if string(got) != tt.want {
			t.Errorf("ParseOp(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseOpRejects(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{`{}`, ErrBadOp},
		{`3`, ErrBadOp},
		{`[0]`, ErrBadOp},
		{`[-0]`, ErrBadOp},
		{`[1.5]`, ErrBadOp},
		{`[1e3]`, ErrBadOp},
		{`[01]`, ErrBadOp},
		{`[null]`, ErrBadOp},
		{`[[1]]`, ErrBadOp},
		{`[1,]`, ErrBadOp},
		{`[1 2]`, ErrBadOp},
		{`[1]x`, ErrBadOp},
		{`[1`, ErrBadOp},
		{`["\ud800"]`, ErrBadOp},
		{`["\udc00\ud800"]`, ErrBadOp},
		{`["\ud800x"]`, ErrBadOp},
		{"[\"\xff\"]", ErrBadOp},
		{"[\"\xed\xa0\x80\"]", ErrBadOp}, // UTF-8 encoded surrogate
		{"[\"a\nb\"]", ErrBadOp},
		{`["\x"]`, ErrBadOp},
		{`["a\u0000b"]`, ErrBadOp}, // PostgreSQL text cannot hold U+0000
		{`[1,"\u0000"]`, ErrBadOp},
		{`[99999999999999999999]`, ErrBadOp},
		{`[5000000]`, ErrTooLarge},
	}
	for _, tt := range tests {
		_, err := ParseOp([]byte(tt.in), DefaultLimits)
		if !errors.Is(err, tt.want) {
			t.Errorf("ParseOp(%q) error = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestParseOpLimits(t *testing.T) {
	lim := Limits{MaxOpBytes: 20, MaxInsert16: 3, MaxDoc16: 10}
	for _, in := range []string{`[1,                      2]`, `["abcd"]`, `["😀😀"]`, `[6,-5]`} {
		if _, err := ParseOp([]byte(in), lim); !errors.Is(err, ErrTooLarge) {
			t.Errorf("ParseOp(%s) error = %v, want ErrTooLarge", in, err)
		}
	}
	if _, err := ParseOp([]byte(`[5,"abc",-5]`), lim); err != nil {
		t.Errorf("op at the limits rejected: %v", err)
	}
}

func TestTransformTieBreak(t *testing.T) {
	a := mustParse(t, `[1,"A",1]`)
	b := mustParse(t, `[1,"B",1]`)
	ap, bp, err := Transform(a, b)
	if err != nil {
		t.Fatal(err)
	}
	d1 := NewDoc("xy")
	d2 := NewDoc("xy")
	for _, step := range []struct {
		d  *Doc
		op Op
	}{{d1, a}, {d1, bp}, {d2, b}, {d2, ap}} {
		if err := step.d.Apply(step.op, DefaultLimits); err != nil {
			t.Fatal(err)
		}
	}
	if d1.String() != "xABy" || d2.String() != "xABy" {
		t.Errorf("got %q and %q, want xABy", d1, d2)
	}
}
