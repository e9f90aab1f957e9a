package server

import (
	"context"

	"github.com/commonplace/commonplace/store"
)

// Start runs the background parts of the service (live document hubs,
// database notifications) until ctx ends or Close is called. The foundation
// has none; live editing and later capabilities register theirs here.
func Start(ctx context.Context, s *Server, db *store.DB) error {
	for _, start := range s.starters {
		if err := start(ctx); err != nil {
			return err
		}
	}
	return nil
}
