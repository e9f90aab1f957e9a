package hub

// Colours: every person present in a document gets a slot — an index into
// the editor's palette — that no other person present has, so three
// co-authors are never painted alike (a colour derived from the user id
// collides as soon as two ids hash alike). A person's slot is remembered
// after they leave, so a reconnect or a reload usually finds the same
// colour; a remembered slot is given to someone else only when every free
// slot is taken. Beyond Options.Colors people present at once, slots go on
// counting (clients wrap them round their palette, so only then can two
// people share a colour).
type colorBook struct {
	size int
	slot map[string]int // user → slot, present or remembered
}

func newColorBook(size int) *colorBook {
	return &colorBook{size: size, slot: map[string]int{}}
}

// assign returns user's slot given who holds which slot now (present
// users, user itself excluded from the check).
func (b *colorBook) assign(user string, held map[int]string) int {
	if s, ok := b.slot[user]; ok && (held[s] == "" || held[s] == user) {
		return s
	}
	remembered := make(map[int]string, len(b.slot))
	for u, s := range b.slot {
		if u != user && held[s] != u {
			remembered[s] = u
		}
	}
	pick := -1
	for s := 0; s < b.size && pick < 0; s++ { // free and nobody's memory
		if held[s] == "" && remembered[s] == "" {
			pick = s
		}
	}
	for s := 0; s < b.size && pick < 0; s++ { // free, forgetting someone who left
		if held[s] == "" {
			pick = s
		}
	}
	for s := b.size; pick < 0; s++ { // more people than colours
		if held[s] == "" {
			pick = s
		}
	}
	if u := remembered[pick]; u != "" {
		delete(b.slot, u)
	}
	b.slot[user] = pick
	b.forget(held)
	return pick
}

// forget bounds the memory: beyond four palettes of people who left, their
// slots are dropped.
func (b *colorBook) forget(held map[int]string) {
	if len(b.slot) <= 4*b.size {
		return
	}
	for u, s := range b.slot {
		if held[s] != u {
			delete(b.slot, u)
		}
	}
}

// heldColors maps the slots of the clients present to their users.
func (h *hub) heldColors() map[int]string {
	held := make(map[int]string, len(h.clients))
	for _, cs := range h.clients {
		held[cs.color] = cs.info.UserID
	}
	return held
}
