package app

import (
	"context"
	"fmt"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// Family is a resource's family graph as the caller may see it.
type Family struct {
	Focus resource.Resource
	Graph versioning.Graph
}

// Family loads the family of a resource. Members the caller could not open
// (private or unlisted without a role, deleted) keep their place in the
// tree, so lineage stays readable, but lose every detail: an anonymous id
// and a neutral label. Private titles never leak.
func (a *App) Family(ctx context.Context, who Actor, id string) (Family, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return Family{}, err
	}
	members, edges, err := a.db.Family(ctx, r.FamilyID, who.ID, a.cfg.FamilyLimit)
	if err != nil {
		return Family{}, err
	}
	ids := map[string]string{}
	hidden := map[string]bool{}
	g := versioning.Graph{Focus: r.ID}
	n := 0
	for _, m := range members {
		res := m.Resource
		x := Access{Role: m.Role, actor: who.domain(), vis: res.Visibility}
		// Unlisted members are readable by link, but a graph is not a link:
		// only public ones and those the caller works on are shown.
		visible := res.ID == r.ID || (!m.Deleted && (m.Role != resource.RoleNone || res.Visibility == resource.Public) && x.Can(resource.View))
		if !visible {
			n++
			anon := fmt.Sprintf("hidden-%d", n)
			ids[res.ID], hidden[res.ID] = anon, true
			// Pages show these labels in the reader's language (Hidden says they are ours).
			label := i18n.M("A resource you cannot see")
			if m.Deleted {
				label = i18n.M("A deleted resource")
			}
			g.Nodes = append(g.Nodes, versioning.GraphNode{ID: anon, Title: label, Kind: string(res.Kind), Deleted: m.Deleted, Hidden: true})
			continue
		}
		ids[res.ID] = res.ID
		g.Nodes = append(g.Nodes, versioning.GraphNode{ID: res.ID, Title: res.Title, Language: res.Language, License: res.License,
			Kind: string(res.Kind), Owner: res.Owner.Name, Created: res.Created, Approved: m.Approved, URL: "/r/" + res.ID})
	}
	for _, e := range edges {
		from, ok1 := ids[e.From]
		to, ok2 := ids[e.To]
		if !ok1 || !ok2 {
			continue // beyond the member limit
		}
		ge := versioning.GraphEdge{From: from, To: to, Kind: e.Kind, Revision: e.Revision, Who: e.Who, When: e.When}
		if hidden[e.From] || hidden[e.To] {
			ge.Revision, ge.Who = "", ""
		}
		g.Edges = append(g.Edges, ge)
	}
	return Family{Focus: r, Graph: g}, nil
}
