package versioning

import (
	"fmt"
	"strings"
)

// The values of Resolution.Take.
const (
	TakeOurs   = "ours"
	TakeTheirs = "theirs"
	TakeBase   = "base"
	TakeEdit   = "edit"
)

// Resolution settles one conflict: Take is "ours", "theirs", "base" (keep
// neither change) or "edit" (use Text, written by the person resolving).
type Resolution struct {
	Index int
	Take  string
	Text  string
}

// Resolve builds the merged text of r with every conflict settled by res.
// Every conflict must have exactly one resolution; otherwise nothing is
// built and the error is an *UnresolvedError naming the missing ones (or
// wraps ErrBadResolution for unknown indices, duplicates and unknown Takes).
func Resolve(r MergeResult, res []Resolution) (string, error) {
	byIndex := make(map[int]Resolution, len(res))
	for _, x := range res {
		if x.Index < 0 || x.Index >= len(r.Conflicts) {
			return "", fmt.Errorf("resolve: conflict %d does not exist: %w", x.Index, ErrBadResolution)
		}
		if _, dup := byIndex[x.Index]; dup {
			return "", fmt.Errorf("resolve: conflict %d resolved twice: %w", x.Index, ErrBadResolution)
		}
		switch x.Take {
		case TakeOurs, TakeTheirs, TakeBase:
		case TakeEdit:
			if err := checkUTF8("edited text", x.Text); err != nil {
				return "", fmt.Errorf("resolve: conflict %d: %w", x.Index, err)
			}
		default:
			return "", fmt.Errorf("resolve: conflict %d: take %q: %w", x.Index, x.Take, ErrBadResolution)
		}
		byIndex[x.Index] = x
	}
	var missing []int
	for _, c := range r.Conflicts {
		if _, ok := byIndex[c.Index]; !ok {
			missing = append(missing, c.Index)
		}
	}
	if len(missing) > 0 {
		return "", &UnresolvedError{Missing: missing}
	}
	var b strings.Builder
	for _, ch := range r.Chunks {
		if ch.Conflict == nil {
			b.WriteString(ch.Stable)
			continue
		}
		x := byIndex[ch.Conflict.Index]
		switch x.Take {
		case TakeOurs:
			b.WriteString(ch.Conflict.Ours)
		case TakeTheirs:
			b.WriteString(ch.Conflict.Theirs)
		case TakeBase:
			b.WriteString(ch.Conflict.Base)
		case TakeEdit:
			b.WriteString(x.Text)
		}
	}
	return b.String(), nil
}
