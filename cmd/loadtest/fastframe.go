package main

import "bytes"

// The frames a full typist gets most are acks and op frames, in the layout the server always
// writes them (hub's ackFrame and opFrame). decodeFast reads those two without the JSON
// decoder, which was a tenth of the load tool's CPU with 3,000 full typists; everything else,
// and anything that does not read exactly as expected, goes to the decoder.

// decodeFast reads a message of ack and op frames (one, or an array of them). ok is false
// when the message holds anything else.
func decodeFast(b []byte, out []frame) ([]frame, bool) {
	if len(b) == 0 {
		return out, false
	}
	if b[0] != '[' {
		f, next, ok := fastFrame(b, 0)
		return append(out, f), ok && next == len(b)
	}
	for i := 1; ; {
		f, next, ok := fastFrame(b, i)
		if !ok || next >= len(b) {
			return out, false
		}
		out = append(out, f)
		switch b[next] {
		case ',':
			i = next + 1
		case ']':
			return out, next+1 == len(b)
		default:
			return out, false
		}
	}
}

// fastFrame reads the ack or op frame at b[i].
func fastFrame(b []byte, i int) (frame, int, bool) {
	if j, ok := skipLiteral(b, i, `{"type":"ack","seq":`); ok {
		seq, j, err := scanInt(b, j)
		if err != nil {
			return frame{}, i, false
		}
		if j, ok = skipLiteral(b, j, `,"version":`); !ok {
			return frame{}, i, false
		}
		v, j, err := scanInt(b, j)
		if err != nil || j >= len(b) || b[j] != '}' {
			return frame{}, i, false
		}
		return frame{Type: "ack", Seq: &seq, Version: v}, j + 1, true
	}
	lf, opsAt, next, ok := scanOpFrameAt(b, i)
	if !ok {
		return frame{}, i, false
	}
	if bytes.IndexByte(lf.client, '\\') >= 0 {
		return frame{}, i, false // an escaped client id: the decoder unescapes it
	}
	seq := lf.seq
	ops := append([]byte(nil), b[opsAt:next-1]...)
	return frame{Type: "op", Version: lf.version, Seq: &seq, Client: string(lf.client), Ops: ops}, next, true
}
