package hub

import (
	"math"
	"testing"
)

// The hand-written ack frame is byte for byte what encoding/json makes of AckFrame.
func TestAckFrameBytes(t *testing.T) {
	for _, c := range [][2]int64{{0, 0}, {1, 2}, {-5, 7}, {math.MaxInt64, math.MinInt64}, {123456789, 987654321}} {
		got := string(ackFrame(c[0], c[1]).JSON)
		want := string(encode(AckFrame{Type: TypeAck, Seq: c[0], Version: c[1]}))
		if got != want {
			t.Errorf("ackFrame(%d, %d) = %s, want %s", c[0], c[1], got, want)
		}
	}
}
