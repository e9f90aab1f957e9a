package versioning

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// checkSpanInvariants asserts the contract every span list keeps.
func checkSpanInvariants(t *testing.T, text string, spans []Span) {
	t.Helper()
	if got, want := spansLen(spans), len(utf16.Encode([]rune(text))); got != want {
		t.Fatalf("spans cover %d units, text %q has %d", got, text, want)
	}
	for i, s := range spans {
		if s.Len <= 0 {
			t.Errorf("span %d is empty: %+v", i, spans)
		}
		if i > 0 && spans[i-1].Author == s.Author {
			t.Errorf("spans %d and %d not merged: %+v", i-1, i, spans)
		}
	}
	// No boundary inside a surrogate pair: every piece must be valid UTF-8
	// that re-encodes to its own length.
	for _, p := range SplitSpans(text, spans) {
		if strings.ContainsRune(p.Text, '\uFFFD') {
			t.Errorf("piece %q contains a broken character", p.Text)
		}
	}
	pos := 0
	units := utf16.Encode([]rune(text))
	for _, s := range spans {
		pos += s.Len
		if pos < len(units) && utf16.IsSurrogate(rune(units[pos])) && units[pos] >= 0xDC00 {
			t.Errorf("span boundary at %d splits a surrogate pair", pos)
		}
	}
}

func TestCarry(t *testing.T) {
	tests := []struct {
		name     string
		oldText  string
		old      []Span
		newText  string
		author   string
		wantText []AuthoredText
	}{
		{
			name:    "append keeps old author",
			oldText: "Hello", old: []Span{{"ann", 5}},
			newText: "Hello world", author: "bob",
			wantText: []AuthoredText{{"ann", "Hello"}, {"bob", " world"}},
		},
		{
			name:    "insert in the middle",
			oldText: "ab", old: []Span{{"ann", 1}, {"cat", 1}},
			newText: "aXb", author: "bob",
			wantText: []AuthoredText{{"ann", "a"}, {"bob", "X"}, {"cat", "b"}},
		},
		{
			name:    "deletion removes credit",
			oldText: "one two three", old: []Span{{"ann", 4}, {"cat", 4}, {"ann", 5}},
			newText: "one three", author: "bob",
			wantText: []AuthoredText{{"ann", "one three"}},
		},
		{
			name:    "emoji kept whole",
			oldText: "a😀b", old: []Span{{"ann", 4}},
			newText: "a😀😎b", author: "bob",
			wantText: []AuthoredText{{"ann", "a😀"}, {"bob", "😎"}, {"ann", "b"}},
		},
		{
			name:    "arabic and cjk",
			oldText: "مرحبا 世界", old: []Span{{"ann", 6}, {"cat", 2}},
			newText: "مرحبا يا 世界", author: "bob",
			// go-diff places the inserted word's space before it; both are minimal.
			wantText: []AuthoredText{{"ann", "مرحبا"}, {"bob", " يا"}, {"ann", " "}, {"cat", "世界"}},
		},
		{
			name:    "from empty",
			oldText: "", old: nil,
			newText: "new 😀", author: "bob",
			wantText: []AuthoredText{{"bob", "new 😀"}},
		},
		{
			name:    "to empty",
			oldText: "gone", old: []Span{{"ann", 4}},
			newText: "", author: "bob",
			wantText: nil,
		},
		{
			name:    "caller split a surrogate pair",
			oldText: "😀x", old: []Span{{"ann", 1}, {"cat", 2}},
			newText: "😀xy", author: "bob",
			wantText: []AuthoredText{{"ann", "😀"}, {"cat", "x"}, {"bob", "y"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Carry(tc.oldText, tc.old, tc.newText, tc.author)
			if err != nil {
				t.Fatal(err)
			}
			checkSpanInvariants(t, tc.newText, got)
			pieces := SplitSpans(tc.newText, got)
			if len(pieces) != len(tc.wantText) {
				t.Fatalf("pieces = %+v, want %+v", pieces, tc.wantText)
			}
			for i := range pieces {
				if pieces[i] != tc.wantText[i] {
					t.Errorf("piece %d = %+v, want %+v", i, pieces[i], tc.wantText[i])
				}
			}
		})
	}
}

func TestCarryErrors(t *testing.T) {
	if _, err := Carry("abc", []Span{{"ann", 2}}, "abcd", "bob"); !errors.Is(err, ErrSpanLength) {
		t.Errorf("short spans: err = %v", err)
	}
	if _, err := Carry("abc", []Span{{"ann", 4}, {"x", -1}}, "abcd", "bob"); !errors.Is(err, ErrSpanLength) {
		t.Errorf("negative span: err = %v", err)
	}
	if _, err := Carry("a\xff", []Span{{"ann", 2}}, "a", "bob"); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("invalid old: err = %v", err)
	}
	if _, err := Carry("a", []Span{{"ann", 1}}, "a\xff", "bob"); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("invalid new: err = %v", err)
	}
}

