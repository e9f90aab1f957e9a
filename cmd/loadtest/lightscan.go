package main

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
)

// A light typist (light.go) needs five facts of a frame: its type, version, the version a
// composed op starts from, seq and client (to recognise an ack or its own replayed op), and
// how much the op changes the document's length. Decoding every frame of a 200-client room
// into structs and ops was most of the load tool's CPU, so light clients read those facts in
// one pass over the bytes with the scanner below and skip everything else. It is a reader of
// the server's own frames for a test tool, not a general JSON parser: it checks only what it
// reads, and its test compares it with the full decoder on the frames the server sends.

// lightFrame is what a light client reads of one frame.
type lightFrame struct {
	typ     string // "op", "ack", "snapshot", "error", or "" for the others
	version int64
	from    int64  // a composed op's starting version; -1 when absent
	seq     int64  // -1 when absent
	client  []byte // within the message: valid while it is handled
	code    string
	delta   int // op: the change of the document's length in UTF-16 units
	textLen int // snapshot: the text's length in UTF-16 units
}

var errScan = errors.New("light scan")

// scanMessage appends the frames of one WebSocket message (a frame or an array of frames) to
// out.
func scanMessage(b []byte, out []lightFrame) ([]lightFrame, error) {
	i := skipSpace(b, 0)
	if i < len(b) && b[i] == '[' {
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == ']' {
			return out, nil
		}
		for {
			f, next, err := scanFrame(b, i)
			if err != nil {
				return out, err
			}
			out = append(out, f)
			i = skipSpace(b, next)
			if i >= len(b) {
				return out, fmt.Errorf("%w: unterminated array", errScan)
			}
			if b[i] == ']' {
				return out, nil
			}
			if b[i] != ',' {
				return out, fmt.Errorf("%w: want , at %d", errScan, i)
			}
			i = skipSpace(b, i+1)
		}
	}
	f, _, err := scanFrame(b, i)
	if err != nil {
		return out, err
	}
	return append(out, f), nil
}

// scanFrame reads the object at b[i] and returns it and the index after it.
func scanFrame(b []byte, i int) (lightFrame, int, error) {
	if f, next, ok := scanOpFrame(b, i); ok {
		return f, next, nil
	}
	f := lightFrame{from: -1, seq: -1}
	if i >= len(b) || b[i] != '{' {
		return f, i, fmt.Errorf("%w: want { at %d", errScan, i)
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return f, i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return f, i, fmt.Errorf("%w: want a key at %d", errScan, i)
		}
		end, err := stringEnd(b, i)
		if err != nil {
			return f, i, err
		}
		key := b[i+1 : end-1]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return f, i, fmt.Errorf("%w: want : at %d", errScan, i)
		}
		i = skipSpace(b, i+1)
		switch string(key) {
		case "type", "client", "code":
			end, err = stringEnd(b, i)
			if err == nil {
				v := b[i+1 : end-1]
				switch key[1] {
				case 'y':
					f.typ = frameType(v)
				case 'l':
					f.client = v
				default:
					f.code = string(v)
				}
			}
		case "version", "from", "seq":
			var n int64
			n, end, err = scanInt(b, i)
			switch key[0] {
			case 'v':
				f.version = n
			case 'f':
				f.from = n
			default:
				f.seq = n
			}
		case "ops":
			f.delta, end, err = scanOpsDelta(b, i)
		case "text":
			f.textLen, end, err = scanString16(b, i)
		default:
			end, err = skipValue(b, i)
		}
		if err != nil {
			return f, i, err
		}
		i = skipSpace(b, end)
		if i >= len(b) {
			return f, i, fmt.Errorf("%w: unterminated object", errScan)
		}
		if b[i] == '}' {
			return f, i + 1, nil
		}
		if b[i] != ',' {
			return f, i, fmt.Errorf("%w: want , at %d", errScan, i)
		}
		i = skipSpace(b, i+1)
	}
}

// scanOpFrame reads an op frame as the server writes it, its keys in order and no space
// between (hub's opFrame), without looking the keys up: in a room of 500 typists a light
// client reads a hundred of them per message. Anything else, and anything malformed, is left
// to the general scanner (ok false).
func scanOpFrame(b []byte, i int) (f lightFrame, next int, ok bool) {
	f, _, next, ok = scanOpFrameAt(b, i)
	return f, next, ok
}

// scanOpFrameAt is scanOpFrame, also saying where the op array begins.
func scanOpFrameAt(b []byte, i int) (f lightFrame, opsAt, next int, ok bool) {
	f = lightFrame{typ: "op", from: -1}
	j, ok := skipLiteral(b, i, `{"type":"op","version":`)
	if !ok {
		return f, 0, i, false
	}
	var err error
	if f.version, j, err = scanInt(b, j); err != nil {
		return f, 0, i, false
	}
	if j, ok = skipLiteral(b, j, `,"author":`); !ok {
		return f, 0, i, false
	}
	if j, err = stringEnd(b, j); err != nil {
		return f, 0, i, false
	}
	if j, ok = skipLiteral(b, j, `,"client":`); !ok {
		return f, 0, i, false
	}
	end, err := stringEnd(b, j)
	if err != nil {
		return f, 0, i, false
	}
	f.client, j = b[j+1:end-1], end
	if j, ok = skipLiteral(b, j, `,"seq":`); !ok {
		return f, 0, i, false
	}
	if f.seq, j, err = scanInt(b, j); err != nil {
		return f, 0, i, false
	}
	if j, ok = skipLiteral(b, j, `,"ops":`); !ok {
		return f, 0, i, false
	}
	opsAt = j
	if f.delta, j, err = scanOpsDelta(b, j); err != nil || j >= len(b) || b[j] != '}' {
		return f, 0, i, false
	}
	return f, opsAt, j + 1, true
}

