package main

import (
	"math/rand/v2"
	"time"
	"unicode/utf8"

	"github.com/commonplace/commonplace/collab"
)

// letters are typed with roughly English frequencies, with an occasional accented letter so
// UTF-16 lengths and UTF-8 lengths differ, as they do in real documents.
const letters = "eeeeeeeeeeeettttttttaaaaaaaaooooooiiiiiinnnnnnsssssshhhhhrrrrrddddllllcccuuummwwffggyyppbbvkéà"

// typer produces keystrokes the way a person types: single characters at a caret that moves
// forward, a space and a pause after each word, an occasional backspace, and now and then a
// jump of the caret elsewhere. The mean interval between keystrokes is 1/rate.
type typer struct {
	rng      *rand.Rand
	gap      time.Duration // base interval; the word pauses bring the mean to 1/rate
	wordLeft int
	letters  []rune
}

func newTyper(seed uint64, rate float64) *typer {
	// Keystrokes wait gap*U(0.5,1.5) and each word end (one key in six on average) adds
	// gap*U(0,3): the mean is 1.25*gap, so gap = 0.8/rate.
	gap := time.Duration(0.8 / rate * float64(time.Second))
	return &typer{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), gap: gap, letters: []rune(letters)}
}

// place puts the caret at a random position of c's document (the documents typed into hold
// no characters outside the BMP, so any position is a boundary).
func (t *typer) place(c *otClient) {
	c.cursor = t.rng.IntN(c.doc.Len16() + 1)
}

// next returns the next keystroke as an op on c's current document, moving c's caret, and how
// long to wait before the keystroke after it.
func (t *typer) next(c *otClient) (collab.Op, time.Duration) {
	n := c.doc.Len16()
	c.cursor = min(max(c.cursor, 0), n)
	delay := t.keyDelay()
	if t.rng.IntN(200) == 0 {
		t.place(c)
	}
	if c.cursor > 0 && t.rng.IntN(100) < 6 {
		k := 1
		if c.cursor >= 2 {
			if r, _ := utf8.DecodeRuneInString(c.doc.Slice16(c.cursor-2, c.cursor)); r >= 0x10000 {
				k = 2
			}
		}
		op := build(c.cursor-k, "", k, n-c.cursor)
		c.cursor -= k
		return op, delay
	}
	s, pause := t.char()
	op := build(c.cursor, s, 0, n-c.cursor)
	c.cursor += collab.Len16(s)
	return op, delay + pause
}

// nextChar is the next keystroke of a typist who only inserts (a light typist, light.go):
// the character and the delay before the keystroke after it.
func (t *typer) nextChar() (string, time.Duration) {
	delay := t.keyDelay()
	s, pause := t.char()
	return s, delay + pause
}

// keyDelay is the interval between two keystrokes of a word.
func (t *typer) keyDelay() time.Duration {
	return t.gap/2 + time.Duration(t.rng.Int64N(int64(t.gap)+1))
}

// char is the next character typed: a letter, or a space ending a word, which adds a pause.
func (t *typer) char() (string, time.Duration) {
	if t.wordLeft > 0 {
		t.wordLeft--
		return string(t.letters[t.rng.IntN(len(t.letters))]), 0
	}
	t.wordLeft = 2 + t.rng.IntN(7)
	return " ", time.Duration(t.rng.Int64N(3*int64(t.gap) + 1))
}

// build makes the op retain(before) insert(s) delete(del) retain(after), leaving out empty
// components as ot.js does.
func build(before int, s string, del, after int) collab.Op {
	op := make(collab.Op, 0, 3)
	if before > 0 {
		op = append(op, collab.Component{Retain: before})
	}
	if s != "" {
		op = append(op, collab.Component{Insert: s})
	}
	if del > 0 {
		op = append(op, collab.Component{Delete: del})
	}
	if after > 0 {
		op = append(op, collab.Component{Retain: after})
	}
	return op
}
