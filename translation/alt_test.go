package translation

import (
	"strings"
	"testing"
)

// Image descriptions (alt texts) are translatable segments of their own,
// whether the image sits inside a sentence or alone in its paragraph.
func TestAltTextIsItsOwnSegment(t *testing.T) {
	md := "See the leaf ![A green leaf](leaf.png \"Leaf\") in the sun.\n\n![Roots in the soil](roots.png)\n\n[![Logo of the school](logo.png)](https://example.org)\n"
	d := mustSegment(t, md)
	want := []string{"See the leaf {1/} in the sun.", "A green leaf", "Roots in the soil", "Logo of the school"}
	if got := sources(d); strings.Join(got, "§") != strings.Join(want, "§") {
		t.Fatalf("segments %q, want %q", got, want)
	}
	sentence, leaf, roots, logo := d.Segments[0], d.Segments[1], d.Segments[2], d.Segments[3]
	if len(leaf.Placeholders) != 0 || leaf.ID == sentence.ID {
		t.Errorf("alt segment %+v", leaf)
	}
	cases := []struct {
		name    string
		targets map[string]string
		want    string
	}{
		{"alt only, sentence untranslated", map[string]string{leaf.ID: "Una hoja verde"},
			"See the leaf ![Una hoja verde](leaf.png \"Leaf\") in the sun.\n\n![Roots in the soil](roots.png)\n\n[![Logo of the school](logo.png)](https://example.org)\n"},
		{"everything", map[string]string{sentence.ID: "Mira la hoja {1/} al sol.", leaf.ID: "Una hoja verde", roots.ID: "Raíces en el suelo", logo.ID: "Logo de la escuela"},
			"Mira la hoja ![Una hoja verde](leaf.png \"Leaf\") al sol.\n\n![Raíces en el suelo](roots.png)\n\n[![Logo de la escuela](logo.png)](https://example.org)\n"},
		{"sentence only", map[string]string{sentence.ID: "Mira {1/} al sol."},
			"Mira ![A green leaf](leaf.png \"Leaf\") al sol.\n\n![Roots in the soil](roots.png)\n\n[![Logo of the school](logo.png)](https://example.org)\n"},
		{"unbalanced brackets are escaped", map[string]string{roots.ID: "Raíces ] [x"},
			"See the leaf ![A green leaf](leaf.png \"Leaf\") in the sun.\n\n![Raíces \\] \\[x](roots.png)\n\n[![Logo of the school](logo.png)](https://example.org)\n"},
		{"balanced brackets and a final backslash", map[string]string{roots.ID: "Raíces [1] \\"},
			"See the leaf ![A green leaf](leaf.png \"Leaf\") in the sun.\n\n![Raíces [1] \\\\](roots.png)\n\n[![Logo of the school](logo.png)](https://example.org)\n"},
	}
	for _, c := range cases {
		got, err := d.Rebuild(c.targets)
		if err != nil || got != c.want {
			t.Errorf("%s:\n got %q %v\nwant %q", c.name, got, err, c.want)
		}
	}
	if got, _ := d.Rebuild(identityTargets(d)); got != md {
		t.Errorf("identity rebuild %q", got)
	}
}

func TestAltTextNeverMarked(t *testing.T) {
	md := "Look ![A cat](cat.png) here. Then stop.\n\n![A dog](dog.png)\n"
	d := mustSegment(t, md)
	if len(d.Segments) != 4 {
		t.Fatalf("segments %q", sources(d))
	}
	marked, runs, err := d.RebuildForDisplay(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The two sentences of the paragraph are one run; the alt texts are not marked.
	if runs != 1 || strings.Count(marked, MarkOpen) != 1 || strings.Contains(marked, "!["+MarkOpen) {
		t.Errorf("%d runs: %q", runs, marked)
	}
	alt := d.Segments[1]
	marked, runs, err = d.RebuildForDisplay(map[string]string{alt.ID: "Un gato"})
	if err != nil || runs != 1 || !strings.Contains(marked, "![Un gato](cat.png)") {
		t.Errorf("%d runs: %q %v", runs, marked, err)
	}
}

func TestAltTextEdgeCases(t *testing.T) {
	for md, want := range map[string][]string{
		"![](empty.png) Text.\n":           {"{1/} Text."},
		"![123](n.png) Text.\n":            {"{1/} Text."},
		"Text ![a\nb](x.png) end.\n":       {"Text {1/} end.", "a\nb"},
		"![x `code]` y](z.png)\n":          {"x `code]` y"},
		"![Ref image][r]\n\n[r]: /img.png": {"Ref image"},
	} {
		d := mustSegment(t, md)
		if got := sources(d); strings.Join(got, "§") != strings.Join(want, "§") {
			t.Errorf("%q: segments %q, want %q", md, got, want)
		}
		if got, err := d.Rebuild(identityTargets(d)); err != nil || got != md {
			t.Errorf("%q: identity rebuild %q %v", md, got, err)
		}
	}
}
