package collab

import "fmt"

// cursor walks an op's components, letting the caller consume part of the current one.
type cursor struct {
	op  Op
	i   int
	cur Component // remainder of op[i-1]; zero when exhausted
}

func newCursor(op Op) cursor {
	c := cursor{op: op}
	c.next()
	return c
}

func (c *cursor) next() {
	if c.i < len(c.op) {
		c.cur = c.op[c.i]
		c.i++
	} else {
		c.cur = Component{}
	}
}

func (c *cursor) done() bool { return c.cur == (Component{}) }

// Transform is ot.js TextOperation.transform(a, b): for two ops on the same document it returns
// a' and b' with apply(apply(S, a), b') == apply(apply(S, b), a'). When both insert at the same
// position a's text goes first. The server calls Transform(clientOp, concurrentServerOp) and
// applies the first result.
func Transform(a, b Op) (aPrime, bPrime Op, err error) {
	if err := a.check(); err != nil {
		return nil, nil, fmt.Errorf("transform: first op: %w", err)
	}
	if err := b.check(); err != nil {
		return nil, nil, fmt.Errorf("transform: second op: %w", err)
	}
	return transform(a, b, true)
}

// TransformOver returns what Transform(a, b) returns first: a moved over b, without building
// b'. The hub moves each client op over every op committed since its base, one after the
// other, and only ever needs that side: in a room of hundreds a late op crosses a hundred ops,
// and half of Transform's work and garbage went into the b' nobody used. b, an op already
// applied to the document, is trusted; a is checked.
func TransformOver(a, b Op) (Op, error) {
	if err := a.check(); err != nil {
		return nil, fmt.Errorf("transform: first op: %w", err)
	}
	ap, _, err := transform(a, b, false)
	return ap, err
}

// transform is Transform on checked ops; b' is built only when both is set.
func transform(a, b Op, both bool) (ap, bp Op, err error) {
	if la, lb := a.BaseLen(), b.BaseLen(); la != lb {
		return nil, nil, fmt.Errorf("transform: base lengths %d and %d differ: %w", la, lb, ErrBaseLength)
	}
	ap = make(Op, 0, len(a)+len(b))
	if both {
		bp = make(Op, 0, len(a)+len(b))
	}
	x, y := newCursor(a), newCursor(b)
	for !x.done() || !y.done() {
		if x.cur.Insert != "" {
			ap = ap.insert(x.cur.Insert)
			if both {
				bp = bp.retain(Len16(x.cur.Insert))
			}
			x.next()
			continue
		}
		if y.cur.Insert != "" {
			ap = ap.retain(Len16(y.cur.Insert))
			if both {
				bp = bp.insert(y.cur.Insert)
			}
			y.next()
			continue
		}
		// Base lengths are equal, so neither side can run out here; guard anyway.
		if x.done() || y.done() {
			return nil, nil, fmt.Errorf("transform: op too short: %w", ErrBaseLength)
		}
		n := min(x.cur.Retain+x.cur.Delete, y.cur.Retain+y.cur.Delete)
		switch {
		case x.cur.Retain > 0 && y.cur.Retain > 0:
			ap = ap.retain(n)
			if both {
				bp = bp.retain(n)
			}
		case x.cur.Delete > 0 && y.cur.Retain > 0:
			ap = ap.delete(n)
		case x.cur.Retain > 0 && y.cur.Delete > 0 && both:
			bp = bp.delete(n)
		}
		// Both deleting: the text is gone for both, nothing to emit.
		consume(&x, n)
		consume(&y, n)
	}
	return ap, bp, nil
}

// consume takes n units off the current retain or delete of c.
func consume(c *cursor, n int) {
	if c.cur.Retain > 0 {
		c.cur.Retain -= n
		if c.cur.Retain == 0 {
			c.next()
		}
		return
	}
	c.cur.Delete -= n
	if c.cur.Delete == 0 {
		c.next()
	}
}

