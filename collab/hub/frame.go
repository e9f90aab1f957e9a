package hub

// Frame is one encoded server → client frame (a JSON object). A broadcast is encoded once and
// the same *Frame is queued for every recipient, so a frame sent to 500 people is marshalled
// once, not 500 times. Framing it for the socket is left to each write: for an uncompressed
// server frame that is a header and a copy, cheaper than keeping a prepared wire form per frame
// (gorilla's PreparedMessage allocates a 4 KiB buffer for each one, which was 63 % of the
// server's allocations with 300 documents of three typists).
type Frame struct {
	JSON []byte
}

func newFrame(b []byte) *Frame { return &Frame{JSON: b} }
