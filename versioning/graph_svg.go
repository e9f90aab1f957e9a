package versioning

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// kindStyle is how one kind of node or edge looks. Every kind is also named
// in text (box line, edge label, legend), so colour is never the only cue,
// and edge kinds differ by dash pattern too.
type kindStyle struct {
	fill, stroke, dash string
}

var (
	nodeStyles = map[string]kindStyle{
		"original":    {fill: "#e8f0fe", stroke: "#1a56c4"},
		"fork":        {fill: "#fef3e0", stroke: "#a15c00"},
		"translation": {fill: "#e6f4ea", stroke: "#137333"},
	}
	edgeStyles = map[string]kindStyle{
		"fork":        {stroke: "#1a56c4"},
		"translation": {stroke: "#137333", dash: "8 4"},
		"merge":       {stroke: "#8430ce", dash: "2 4"},
	}
	otherNode = kindStyle{fill: "#f1f3f4", stroke: "#5f6368"}
	otherEdge = kindStyle{stroke: "#5f6368", dash: "4 2 1 2"}
)

func nodeStyle(kind string) kindStyle {
	if s, ok := nodeStyles[kind]; ok {
		return s
	}
	return otherNode
}

func edgeStyleKey(kind string) string {
	if _, ok := edgeStyles[kind]; ok {
		return kind
	}
	return "other"
}

func edgeStyle(kind string) kindStyle {
	if s, ok := edgeStyles[kind]; ok {
		return s
	}
	return otherEdge
}

