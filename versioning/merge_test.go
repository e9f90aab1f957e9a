package versioning

import (
	"errors"
	"strings"
	"testing"
)

func TestMerge3(t *testing.T) {
	type conflict struct{ base, ours, theirs string }
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string     // merged text when clean
		conflicts          []conflict // expected conflicts, in order
	}{
		{
			name: "disjoint edits",
			base: "a\nb\nc\nd\ne\n", ours: "A\nb\nc\nd\ne\n", theirs: "a\nb\nc\nd\nE\n",
			want: "A\nb\nc\nd\nE\n",
		},
		{
			name: "only ours changed",
			base: "a\nb\n", ours: "a\nb\nc\n", theirs: "a\nb\n",
			want: "a\nb\nc\n",
		},
		{
			name: "same change on both sides",
			base: "a\nb\nc\n", ours: "a\nX\nc\n", theirs: "a\nX\nc\n",
			want: "a\nX\nc\n",
		},
		{
			name: "overlapping different changes",
			base: "a\nb\nc\n", ours: "a\nours\nc\n", theirs: "a\ntheirs\nc\n",
			conflicts: []conflict{{"b\n", "ours\n", "theirs\n"}},
		},
		{
			// git treats changes to adjacent lines as one conflict; so do we.
			name: "adjacent line edits conflict",
			base: "a\nb\nc\nd\n", ours: "a\nB\nc\nd\n", theirs: "a\nb\nC\nd\n",
			conflicts: []conflict{{"b\nc\n", "B\nc\n", "b\nC\n"}},
		},
		{
			name: "one line apart merges",
			base: "a\nb\nc\nd\n", ours: "A\nb\nc\nd\n", theirs: "a\nb\nC\nd\n",
			want: "A\nb\nC\nd\n",
		},
		{
			name: "same line, different words: refined by characters",
			base: "The cat sat on the mat.\n", ours: "The dog sat on the mat.\n", theirs: "The cat sat on the rug.\n",
			want: "The dog sat on the rug.\n",
		},
		{
			name: "same line, same word: conflict",
			base: "x\nThe cat sat.\ny\n", ours: "x\nThe dog sat.\ny\n", theirs: "x\nThe cow sat.\ny\n",
			conflicts: []conflict{{"The cat sat.\n", "The dog sat.\n", "The cow sat.\n"}},
		},
		{
			name: "delete on one side, edit on the other",
			base: "a\nb\nc\n", ours: "a\nc\n", theirs: "a\nb edited\nc\n",
			conflicts: []conflict{{"b\n", "", "b edited\n"}},
		},
		{
			name: "both delete the same line",
			base: "a\nb\nc\n", ours: "a\nc\n", theirs: "a\nc\n",
			want: "a\nc\n",
		},
		{
			name: "insertions at the same point",
			base: "a\nc\n", ours: "a\nours\nc\n", theirs: "a\ntheirs\nc\n",
			conflicts: []conflict{{"", "ours\n", "theirs\n"}},
		},
		{
			name: "identical insertions at the same point",
			base: "a\nc\n", ours: "a\nb\nc\n", theirs: "a\nb\nc\n",
			want: "a\nb\nc\n",
		},
		{
			name:   "arabic, cjk and emoji",
			base:   "مرحبا\n中间\n😀 end\n",
			ours:   "مرحبا بكم\n中间\n😀 end\n",
			theirs: "مرحبا\n中间\n😎 end\n",
			want:   "مرحبا بكم\n中间\n😎 end\n",
		},
		{
			name: "emoji conflict on the same character",
			base: "x\n😀\ny\n", ours: "x\n😎\ny\n", theirs: "x\n🙂\ny\n",
			conflicts: []conflict{{"😀\n", "😎\n", "🙂\n"}},
		},
		{
			name: "trailing newline added on one side, far edit on the other",
			base: "a\nb\nc\nd", ours: "a\nb\nc\nd\n", theirs: "A\nb\nc\nd",
			want: "A\nb\nc\nd\n",
		},
		{
			name: "no trailing newline kept",
			base: "a\nb\nc\nd", ours: "A\nb\nc\nd", theirs: "a\nb\nc\nD",
			want: "A\nb\nc\nD",
		},
		{
			name: "append after a last line without newline next to an edit conflicts",
			base: "a\nb", ours: "a\nb\nc", theirs: "A\nb",
			conflicts: []conflict{{"a\nb", "a\nb\nc", "A\nb"}},
		},
		{
			name: "empty base, same text",
			base: "", ours: "new\n", theirs: "new\n",
			want: "new\n",
		},
		{
			name: "empty base, one side",
			base: "", ours: "", theirs: "hello\n",
			want: "hello\n",
		},
		{
			name: "empty base, different texts",
			base: "", ours: "one\n", theirs: "two\n",
			conflicts: []conflict{{"", "one\n", "two\n"}},
		},
		{
			name: "everything empty",
			want: "",
		},
		{
			name:      "two conflicts and clean parts",
			base:      "1\n2\n3\n4\n5\n6\n7\n",
			ours:      "1\nA\n3\n4\n5\nC\n7\n",
			theirs:    "1\nB\n3\n4\n5\nD\n7\n",
			conflicts: []conflict{{"2\n", "A\n", "B\n"}, {"6\n", "C\n", "D\n"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Merge3(tc.base, tc.ours, tc.theirs)
			if err != nil {
				t.Fatal(err)
			}
			if r.Clean() != (len(tc.conflicts) == 0) {
				t.Fatalf("Clean() = %v, conflicts = %+v", r.Clean(), r.Conflicts)
			}
			if r.Clean() {
				if r.Text != tc.want {
					t.Errorf("merged = %q, want %q", r.Text, tc.want)
				}
				return
			}
			if len(r.Conflicts) != len(tc.conflicts) {
				t.Fatalf("conflicts = %+v, want %+v", r.Conflicts, tc.conflicts)
			}
			for i, want := range tc.conflicts {
				c := r.Conflicts[i]
				if c.Index != i || c.Base != want.base || c.Ours != want.ours || c.Theirs != want.theirs {
					t.Errorf("conflict %d = %+v, want %+v", i, c, want)
				}
			}
			// Chunks rebuild each side when every conflict takes that side.
			var ours, theirs, base strings.Builder
			n := 0
			for _, ch := range r.Chunks {
				if (ch.Conflict == nil) == (ch.Stable == "") {
					t.Fatalf("chunk must have exactly one of Stable/Conflict: %+v", ch)
				}
				if ch.Conflict == nil {
					ours.WriteString(ch.Stable)
					theirs.WriteString(ch.Stable)
					base.WriteString(ch.Stable)
					continue
				}
				n++
				ours.WriteString(ch.Conflict.Ours)
				theirs.WriteString(ch.Conflict.Theirs)
				base.WriteString(ch.Conflict.Base)
			}
			if n != len(r.Conflicts) {
				t.Errorf("%d conflict chunks for %d conflicts", n, len(r.Conflicts))
			}
			if ours.String() != tc.ours || theirs.String() != tc.theirs {
				t.Errorf("taking one side rebuilds %q / %q, want %q / %q", ours.String(), theirs.String(), tc.ours, tc.theirs)
			}
			if r.Text != "" {
				t.Errorf("Text = %q on a conflicted merge, want empty", r.Text)
			}
		})
	}
}

