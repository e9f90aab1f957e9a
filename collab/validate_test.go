package collab

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestDocRejectsBadOps(t *testing.T) {
	const text = "a😀b" // UTF-16: a, high, low, b
	small := Limits{MaxDoc16: 6, MaxInsert16: 3}
	tests := []struct {
		name string
		op   Op
		lim  Limits
		want error
	}{
		{"retain ends inside pair", Op{{Retain: 2}, {Delete: 2}}, DefaultLimits, ErrBadOp},
		{"delete ends inside pair", Op{{Retain: 1}, {Delete: 1}, {Retain: 2}}, DefaultLimits, ErrBadOp},
		{"insert inside pair", Op{{Retain: 2}, {Insert: "x"}, {Retain: 2}}, DefaultLimits, ErrBadOp},
		{"delete starts inside pair", Op{{Retain: 2}, {Delete: 1}, {Retain: 1}}, DefaultLimits, ErrBadOp},
		{"invalid UTF-8 insert", Op{{Insert: "\xff"}, {Retain: 4}}, DefaultLimits, ErrBadOp},
		{"encoded surrogate insert", Op{{Insert: "\xed\xa0\x80"}, {Retain: 4}}, DefaultLimits, ErrBadOp},
		{"NUL insert", Op{{Insert: "a\x00"}, {Retain: 4}}, DefaultLimits, ErrBadOp},
		{"two fields set", Op{{Retain: 1, Delete: 1}, {Retain: 2}}, DefaultLimits, ErrBadOp},
		{"empty component", Op{{}, {Retain: 4}}, DefaultLimits, ErrBadOp},
		{"negative retain", Op{{Retain: -1}, {Retain: 5}}, DefaultLimits, ErrBadOp},
		{"too short", Op{{Retain: 3}}, DefaultLimits, ErrBaseLength},
		{"too long", Op{{Retain: 5}}, DefaultLimits, ErrBaseLength},
		{"empty op on non-empty doc", Op{}, DefaultLimits, ErrBaseLength},
		{"document too large", Op{{Retain: 4}, {Insert: "xyz"}}, small, ErrTooLarge},
		{"insert too large", Op{{Insert: "wxyz"}, {Delete: 4}}, small, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDoc(text)
			if err := d.Validate(tt.op, tt.lim); !errors.Is(err, tt.want) {
				t.Errorf("Validate error = %v, want %v", err, tt.want)
			}
			if err := d.Apply(tt.op, tt.lim); !errors.Is(err, tt.want) {
				t.Errorf("Apply error = %v, want %v", err, tt.want)
			}
			if d.String() != text || d.Len16() != 4 {
				t.Errorf("document changed by a rejected op: %q (%d units)", d.String(), d.Len16())
			}
		})
	}
	// The same limits accept an op that stays within them.
	d := NewDoc(text)
	if err := d.Apply(Op{{Retain: 1}, {Insert: "xy"}, {Retain: 3}}, small); err != nil {
		t.Fatalf("op within limits rejected: %v", err)
	}
	if d.String() != "axy😀b" {
		t.Errorf("got %q", d.String())
	}
}

func TestNewDocReplacesInvalidUTF8(t *testing.T) {
	d := NewDoc("a\xffb")
	if d.String() != "a\uFFFDb" || d.Len16() != 3 {
		t.Errorf("NewDoc kept invalid UTF-8: %q", d.String())
	}
}

func TestTransformComposeErrors(t *testing.T) {
	if _, _, err := Transform(Op{{Retain: 2}}, Op{{Retain: 3}}); !errors.Is(err, ErrBaseLength) {
		t.Errorf("Transform with different bases: %v", err)
	}
	if _, _, err := Transform(Op{{Retain: 1, Insert: "x"}}, Op{{Retain: 1}}); !errors.Is(err, ErrBadOp) {
		t.Errorf("Transform with malformed op: %v", err)
	}
	if _, err := Compose(Op{{Retain: 2}}, Op{{Retain: 3}}); !errors.Is(err, ErrBaseLength) {
		t.Errorf("Compose with mismatched lengths: %v", err)
	}
	// The second op cuts the inserted emoji in half: not representable in UTF-8.
	if _, err := Compose(Op{{Insert: "😀"}}, Op{{Retain: 1}, {Delete: 1}}); !errors.Is(err, ErrBadOp) {
		t.Errorf("Compose splitting a pair: %v", err)
	}
	got, err := Compose(Op{{Insert: "a😀b"}}, Op{{Retain: 1}, {Delete: 2}, {Retain: 1}})
	if err != nil || !slices.Equal(got, Op{{Insert: "ab"}}) {
		t.Errorf("Compose = %v, %v; want [\"ab\"]", got, err)
	}
}

