// Package hub runs live editing sessions: one goroutine per open document owns its state
// (text, version, attribution, recent operations, connected clients and their cursors), a shared
// group committer makes operations durable in batches, and nothing is acknowledged or broadcast
// before the store has committed it.
//
// The wire frames are described in docs/protocol.md and defined in frames.go. Storage is reached
// only through the Store interface (store/ implements it on PostgreSQL); several processes may
// share one store, the (doc, version) uniqueness deciding who wins a version.
//
// State of a loaded document, all owned by its hub goroutine:
//
//   - the committed document and attribution at version committed (what clients have seen);
//   - the tentative document: committed plus pending ops that are applied but not yet durable;
//   - a bounded ring of recent committed ops to transform late ops against (older bases are read
//     from the store);
//   - recent (user, client, seq) → version, so resends are acknowledged and never applied twice.
package hub
