package a11ycheck

import (
	"strconv"
	"unicode"
)

// LongParagraph is the number of words above which a paragraph is flagged (plain-language
// guidance keeps paragraphs to a single idea; 200 words is about 12 lines on a laptop and
// several screens on a phone).
const LongParagraph = 200

func (c *checker) checkParagraphs() {
	for _, p := range c.prose {
		if p.kind != proseParagraph {
			continue
		}
		if n := p.words(); n > LongParagraph {
			c.add(ParagraphLong, DetailLongParagraph, p.start(), p.end(), firstWords(p.text, 12), "n", strconv.Itoa(n))
		}
	}
}

// firstWords is the start of a text, n words long: a key that survives edits further on.
func firstWords(b []byte, n int) string {
	words, in := 0, false
	for i, r := range string(b) {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r)
		if letter && !in {
			words++
			if words > n {
				return string(b[:i])
			}
		}
		in = letter
		if isIdeographic(r) {
			in = false
		}
	}
	return string(b)
}