func TestMerge3InvalidUTF8(t *testing.T) {
	for i, in := range [][3]string{{"\xff", "a", "b"}, {"a", "\xfe", "b"}, {"a", "b", "c\x80"}} {
		if _, err := Merge3(in[0], in[1], in[2]); !errors.Is(err, ErrInvalidUTF8) {
			t.Errorf("case %d: err = %v, want ErrInvalidUTF8", i, err)
		}
	}
}

func TestResolve(t *testing.T) {
	r, err := Merge3("1\n2\n3\n4\n5\n6\n7\n", "1\nA\n3\n4\n5\nC\n7\n", "1\nB\n3\n4\n5\nD\n7\n")
	if err != nil || len(r.Conflicts) != 2 {
		t.Fatalf("setup: %v, %+v", err, r.Conflicts)
	}
	tests := []struct {
		name    string
		res     []Resolution
		want    string
		wantErr error
		missing []int
	}{
		{"ours and theirs", []Resolution{{Index: 0, Take: TakeOurs}, {Index: 1, Take: TakeTheirs}}, "1\nA\n3\n4\n5\nD\n7\n", nil, nil},
		{"edit and base", []Resolution{{Index: 1, Take: TakeBase}, {Index: 0, Take: TakeEdit, Text: "A+B 😀\n"}}, "1\nA+B 😀\n3\n4\n5\n6\n7\n", nil, nil},
		{"edit to nothing", []Resolution{{Index: 0, Take: TakeEdit}, {Index: 1, Take: TakeOurs}}, "1\n3\n4\n5\nC\n7\n", nil, nil},
		{"one missing", []Resolution{{Index: 0, Take: TakeOurs}}, "", ErrUnresolved, []int{1}},
		{"all missing", nil, "", ErrUnresolved, []int{0, 1}},
		{"unknown index", []Resolution{{Index: 5, Take: TakeOurs}}, "", ErrBadResolution, nil},
		{"duplicate", []Resolution{{Index: 0, Take: TakeOurs}, {Index: 0, Take: TakeTheirs}, {Index: 1, Take: TakeOurs}}, "", ErrBadResolution, nil},
		{"unknown take", []Resolution{{Index: 0, Take: "mine"}, {Index: 1, Take: TakeOurs}}, "", ErrBadResolution, nil},
		{"invalid edit", []Resolution{{Index: 0, Take: TakeEdit, Text: "\xff"}, {Index: 1, Take: TakeOurs}}, "", ErrInvalidUTF8, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Resolve(r, tc.res)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if tc.missing != nil {
					var ue *UnresolvedError
					if !errors.As(err, &ue) || len(ue.Missing) != len(tc.missing) {
						t.Fatalf("err = %#v, want missing %v", err, tc.missing)
					}
					for i := range tc.missing {
						if ue.Missing[i] != tc.missing[i] {
							t.Errorf("missing = %v, want %v", ue.Missing, tc.missing)
						}
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Resolve = %q, want %q", got, tc.want)
			}
		})
	}
	// A clean merge resolves to its text with no resolutions.
	clean, _ := Merge3("a\n", "b\n", "a\n")
	if got, err := Resolve(clean, nil); err != nil || got != "b\n" {
		t.Errorf("Resolve(clean) = %q, %v", got, err)
	}
	if msg := (&UnresolvedError{Missing: []int{1, 3}}).Error(); !strings.Contains(msg, "1, 3") {
		t.Errorf("error message %q does not name the conflicts", msg)
	}
}

