package collab

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Doc is a document's text indexed in UTF-16 code units.
type Doc struct {
	text  string
	len16 int
}

// NewDoc makes a document holding text. Invalid UTF-8 in text is replaced by U+FFFD so that
// the document only ever holds valid UTF-8.
func NewDoc(text string) *Doc {
	text = strings.ToValidUTF8(text, "\uFFFD")
	return &Doc{text: text, len16: Len16(text)}
}

// Len16 is the document length in UTF-16 code units.
func (d *Doc) Len16() int { return d.len16 }

// String returns the whole text.
func (d *Doc) String() string { return d.text }

// Slice16 returns the text between two UTF-16 offsets. Offsets are clamped to the document and
// an offset inside a surrogate pair is moved to the start of the pair.
func (d *Doc) Slice16(from, to int) string {
	s := d.String()
	from = clamp(from, 0, d.len16)
	to = clamp(to, from, d.len16)
	return s[floorByte16(s, from):floorByte16(s, to)]
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// floorByte16 is Byte16 rounding a surrogate-splitting offset down to the pair's start.
func floorByte16(s string, off16 int) int {
	b, err := Byte16(s, off16)
	if err != nil {
		b, _ = Byte16(s, off16-1)
	}
	return b
}

// Validate reports whether op can be applied: it must span the document, keep every boundary
// off the middle of a surrogate pair, insert valid UTF-8, and keep the document within lim.
func (d *Doc) Validate(op Op, lim Limits) error {
	_, err := d.plan(op, lim)
	return err
}

// Apply applies op, or returns an error and leaves the document unchanged.
func (d *Doc) Apply(op Op, lim Limits) error {
	text, err := d.plan(op, lim)
	if err != nil {
		return err
	}
	d.text = text
	d.len16 = op.TargetLen()
	return nil
}

func (d *Doc) plan(op Op, lim Limits) (string, error) {
	if err := checkOp(op, d.len16, lim); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(d.text))
	s := d.text
	pos := 0 // byte offset in s
	u := 0   // UTF-16 offset in s
	for i, c := range op {
		switch {
		case c.Retain > 0, c.Delete > 0:
			n := c.Retain + c.Delete
			off, err := Byte16(s[pos:], n)
			if err != nil {
				return "", fmt.Errorf("component %d at %d: %w", i, u, err)
			}
			if c.Retain > 0 {
				b.WriteString(s[pos : pos+off])
			}
			pos += off
			u += n
		default:
			b.WriteString(c.Insert)
		}
	}
	return b.String(), nil
}

// checkOp runs the checks that do not need the text: shape, UTF-8, base length, size limits.
func checkOp(op Op, len16 int, lim Limits) error {
	if err := op.check(); err != nil {
		return err
	}
	base, target, ins := 0, 0, 0
	for i, c := range op {
		if c.Insert != "" {
			if !utf8.ValidString(c.Insert) {
				return fmt.Errorf("component %d: insert is not valid UTF-8: %w", i, ErrBadOp)
			}
			n := Len16(c.Insert)
			ins += n
			target += n
		}
		base += c.Retain + c.Delete
		target += c.Retain
	}
	if base != len16 {
		return fmt.Errorf("op spans %d units, document has %d: %w", base, len16, ErrBaseLength)
	}
	if lim.MaxInsert16 > 0 && ins > lim.MaxInsert16 {
		return fmt.Errorf("op inserts %d units, limit %d: %w", ins, lim.MaxInsert16, ErrTooLarge)
	}
	if lim.MaxDoc16 > 0 && target > lim.MaxDoc16 {
		return fmt.Errorf("document would be %d units, limit %d: %w", target, lim.MaxDoc16, ErrTooLarge)
	}
	return nil
}
