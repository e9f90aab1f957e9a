package translation

import (
	"errors"
	"fmt"
	"strings"
)

// ErrPlaceholders is returned (wrapped in a *PlaceholderError) when a
// target loses, duplicates, invents or misnests placeholders.
var ErrPlaceholders = errors.New("placeholders do not match the source")

// PlaceholderError names the segment and what is wrong with its target.
type PlaceholderError struct {
	SegmentID string
	Reason    string
}

func (e *PlaceholderError) Error() string {
	return fmt.Sprintf("segment %s: %s: %s", e.SegmentID, ErrPlaceholders, e.Reason)
}

// Unwrap lets errors.Is(err, ErrPlaceholders) hold.
func (e *PlaceholderError) Unwrap() error { return ErrPlaceholders }

// CheckPlaceholders verifies that target uses each placeholder of seg
// exactly once, with the same kind, invents none, and keeps every pair
// opened before it is closed and properly nested. Placeholders may be
// reordered freely otherwise.
func CheckPlaceholders(seg Segment, target string) error {
	_, err := checkedTokens(seg, target)
	return err
}

func checkedTokens(seg Segment, target string) ([]token, error) {
	fail := func(format string, args ...any) error {
		return &PlaceholderError{SegmentID: seg.ID, Reason: fmt.Sprintf(format, args...)}
	}
	toks := parseNotation(target, declaredBy(seg.Placeholders))
	used := map[string]bool{}
	var stack []string
	for _, t := range toks {
		if t.kind == tokText {
			continue
		}
		key := t.kind.placeholderKind() + ":" + t.id
		ref := placeholderRef(t.kind.placeholderKind(), t.id)
		if used[key] {
			return nil, fail("%s appears more than once", ref)
		}
		used[key] = true
		switch t.kind {
		case tokOpen:
			stack = append(stack, t.id)
		case tokClose:
			if len(stack) == 0 || stack[len(stack)-1] != t.id {
				if !used[KindOpen+":"+t.id] {
					return nil, fail("%s comes before %s", ref, placeholderRef(KindOpen, t.id))
				}
				return nil, fail("%s closes across another pair", ref)
			}
			stack = stack[:len(stack)-1]
		}
	}
	for _, p := range seg.Placeholders {
		if !used[p.Kind+":"+p.ID] {
			return nil, fail("%s is missing", placeholderRef(p.Kind, p.ID))
		}
	}
	return toks, nil
}

// Rebuild writes the document with each segment replaced by its target
// (segment id → text in placeholder notation). A missing or empty target
// keeps the source bytes, so Rebuild(nil) returns the input byte for byte.
// A target whose placeholders do not match is an error naming the segment.
func (d *Document) Rebuild(targets map[string]string) (string, error) {
	return d.rebuild(targets, nil)
}

// RebuildMarked is Rebuild with every run of untranslated text passed
// through mark (see Runs for what a run is). mark receives the exact
// source bytes of the run.
func (d *Document) RebuildMarked(targets map[string]string, mark func(src string) string) (string, error) {
	return d.rebuild(targets, mark)
}

func (d *Document) rebuild(targets map[string]string, mark func(string) string) (string, error) {
	var b strings.Builder
	b.Grow(len(d.src))
	var runs [][2]int
	if mark != nil {
		runs = d.untranslatedRuns(targets)
	}
	prev := 0
	copySource := func(to int) {
		for len(runs) > 0 && runs[0][0] < to {
			r := runs[0]
			d.writeSource(&b, prev, r[0], targets)
			var run strings.Builder
			d.writeSource(&run, r[0], r[1], targets)
			b.WriteString(mark(run.String()))
			prev = r[1]
			runs = runs[1:]
		}
		d.writeSource(&b, prev, to, targets)
		prev = to
	}
	for i, seg := range d.Segments {
		sp := d.spans[i]
		if sp.nested {
			continue // written with the placeholder that holds it
		}
		target, ok := targets[seg.ID]
		if !ok || target == "" {
			continue
		}
		copySource(sp.start)
		out, err := d.renderSegment(i, target, targets)
		if err != nil {
			return "", fmt.Errorf("rebuild: %w", err)
		}
		b.WriteString(out)
		prev = sp.end
	}
	copySource(len(d.src))
	return b.String(), nil
}

// writeSource copies the source bytes [from, to) with the alt texts nested
// inside them replaced by their targets.
func (d *Document) writeSource(b *strings.Builder, from, to int, targets map[string]string) {
	for i, sp := range d.spans {
		if !sp.nested || sp.start < from || sp.end > to {
			continue
		}
		t := targets[d.Segments[i].ID]
		if t == "" {
			continue
		}
		out, err := renderTarget(d.Segments[i], sp, t, nil)
		if err != nil {
			continue // an alt text has no placeholders to get wrong; keep the source if it ever does
		}
		b.WriteString(d.src[from:sp.start])
		b.WriteString(escapeLabel(out))
		from = sp.end
	}
	b.WriteString(d.src[from:to])
}

// renderSegment writes segment i's target as Markdown: an alt text escaped
// for its label, a sentence with the alt texts inside its image
// placeholders translated too.
func (d *Document) renderSegment(i int, target string, targets map[string]string) (string, error) {
	seg, sp := d.Segments[i], d.spans[i]
	var phBytes func(key string) (string, bool)
	if len(sp.altPH) > 0 {
		phBytes = func(key string) (string, bool) {
			r, ok := sp.altPH[key]
			if !ok {
				return "", false
			}
			var b strings.Builder
			d.writeSource(&b, r[0], r[1], targets)
			return b.String(), true
		}
	}
	out, err := renderTarget(seg, sp, target, phBytes)
	if err != nil || !sp.alt {
		return out, err
	}
	return escapeLabel(out), nil
}

