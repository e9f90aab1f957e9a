package mathml

// MathML Core renders font styles (\mathbf, \mathbb, \mathcal...) through Unicode's
// Mathematical Alphanumeric Symbols rather than the mathvariant attribute, which browsers
// other than Firefox ignore. An alphabet gives the first code point of each run; zero means the
// style has no such run. Letters that Unicode had encoded earlier (ℬ, ℂ, ℎ...) are exceptions.
type alphabet struct {
	upper, lower, digit, greekUpper, greekLower rune
	except                                      map[rune]rune
}

var alphabets = map[string]alphabet{
	"bold":        {upper: 0x1D400, lower: 0x1D41A, digit: 0x1D7CE, greekUpper: 0x1D6A8, greekLower: 0x1D6C2},
	"italic":      {upper: 0x1D434, lower: 0x1D44E, greekUpper: 0x1D6E2, greekLower: 0x1D6FC, except: map[rune]rune{'h': 0x210E}},
	"bold-italic": {upper: 0x1D468, lower: 0x1D482, digit: 0x1D7CE, greekUpper: 0x1D71C, greekLower: 0x1D736},
	"script": {upper: 0x1D49C, lower: 0x1D4B6, except: map[rune]rune{
		'B': 0x212C, 'E': 0x2130, 'F': 0x2131, 'H': 0x210B, 'I': 0x2110, 'L': 0x2112, 'M': 0x2133,
		'R': 0x211B, 'e': 0x212F, 'g': 0x210A, 'o': 0x2134}},
	"bold-script": {upper: 0x1D4D0, lower: 0x1D4EA},
	"fraktur": {upper: 0x1D504, lower: 0x1D51E, except: map[rune]rune{
		'C': 0x212D, 'H': 0x210C, 'I': 0x2111, 'R': 0x211C, 'Z': 0x2128}},
	"bold-fraktur": {upper: 0x1D56C, lower: 0x1D586},
	"double-struck": {upper: 0x1D538, lower: 0x1D552, digit: 0x1D7D8, except: map[rune]rune{
		'C': 0x2102, 'H': 0x210D, 'N': 0x2115, 'P': 0x2119, 'Q': 0x211A, 'R': 0x211D, 'Z': 0x2124}},
	"sans-serif":        {upper: 0x1D5A0, lower: 0x1D5BA, digit: 0x1D7E2},
	"sans-serif-bold":   {upper: 0x1D5D4, lower: 0x1D5EE, digit: 0x1D7EC, greekUpper: 0x1D756, greekLower: 0x1D770},
	"sans-serif-italic": {upper: 0x1D608, lower: 0x1D622},
	"monospace":         {upper: 0x1D670, lower: 0x1D68A, digit: 0x1D7F6},
}

// greekVariants are the lower-case Greek variant letters that follow ω in each styled Greek run.
var greekVariants = map[rune]rune{'∂': 25, 'ϵ': 26, 'ϑ': 27, 'ϰ': 28, 'ϕ': 29, 'ϱ': 30, 'ϖ': 31}

// styleRune maps r into the named alphabet, or returns it unchanged when the alphabet has no
// such letter (punctuation, CJK, a Greek letter in a Latin-only style).
func styleRune(style string, r rune) rune {
	a, ok := alphabets[style]
	if !ok {
		return r
	}
	if e, ok := a.except[r]; ok {
		return e
	}
	switch {
	case r >= 'A' && r <= 'Z' && a.upper != 0:
		return a.upper + r - 'A'
	case r >= 'a' && r <= 'z' && a.lower != 0:
		return a.lower + r - 'a'
	case r >= '0' && r <= '9' && a.digit != 0:
		return a.digit + r - '0'
	case r >= 'Α' && r <= 'Ω' && r != 0x3A2 && a.greekUpper != 0:
		return a.greekUpper + r - 'Α'
	case r == '∇' && a.greekUpper != 0:
		return a.greekUpper + 25
	case r >= 'α' && r <= 'ω' && a.greekLower != 0:
		return a.greekLower + r - 'α'
	}
	if off, ok := greekVariants[r]; ok && a.greekLower != 0 {
		return a.greekLower + off
	}
	return r
}

// styleText maps every rune of s.
func styleText(style string, s string) string {
	out := []rune(s)
	for i, r := range out {
		out[i] = styleRune(style, r)
	}
	return string(out)
}