func TestLen16AndByte16(t *testing.T) {
	s := "aé😀漢"
	if got := Len16(s); got != 5 {
		t.Errorf("Len16(%q) = %d, want 5", s, got)
	}
	tests := []struct {
		off16, want int
		bad         bool
	}{{0, 0, false}, {1, 1, false}, {2, 3, false}, {3, 0, true}, {4, 7, false}, {5, 10, false}, {6, 0, true}, {-1, 0, true}}
	for _, tt := range tests {
		got, err := Byte16(s, tt.off16)
		if (err != nil) != tt.bad || (!tt.bad && got != tt.want) {
			t.Errorf("Byte16(%q, %d) = %d, %v", s, tt.off16, got, err)
		}
		if tt.bad && !errors.Is(err, ErrBadOp) {
			t.Errorf("Byte16 error %v does not wrap ErrBadOp", err)
		}
	}
}

func TestOpLengthsAndNoop(t *testing.T) {
	op := Op{{Retain: 2}, {Insert: "😀x"}, {Delete: 3}}
	if op.BaseLen() != 5 || op.TargetLen() != 5 || op.IsNoop() {
		t.Errorf("lengths %d -> %d noop %v", op.BaseLen(), op.TargetLen(), op.IsNoop())
	}
	for _, noop := range []Op{nil, {}, {{Retain: 7}}} {
		if !noop.IsNoop() {
			t.Errorf("%v should be a no-op", noop)
		}
	}
	if got := (Op{{Delete: 1}, {Insert: "a"}, {Retain: 1}, {Retain: 2}}).Normalize(); !slices.Equal(got, Op{{Insert: "a"}, {Delete: 1}, {Retain: 3}}) {
		t.Errorf("Normalize = %v", got)
	}
	// Like JSON.stringify: '<' and U+2028 raw. (encoding/json re-escapes them when embedding.)
	b, err := Op{{Retain: 1}, {Insert: "<\u2028>"}, {Delete: 2}}.MarshalJSON()
	if err != nil || string(b) != "[1,\"<\u2028>\",-2]" {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
	if _, err := (Op{{Insert: "\xff"}}).MarshalJSON(); !errors.Is(err, ErrBadOp) {
		t.Errorf("MarshalJSON of invalid UTF-8: %v", err)
	}
	var back struct{ Ops Op }
	if err := json.Unmarshal([]byte(`{"Ops":[1,"a",-2]}`), &back); err != nil || !slices.Equal(back.Ops, Op{{Retain: 1}, {Insert: "a"}, {Delete: 2}}) {
		t.Errorf("json.Unmarshal = %v, %v", back.Ops, err)
	}
}

func TestAttribution(t *testing.T) {
	a := Attribution{{"ann", 3}}
	a = a.Apply(Op{{Retain: 1}, {Insert: "😀"}, {Retain: 2}}, "bob")
	want := Attribution{{"ann", 1}, {"bob", 2}, {"ann", 2}}
	if !slices.Equal(a, want) {
		t.Fatalf("Apply = %v, want %v", a, want)
	}
	b := a.Apply(Op{{Retain: 1}, {Delete: 2}, {Retain: 2}}, "cy")
	if !slices.Equal(b, Attribution{{"ann", 3}}) {
		t.Errorf("deleting bob's text should merge ann's spans: %v", b)
	}
	if !slices.Equal(a, want) {
		t.Errorf("Apply modified its receiver: %v", a)
	}
	js, err := json.Marshal(a)
	if err != nil || string(js) != `[["ann",1],["bob",2],["ann",2]]` {
		t.Fatalf("Marshal = %s, %v", js, err)
	}
	var back Attribution
	if err := json.Unmarshal(js, &back); err != nil || !slices.Equal(back, a) {
		t.Errorf("Unmarshal = %v, %v", back, err)
	}
	var merged Attribution
	if err := json.Unmarshal([]byte(`[["x",1],["x",2],["y",0]]`), &merged); err != nil || !slices.Equal(merged, Attribution{{"x", 3}}) {
		t.Errorf("Unmarshal should normalise: %v, %v", merged, err)
	}
	for _, bad := range []string{`[["x",-1]]`, `[["x"]]`, `[[1,2]]`, `{}`, `[["x",1.5]]`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
	parts := a.Split("a😀bc")
	wantParts := []AuthoredText{{"ann", "a"}, {"bob", "😀"}, {"ann", "bc"}}
	if !slices.Equal(parts, wantParts) {
		t.Errorf("Split = %v, want %v", parts, wantParts)
	}
	// A boundary inside the pair keeps the whole emoji with the earlier author; extra text
	// goes to "".
	parts = Attribution{{"ann", 2}, {"bob", 1}}.Split("a😀bc")
	wantParts = []AuthoredText{{"ann", "a😀"}, {"bob", "b"}, {"", "c"}}
	if !slices.Equal(parts, wantParts) {
		t.Errorf("Split = %v, want %v", parts, wantParts)
	}
}

func TestSlice16(t *testing.T) {
	d := NewDoc("a😀b")
	tests := []struct {
		from, to int
		want     string
	}{{0, 4, "a😀b"}, {1, 3, "😀"}, {2, 4, "😀b"}, {1, 2, ""}, {-5, 99, "a😀b"}, {3, 1, ""}, {3, 4, "b"}}
	for _, tt := range tests {
		if got := d.Slice16(tt.from, tt.to); got != tt.want {
			t.Errorf("Slice16(%d, %d) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}
