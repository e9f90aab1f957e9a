package hub

import (
	"context"
	"errors"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// ErrNotFound is wrapped by Store.LoadDoc for a document that does not exist.
var ErrNotFound = errors.New("hub: document not found")

// StoredOp is one committed operation of the live edit log: the op that turned version-1 into
// Version. Author is the user id (attribution); Author, Client and Seq identify the sending
// client's operation, by which the hub knows a resend (process).
type StoredOp struct {
	Doc     string
	Version int64
	Author  string
	Client  string
	Seq     int64
	Op      collab.Op
	Time    time.Time
}

// Snapshot is a document's full text and attribution at Version.
type Snapshot struct {
	Doc         string
	Version     int64
	Text        string
	Attribution collab.Attribution
	// Edited is when the op that made Version was committed (zero when unknown): the store
	// records it as the document's last edit.
	Edited time.Time
}

// AppendStatus is the outcome of appending one op.
type AppendStatus int

const (
	// Appended: the op is stored at the version asked for.
	Appended AppendStatus = iota
	// VersionTaken: (doc, version) already holds an op (another process won it, or an earlier
	// attempt whose outcome was unknown stored it), or an earlier op of the same document in
	// the batch was not appended.
	VersionTaken
)

func (s AppendStatus) String() string {
	switch s {
	case Appended:
		return "appended"
	case VersionTaken:
		return "version_taken"
	}
	return "unknown"
}

// AppendResult is the outcome of one op of an AppendOps batch.
type AppendResult struct {
	Status AppendStatus
}

// Store is the durable side of live editing. store/ implements it on PostgreSQL (ops table with
// PRIMARY KEY (resource, version)); tests use memory. The store rules only on versions: which op
// is a resend of which is the hub's to know (process), from the log it reads anyway.
//
// Contract:
//   - LoadDoc returns the latest snapshot and the ops after it, in version order with no gap.
//     A document that exists but has never been snapshotted returns Snapshot{Version: 0} with
//     its initial text. Unknown documents return an error wrapping ErrNotFound.
//   - OpsSince returns at most limit ops with version > since, ascending, without gaps.
//   - AppendOps stores the batch in ONE transaction and returns one result per op, in order.
//     Ops of one document appear in ascending consecutive versions. Once an op of a document is
//     not Appended, the later ops of that document in the batch must not be stored either (report
//     VersionTaken for them): they were computed on top of it. An error means nothing was stored
//     (or, if the commit outcome is unknown, the retry finds its versions taken, and the hub
//     catches up and finds its own ops in the log).
//   - SaveSnapshot is idempotent: saving the same (doc, version) twice is not an error.
type Store interface {
	LoadDoc(ctx context.Context, doc string) (Snapshot, []StoredOp, error)
	OpsSince(ctx context.Context, doc string, since int64, limit int) ([]StoredOp, error)
	AppendOps(ctx context.Context, batch []StoredOp) ([]AppendResult, error)
	SaveSnapshot(ctx context.Context, s Snapshot) error
}
