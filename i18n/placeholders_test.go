package i18n

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitKeepsValuesApart(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		msg  string
		kv   []any
		want []Part
	}{
		{"{actor} made you editor of “{resource}”.", []any{"actor", "Ana", "resource", "مقدمة"},
			[]Part{{"Ana", "actor"}, {" made you editor of “", ""}, {"مقدمة", "resource"}, {"”.", ""}}},
		// Values are never read as placeholders; one without a value stays as text.
		{"“{source}” → “{resource}” {missing}", []any{"source", "{resource}", "resource", "B"},
			[]Part{{"“", ""}, {"{resource}", "source"}, {"” → “", ""}, {"B", "resource"}, {"” {missing}", ""}}},
		// Adjacent values, a count, and an empty value that leaves nothing.
		{"{a}{b} ({n}){c}", []any{"a", "x", "b", "y", "n", 3, "c", ""},
			[]Part{{"x", "a"}, {"y", "b"}, {" (", ""}, {"3", "n"}, {")", ""}}},
		{"no placeholders", nil, []Part{{"no placeholders", ""}}},
	} {
		got := Split(c.msg, c.kv...)
		if !slices.Equal(got, c.want) {
			t.Errorf("Split(%q) = %q, want %q", c.msg, got, c.want)
		}
		var joined strings.Builder
		for _, p := range got {
			joined.WriteString(p.Text)
		}
		if joined.String() != Fill(c.msg, c.kv...) {
			t.Errorf("Split(%q) joins to %q, Fill gives %q", c.msg, joined.String(), Fill(c.msg, c.kv...))
		}
	}
}
