package collab

import "fmt"

// Component is one step of an operation. Exactly one of Retain > 0, Insert != "" or
// Delete > 0 is set. Lengths are UTF-16 code units.
type Component struct {
	Retain int
	Insert string
	Delete int
}

// Op is an ot.js TextOperation: it walks the whole document at its base version, so the
// retains plus deletes add up to the base length. Ops built by this package are normalised the
// way ot.js builds them: adjacent components of one kind are merged and an insert next to a
// delete comes first.
type Op []Component

// BaseLen is the document length (UTF-16 units) the op applies to.
func (o Op) BaseLen() int {
	n := 0
	for _, c := range o {
		n += c.Retain + c.Delete
	}
	return n
}

// TargetLen is the document length (UTF-16 units) after the op.
func (o Op) TargetLen() int {
	n := 0
	for _, c := range o {
		n += c.Retain + len16Insert(c.Insert)
	}
	return n
}

// IsNoop reports whether the op leaves every document unchanged (ot.js isNoop).
func (o Op) IsNoop() bool {
	return len(o) == 0 || (len(o) == 1 && o[0].Retain > 0)
}

// check verifies that every component has exactly one field set.
func (o Op) check() error {
	for i, c := range o {
		set := 0
		if c.Retain != 0 {
			if c.Retain < 0 {
				return fmt.Errorf("component %d: negative retain: %w", i, ErrBadOp)
			}
			set++
		}
		if c.Delete != 0 {
			if c.Delete < 0 {
				return fmt.Errorf("component %d: negative delete: %w", i, ErrBadOp)
			}
			set++
		}
		if c.Insert != "" {
			set++
		}
		if set != 1 {
			return fmt.Errorf("component %d: %d fields set, want exactly one: %w", i, set, ErrBadOp)
		}
	}
	return nil
}

func len16Insert(s string) int {
	if s == "" {
		return 0
	}
	return Len16(s)
}

// The builder methods mirror ot.js TextOperation.retain/insert/delete, so that every op this
// package produces has exactly the shape ot.js would produce (and serialises identically).

func (o Op) retain(n int) Op {
	if n <= 0 {
		return o
	}
	if l := len(o); l > 0 && o[l-1].Retain > 0 {
		o[l-1].Retain += n
		return o
	}
	return append(o, Component{Retain: n})
}

func (o Op) insert(s string) Op {
	if s == "" {
		return o
	}
	l := len(o)
	switch {
	case l > 0 && o[l-1].Insert != "":
		o[l-1].Insert += s
	case l > 0 && o[l-1].Delete > 0:
		// ot.js keeps inserts before deletes: merge into an insert just before the delete, or
		// swap the new insert in front of it.
		if l > 1 && o[l-2].Insert != "" {
			o[l-2].Insert += s
		} else {
			d := o[l-1]
			o[l-1] = Component{Insert: s}
			o = append(o, d)
		}
	default:
		o = append(o, Component{Insert: s})
	}
	return o
}

func (o Op) delete(n int) Op {
	if n <= 0 {
		return o
	}
	if l := len(o); l > 0 && o[l-1].Delete > 0 {
		o[l-1].Delete += n
		return o
	}
	return append(o, Component{Delete: n})
}

// Normalize returns the op rebuilt through the ot.js builder: merged neighbours, inserts
// before deletes, empty components dropped.
func (o Op) Normalize() Op {
	out := make(Op, 0, len(o))
	for _, c := range o {
		switch {
		case c.Retain > 0:
			out = out.retain(c.Retain)
		case c.Insert != "":
			out = out.insert(c.Insert)
		case c.Delete > 0:
			out = out.delete(c.Delete)
		}
	}
	return out
}
