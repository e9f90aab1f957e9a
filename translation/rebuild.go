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
	toks, err := parseNotation(target)
	if err != nil {
		return nil, &PlaceholderError{SegmentID: seg.ID, Reason: err.Error()}
	}
	want := map[string]bool{} // "kind:id"
	for _, p := range seg.Placeholders {
		want[p.Kind+":"+p.ID] = true
	}
	used := map[string]bool{}
	var stack []string
	for _, t := range toks {
		if t.kind == tokText {
			continue
		}
		key := t.kind.placeholderKind() + ":" + t.id
		ref := placeholderRef(t.kind.placeholderKind(), t.id)
		if !want[key] {
			return nil, fail("%s is not in the source", ref)
		}
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

// RebuildMarked is Rebuild with every untranslated segment (no target)
// passed through mark, e.g. to wrap it for an "untranslated" display. mark
// receives the exact source bytes of the segment.
func (d *Document) RebuildMarked(targets map[string]string, mark func(src string) string) (string, error) {
	return d.rebuild(targets, mark)
}

func (d *Document) rebuild(targets map[string]string, mark func(string) string) (string, error) {
	var b strings.Builder
	b.Grow(len(d.src))
	prev := 0
	for i, seg := range d.Segments {
		sp := d.spans[i]
		b.WriteString(d.src[prev:sp.start])
		prev = sp.end
		target, ok := targets[seg.ID]
		if !ok || target == "" {
			if mark != nil {
				b.WriteString(mark(d.src[sp.start:sp.end]))
			} else {
				b.WriteString(d.src[sp.start:sp.end])
			}
			continue
		}
		out, err := renderTarget(seg, sp, target)
		if err != nil {
			return "", fmt.Errorf("rebuild: %w", err)
		}
		b.WriteString(out)
	}
	b.WriteString(d.src[prev:])
	return b.String(), nil
}

// renderTarget turns a checked target into Markdown: placeholders become
// their bytes, the k-th "\n" becomes the k-th soft break of the source
// (extra ones reuse the last, or a space where the block has none, since
// a bare newline could end a heading or a table cell).
func renderTarget(seg Segment, sp span, target string) (string, error) {
	toks, err := checkedTokens(seg, target)
	if err != nil {
		return "", err
	}
	bytesOf := map[string]string{}
	for _, p := range seg.Placeholders {
		bytesOf[p.Kind+":"+p.ID] = p.Bytes
	}
	var b strings.Builder
	k := 0
	for _, t := range toks {
		if t.kind != tokText {
			b.WriteString(bytesOf[t.kind.placeholderKind()+":"+t.id])
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
