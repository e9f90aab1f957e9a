package translation

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/sentences"
)

// abbreviations per language: a UAX #29 sentence boundary right after one
// of these words is not taken. Segmentation does not know the document's
// language, so the union is used; the lists stay short and conservative
// (a missed split costs less than a sentence cut in half).
var abbreviations = map[string][]string{
	"en": {"Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Sr.", "Jr.", "St.", "Mt.", "e.g.", "i.e.", "etc.", "vs.", "No.", "Nos.", "Fig.", "Figs.", "Vol.", "pp.", "p.", "cf.", "al.", "approx.", "Inc.", "Ltd.", "Co.", "Corp.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Eq.", "Ch.", "Sec.", "ca.", "U.S.", "U.K."},
	"de": {"z.B.", "z. B.", "d.h.", "d. h.", "u.a.", "u. a.", "bzw.", "usw.", "ggf.", "vgl.", "Nr.", "Abb.", "Hr.", "Fr.", "ca.", "evtl.", "inkl.", "max.", "min.", "S.", "Tab.", "Jh."},
	"fr": {"M.", "Mme.", "Mlle.", "p. ex.", "cf.", "env.", "etc.", "av.", "apr.", "J.-C."},
	"es": {"Sr.", "Sra.", "Srta.", "Dra.", "p. ej.", "etc.", "pág.", "núm.", "Ud.", "Uds."},
	"pt": {"Sr.", "Sra.", "Dra.", "p. ex.", "pág.", "nº."},
	"it": {"Sig.", "Sig.ra", "Dott.", "ecc.", "pag."},
	"nl": {"bijv.", "o.a.", "d.w.z.", "blz."},
}

// abbreviationSet is the union of all lists, keyed by the last word.
var abbreviationSet = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range abbreviations {
		for _, a := range list {
			f := strings.Fields(a)
			m[f[len(f)-1]] = true
			m[strings.Join(f, "")] = true
		}
	}
	return m
}()

// endsWithAbbreviation reports whether a sentence candidate ends with a
// known abbreviation or an initial ("J.", "B." as in "z. B.").
func endsWithAbbreviation(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if !strings.HasSuffix(s, ".") {
		return false
	}
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	last := s[i+1:]
	last = strings.TrimLeft(last, "([{\"'“‘«¿¡")
	if abbreviationSet[last] {
		return true
	}
	// An initial: one letter and a dot ("J. R. R. Tolkien", "z. B.").
	r, n := utf8.DecodeRuneInString(last)
	return n+1 == len(last) && unicode.IsLetter(r)
}

// projection of a piece for sentence detection.
func projectPiece(src []byte, p piece) string {
	switch p.kind {
	case pieceText:
		return string(src[p.start:p.end])
	case pieceBreak:
		return " "
	}
	if p.ph.kind == KindStandalone {
		if p.ph.hard {
			return " "
		}
		return "\uFFFC"
	}
	return ""
}

// splitSentences cuts a block's pieces into sentences. A boundary is taken
// only outside any open/close pair (so a link or emphasis never straddles
// two segments) and not after an abbreviation. Whitespace at the edges of
// each sentence is left out (it stays in the skeleton), and sentences with
// no letters at all (numbers, punctuation, lone images) are not offered.
func splitSentences(src []byte, pieces []piece) [][]piece {
	var proj strings.Builder
	for _, p := range pieces {
		proj.WriteString(projectPiece(src, p))
	}
	text := proj.String()
	var bounds []int
	last := 0
	it := sentences.FromString(text)
	for it.Next() {
		b := it.End()
		if b >= len(text) {
			break
		}
		if endsWithAbbreviation(text[last:b]) {
			continue
		}
		bounds = append(bounds, b)
		last = b
	}

	var out [][]piece
	var cur []piece
	depth := 0
	cut := func() {
		if depth == 0 && len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	off := 0
	bi := 0
	for _, p := range pieces {
		proj := projectPiece(src, p)
		for bi < len(bounds) && bounds[bi] < off {
			bi++
		}
		if bi < len(bounds) && bounds[bi] == off && !(p.kind == piecePH && p.ph.kind == KindClose) {
			cut()
			bi++
		}
		// boundaries strictly inside a text piece split it.
		for p.kind == pieceText && bi < len(bounds) && bounds[bi] > off && bounds[bi] < off+len(proj) {
			at := p.start + (bounds[bi] - off)
			cur = append(cur, piece{kind: pieceText, start: p.start, end: at})
			cut()
			proj = proj[at-p.start:]
			off = bounds[bi]
			p.start = at
			bi++
		}
		if p.kind == piecePH && p.ph.partner != nil {
			switch p.ph.kind {
			case KindOpen:
				depth++
			case KindClose:
				depth--
			}
		}
		cur = append(cur, p)
		off += len(proj)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}

	kept := out[:0]
	for _, s := range out {
		s = trimPieces(src, s)
		if hasLetter(src, s) {
			kept = append(kept, s)
		}
	}
	return kept
}

// trimPieces drops whitespace and line breaks at both edges.
func trimPieces(src []byte, s []piece) []piece {
	for len(s) > 0 {
		p := s[0]
		if p.kind == pieceBreak || p.kind == piecePH && p.ph.edge && p.ph.partner == nil {
			s = s[1:]
			continue
		}
		if p.kind != pieceText {
			break
		}
		t := strings.TrimLeftFunc(string(src[p.start:p.end]), unicode.IsSpace)
		if t == "" {
			s = s[1:]
			continue
		}
		s = append([]piece{{kind: pieceText, start: p.end - len(t), end: p.end}}, s[1:]...)
		break
	}
	for len(s) > 0 {
		p := s[len(s)-1]
		if p.kind == pieceBreak || p.kind == piecePH && p.ph.edge && p.ph.partner == nil {
			s = s[:len(s)-1]
			continue
		}
		if p.kind != pieceText {
			break
		}
		t := strings.TrimRightFunc(string(src[p.start:p.end]), unicode.IsSpace)
		if t == "" {
			s = s[:len(s)-1]
			continue
		}
		s = append(s[:len(s)-1:len(s)-1], piece{kind: pieceText, start: p.start, end: p.start + len(t)})
		break
	}
	return s
}

func hasLetter(src []byte, s []piece) bool {
	for _, p := range s {
		if p.kind != pieceText {
			continue
		}
		for _, r := range string(src[p.start:p.end]) {
			if unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}