// skipLiteral returns the index after lit if b holds it at i.
func skipLiteral(b []byte, i int, lit string) (int, bool) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return i, false
	}
	return i + len(lit), true
}

// scanOpsDelta reads an ot.js op array: retains (positive numbers) keep the length, deletes
// (negative) shorten it, inserts (strings) lengthen it by their UTF-16 length.
func scanOpsDelta(b []byte, i int) (delta, next int, err error) {
	if i >= len(b) || b[i] != '[' {
		return 0, i, fmt.Errorf("%w: want an op array at %d", errScan, i)
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return 0, i + 1, nil
	}
	for {
		if i >= len(b) {
			return 0, i, fmt.Errorf("%w: unterminated op", errScan)
		}
		if b[i] == '"' {
			n, end, err := scanString16(b, i)
			if err != nil {
				return 0, i, err
			}
			delta += n
			i = end
		} else {
			n, end, err := scanInt(b, i)
			if err != nil {
				return 0, i, err
			}
			if n < 0 {
				delta += int(n)
			}
			i = end
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return 0, i, fmt.Errorf("%w: unterminated op", errScan)
		}
		if b[i] == ']' {
			return delta, i + 1, nil
		}
		if b[i] != ',' {
			return 0, i, fmt.Errorf("%w: want , in op at %d", errScan, i)
		}
		i = skipSpace(b, i+1)
	}
}

// scanString16 returns the UTF-16 length of the string at b[i] and the index after it. An
// escape is one unit (a character outside the BMP is escaped as a surrogate pair: two).
func scanString16(b []byte, i int) (n, next int, err error) {
	if i >= len(b) || b[i] != '"' {
		return 0, i, fmt.Errorf("%w: want a string at %d", errScan, i)
	}
	for j := i + 1; j < len(b); {
		c := b[j]
		switch {
		case c == '"':
			return n, j + 1, nil
		case c == '\\':
			if j+1 < len(b) && b[j+1] == 'u' {
				j += 6
			} else {
				j += 2
			}
			n++
		case c < utf8.RuneSelf:
			j++
			n++
		default:
			r, size := utf8.DecodeRune(b[j:])
			j += size
			n++
			if r >= 0x10000 {
				n++
			}
		}
	}
	return 0, len(b), fmt.Errorf("%w: unterminated string", errScan)
}

// stringEnd returns the index after the string starting at b[i]: the first quote not escaped
// by an odd run of backslashes (found with bytes.IndexByte, which is vectorised).
func stringEnd(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return i, fmt.Errorf("%w: want a string at %d", errScan, i)
	}
	for j := i + 1; ; j++ {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return len(b), fmt.Errorf("%w: unterminated string", errScan)
		}
		j += k
		escapes := 0
		for p := j - 1; p > i && b[p] == '\\'; p-- {
			escapes++
		}
		if escapes%2 == 0 {
			return j + 1, nil
		}
	}
}

// frameType names the frame types a light client acts on, without allocating.
func frameType(v []byte) string {
	switch string(v) { // compiled to a comparison, no conversion
	case "op":
		return "op"
	case "ack":
		return "ack"
	case "snapshot":
		return "snapshot"
	case "error":
		return "error"
	}
	return ""
}

// scanInt reads an integer of at most 18 digits (versions, seqs, lengths).
func scanInt(b []byte, i int) (int64, int, error) {
	j, neg := i, false
	if j < len(b) && b[j] == '-' {
		j, neg = j+1, true
	}
	var n int64
	digits := 0
	for ; j < len(b) && b[j] >= '0' && b[j] <= '9'; j++ {
		n = n*10 + int64(b[j]-'0')
		digits++
	}
	if digits == 0 || digits > 18 {
		return 0, i, fmt.Errorf("%w: want an integer at %d", errScan, i)
	}
	if neg {
		n = -n
	}
	return n, j, nil
}

// skipValue returns the index after the value at b[i] (strings, numbers, literals, and
// nested arrays and objects, whose strings may hold brackets).
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return i, fmt.Errorf("%w: want a value", errScan)
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '[', '{':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := stringEnd(b, j)
				if err != nil {
					return j, err
				}
				j = end - 1
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return len(b), fmt.Errorf("%w: unterminated value", errScan)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && !isSpace(b[j]) {
		j++
	}
	if j == i {
		return i, fmt.Errorf("%w: want a value at %d", errScan, i)
	}
	return j, nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }
