package hub

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/commonplace/commonplace/collab"
)

// Frame types (the "type" field).
const (
	TypeSnapshot = "snapshot"
	TypeOp       = "op"
	TypeAck      = "ack"
	TypeCursor   = "cursor"
	TypeJoin     = "join"
	TypeLeave    = "leave"
	TypeError    = "error"
	TypeRole     = "role"
	TypePeers    = "peers"
	TypeYou      = "you"
)

// Error codes of error frames.
const (
	CodeBadOp       = "bad_op"
	CodeForbidden   = "forbidden"
	CodeTooLarge    = "too_large"
	CodeRateLimited = "rate_limited"
	CodeBaseUnknown = "base_unknown"
	CodeBadMessage  = "bad_message"
)

// SnapshotFrame (server → client) gives the whole committed state at Version.
type SnapshotFrame struct {
	Type        string             `json:"type"`
	Version     int64              `json:"version"`
	Text        string             `json:"text"`
	Role        string             `json:"role"`
	Attribution collab.Attribution `json:"attribution"`
	Peers       []Peer             `json:"peers"`
	Color       int                `json:"color"` // the receiving client's colour slot
}

// Peer is another client connected to the document; Anchor and Head are its selection at the
// frame's version, absent if it has not sent one.
type Peer struct {
	Client string `json:"client"`
	User   string `json:"user"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Color  int    `json:"color"`
	Anchor *int   `json:"anchor,omitempty"`
	Head   *int   `json:"head,omitempty"`
}

// OpFrame (server → client) is a committed op: applied to version Version-1 it gives Version.
type OpFrame struct {
	Type    string    `json:"type"`
	Version int64     `json:"version"`
	Author  string    `json:"author"`
	Client  string    `json:"client"`
	Seq     int64     `json:"seq"`
	Ops     collab.Op `json:"ops"`
}

// ComposedFrame (server → a reader of a large room that asked for composed ops) is the ops after
// From up to Version composed into one: applied to version From it gives Version. Authors
// credits the units it inserts, in order (run lengths, as in a snapshot's attribution).
type ComposedFrame struct {
	Type    string             `json:"type"`
	From    int64              `json:"from"`
	Version int64              `json:"version"`
	Ops     collab.Op          `json:"ops"`
	Authors collab.Attribution `json:"authors"`
}

// AckFrame (server → sender) says the op with Seq is durable as Version.
type AckFrame struct {
	Type    string `json:"type"`
	Seq     int64  `json:"seq"`
	Version int64  `json:"version"`
}

// CursorFrame (server → others) is a peer's selection at Version.
type CursorFrame struct {
	Type    string `json:"type"`
	Client  string `json:"client"`
	User    string `json:"user"`
	Name    string `json:"name"`
	Color   int    `json:"color"`
	Version int64  `json:"version"`
	Anchor  int    `json:"anchor"`
	Head    int    `json:"head"`
}

// JoinFrame (server → others) announces a client.
type JoinFrame struct {
	Type   string `json:"type"`
	Client string `json:"client"`
	User   string `json:"user"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Color  int    `json:"color"`
}

// YouFrame (server → a resuming client) ends the frames of a resume with the client's own
// colour slot, which a snapshot would otherwise have carried.
type YouFrame struct {
	Type   string `json:"type"`
	Client string `json:"client"`
	User   string `json:"user"`
	Color  int    `json:"color"`
}

// LeaveFrame (server → others) says a client went away.
type LeaveFrame struct {
	Type   string `json:"type"`
	Client string `json:"client"`
	User   string `json:"user"`
	Name   string `json:"name"`
}

// RoleFrame (server → client) says the client's rights changed while it stayed connected: it
// now has Role, and may send ops only if CanEdit.
type RoleFrame struct {
	Type    string `json:"type"`
	Role    string `json:"role"`
	CanEdit bool   `json:"can_edit"`
}

// PeersFrame (server → others) gathers the joins and leaves of a large room: apply Leave first,
// then Join.
type PeersFrame struct {
	Type  string   `json:"type"`
	Join  []Peer   `json:"join"`
	Leave []Parted `json:"leave"`
}

// Parted is a client that left, in a peers frame.
type Parted struct {
	Client string `json:"client"`
	User   string `json:"user"`
	Name   string `json:"name"`
}

// ErrorFrame (server → client) reports a rejected frame; Seq is set when it was an op.
type ErrorFrame struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Seq     *int64 `json:"seq,omitempty"`
}

// ClientFrame is what a client sends: an op {"type":"op","base":B,"seq":S,"ops":[…]} or a
// cursor {"type":"cursor","base":B,"anchor":a,"head":h}.
type ClientFrame struct {
	Type   string          `json:"type"`
	Base   *int64          `json:"base"`
	Seq    *int64          `json:"seq"`
	Ops    json.RawMessage `json:"ops"`
	Anchor *int            `json:"anchor"`
	Head   *int            `json:"head"`
}

// encode marshals a frame; frames are built from validated data, so a failure is a bug that is
// reported as an error frame rather than a panic.
func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(ErrorFrame{Type: TypeError, Code: CodeBadMessage, Message: "internal: " + err.Error()})
	}
	return b
}

func errorFrame(err error, seq *int64) *Frame {
	return newFrame(encode(ErrorFrame{Type: TypeError, Code: errorCode(err), Message: err.Error(), Seq: seq}))
}

// ackFrame is written by hand, one per committed op: the bytes are exactly what encoding/json
// makes of AckFrame (TestAckFrameBytes), without its reflection and allocations.
func ackFrame(seq, version int64) *Frame {
	b := make([]byte, 0, 48)
	b = append(b, `{"type":"ack","seq":`...)
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, version, 10)
	return newFrame(append(b, '}'))
}

// opFrame is written by hand too, one per committed op: the bytes are exactly what
// encoding/json makes of OpFrame (TestOpFrameBytes). Reflection over the struct, and
// re-reading the op's own JSON to compact it, were a twentieth of the server's CPU at 15,000
// keystrokes a second.
func opFrame(op StoredOp) *Frame {
	ops, err := op.Op.MarshalJSON()
	if err != nil || needsHTMLEscape(ops) {
		// encoding/json escapes <, >, & and the line separators inside a Marshaler's JSON too.
		return newFrame(encode(OpFrame{Type: TypeOp, Version: op.Version, Author: op.Author, Client: op.Client, Seq: op.Seq, Ops: op.Op}))
	}
	b := make([]byte, 0, 80+len(op.Author)+len(op.Client)+len(ops))
	b = append(b, `{"type":"op","version":`...)
	b = strconv.AppendInt(b, op.Version, 10)
	b = append(b, `,"author":`...)
	b = appendString(b, op.Author)
	b = append(b, `,"client":`...)
	b = appendString(b, op.Client)
	b = append(b, `,"seq":`...)
	b = strconv.AppendInt(b, op.Seq, 10)
	b = append(b, `,"ops":`...)
	b = append(b, ops...)
	return newFrame(append(b, '}'))
}

// needsHTMLEscape reports whether JSON holds what encoding/json escapes for HTML: <, >, & and
// U+2028 and U+2029.
func needsHTMLEscape(b []byte) bool {
	return bytes.ContainsAny(b, "<>&") || bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
}

// appendString appends s as encoding/json quotes it: as it is when it is printable ASCII
// that needs no escape (ids, always), else through encoding/json itself.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
