package app

import (
	"context"
	"sync"
)

// signingKeys caches the keys that seal stateless tokens (search cursors,
// OAI-PMH resumption tokens). They live in the database so that every
// process accepts the tokens of every other, across restarts.
type signingKeys struct {
	mu   sync.Mutex
	keys map[string][]byte
}

func (a *App) signingKey(ctx context.Context, name string) ([]byte, error) {
	a.keys.mu.Lock()
	defer a.keys.mu.Unlock()
	if k, ok := a.keys.keys[name]; ok {
		return k, nil
	}
	var k []byte
	var err error
	for range 3 { // two processes making the first key at once: the loser reads the winner's
		if k, err = a.db.SigningKey(ctx, name); err == nil {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	if a.keys.keys == nil {
		a.keys.keys = map[string][]byte{}
	}
	a.keys.keys[name] = k
	return k, nil
}
