package mathml

import (
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF   tokKind = iota
	tChar          // one character
	tCmd           // \name or \<symbol>; val holds the name without the backslash
	tOpen          // {
	tClose         // }
	tSup           // ^
	tSub           // _
	tAmp           // &
	tSpace         // a run of white space
)

type token struct {
	kind tokKind
	val  string
}

// lex splits TeX into tokens. Comments (% to the end of the line) are dropped.
func lex(src string) []token {
	var toks []token
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == '\\':
			j := i + 1
			for j < len(src) && isASCIILetter(src[j]) {
				j++
			}
			if j == i+1 && j < len(src) { // a control symbol: \, \{ \\ ...
				_, s := utf8.DecodeRuneInString(src[j:])
				j += s
			}
			toks = append(toks, token{tCmd, src[i+1 : j]})
			i = j
			continue
		case r == '%':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case unicode.IsSpace(r):
			j := i
			for j < len(src) {
				r2, s2 := utf8.DecodeRuneInString(src[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += s2
			}
			toks = append(toks, token{tSpace, " "})
			i = j
			continue
		case r == '{':
			toks = append(toks, token{tOpen, "{"})
		case r == '}':
			toks = append(toks, token{tClose, "}"})
		case r == '^':
			toks = append(toks, token{tSup, "^"})
		case r == '_':
			toks = append(toks, token{tSub, "_"})
		case r == '&':
			toks = append(toks, token{tAmp, "&"})
		default:
			toks = append(toks, token{tChar, src[i : i+size]})
		}
		i += size
	}
	return toks
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
