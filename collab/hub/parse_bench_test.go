package hub

import (
	"testing"

	"github.com/commonplace/commonplace/collab"
)

// BenchmarkParseFrame reads a keystroke's op frame, which every client sends for every key.
func BenchmarkParseFrame(b *testing.B) {
	raw := []byte(`{"type":"op","base":1234,"seq":77,"ops":[512,"é",1488]}`)
	b.ReportAllocs()
	for b.Loop() {
		if m, ok := parseFrame(raw, collab.DefaultLimits).(opMsg); !ok {
			b.Fatalf("%#v", m)
		}
	}
}
