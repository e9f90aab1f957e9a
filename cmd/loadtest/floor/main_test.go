package main

import (
	"context"
	"testing"
	"time"

	"github.com/commonplace/commonplace/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestParseStreams(t *testing.T) {
	got, err := parseStreams("4500/300, 1000/1")
	if err != nil || len(got) != 2 || got[0] != (stream{4500, 300}) || got[1] != (stream{1000, 1}) {
		t.Fatalf("parseStreams = %v, %v", got, err)
	}
	for _, bad := range []string{"4500", "4500/", "/300", "0/3", "5/0", "x/3", "4500/300,"} {
		if _, err := parseStreams(bad); err == nil {
			t.Errorf("parseStreams(%q) accepted it", bad)
		}
	}
}

// The group commit loop stores every op it times, each document's versions dense from 1:
// its latencies are of real commits, not of ops it dropped or merged.
func TestGroupCommitStoresEveryOp(t *testing.T) {
	db := pgtest.DB(t)
	ctx := context.Background()
	l, err := groupCommit(ctx, db, 400, 3, 1, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if l.Count < 50 || l.P50 <= 0 || l.Max < l.P99 || l.P99 < l.P50 {
		t.Fatalf("loop %+v", l)
	}
	var rows, docs, dense int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT resource_id),
		count(*) FILTER (WHERE version = n) FROM (SELECT resource_id, version,
		row_number() OVER (PARTITION BY resource_id ORDER BY version) AS n FROM ops) o`).Scan(&rows, &docs, &dense); err != nil {
		t.Fatal(err)
	}
	if rows != l.Count || docs != 3 || dense != rows {
		t.Fatalf("stored %d ops over %d documents (%d at dense versions); the loop timed %d over 3", rows, docs, dense, l.Count)
	}
}
