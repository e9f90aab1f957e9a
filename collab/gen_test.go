package collab

import (
	"math/rand/v2"
	"strings"
	"unicode/utf16"
)

// Test helpers: random text and random ops built from whole code points, plus a naive model
// that applies ops to UTF-16 code units, the way JavaScript would.

var testPieces = []string{
	"a", "b", "c", "x", " ", "Hello", "\n", "\t", `"`, `\`, "<", "\u0001",
	"😀", "👍🏽", "👩‍👩‍👧", "🇫🇷", "𝕏", "𠜎", "é", "e\u0301", "ß",
	"مرحبا", "ال", "漢字", "中", "ひらがな", "한국어", "\u2028", "\ufeff",
}

func randText(r *rand.Rand, maxPieces int) string {
	var sb strings.Builder
	n := 1 + r.IntN(maxPieces)
	for range n {
		sb.WriteString(testPieces[r.IntN(len(testPieces))])
	}
	return sb.String()
}

func randASCII(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return string(b)
}

// randOp builds a random op on doc that never splits a surrogate pair. maxStep bounds how many
// code points one retain/delete covers, so small values give many components.
func randOp(r *rand.Rand, doc string, maxStep int) Op {
	runes := []rune(doc)
	var op Op
	i := 0
	for i < len(runes) {
		switch x := r.IntN(10); {
		case x < 2:
			op = op.insert(randText(r, 3))
		case x < 4:
			n := 1 + r.IntN(min(maxStep, len(runes)-i))
			op = op.delete(units16(runes[i : i+n]))
			i += n
		default:
			n := 1 + r.IntN(min(maxStep, len(runes)-i))
			op = op.retain(units16(runes[i : i+n]))
			i += n
		}
	}
	if r.IntN(4) == 0 {
		op = op.insert(randText(r, 3))
	}
	return op
}

func units16(rs []rune) int {
	n := 0
	for _, c := range rs {
		n += utf16.RuneLen(c)
	}
	return n
}

// modelApply applies op to s at the UTF-16 level, independent of the rope.
func modelApply(s string, op Op) string {
	u := utf16.Encode([]rune(s))
	var out []uint16
	p := 0
	for _, c := range op {
		switch {
		case c.Retain > 0:
			out = append(out, u[p:p+c.Retain]...)
			p += c.Retain
		case c.Insert != "":
			out = append(out, utf16.Encode([]rune(c.Insert))...)
		default:
			p += c.Delete
		}
	}
	if p != len(u) {
		panic("model: op does not span the document")
	}
	return string(utf16.Decode(out))
}

// modelAuthors returns per-UTF-16-unit authors after op.
func modelAuthors(authors []string, op Op, author string) []string {
	var out []string
	p := 0
	for _, c := range op {
		switch {
		case c.Retain > 0:
			out = append(out, authors[p:p+c.Retain]...)
			p += c.Retain
		case c.Insert != "":
			for range Len16(c.Insert) {
				out = append(out, author)
			}
		default:
			p += c.Delete
		}
	}
	return out
}

func expandAttribution(a Attribution) []string {
	var out []string
	for _, s := range a {
		for range s.Len {
			out = append(out, s.Author)
		}
	}
	return out
}

// randEdit builds an op that changes one or two places, like typing: the document stays small.
func randEdit(r *rand.Rand, doc string) Op {
	runes := []rune(doc)
	var op Op
	i := 0
	for range 1 + r.IntN(2) {
		at := i + r.IntN(len(runes)-i+1)
		op = op.retain(units16(runes[i:at]))
		i = at
		if r.IntN(2) == 0 || i == len(runes) {
			op = op.insert(randText(r, 2))
		} else {
			n := 1 + r.IntN(min(3, len(runes)-i))
			op = op.delete(units16(runes[i : i+n]))
			i += n
		}
	}
	return op.retain(units16(runes[i:]))
}
