package app

import (
	"context"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// Contribution is one resource a person contributed to, and how: their
// role on it (owner, editor, translator, reviewer, viewer) and what they
// did there (created, edited, revised, proposed: a proposal of theirs was
// merged, translated).
type Contribution struct {
	Resource resource.Resource
	How      []string
}

// Profile is a person's page: who they are and the resources they
// contributed to that the caller may list.
type Profile struct {
	Person        resource.Person
	Contributions []Contribution
	Total         int
	// Deleted: the account was deleted. Its page stays (credits link to
	// it) with its name only: its contributions are not gathered there.
	Deleted bool
}

// Profile lists one page of the resources the person with handle
// contributed to, not only those they own, as the caller may list them
// (the listable policy: public ones, and others only to people with a role
// on them; a deleted resource never). A deleted account's page holds its
// credited name only; its old handle leads nowhere (it was retired).
func (a *App) Profile(ctx context.Context, who Actor, handle string, page, perPage int) (Profile, error) {
	if page > MaxPage {
		return Profile{}, invalid("page", "must be at most %d", MaxPage)
	}
	u, err := a.db.PersonByHandle(ctx, handle)
	if err != nil {
		return Profile{}, err
	}
	p := resource.Person{ID: u.ID, Handle: u.Handle, Name: u.Name}
	if u.Deleted {
		return Profile{Person: p, Deleted: true, Contributions: []Contribution{}}, nil
	}
	list, total, err := a.db.Contributions(ctx, p.ID, who.ID, page, perPage)
	if err != nil {
		return Profile{}, err
	}
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.Resource.ID
	}
	// The query keeps to the listable rule; the policy has the last word.
	ok, err := a.listable(ctx, who, ids...)
	if err != nil {
		return Profile{}, err
	}
	out := Profile{Person: p, Total: total, Contributions: []Contribution{}}
	for _, c := range list {
		if ok[c.Resource.ID] {
			out.Contributions = append(out.Contributions, toContribution(c))
		}
	}
	return out, nil
}

func toContribution(c store.Contribution) Contribution {
	return Contribution{Resource: c.Resource, How: c.How}
}
