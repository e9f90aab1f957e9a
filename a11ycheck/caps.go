package a11ycheck

import (
	"strings"
	"unicode"
)

// checkCaps flags text written in capitals: three or more words in a row in capitals, at least
// one of them of four letters or more, twelve letters in all. Acronyms (NASA, HTML, "GAP") are
// single words and pass; a one-letter word ("A", "I") continues a run without counting.
func (c *checker) checkCaps() {
	for _, p := range c.prose {
		text := string(p.text)
		type word struct{ start, end, letters int }
		var run []word
		flush := func() {
			counted, letters, long := 0, 0, false
			for _, w := range run {
				if w.letters > 1 {
					counted++
				}
				letters += w.letters
				long = long || w.letters >= 4
			}
			if counted >= 3 && long && letters >= 12 {
				i, j := run[0].start, run[len(run)-1].end
				start, end := p.span(i, j)
				phrase := text[i:j]
				c.add(TextAllCaps, DetailCaps, start, end, phrase, "phrase", shorten(phrase, 50))
			}
			run = run[:0]
		}
		i := 0
		for i < len(text) {
			r, size := decode(text, i)
			if !unicode.IsLetter(r) {
				if unicode.IsDigit(r) || strings.ContainsRune(".!?;:\n", r) {
					flush()
				}
				i += size
				continue
			}
			// A word: letters (and apostrophes, hyphens) up to the next other character.
			start, upper, cased, letters := i, true, false, 0
			for i < len(text) {
				r, size = decode(text, i)
				if !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' {
					break
				}
				if unicode.IsLetter(r) {
					letters++
					if unicode.IsLower(r) {
						upper = false
					}
					if unicode.IsUpper(r) || unicode.IsLower(r) {
						cased = true
					}
				}
				i += size
			}
			if upper && cased {
				run = append(run, word{start, i, letters})
			} else {
				flush()
			}
		}
		flush()
	}
}

func decode(s string, i int) (rune, int) {
	for _, r := range s[i:] {
		return r, len(string(r))
	}
	return 0, 1
}
