package collab

import (
	"fmt"
	"unicode/utf8"
)

// Len16 returns the length of the UTF-8 string s in UTF-16 code units, the unit ot.js and
// JavaScript's String.length count in. Invalid bytes count as one unit each (U+FFFD).
func Len16(s string) int {
	n := len(s)
	// Fast path: count ASCII bytes directly, then fall back per rune for the rest.
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return n
	}
	n = i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// Byte16 converts a UTF-16 offset into s to a byte offset. It fails with ErrBadOp if off16 is
// outside [0, Len16(s)] or falls between the two halves of a surrogate pair.
func Byte16(s string, off16 int) (int, error) {
	if off16 < 0 {
		return 0, fmt.Errorf("offset %d is negative: %w", off16, ErrBadOp)
	}
	u := 0
	i := 0
	for i < len(s) && u < off16 {
		c := s[i]
		if c < utf8.RuneSelf {
			u++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			if u+1 == off16 {
				return 0, fmt.Errorf("offset %d splits a surrogate pair: %w", off16, ErrBadOp)
			}
			u += 2
		} else {
			u++
		}
		i += size
	}
	if u < off16 {
		return 0, fmt.Errorf("offset %d beyond length %d: %w", off16, u, ErrBadOp)
	}
	return i, nil
}
