package collab

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxCount bounds a single retain/delete count so sums cannot overflow; it is far above any
// document the limits allow and equals JavaScript's largest safe integer.
const maxCount = 1<<53 - 1

// ParseOp decodes an ot.js operation from JSON and normalises it as ot.js TextOperation.fromJSON
// does. It rejects anything that is not an array of non-zero integers and strings, invalid UTF-8,
// lone surrogates, U+0000 (no stored text may hold it: PostgreSQL's text type cannot), and ops
// above lim (ErrTooLarge). Empty strings are accepted and dropped, as
// ot.js does.
func ParseOp(data []byte, lim Limits) (Op, error) {
	if lim.MaxOpBytes > 0 && len(data) > lim.MaxOpBytes {
		return nil, fmt.Errorf("op is %d bytes, limit %d: %w", len(data), lim.MaxOpBytes, ErrTooLarge)
	}
	p := opParser{data: data}
	op := make(Op, 0, 4)
	p.skipSpace()
	if !p.eat('[') {
		return nil, p.errorf("expected '['")
	}
	base, ins16 := 0, 0
	p.skipSpace()
	if !p.eat(']') {
		for {
			p.skipSpace()
			if p.i >= len(p.data) {
				return nil, p.errorf("unexpected end")
			}
			c := p.data[p.i]
			switch {
			case c == '"':
				s, n16, err := p.parseString()
				if err != nil {
					return nil, err
				}
				ins16 += n16
				if lim.MaxInsert16 > 0 && ins16 > lim.MaxInsert16 {
					return nil, fmt.Errorf("op inserts more than %d UTF-16 units: %w", lim.MaxInsert16, ErrTooLarge)
				}
				op = op.insert(s)
			case c == '-' || (c >= '0' && c <= '9'):
				n, err := p.parseInt()
				if err != nil {
					return nil, err
				}
				if n > 0 {
					base += n
					op = op.retain(n)
				} else {
					base -= n
					op = op.delete(-n)
				}
				if base > maxCount {
					return nil, fmt.Errorf("op base length overflows: %w", ErrBadOp)
				}
				if lim.MaxDoc16 > 0 && base > lim.MaxDoc16 {
					return nil, fmt.Errorf("op spans more than %d UTF-16 units: %w", lim.MaxDoc16, ErrTooLarge)
				}
			default:
				return nil, p.errorf("expected integer or string")
			}
			p.skipSpace()
			if p.eat(',') {
				continue
			}
			if p.eat(']') {
				break
			}
			return nil, p.errorf("expected ',' or ']'")
		}
	}
	p.skipSpace()
	if p.i != len(p.data) {
		return nil, p.errorf("trailing data")
	}
	return op, nil
}

type opParser struct {
	data []byte
	i    int
}

func (p *opParser) errorf(msg string) error {
	return fmt.Errorf("parse op at byte %d: %s: %w", p.i, msg, ErrBadOp)
}

func (p *opParser) skipSpace() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *opParser) eat(c byte) bool {
	if p.i < len(p.data) && p.data[p.i] == c {
		p.i++
		return true
	}
	return false
}

// parseInt reads a JSON number that must be a non-zero integer (no fraction, no exponent).
func (p *opParser) parseInt() (int, error) {
	neg := p.eat('-')
	start := p.i
	n := 0
	for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
		n = n*10 + int(p.data[p.i]-'0')
		p.i++
		if n > maxCount {
			return 0, p.errorf("integer too large")
		}
	}
	digits := p.i - start
	if digits == 0 {
		return 0, p.errorf("expected digits")
	}
	if digits > 1 && p.data[start] == '0' {
		return 0, p.errorf("leading zero")
	}
	if p.i < len(p.data) {
		switch p.data[p.i] {
		case '.', 'e', 'E':
			return 0, p.errorf("not an integer")
		}
	}
	if n == 0 {
		return 0, p.errorf("zero is not an operation")
	}
	if neg {
		n = -n
	}
	return n, nil
}

