package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/commonplace/commonplace/collab/hub"
)

// appendAllSQL inserts a whole batch; a clash on any row fails it whole.
const appendAllSQL = `INSERT INTO ops (resource_id, version, author_id, client_id, client_seq, op, created_at)
	SELECT r::uuid, v, a::uuid, c, q, o, t
	FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::timestamptz[]) AS b(r, v, a, c, q, o, t)`

// appendAllStmt names appendAllSQL where it is prepared, on each commit connection.
const appendAllStmt = "commonplace_append_all"

// appendBatch is the scratch space of one appendAll: the columns of the batch and their
// encoding, kept from one commit to the next.
//
// Why not pgx's Exec: for every statement it encodes the parameters into a buffer it keeps
// only up to 256 bytes, so each commit of a few keystrokes grew a new one from scratch,
// doubling as it went. At 300 documents × 3 typists that, and the columns, were a sixth of
// all the server allocated, and the garbage collector's cycles are what the slowest
// keystrokes wait for (docs/benchmarks-live.md, "tenth pass"). Here pgx still encodes every
// value (pgtype.Map.Encode) and still speaks the protocol (pgconn.ExecPrepared); only the
// buffers are ours.
type appendBatch struct {
	docs, authors, clients, ops []string
	versions, seqs              []int64
	times                       []time.Time
	opText                      []byte // every op's JSON, one after another
	ends                        []int  // where each op's JSON ends in opText
	params                      []byte // the encoded parameters, one after another
	values                      [][]byte
	formats                     []int16
}

var appendBatches = sync.Pool{New: func() any { return new(appendBatch) }}

// maxKeptParams is the largest encoding a pooled appendBatch keeps between commits: enough
// for the batches of a busy server, not a resync's thousands of ops for ever.
const maxKeptParams = 256 << 10

// fill sets the columns from batch. The ops' JSON is written into one buffer and made
// into one string, which the columns share.
func (ab *appendBatch) fill(batch []hub.StoredOp) error {
	ab.docs, ab.authors, ab.clients, ab.ops = ab.docs[:0], ab.authors[:0], ab.clients[:0], ab.ops[:0]
	ab.versions, ab.seqs, ab.times = ab.versions[:0], ab.seqs[:0], ab.times[:0]
	ab.opText, ab.ends = ab.opText[:0], ab.ends[:0]
	for _, o := range batch {
		var err error
		if ab.opText, err = o.Op.AppendValidJSON(ab.opText); err != nil {
			return fmt.Errorf("encode op %s@%d: %w", o.Doc, o.Version, err)
		}
		ab.ends = append(ab.ends, len(ab.opText))
		t := o.Time
		if t.IsZero() {
			t = time.Now()
		}
		ab.docs, ab.versions, ab.authors = append(ab.docs, o.Doc), append(ab.versions, o.Version), append(ab.authors, o.Author)
		ab.clients, ab.seqs, ab.times = append(ab.clients, o.Client), append(ab.seqs, o.Seq), append(ab.times, t)
	}
	all, start := string(ab.opText), 0
	for _, end := range ab.ends {
		ab.ops = append(ab.ops, all[start:end])
		start = end
	}
	return nil
}

// release clears what the columns point at and puts ab back for the next commit.
func (ab *appendBatch) release() {
	clear(ab.docs[:cap(ab.docs)])
	clear(ab.authors[:cap(ab.authors)])
	clear(ab.clients[:cap(ab.clients)])
	clear(ab.ops[:cap(ab.ops)])
	clear(ab.values[:cap(ab.values)])
	if cap(ab.params) > maxKeptParams {
		ab.params = nil
	}
	if cap(ab.opText) > maxKeptParams {
		ab.opText = nil
	}
	appendBatches.Put(ab)
}

// execAppendAll runs appendAllSQL for batch on a commit connection.
func execAppendAll(ctx context.Context, pool *pgxpool.Pool, batch []hub.StoredOp) error {
	ab := appendBatches.Get().(*appendBatch)
	defer ab.release()
	if err := ab.fill(batch); err != nil {
		return err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("commit connection: %w", err)
	}
	defer conn.Release()
	// Prepare is a map lookup once the connection has the statement.
	sd, err := conn.Conn().Prepare(ctx, appendAllStmt, appendAllSQL)
	if err != nil {
		return fmt.Errorf("prepare append: %w", err)
	}
	args := [...]any{ab.docs, ab.versions, ab.authors, ab.clients, ab.seqs, ab.ops, ab.times}
	if len(sd.ParamOIDs) != len(args) {
		return fmt.Errorf("prepare append: %d parameters, want %d", len(sd.ParamOIDs), len(args))
	}
	types := conn.Conn().TypeMap()
	ab.params, ab.values, ab.formats = ab.params[:0], ab.values[:0], ab.formats[:0]
	var offsets [len(args) + 1]int
	for i, arg := range args {
		format := types.FormatCodeForOID(sd.ParamOIDs[i])
		if ab.params, err = types.Encode(sd.ParamOIDs[i], format, arg, ab.params); err != nil {
			return fmt.Errorf("encode parameter %d of the append: %w", i+1, err)
		}
		offsets[i+1] = len(ab.params)
		ab.formats = append(ab.formats, format)
	}
	// The slices are taken once the buffer has stopped growing.
	for i := range args {
		ab.values = append(ab.values, ab.params[offsets[i]:offsets[i+1]])
	}
	if _, err := conn.Conn().PgConn().ExecPrepared(ctx, sd.Name, ab.values, ab.formats, nil).Close(); err != nil {
		return fmt.Errorf("append %d ops: %w", len(batch), err)
	}
	return nil
}