// RenderSVG draws a resource family as a standalone SVG document, for the
// server to inline in a page (no JavaScript). Roots are on the left, each
// generation one column to the right, siblings stacked; boxes show title,
// language, licence, kind, owner and date and link to the resource; edges
// carry their kind, who and when. The drawing is a group named by its
// <title> and described by a <desc> that says the same in sentences for
// screen readers; the legend and edge labels, which the description
// repeats, are hidden from them. It is not role="img": an image's content
// is presentational, and the links to the resources inside it would be
// interactive controls nested in it (axe: nested-interactive). All user
// text is XML-escaped and only http(s) or relative URLs become links. The
// words (legend, kinds, title, description) are w's, in the reader's language.
func RenderSVG(g Graph, w GraphWords) []byte {
	l := layoutGraph(g)
	wd, ht := l.size()
	id := svgIDPrefix(g)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="group" aria-labelledby="%s-title" aria-describedby="%s-desc" font-family="system-ui, -apple-system, 'Segoe UI', 'Noto Sans', sans-serif">`, wd, ht, wd, ht, id, id)
	b.WriteString("\n")
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`+"\n", id, esc(graphTitle(l, w)))
	fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`+"\n", id, esc(graphDesc(l, w)))
	writeDefs(&b, id)
	writeLegend(&b, id, w)
	for _, e := range l.edges {
		writeEdge(&b, &l, e, id, w)
	}
	for i := range l.nodes {
		writeNode(&b, &l, i, w)
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

func svgIDPrefix(g Graph) string {
	h := fnv.New32a()
	h.Write([]byte(g.Focus))
	for _, n := range g.Nodes {
		h.Write([]byte(n.ID))
	}
	return "cpg" + strconv.FormatUint(uint64(h.Sum32()), 36)
}

func writeDefs(b *strings.Builder, id string) {
	b.WriteString("<defs>\n")
	for _, k := range []string{"fork", "translation", "merge", "other"} {
		fmt.Fprintf(b, `<marker id="%s-arrow-%s" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`+"\n",
			id, k, edgeStyle(k).stroke)
	}
	b.WriteString("</defs>\n")
}

func writeLegend(b *strings.Builder, id string, w GraphWords) {
	b.WriteString(`<g class="legend" font-size="12" fill="#202124" aria-hidden="true">` + "\n")
	x := margin
	y := margin + 12
	fmt.Fprintf(b, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", x, y+4, esc(w.Links))
	x += max(50, 8*columns(w.Links)+10)
	for _, k := range []string{"fork", "translation", "merge"} {
		s := edgeStyle(k)
		fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s marker-end="url(#%s-arrow-%s)"/>`+"\n",
			x, y, x+36, y, s.stroke, dashAttr(s.dash), id, k)
		name := w.Kind(k)
		fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`+"\n", x+42, y+4, esc(name))
		x += 42 + 8*columns(name) + 24
	}
	b.WriteString("</g>\n")
}

func dashAttr(d string) string {
	if d == "" {
		return ""
	}
	return ` stroke-dasharray="` + d + `"`
}

func writeEdge(b *strings.Builder, l *layout, e placedEdge, id string, w GraphWords) {
	s := edgeStyle(e.Kind)
	fx, fy := l.x(e.from), l.y(e.from)+boxH/2
	tx, ty := l.x(e.to), l.y(e.to)+boxH/2
	var d string
	var lx, ly int
	anchor := "start"
	switch {
	case e.tree:
		// Tree edges run like a file tree: out of the parent, down a trunk
		// just right of it, then straight into the child. The label sits on
		// the child's own horizontal branch, which no other edge crosses.
		sx, trunk := fx+boxW, fx+boxW+trunkOff
		d = fmt.Sprintf("M%d,%d H%d V%d H%d", sx, fy, trunk, ty, tx)
		lx, ly = trunk+8, ty-18
	case tx > fx:
		sx := fx + boxW
		mx := (sx + tx) / 2
		d = fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", sx, fy, mx, fy, mx, ty, tx, ty)
		lx, ly = mx, l.betweenRows((fy+ty)/2)
		anchor = "middle"
	default:
		// Back to the same or an earlier column (a merge into the source):
		// leave from the left side and arrive at the target's right side,
		// or loop on the left within one column.
		ex := tx + boxW
		if tx == fx {
			ex = tx
		}
		c1, c2 := fx-colGap/3, ex+colGap/3
		if tx == fx {
			c2 = c1
		}
		d = fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", fx, fy, c1, fy, c2, ty, ex, ty)
		lx, ly = (fx+ex)/2, l.betweenRows((fy+ty)/2)
		if tx == fx {
			lx = fx - colGap/3
		}
		anchor = "middle"
	}
	fmt.Fprintf(b, `<g class="edge edge-%s" aria-hidden="true">`+"\n", edgeStyleKey(e.Kind))
	fmt.Fprintf(b, `<path d="%s" fill="none" stroke="%s" stroke-width="2"%s marker-end="url(#%s-arrow-%s)"/>`+"\n",
		d, s.stroke, dashAttr(s.dash), id, edgeStyleKey(e.Kind))
	kind := e.Kind
	if kind == "" {
		kind = "link"
	}
	kind = w.Kind(kind)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" text-anchor="%s" fill="#202124" stroke="#ffffff" stroke-width="3" paint-order="stroke"><tspan font-weight="bold">%s</tspan>`,
		lx, ly, anchor, esc(fit(kind, 20)))
	if sub := joinNonEmpty(w.Separator, fit(e.Who, 12), date(w, e.When)); sub != "" {
		fmt.Fprintf(b, `<tspan x="%d" dy="13">%s</tspan>`, lx, esc(sub))
	}
	b.WriteString("</text>\n</g>\n")
}

