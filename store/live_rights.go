package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

// DocUser is one (resource, user) pair of a live connection; User is "" for
// an anonymous reader.
type DocUser struct{ Doc, User string }

// StandingsOf returns the standing of each pair (visibility, deletion and the
// user's role) in one query, for re-checking live connections. Pairs whose
// resource does not exist are absent.
func (db *DB) StandingsOf(ctx context.Context, pairs []DocUser) (map[DocUser]Standing, error) {
	docs, users := make([]string, 0, len(pairs)), make([]string, 0, len(pairs))
	for _, p := range pairs {
		if validID(p.Doc) && (p.User == "" || validID(p.User)) {
			docs, users = append(docs, p.Doc), append(users, p.User)
		}
	}
	out := make(map[DocUser]Standing, len(docs))
	if len(docs) == 0 {
		return out, nil
	}
	rows, err := db.Pool.Query(ctx, `SELECT p.doc, p.uid, r.visibility, coalesce(c.role, ''), r.deleted_at IS NOT NULL, r.kind
		FROM unnest($1::text[], $2::text[]) AS p(doc, uid)
		JOIN resources r ON r.id = p.doc::uuid
		LEFT JOIN collaborators c ON c.resource_id = r.id AND c.user_id = NULLIF(p.uid, '')::uuid`, docs, users)
	if err != nil {
		return nil, fmt.Errorf("standings of live connections: %w", err)
	}
	var p DocUser
	var vis, role, kind string
	var deleted bool
	_, err = pgx.ForEachRow(rows, []any{&p.Doc, &p.User, &vis, &role, &deleted, &kind}, func() error {
		out[p] = Standing{Visibility: resource.Visibility(vis), Role: resource.Role(role), Kind: resource.Kind(kind), Deleted: deleted}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("standings of live connections: %w", err)
	}
	return out, nil
}

// LiveCredentials reports which of the given session and API token hashes
// still authenticate someone (a session neither ended nor expired, a token
// not revoked), keyed by string(hash).
func (db *DB) LiveCredentials(ctx context.Context, sessions, tokens [][]byte) (map[string]bool, error) {
	out := make(map[string]bool, len(sessions)+len(tokens))
	if len(sessions)+len(tokens) == 0 {
		return out, nil
	}
	rows, err := db.Pool.Query(ctx, `SELECT token_hash FROM sessions WHERE token_hash = ANY($1) AND expires_at > now()
		UNION ALL SELECT token_hash FROM api_tokens WHERE token_hash = ANY($2) AND expires_at > now()`, sessions, tokens)
	if err != nil {
		return nil, fmt.Errorf("live credentials: %w", err)
	}
	var h []byte
	_, err = pgx.ForEachRow(rows, []any{&h}, func() error {
		out[string(h)] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("live credentials: %w", err)
	}
	return out, nil
}
