package search

import (
	"strings"
	"unicode"
)

// Chinese and Japanese are written without spaces and Korean words carry
// their particles, so no PostgreSQL parser finds their words: the whole of
// "开放教育资源" would be one token. Like Lucene's CJK analyzer, every run of
// CJK characters is cut into overlapping character bigrams ("开放 放教 教育
// 育资 资源") both in the text indexed and in the query, so a two-character
// word such as "教育" is found inside any longer run. This is done in Go at
// write time and at query time; everything else is left to PostgreSQL.

// isCJK reports whether r is written without spaces between words: Han,
// Hiragana, Katakana, or Hangul.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || r == 'ー'
}

// HasCJK reports whether s holds any CJK character.
func HasCJK(s string) bool {
	for _, r := range s {
		if isCJK(r) {
			return true
		}
	}
	return false
}

// Bigrams returns s with every run of CJK characters replaced by its
// overlapping bigrams separated by spaces; a lone CJK character stays as it
// is, and other text is kept unchanged.
func Bigrams(s string) string {
	if !HasCJK(s) {
		return s
	}
	return bigramRuns(s, false)
}

// QueryText prepares a user's query for websearch_to_tsquery: CJK runs
// become their bigrams, quoted as a phrase (so "开放教育" must appear as
// written, not as three bigrams anywhere) unless the user wrote quotes.
func QueryText(q string) string {
	if !HasCJK(q) {
		return q
	}
	return bigramRuns(q, !strings.Contains(q, `"`))
}

// bigramRuns rewrites every CJK run of s as its bigrams (quoted as a phrase
// when quote is set) and keeps other text unchanged.
func bigramRuns(s string, quote bool) string {
	var b strings.Builder
	b.Grow(len(s) * 3)
	run := make([]rune, 0, 64)
	flush := func() {
		writeBigrams(&b, run, quote)
		run = run[:0]
	}
	for _, r := range s {
		if isCJK(r) {
			run = append(run, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

func writeBigrams(b *strings.Builder, run []rune, quote bool) {
	switch len(run) {
	case 0:
		return
	case 1:
		b.WriteString(" ")
		b.WriteRune(run[0])
		b.WriteString(" ")
		return
	}
	b.WriteString(" ")
	if quote && len(run) > 2 {
		b.WriteByte('"')
	}
	for i := 0; i+1 < len(run); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(run[i])
		b.WriteRune(run[i+1])
	}
	if quote && len(run) > 2 {
		b.WriteByte('"')
	}
	b.WriteString(" ")
}
