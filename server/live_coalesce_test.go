package server

import (
	"encoding/json"
	"testing"
)

func TestCoalesceBatchesOnlyWhatIsQueued(t *testing.T) {
	var buf []byte
	ch := make(chan []byte, 8)
	if msg, closed := coalesce([]byte(`{"a":1}`), ch, &buf); string(msg) != `{"a":1}` || closed {
		t.Fatalf("lone frame: %s %v", msg, closed)
	}
	ch <- []byte(`{"b":2}`)
	ch <- []byte(`{"c":3}`)
	msg, closed := coalesce([]byte(`{"a":1}`), ch, &buf)
	var arr []map[string]int
	if err := json.Unmarshal(msg, &arr); err != nil || len(arr) != 3 || arr[2]["c"] != 3 || closed {
		t.Fatalf("batch: %s %v %v", msg, err, closed)
	}
	ch <- []byte(`{"d":4}`)
	close(ch)
	if msg, closed := coalesce([]byte(`{"a":1}`), ch, &buf); string(msg) != `[{"a":1},{"d":4}]` || !closed {
		t.Fatalf("batch before close: %s %v", msg, closed)
	}
	many := make(chan []byte, 2*maxCoalesce)
	for range 2 * maxCoalesce {
		many <- []byte(`1`)
	}
	msg, _ = coalesce([]byte(`0`), many, &buf)
	var nums []int
	if err := json.Unmarshal(msg, &nums); err != nil || len(nums) != maxCoalesce || len(many) != maxCoalesce+1 {
		t.Fatalf("bound: %d frames, %d left, %v", len(nums), len(many), err)
	}
}
