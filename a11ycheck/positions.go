package a11ycheck

import (
	"sort"
	"unicode/utf8"
)

// index converts byte offsets of a text into positions. Line starts and the UTF-16 offset of
// each line start are computed once, so each conversion only walks within one line.
type index struct {
	src        []byte
	lineStarts []int
	line16     []int
}

func newIndex(src []byte) *index {
	ix := &index{src: src, lineStarts: []int{0}, line16: []int{0}}
	u16 := 0
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		u16 += utf16Units(r)
		i += size
		if r == '\n' {
			ix.lineStarts = append(ix.lineStarts, i)
			ix.line16 = append(ix.line16, u16)
		}
	}
	return ix
}

func utf16Units(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

// at returns the position of byte offset off (clamped to the text, moved back to the start
// of a character when it falls inside one).
func (ix *index) at(off int) Position {
	off = max(0, min(off, len(ix.src)))
	for off > 0 && off < len(ix.src) && !utf8.RuneStart(ix.src[off]) {
		off--
	}
	line := sort.Search(len(ix.lineStarts), func(i int) bool { return ix.lineStarts[i] > off }) - 1
	col, u16 := 1, ix.line16[line]
	for i := ix.lineStarts[line]; i < off; {
		r, size := utf8.DecodeRune(ix.src[i:])
		col++
		u16 += utf16Units(r)
		i += size
	}
	return Position{Line: line + 1, Column: col, Offset: off, Offset16: u16}
}