func writeNode(b *strings.Builder, l *layout, i int, w GraphWords) {
	n := l.nodes[i]
	x, y := l.x(i), l.y(i)
	s := nodeStyle(n.Kind)
	focus := i == l.focus
	href := safeURL(n.URL)
	if href != "" {
		// The link is named by the box's own text, not an aria-label: a
		// name that does not hold the visible words fails speech users
		// (WCAG 2.5.3, axe: label-content-name-mismatch); the <desc> has
		// the same in sentences.
		fmt.Fprintf(b, `<a href="%s">`+"\n", esc(href))
	}
	class := "node node-" + strings.Map(classRune, n.Kind)
	if focus {
		class += " focus"
	}
	fmt.Fprintf(b, `<g class="%s">`+"\n", esc(class))
	if focus {
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" font-weight="bold" fill="#202124">%s</text>`+"\n", x, y-8, esc(w.Current))
	}
	stroke, sw := s.stroke, "1.5"
	if focus {
		stroke, sw = "#202124", "3.5"
	}
	dash := ""
	if n.Deleted {
		dash = dashAttr("6 4")
	}
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
		x, y, boxW, boxH, s.fill, stroke, sw, dash)
	title := titleOf(n.GraphNode, w)
	tx := x + 10
	// The title is the resource's, in its language (a screen reader reads it with that voice);
	// "(untitled)" is the reader's.
	lang := ""
	if n.Title != "" && n.Language != "" {
		lang = fmt.Sprintf(` lang="%s"`, esc(n.Language))
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="14" font-weight="bold" fill="#202124"%s>%s</text>`+"\n", tx, y+22, lang, esc(fit(title, 28)))
	lines := []string{
		joinNonEmpty(w.Separator, n.Language, n.License),
		joinNonEmpty(w.Separator, kindOf(n.Kind, w), by(n.Owner, w)),
		joinNonEmpty(w.Separator, date(w, n.Created), flag(n.Approved, w.Approved), flag(n.Deleted, w.Deleted)),
	}
	for k, t := range lines {
		if t == "" {
			continue
		}
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" fill="#3c4043">%s</text>`+"\n", tx, y+40+k*15, esc(fit(t, 36)))
	}
	b.WriteString("</g>\n")
	if href != "" {
		b.WriteString("</a>\n")
	}
}

func classRune(r rune) rune {
	if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
		return unicode.ToLower(r)
	}
	return -1
}

func graphTitle(l layout, w GraphWords) string {
	if l.focus >= 0 {
		return w.Title(titleOf(l.nodes[l.focus].GraphNode, w), len(l.nodes))
	}
	return w.Title("", len(l.nodes))
}

// graphDesc says in sentences what the drawing shows.
func graphDesc(l layout, w GraphWords) string {
	var parts []string
	for i := range l.nodes {
		n := l.nodes[i].GraphNode
		parts = append(parts, w.Node(n, titleOf(n, w), i == l.focus))
	}
	for _, e := range l.edges {
		from, to := titleOf(l.nodes[e.from].GraphNode, w), titleOf(l.nodes[e.to].GraphNode, w)
		parts = append(parts, w.Edge(e.Kind, from, to, e.Who, e.When))
	}
	if l.dropped > 0 {
		parts = append(parts, w.More(l.dropped))
	}
	return strings.Join(parts, " ")
}

func titleOf(n GraphNode, w GraphWords) string {
	if n.Title == "" {
		return w.Untitled
	}
	return n.Title
}

func kindOf(kind string, w GraphWords) string {
	if kind == "" {
		return ""
	}
	return w.Kind(kind)
}

func by(name string, w GraphWords) string {
	if name == "" {
		return ""
	}
	return w.By(name)
}

// columns is about how wide s is, in columns of a Latin letter (East Asian wide characters
// count two), to space the legend.
func columns(s string) int {
	n := 0
	for _, r := range s {
		n++
		if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
			n++
		}
	}
	return n
}

// safeURL keeps relative and http(s) URLs; anything else (javascript:,
// data:, unparsable) yields no link.
func safeURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
		return raw
	}
	return ""
}

// esc escapes text for XML content and attribute values; characters XML
// cannot carry become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// fit shortens s to about max columns (East Asian wide characters count
// two), ending in "…", without separating a base character from the marks
// that follow it.
func fit(s string, limit int) string {
	cols, cut := 0, -1
	for i, r := range s {
		w := 1
		if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
			w = 2
		}
		if cols+w > limit-1 && cut < 0 {
			cut = i
		}
		cols += w
		if cols > limit {
			break
		}
	}
	if cols <= limit || cut < 0 {
		return s
	}
	for cut > 0 {
		next, _ := utf8.DecodeRuneInString(s[cut:])
		prev, size := utf8.DecodeLastRuneInString(s[:cut])
		if !joins(next) && prev != '\u200d' {
			break
		}
		cut -= size
	}
	return strings.TrimRight(s[:cut], " ") + "…"
}

// joins reports runes that belong to the character before them.
func joins(r rune) bool {
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == '\u200d' ||
		unicode.Is(unicode.Variation_Selector, r) || (r >= 0x1F3FB && r <= 0x1F3FF) // skin tones
}

func date(w GraphWords, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return w.Date(t)
}

func flag(on bool, s string) string {
	if on {
		return s
	}
	return ""
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
