package versioning

import (
	"testing"
	"time"
)

func TestCheckpointPolicyDue(t *testing.T) {
	p := CheckpointPolicy{IdleAfter: 30 * time.Second, EveryOps: 100}
	tests := []struct {
		name   string
		policy CheckpointPolicy
		ops    int
		idle   time.Duration
		want   bool
	}{
		{"nothing new", p, 0, time.Hour, false},
		{"busy, few ops", p, 10, time.Second, false},
		{"idle long enough", p, 1, 30 * time.Second, true},
		{"many ops while busy", p, 100, 0, true},
		{"just under both", p, 99, 29 * time.Second, false},
		{"ops trigger disabled", CheckpointPolicy{IdleAfter: time.Minute}, 10_000, time.Second, false},
		{"idle trigger disabled", CheckpointPolicy{EveryOps: 5}, 4, time.Hour, false},
		{"zero policy never fires", CheckpointPolicy{}, 1_000, time.Hour, false},
		{"default policy", DefaultCheckpointPolicy(), 500, 0, true},
	}
	for _, tc := range tests {
		if got := tc.policy.Due(tc.ops, tc.idle); got != tc.want {
			t.Errorf("%s: Due(%d, %v) = %v, want %v", tc.name, tc.ops, tc.idle, got, tc.want)
		}
	}
}
