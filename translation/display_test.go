package translation

import (
	"reflect"
	"testing"
)

func TestDisplayTokens(t *testing.T) {
	phs := []Placeholder{{ID: "1", Kind: KindOpen, Bytes: "**", Display: "**"}, {ID: "1", Kind: KindClose, Bytes: "**", Display: "**"}}
	got := DisplayTokens("Use {1}$x_{i}${/1}\n{{name}} {2/}", phs)
	open, cl := phs[0], phs[1]
	want := []DisplayToken{{Text: "Use "}, {Placeholder: &open, Ref: "{1}"}, {Text: "$x_{i}$"}, {Placeholder: &cl, Ref: "{/1}"},
		{Break: true}, {Text: "{{name}} {2/}"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
}
