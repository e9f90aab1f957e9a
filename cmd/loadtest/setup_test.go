package main

import (
	"slices"
	"testing"
)

// TestAccountsPerDocument checks that each typist signs in as one of its document's members,
// that the members are distinct, and that with an account per typist no two typists share one.
func TestAccountsPerDocument(t *testing.T) {
	for _, c := range []struct{ docs, perDoc, users int }{
		{1000, 3, 3}, {1000, 3, 3000}, {1000, 3, 300}, {1000, 3, 2}, {1, 30, 10}, {4, 5, 7},
	} {
		seen := map[int]int{}
		for d := range c.docs {
			m := docMembers(d, c.perDoc, c.users)
			if want := min(c.perDoc, c.users); len(m) != want {
				t.Fatalf("%+v: document %d has %d members, want %d", c, d, len(m), want)
			}
			sorted := slices.Clone(m)
			slices.Sort(sorted)
			if len(slices.Compact(sorted)) != len(m) {
				t.Fatalf("%+v: document %d lists a member twice: %v", c, d, m)
			}
			for k := range c.perDoc {
				a := accountOf(d, k, c.perDoc, c.users)
				if a < 0 || a >= c.users || !slices.Contains(m, a) {
					t.Fatalf("%+v: typist %d of document %d signs in as %d, not a member of %v", c, k, d, a, m)
				}
				seen[a]++
			}
		}
		if c.users == c.docs*c.perDoc {
			for a, n := range seen {
				if n != 1 {
					t.Fatalf("%+v: account %d is shared by %d typists", c, a, n)
				}
			}
		}
		if last := slices.Sorted(slices.Values(docMembers(c.docs-1, c.perDoc, c.users))); c.users <= c.perDoc && len(last) != c.users {
			t.Fatalf("%+v: with no more accounts than typists per document, every document has them all", c)
		}
	}
}
