package store

import "time"

// SplitPassword is exported to the tests of package store_test.
var SplitPassword = splitPassword

// SetPeerTimes shortens the census of listeners of db (peers.go) for a test; it must be
// called before db listens.
func SetPeerTimes(db *DB, every, ttl, grace time.Duration) {
	db.peers.every, db.peers.ttl, db.peers.grace = every, ttl, grace
}