// benchTexts builds ~100 KB of prose and two versions edited in different
// places (one rewrites every 20th line, the other changes a word ten lines on).
func benchTexts() (base, ours, theirs string) {
	var b strings.Builder
	for i := 0; b.Len() < 100_000; i++ {
		b.WriteString("Paragraph ")
		b.WriteString(strings.Repeat("lorem ipsum dolor sit amet ", 3))
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString(" número ")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("\n")
	}
	lines := strings.SplitAfter(b.String(), "\n")
	o := append([]string(nil), lines...)
	t := append([]string(nil), lines...)
	for i := 0; i < len(lines)-1; i += 20 {
		o[i] = "ours rewrote this line\n"
		if i+10 < len(t) {
			t[i+10] = strings.Replace(t[i+10], "lorem", "LOREM", 1)
		}
	}
	return b.String(), strings.Join(o, ""), strings.Join(t, "")
}

func BenchmarkMerge3(b *testing.B) {
	base, ours, theirs := benchTexts()
	b.SetBytes(int64(len(base)))
	b.ResetTimer()
	for range b.N {
		r, err := Merge3(base, ours, theirs)
		if err != nil || !r.Clean() {
			b.Fatalf("merge: %v, %d conflicts", err, len(r.Conflicts))
		}
	}
}

func BenchmarkComputeDiff(b *testing.B) {
	base, ours, _ := benchTexts()
	b.SetBytes(int64(len(base)))
	for range b.N {
		if _, err := ComputeDiff(base, ours, 3); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCarry(b *testing.B) {
	base, ours, _ := benchTexts()
	spans := []Span{{"ann", utf16Len(base)}}
	b.SetBytes(int64(len(base)))
	for range b.N {
		if _, err := Carry(base, spans, ours, "bob"); err != nil {
			b.Fatal(err)
		}
	}
}