// escapeLabel keeps a translated alt text inside its image's brackets: a
// label may hold balanced brackets, so they are escaped only when they do
// not balance, and a final lone backslash (which would escape the closing
// bracket) is doubled.
func escapeLabel(s string) string {
	depth, balanced := 0, true
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '`':
			if e := codeSpanEnd([]byte(s), i); e > i {
				i = e - 1 // brackets in a code span are text
			}
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			if depth--; depth < 0 {
				balanced = false
			}
		}
	}
	trailing := len(s) - len(strings.TrimRight(s, `\`))
	escapeBrackets := !balanced || depth != 0
	if !escapeBrackets && trailing%2 == 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if e := codeSpanEnd([]byte(s), i); c == '`' && e > i {
			b.WriteString(s[i:e])
			i = e - 1
			continue
		}
		switch {
		case c == '\\' && i+1 < len(s):
			b.WriteByte(c)
			i++
			c = s[i]
		case c == '\\':
			b.WriteByte('\\')
		case escapeBrackets && (c == '[' || c == ']'):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// renderTarget turns a checked target into Markdown: placeholders become
// their bytes, the k-th "\n" becomes the k-th soft break of the source
// (extra ones reuse the last, or a space where the block has none, since
// a bare newline could end a heading or a table cell). Spaces just inside
// a pair move outside it ("{1} text {/1}" is written "**text**"), since
// CommonMark reads "** text **" as literal asterisks.
//
// phBytes, when not nil, supplies the bytes of placeholders that hold a
// nested alt text (ok false: use the placeholder's own bytes).
func renderTarget(seg Segment, sp span, target string, phBytes func(key string) (string, bool)) (string, error) {
	toks, err := checkedTokens(seg, target)
	if err != nil {
		return "", err
	}
	toks = hoistSpaces(toks)
	bytesOf := map[string]string{}
	for _, p := range seg.Placeholders {
		bytesOf[p.Kind+":"+p.ID] = p.Bytes
	}
	var b strings.Builder
	k := 0
	opened := map[string]int{} // open id → index in toks
	for i, t := range toks {
		switch t.kind {
		case tokOpen:
			opened[t.id] = i
		case tokClose:
			if label, ok := sp.refLabels[t.id]; ok {
				if inner := innerBytes(toks[opened[t.id]+1:i], bytesOf); inner != label {
					// "[Opciones]" would name no reference: point at the label.
					b.WriteString("][" + label + "]")
					continue
				}
			}
		}
		if t.kind != tokText {
			key := t.kind.placeholderKind() + ":" + t.id
			if phBytes != nil {
				if s, ok := phBytes(key); ok {
					b.WriteString(s)
					continue
				}
			}
			b.WriteString(bytesOf[key])
			continue
		}
		txt := strings.ReplaceAll(t.text, "\r\n", "\n")
		for {
			i := strings.IndexByte(txt, '\n')
			if i < 0 {
				b.WriteString(txt)
				break
			}
			b.WriteString(txt[:i])
			switch {
			case k < len(sp.breaks):
				b.WriteString(sp.breaks[k])
			case sp.lineBreak != "":
				b.WriteString(sp.lineBreak)
			default:
				b.WriteByte(' ')
			}
			k++
			txt = txt[i+1:]
		}
	}
	return b.String(), nil
}

// innerBytes writes tokens as source bytes (for comparing a link's text
// with its reference label).
func innerBytes(toks []token, bytesOf map[string]string) string {
	var b strings.Builder
	for _, t := range toks {
		if t.kind == tokText {
			b.WriteString(t.text)
		} else {
			b.WriteString(bytesOf[t.kind.placeholderKind()+":"+t.id])
		}
	}
	return b.String()
}

// hoistSpaces moves blanks just inside a pair to just outside it, keeping
// one blank where the two sides meet: "a {1} b {/1}c" → "a {1}b{/1} c".
func hoistSpaces(toks []token) []token {
	out := make([]token, 0, len(toks)+2)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokOpen && i+1 < len(toks) && toks[i+1].kind == tokText {
			next := toks[i+1].text
			if trimmed := strings.TrimLeft(next, " \t\u00a0\u3000"); len(trimmed) < len(next) {
				lead := next[:len(next)-len(trimmed)]
				if n := len(out); n > 0 && out[n-1].kind == tokText {
					if !endsBlank(out[n-1].text) {
						out[n-1].text += lead
					}
				} else if n > 0 {
					out = append(out, token{kind: tokText, text: lead})
				}
				out = append(out, t)
				if trimmed != "" {
					out = append(out, token{kind: tokText, text: trimmed})
				}
				i++
				continue
			}
		}
		if t.kind == tokClose && len(out) > 0 && out[len(out)-1].kind == tokText {
			prev := out[len(out)-1].text
			if trimmed := strings.TrimRight(prev, " \t\u00a0\u3000"); len(trimmed) < len(prev) {
				tail := prev[len(trimmed):]
				if trimmed == "" {
					out = out[:len(out)-1]
				} else {
					out[len(out)-1].text = trimmed
				}
				out = append(out, t)
				if i+1 < len(toks) && toks[i+1].kind == tokText {
					if !startsBlank(toks[i+1].text) {
						toks[i+1].text = tail + toks[i+1].text
					}
				} else if i+1 < len(toks) {
					out = append(out, token{kind: tokText, text: tail})
				}
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

func endsBlank(s string) bool {
	return s != "" && strings.TrimRight(s, " \t\u00a0\u3000\n") != s
}

func startsBlank(s string) bool {
	return s != "" && strings.TrimLeft(s, " \t\u00a0\u3000\n") != s
}