// parseString reads a JSON string, returning it as UTF-8 and its UTF-16 length. Raw bytes must
// be valid UTF-8; \u escapes must form whole surrogate pairs.
func (p *opParser) parseString() (string, int, error) {
	p.i++ // opening quote
	start := p.i
	// Fast path: no escapes, ASCII only.
	for p.i < len(p.data) {
		c := p.data[p.i]
		if c == '"' {
			s := string(p.data[start:p.i])
			p.i++
			return s, len(s), nil
		}
		if c == '\\' || c >= utf8.RuneSelf || c < 0x20 {
			break
		}
		p.i++
	}
	buf := make([]byte, 0, p.i-start+16)
	buf = append(buf, p.data[start:p.i]...)
	n16 := p.i - start
	for {
		if p.i >= len(p.data) {
			return "", 0, p.errorf("unterminated string")
		}
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), n16, nil
		case c < 0x20:
			return "", 0, p.errorf("control character in string")
		case c < utf8.RuneSelf && c != '\\':
			buf = append(buf, c)
			n16++
			p.i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.data[p.i:])
			if r == utf8.RuneError && size <= 1 {
				return "", 0, p.errorf("invalid UTF-8")
			}
			buf = append(buf, p.data[p.i:p.i+size]...)
			p.i += size
			n16 += utf16.RuneLen(r)
		default: // backslash
			p.i++
			if p.i >= len(p.data) {
				return "", 0, p.errorf("unterminated escape")
			}
			e := p.data[p.i]
			p.i++
			var r rune
			switch e {
			case '"', '\\', '/':
				r = rune(e)
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			case 'u':
				u, ok := p.hex4()
				if !ok {
					return "", 0, p.errorf("bad \\u escape")
				}
				r = u
				if utf16.IsSurrogate(r) {
					if r >= 0xdc00 || !p.eat('\\') || !p.eat('u') {
						return "", 0, p.errorf("lone surrogate")
					}
					lo, ok := p.hex4()
					if !ok || lo < 0xdc00 || lo > 0xdfff {
						return "", 0, p.errorf("lone surrogate")
					}
					r = utf16.DecodeRune(r, lo)
				}
			default:
				return "", 0, p.errorf("bad escape")
			}
			if r == 0 {
				return "", 0, p.errorf("NUL character (U+0000) in string")
			}
			buf = utf8.AppendRune(buf, r)
			n16 += utf16.RuneLen(r)
		}
	}
}

func (p *opParser) hex4() (rune, bool) {
	if p.i+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.i : p.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// MarshalJSON encodes the op in ot.js form, byte for byte what JavaScript's JSON.stringify
// produces for the same TextOperation.
// It fails with ErrBadOp for a malformed component or an insert that is not valid UTF-8, so
// that nothing unparseable ever reaches a client.
func (o Op) MarshalJSON() ([]byte, error) {
	b, err := o.AppendValidJSON(make([]byte, 0, 16+8*len(o)))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// AppendValidJSON appends the op's JSON to b, as MarshalJSON writes it: only an op that is
// well formed, with inserts in valid UTF-8. The store encodes a commit's ops into one buffer
// with it.
func (o Op) AppendValidJSON(b []byte) ([]byte, error) {
	if err := o.check(); err != nil {
		return b, err
	}
	for i, c := range o {
		if c.Insert != "" && !utf8.ValidString(c.Insert) {
			return b, fmt.Errorf("component %d: insert is not valid UTF-8: %w", i, ErrBadOp)
		}
	}
	return o.AppendJSON(b), nil
}

// AppendJSON appends the ot.js JSON encoding of the op to b.
func (o Op) AppendJSON(b []byte) []byte {
	b = append(b, '[')
	for i, c := range o {
		if i > 0 {
			b = append(b, ',')
		}
		switch {
		case c.Retain > 0:
			b = strconv.AppendInt(b, int64(c.Retain), 10)
		case c.Delete > 0:
			b = strconv.AppendInt(b, -int64(c.Delete), 10)
		default:
			b = appendJSString(b, c.Insert)
		}
	}
	return append(b, ']')
}

// appendJSString quotes s like JSON.stringify: only '"', '\\' and control characters are
// escaped; everything else, including U+2028/U+2029 and '<', is written raw.
func appendJSString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// UnmarshalJSON decodes an ot.js operation with DefaultLimits.
func (o *Op) UnmarshalJSON(data []byte) error {
	op, err := ParseOp(data, DefaultLimits)
	if err != nil {
		return err
	}
	*o = op
	return nil
}