func TestCarryMerge(t *testing.T) {
	base := "Line one.\nLine two.\nLine three.\n"
	baseSpans := []Span{{"ann", utf16Len(base)}}
	ours := "Line one, ours 😀.\nLine two.\nLine three.\n"
	oursSpans, err := Carry(base, baseSpans, ours, "olga")
	if err != nil {
		t.Fatal(err)
	}
	theirs := "Line one.\nLine two.\nLine three, theirs.\n"
	theirsSpans, err := Carry(base, baseSpans, theirs, "theo")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Merge3(base, ours, theirs)
	if err != nil || !r.Clean() {
		t.Fatalf("merge: %v %+v", err, r.Conflicts)
	}
	merged := r.Text + "Resolved by hand"
	got, err := CarryMerge(merged,
		Attributed{Text: ours, Spans: oursSpans},
		Attributed{Text: theirs, Spans: theirsSpans, Fallback: "merger"},
	)
	if err != nil {
		t.Fatal(err)
	}
	checkSpanInvariants(t, merged, got)
	want := []AuthoredText{
		{"ann", "Line one"}, {"olga", ", ours 😀"}, {"ann", ".\nLine two.\nLine three"},
		{"theo", ", theirs"}, {"ann", ".\n"}, {"merger", "Resolved by hand"},
	}
	pieces := SplitSpans(merged, got)
	if len(pieces) != len(want) {
		t.Fatalf("pieces = %+v\nwant %+v", pieces, want)
	}
	for i := range want {
		if pieces[i] != want[i] {
			t.Errorf("piece %d = %+v, want %+v", i, pieces[i], want[i])
		}
	}

	// The first source wins where both contain the text.
	got, err = CarryMerge("same", Attributed{Text: "same", Spans: []Span{{"first", 4}}},
		Attributed{Text: "same", Spans: []Span{{"second", 4}}})
	if err != nil || len(got) != 1 || got[0] != (Span{"first", 4}) {
		t.Errorf("priority: %+v, %v", got, err)
	}
	// No sources: everything goes to "" (no fallback given).
	got, err = CarryMerge("x😀")
	if err != nil || len(got) != 1 || got[0] != (Span{"", 3}) {
		t.Errorf("no sources: %+v, %v", got, err)
	}
	if _, err := CarryMerge("x", Attributed{Text: "ab", Spans: []Span{{"a", 1}}}); !errors.Is(err, ErrSpanLength) {
		t.Errorf("bad source spans: err = %v", err)
	}
	if _, err := CarryMerge("\xff"); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("invalid merged: err = %v", err)
	}
}

func TestSplitSpans(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		spans []Span
		want  []AuthoredText
	}{
		{"exact", "abcd", []Span{{"a", 2}, {"b", 2}}, []AuthoredText{{"a", "ab"}, {"b", "cd"}}},
		{"short spans leave the rest to nobody", "abcd", []Span{{"a", 1}}, []AuthoredText{{"a", "a"}, {"", "bcd"}}},
		{"long spans ignored past the text", "ab", []Span{{"a", 1}, {"b", 9}, {"c", 3}}, []AuthoredText{{"a", "a"}, {"b", "b"}}},
		{"pair split moves after the pair", "😀😎", []Span{{"a", 1}, {"b", 3}}, []AuthoredText{{"a", "😀"}, {"b", "😎"}}},
		{"span swallowed by a pair", "😀x", []Span{{"a", 1}, {"b", 1}, {"c", 1}}, []AuthoredText{{"a", "😀"}, {"c", "x"}}},
		{"empty", "", []Span{{"a", 3}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SplitSpans(tc.text, tc.spans)
			var joined strings.Builder
			for _, p := range got {
				joined.WriteString(p.Text)
			}
			if joined.String() != tc.text {
				t.Errorf("pieces join to %q, want %q", joined.String(), tc.text)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("piece %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}
