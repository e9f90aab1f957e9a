package versioning

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

type svgRect struct {
	x, y, w, h float64
	class      string
}

type svgDoc struct {
	root     xml.StartElement
	texts    []string // character data of every element
	rects    []svgRect
	hrefs    []string
	titleTxt string
	descTxt  string
	ids      map[string]bool
	classes  []string
}

// parseSVG parses out with encoding/xml, failing the test on any error.
func parseSVG(t *testing.T, out []byte) svgDoc {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(out))
	doc := svgDoc{ids: map[string]bool{}}
	var stack []xml.StartElement
	var classStack []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, out)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				doc.root = tk
			}
			stack = append(stack, tk)
			attr := func(name string) string {
				for _, a := range tk.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			if id := attr("id"); id != "" {
				doc.ids[id] = true
			}
			cls := attr("class")
			if cls != "" {
				doc.classes = append(doc.classes, cls)
			} else if len(classStack) > 0 {
				cls = classStack[len(classStack)-1]
			}
			classStack = append(classStack, cls)
			switch tk.Name.Local {
			case "rect":
				f := func(n string) float64 { v, _ := strconv.ParseFloat(attr(n), 64); return v }
				doc.rects = append(doc.rects, svgRect{f("x"), f("y"), f("width"), f("height"), cls})
			case "a":
				doc.hrefs = append(doc.hrefs, attr("href"))
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			classStack = classStack[:len(classStack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			s := string(tk)
			switch stack[len(stack)-1].Name.Local {
			case "title":
				doc.titleTxt += s
			case "desc":
				doc.descTxt += s
			default:
				if strings.TrimSpace(s) != "" {
					doc.texts = append(doc.texts, s)
				}
			}
		}
	}
	return doc
}

func (d svgDoc) hasText(s string) bool {
	for _, t := range d.texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

func day(n int) time.Time { return time.Date(2026, 1, n, 12, 0, 0, 0, time.UTC) }

func TestRenderSVGBasics(t *testing.T) {
	evil := `<script>alert("x")</script> & "quoted" 'single'`
	g := Graph{
		Focus: "b",
		Nodes: []GraphNode{
			{ID: "a", Title: "Algebra basics", Language: "en", License: "CC-BY-SA-4.0", Kind: "original", Owner: "ann", Created: day(1), Approved: true, URL: "/r/a"},
			{ID: "b", Title: evil, Language: "fr", License: "CC-BY-SA-4.0", Kind: "translation", Owner: "bob <b@x>", Created: day(2), URL: `/r/b?x=1&y="2"`},
			{ID: "c", Title: "مقدمة في الجبر", Language: "ar", License: "CC-BY-SA-4.0", Kind: "fork", Owner: "chen", Created: day(3), URL: "javascript:alert(1)"},
			{ID: "d", Title: "Gone", Kind: "fork", Created: day(4), Deleted: true},
		},
		Edges: []GraphEdge{
			{From: "a", To: "b", Kind: "translation", Who: "bob", When: day(2)},
			{From: "a", To: "c", Kind: "fork", Who: "chen", When: day(3)},
			{From: "c", To: "a", Kind: "merge", Who: "ann", When: day(5)},
			{From: "c", To: "d", Kind: "fork"},
			{From: "x", To: "a", Kind: "fork"}, // unknown end: skipped
		},
	}
	out := RenderSVG(g, EnglishGraphWords())
	doc := parseSVG(t, out)

	if doc.root.Name.Local != "svg" {
		t.Fatalf("root element = %q", doc.root.Name.Local)
	}
	var role, labelled, described string
	for _, a := range doc.root.Attr {
		switch a.Name.Local {
		case "role":
			role = a.Value
		case "aria-labelledby":
			labelled = a.Value
		case "aria-describedby":
			described = a.Value
		}
	}
	// Not "img": the links inside would be controls nested in an image.
	if role != "group" || labelled == "" || described == "" {
		t.Errorf(`role = %q labelled by %q described by %q, want a named and described "group"`, role, labelled, described)
	}
	for _, id := range strings.Fields(labelled + " " + described) {
		if !doc.ids[id] {
			t.Errorf("aria-labelledby names %q, which is not an id in the document", id)
		}
	}
	if !strings.Contains(doc.titleTxt, evil) {
		t.Errorf("title %q does not name the focus resource", doc.titleTxt)
	}
	for _, want := range []string{"is a translation of “Algebra basics” by bob on 2026-01-02", "is a fork of “Algebra basics” by chen", "were merged into “Algebra basics”", "(current resource)"} {
		if !strings.Contains(doc.descTxt, want) {
			t.Errorf("desc lacks %q:\n%s", want, doc.descTxt)
		}
	}
	if bytes.Contains(out, []byte("<script")) || bytes.Contains(out, []byte(`"quoted"`)) {
		t.Errorf("user text not escaped:\n%s", out)
	}
	if !doc.hasText("<script>") {
		t.Error("escaped title does not decode back to the user's text")
	}
	if len(doc.hrefs) != 2 || doc.hrefs[0] != "/r/a" || doc.hrefs[1] != `/r/b?x=1&y="2"` {
		t.Errorf("links = %q, want /r/a and /r/b only (javascript: dropped, no URL no link)", doc.hrefs)
	}
	for _, want := range []string{"original", "translation · by bob <b@x>", "fork · by chen", "fork", "merge", "chen · 2026-01-03", "en · CC-BY-SA-4.0", "current resource", "✓ approved", "deleted", "مقدمة في الجبر"} {
		if !doc.hasText(want) {
			t.Errorf("no text %q in drawing", want)
		}
	}
	focus := 0
	for _, c := range doc.classes {
		if strings.Contains(c, "focus") {
			focus++
		}
	}
	if focus != 1 {
		t.Errorf("%d focus groups, want 1", focus)
	}
	// Layered: a is left of its derivatives.
	rects := nodeRects(doc)
	if len(rects) != 4 {
		t.Fatalf("%d node boxes, want 4", len(rects))
	}
	if !(rects[0].x < rects[1].x && rects[1].x == rects[2].x && rects[2].x < rects[3].x) {
		t.Errorf("columns wrong: %+v", rects)
	}
	if !bytes.Contains(out, []byte(`stroke-dasharray="6 4"`)) {
		t.Error("deleted node not drawn dashed")
	}
}

func nodeRects(d svgDoc) []svgRect {
	var out []svgRect
	for _, r := range d.rects {
		if strings.HasPrefix(r.class, "node") {
			out = append(out, r)
		}
	}
	return out
}

func TestRenderSVGCyclesAndOddInput(t *testing.T) {
	g := Graph{
		Nodes: []GraphNode{
			{ID: "p", Title: "P"}, {ID: "q", Title: "Q"}, // a two-node cycle, no root
			{ID: "r", Title: "R"}, {ID: "r", Title: "R duplicate"},
			{ID: "bad", Title: "bad \xff utf8 \x01 control"},
		},
		Edges: []GraphEdge{
			{From: "p", To: "q", Kind: "fork"}, {From: "q", To: "p", Kind: "merge"},
			{From: "r", To: "r", Kind: "fork"}, // self loop
			{From: "r", To: "bad", Kind: "strange <kind>"},
		},
	}
	doc := parseSVG(t, RenderSVG(g, EnglishGraphWords()))
	if n := len(nodeRects(doc)); n != 4 {
		t.Errorf("%d node boxes, want 4 (duplicate ID dropped)", n)
	}
	if !doc.hasText("strange <kind>") {
		t.Error("unknown edge kind not shown as text")
	}
	parseSVG(t, RenderSVG(Graph{}, EnglishGraphWords())) // empty graph still a valid document
}

func TestRenderSVGManyNodesDoNotOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []string{"fork", "translation", "merge"}
	var g Graph
	for i := range 100 {
		g.Nodes = append(g.Nodes, GraphNode{
			ID: fmt.Sprint("n", i), Title: fmt.Sprint("Resource number ", i, " with a long title that gets shortened"),
			Kind: "fork", Created: day(1).Add(time.Duration(i) * time.Hour), URL: fmt.Sprint("/r/", i),
		})
		if i > 0 {
			parent := rng.IntN(i)
			g.Edges = append(g.Edges, GraphEdge{From: fmt.Sprint("n", parent), To: fmt.Sprint("n", i), Kind: kinds[rng.IntN(2)], Who: "someone", When: day(2)})
		}
	}
	for range 15 { // merges back, and some cycles
		a, b := rng.IntN(100), rng.IntN(100)
		g.Edges = append(g.Edges, GraphEdge{From: fmt.Sprint("n", a), To: fmt.Sprint("n", b), Kind: kinds[2]})
	}
	g.Focus = "n42"
	doc := parseSVG(t, RenderSVG(g, EnglishGraphWords()))
	rects := nodeRects(doc)
	if len(rects) != 100 {
		t.Fatalf("%d boxes, want 100", len(rects))
	}
	for i := range rects {
		for j := i + 1; j < len(rects); j++ {
			a, b := rects[i], rects[j]
			if a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h {
				t.Fatalf("boxes %d and %d overlap: %+v %+v", i, j, a, b)
			}
		}
	}
	if len(doc.hrefs) != 100 {
		t.Errorf("%d links, want 100", len(doc.hrefs))
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer title", 10, "a longer…"},
		{"数学数学数学数学", 8, "数学数…"},
		{"cafe\u0301 au lait", 5, "caf…"}, // never separate é's accent
		{"👨‍👩‍👧 family", 4, "…"},
	}
	for _, tc := range tests {
		if got := fit(tc.in, tc.limit); got != tc.want {
			t.Errorf("fit(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
		}
	}
}

func BenchmarkRenderSVG(b *testing.B) {
	var g Graph
	for i := range 100 {
		g.Nodes = append(g.Nodes, GraphNode{ID: fmt.Sprint(i), Title: fmt.Sprint("Resource ", i), Kind: "fork", URL: "/r"})
		if i > 0 {
			g.Edges = append(g.Edges, GraphEdge{From: fmt.Sprint((i - 1) / 3), To: fmt.Sprint(i), Kind: "fork", Who: "x"})
		}
	}
	for range b.N {
		_ = RenderSVG(g, EnglishGraphWords())
	}
}

func TestLayoutMergeNeverPlacesANode(t *testing.T) {
	g := Graph{
		Nodes: []GraphNode{{ID: "a", Created: day(1)}, {ID: "b", Created: day(2)}, {ID: "c", Created: day(3)}, {ID: "d", Created: day(4)}},
		Edges: []GraphEdge{
			{From: "a", To: "b", Kind: "fork"}, {From: "a", To: "c", Kind: "fork"},
			{From: "b", To: "d", Kind: "merge"}, {From: "c", To: "d", Kind: "translation"},
		},
	}
	l := layoutGraph(g)
	d, c := l.nodes[3], l.nodes[2]
	if d.depth != 2 || d.row != c.row {
		t.Errorf("d at depth %d row %d, want beside its translation source c (row %d)", d.depth, d.row, c.row)
	}
	for _, e := range l.edges {
		if e.Kind == "merge" && e.tree {
			t.Errorf("merge edge %s→%s used as a tree edge", e.From, e.To)
		}
	}
}
