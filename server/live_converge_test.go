package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/commonplace/commonplace/store"
)

// dbHead reads the committed head of a document from the database itself,
// so no server's view of it is trusted.
func dbHead(t *testing.T, db *store.DB, doc string) func() (string, int64) {
	return func() (string, int64) {
		t.Helper()
		ctx := context.Background()
		var v int64
		if err := db.Pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM ops WHERE resource_id = $1`, doc).Scan(&v); err != nil {
			t.Fatal(err)
		}
		text, err := db.Live().TextAt(ctx, doc, v)
		if err != nil {
			t.Fatal(err)
		}
		return text, v
	}
}

func TestLiveConvergenceOverSockets(t *testing.T) {
	t.Parallel()
	for seed := range uint64(3) {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			env := newEnv(t)
			owner, ed := env.signup("nora"), env.signup("ezra")
			id := owner.createResource(map[string]any{"content": "start"})
			owner.share(id, ed.handle(), "editor")
			const edits = 25
			var clients []*otClient
			for i := range 4 {
				tok := owner.token
				if i%2 == 1 {
					tok = ed.token
				}
				clients = append(clients, newOTClient(t, env.URL, tok, id, fmt.Sprintf("c%d", i), seed*10+uint64(i)))
			}
			text := converge(t, clients, edits, 0.05, dbHead(t, env.DB, id))
			// Every acknowledged insert is there once, unless an acknowledged delete took it.
			if checkTags(t, text, clients) == 0 {
				t.Errorf("no edit survived in %q", text)
			}
			if got, _ := owner.liveText(id); got != text {
				t.Fatalf("server text %q, clients %q", got, text)
			}
		})
	}
}

// Group commit gathers the ops of many documents into one statement: with clients typing in
// several documents at once, every acknowledged edit of every document is in the database.
func TestLiveGroupCommitAcrossDocumentsKeepsAckedOps(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner := env.signup("gwen")
	const docs = 6
	ids := make([]string, docs)
	clients := make([][]*otClient, docs)
	for d := range ids {
		ids[d] = owner.createResource(map[string]any{"content": "start"})
		for i := range 2 {
			clients[d] = append(clients[d], newOTClient(t, env.URL, owner.token, ids[d], fmt.Sprintf("d%dc%d", d, i), uint64(d*10+i)))
		}
	}
	errs := make(chan error, 2*docs)
	for d := range ids { // every client of every document types at once
		for _, c := range clients[d] {
			go func() { errs <- c.run(15, 0.02) }()
		}
	}
	for range 2 * docs {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for d := range ids { // then each document settles on the database's text
		text := converge(t, clients[d], 0, 0, dbHead(t, env.DB, ids[d]))
		if checkTags(t, text, clients[d]) == 0 {
			t.Errorf("document %d: no edit survived in %q", d, text)
		}
	}
}
