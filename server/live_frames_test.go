package server_test

import (
	"bytes"
	"encoding/json"
)

// splitFrames turns one WebSocket message into its frames: the server sends
// a single frame as an object and several queued frames as an array.
func splitFrames(b []byte) ([]json.RawMessage, error) {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		var many []json.RawMessage
		err := json.Unmarshal(t, &many)
		return many, err
	}
	return []json.RawMessage{b}, nil
}
