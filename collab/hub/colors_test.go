package hub

import "testing"

func TestColorBookDistinctStickyAndBounded(t *testing.T) {
	b := newColorBook(3)
	held := map[int]string{}
	join := func(u string) int {
		s := b.assign(u, held)
		if other, ok := held[s]; ok && other != u {
			t.Fatalf("%s got slot %d held by %s", u, s, other)
		}
		held[s] = u
		return s
	}
	leave := func(u string) {
		for s, v := range held {
			if v == u {
				delete(held, s)
			}
		}
	}
	a, bb, c := join("a"), join("b"), join("c")
	if a != 0 || bb != 1 || c != 2 {
		t.Fatalf("slots %d %d %d", a, bb, c)
	}
	if join("a") != 0 {
		t.Fatal("a second tab of a gets another colour")
	}
	leave("b")
	if s := join("b"); s != 1 {
		t.Fatalf("b back: slot %d, want its old 1", s)
	}
	leave("b")
	if s := join("d"); s != 1 {
		t.Fatalf("d takes the only free slot: %d", s)
	}
	if s := join("b"); s != 3 {
		t.Fatalf("b back, all three taken: slot %d, want 3", s)
	}
	for i := range 20 {
		u := string(rune('e' + i))
		join(u)
		leave(u)
	}
	if len(b.slot) > 4*3+1 {
		t.Fatalf("memory grew to %d", len(b.slot))
	}
}

// Three people in one document get three colours, shown to each other in
// snapshots, joins and cursors; a second tab keeps its person's colour; a
// resume is told its colour; another document assigns its own.
func TestColorsPerDocument(t *testing.T) {
	s, m := setup(t, "hello", Options{})
	s.create("e", "other")
	a := connect(t, m, "d", info("a", true), -1)
	if f := nextOf(t, a, TypeSnapshot); f.Color != 0 {
		t.Fatalf("a's colour %d", f.Color)
	}
	b := connect(t, m, "d", info("b", true), -1)
	if f := nextOf(t, b, TypeSnapshot); f.Color != 1 || len(f.Peers) != 1 || f.Peers[0].Color != 0 {
		t.Fatalf("b's snapshot %+v", f)
	}
	if f := nextOf(t, a, TypeJoin); f.Client != "b" || f.Color != 1 {
		t.Fatalf("b's join %+v", f)
	}
	c := connect(t, m, "d", info("c", false), -1)
	if f := nextOf(t, c, TypeSnapshot); f.Color != 2 {
		t.Fatalf("c's colour %d", f.Color)
	}
	a2 := connect(t, m, "d", ClientInfo{ClientID: "a-tab2", UserID: "user-a", Name: "User a", Role: "editor", CanEdit: true}, -1)
	if f := nextOf(t, a2, TypeSnapshot); f.Color != 0 {
		t.Fatalf("a's second tab: colour %d", f.Color)
	}
	b.Receive([]byte(`{"type":"cursor","base":0,"anchor":1,"head":1}`))
	if f := nextOf(t, a, TypeCursor); f.Client != "b" || f.Color != 1 {
		t.Fatalf("b's cursor %+v", f)
	}
	b.Close()
	b = connect(t, m, "d", info("b", true), 0)
	var you frame
	for you.Type != TypeYou {
		you = next(t, b)
	}
	if you.Color != 1 || you.Client != "b" {
		t.Fatalf("resume: %+v", you)
	}
	other := connect(t, m, "e", info("c", false), -1)
	if f := nextOf(t, other, TypeSnapshot); f.Color != 0 {
		t.Fatalf("c in another document: colour %d", f.Color)
	}
}