// Compose is ot.js TextOperation.compose(a, b): one op with the effect of a followed by b.
// It fails with ErrBaseLength if b's base length is not a's target length, and with ErrBadOp if
// b would cut one of a's inserts inside a surrogate pair.
func Compose(a, b Op) (Op, error) {
	if err := a.check(); err != nil {
		return nil, fmt.Errorf("compose: first op: %w", err)
	}
	if err := b.check(); err != nil {
		return nil, fmt.Errorf("compose: second op: %w", err)
	}
	if ta, bb := a.TargetLen(), b.BaseLen(); ta != bb {
		return nil, fmt.Errorf("compose: first op targets %d units, second spans %d: %w", ta, bb, ErrBaseLength)
	}
	out := make(Op, 0, len(a)+len(b))
	x, y := newCursor(a), newCursor(b)
	for !x.done() || !y.done() {
		if x.cur.Delete > 0 {
			out = out.delete(x.cur.Delete)
			x.next()
			continue
		}
		if y.cur.Insert != "" {
			out = out.insert(y.cur.Insert)
			y.next()
			continue
		}
		if x.done() || y.done() {
			return nil, fmt.Errorf("compose: op too short: %w", ErrBaseLength)
		}
		yn := y.cur.Retain + y.cur.Delete
		if x.cur.Retain > 0 {
			n := min(x.cur.Retain, yn)
			if y.cur.Retain > 0 {
				out = out.retain(n)
			} else {
				out = out.delete(n)
			}
			consume(&x, n)
			consume(&y, n)
			continue
		}
		// x inserts, y retains or deletes part of that insert.
		s := x.cur.Insert
		l16 := Len16(s)
		if yn >= l16 {
			if y.cur.Retain > 0 {
				out = out.insert(s)
			}
			x.next()
			consume(&y, l16)
			continue
		}
		cut, err := Byte16(s, yn)
		if err != nil {
			return nil, fmt.Errorf("compose: second op cuts an insert: %w", err)
		}
		if y.cur.Retain > 0 {
			out = out.insert(s[:cut])
		}
		x.cur.Insert = s[cut:]
		y.next()
	}
	return out, nil
}

// TransformIndex moves a cursor position (UTF-16 units) through op, exactly like the
// transformIndex inside ot.js Selection.Range.transform: an insert at the cursor pushes it right,
// a delete spanning it pulls it to the delete's start.
func TransformIndex(index int, op Op) int {
	newIndex := index
	for _, c := range op {
		switch {
		case c.Retain > 0:
			index -= c.Retain
		case c.Insert != "":
			newIndex += Len16(c.Insert)
		default:
			newIndex -= min(index, c.Delete)
			index -= c.Delete
		}
		if index < 0 {
			break
		}
	}
	return newIndex
}

// MoveOver moves a over n ops applied one after the other since a's base (b(0) applies to that
// base, b(1) to the result, and so on), as n calls of TransformOver would. The common op of a
// person typing is one insertion, and in a room of hundreds it crosses a hundred committed ops:
// for it only the insertion point moves, so MoveOver follows that point and builds one op at
// the end instead of a new op per crossing.
func MoveOver(a Op, n int, b func(i int) Op) (Op, error) {
	pos, s, rest, ok := singleInsert(a)
	if !ok {
		for i := range n {
			var err error
			if a, err = TransformOver(a, b(i)); err != nil {
				return nil, fmt.Errorf("over op %d of %d: %w", i+1, n, err)
			}
		}
		return a, nil
	}
	if err := a.check(); err != nil {
		return nil, fmt.Errorf("transform: first op: %w", err)
	}
	size := pos + rest // the document's length before a
	for i := range n {
		op := b(i)
		if bl := op.BaseLen(); bl != size {
			return nil, fmt.Errorf("over op %d of %d: transform: base lengths %d and %d differ: %w", i+1, n, size, bl, ErrBaseLength)
		}
		pos = insertPosOver(pos, op)
		size = op.TargetLen()
	}
	return Op{}.retain(pos).insert(s).retain(size - pos), nil
}

// singleInsert reports whether op only inserts s at pos in a document of pos+rest units.
func singleInsert(op Op) (pos int, s string, rest int, ok bool) {
	i := 0
	if i < len(op) && op[i].Retain > 0 {
		pos = op[i].Retain
		i++
	}
	if i == len(op) || op[i].Insert == "" {
		return 0, "", 0, false
	}
	s = op[i].Insert
	i++
	if i < len(op) && op[i].Retain > 0 {
		rest = op[i].Retain
		i++
	}
	return pos, s, rest, i == len(op)
}

// insertPosOver is where an insertion at pos lands once b has been applied, as Transform
// places it: b's insertions before pos push it right, those exactly at pos go after it (the
// first op wins ties), and b's deletions before pos pull it left.
func insertPosOver(pos int, b Op) int {
	moved, at := pos, 0 // at: position in b's base
	for _, c := range b {
		if at > pos {
			break
		}
		switch {
		case c.Retain > 0:
			at += c.Retain
		case c.Insert != "":
			if at < pos {
				moved += Len16(c.Insert)
			}
		default:
			if at < pos {
				moved -= min(c.Delete, pos-at)
			}
			at += c.Delete
		}
	}
	return moved
}
