package versioning

import (
	"cmp"
	"slices"
	"time"
)

// GraphNode is one resource in a family graph. Kind is the resource's own
// kind ("original", "fork", "translation", ...); URL is where its box links.
type GraphNode struct {
	ID, Title, Language, License, Kind, Owner string
	Created                                   time.Time
	Approved                                  bool
	Deleted                                   bool
	Hidden                                    bool // the viewer may not see this member: an anonymous placeholder
	URL                                       string
}

// GraphEdge links a source resource (From) to a derived one (To). Kind is
// "fork", "translation" or "merge"; Revision, Who and When say which revision,
// by whom and when.
type GraphEdge struct {
	From, To, Kind, Revision, Who string
	When                          time.Time
}

// Graph is a resource family; Focus is the ID of the resource being viewed.
type Graph struct {
	Nodes []GraphNode
	Edges []GraphEdge
	Focus string
}

// maxGraphNodes bounds the drawing; the description says how many were left out.
const maxGraphNodes = 1000

// Geometry of the drawing, in SVG user units (pixels).
const (
	boxW     = 240
	boxH     = 80
	colGap   = 150 // room for edge labels between columns
	rowGap   = 28  // room for the "current resource" label above a box
	margin   = 20
	legendH  = 34
	loopRoom = 0   // no drawing goes right of the last column
	minWidth = 460 // the legend's width
	trunkOff = 16  // distance of a parent's trunk line from its right side
)

type placedNode struct {
	GraphNode
	depth, row int
}

type placedEdge struct {
	GraphEdge
	from, to int // indices into layout.nodes
	tree     bool
}

type layout struct {
	nodes     []placedNode
	edges     []placedEdge
	dropped   int // nodes beyond maxGraphNodes
	skipped   int // edges with an unknown end or from a node to itself
	maxDepth  int
	maxRow    int
	focus     int // index of the focus node, -1 if absent
	rootOrder []int
}

func (l *layout) x(i int) int { return margin + l.nodes[i].depth*(boxW+colGap) }
func (l *layout) y(i int) int { return margin + legendH + rowGap + l.nodes[i].row*(boxH+rowGap) }

// betweenRows returns the label baseline for a cross link whose curve is
// near y: the middle of the nearest gap between two rows, where no box and
// no tree branch is, so the label does not sit on another edge's label.
func (l *layout) betweenRows(y int) int {
	pitch := boxH + rowGap
	first := margin + legendH + rowGap + boxH/2 + pitch/2 // below row 0's branch line
	k := max(0, (y-first+pitch/2)/pitch)
	k = min(k, l.maxRow)
	return first + k*pitch - 4
}

func (l *layout) size() (w, h int) {
	w = max(2*margin+(l.maxDepth+1)*(boxW+colGap)-colGap+loopRoom, minWidth)
	h = margin + legendH + rowGap + (l.maxRow+1)*(boxH+rowGap) + margin
	return w, h
}

// layoutGraph places the nodes as a layered tree: each node's column is its
// distance from a root (a node no fork or translation points to, or, for a
// component that is all cycle, its oldest node), found breadth first over
// fork and translation edges so cycles end; the edge that first reached a
// node is its tree edge, every other edge (merges always) is drawn as a
// cross link. Rows come from a depth-first walk of the tree: a node
// shares its first child's row and later siblings stack below, so subtrees
// occupy disjoint rows and no two boxes overlap.
func layoutGraph(g Graph) layout {
	l := layout{focus: -1}
	index := map[string]int{}
	for _, n := range g.Nodes {
		if _, dup := index[n.ID]; dup {
			continue
		}
		if len(l.nodes) == maxGraphNodes {
			l.dropped++
			continue
		}
		index[n.ID] = len(l.nodes)
		l.nodes = append(l.nodes, placedNode{GraphNode: n})
	}
	if i, ok := index[g.Focus]; ok {
		l.focus = i
	}
	// order: oldest first, then by ID, so the drawing is deterministic.
	order := make([]int, len(l.nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		na, nb := l.nodes[a], l.nodes[b]
		if c := na.Created.Compare(nb.Created); c != 0 {
			return c
		}
		return cmp.Compare(na.ID, nb.ID)
	})
	rank := make([]int, len(l.nodes))
	for r, i := range order {
		rank[i] = r
	}

	indeg := make([]int, len(l.nodes))
	out := make([][]int, len(l.nodes)) // edge indices by source
	for _, e := range g.Edges {
		f, okf := index[e.From]
		t, okt := index[e.To]
		if !okf || !okt || f == t {
			l.skipped++
			continue
		}
		l.edges = append(l.edges, placedEdge{GraphEdge: e, from: f, to: t})
		if e.Kind == "merge" { // a merge never decides where a node sits
			continue
		}
		out[f] = append(out[f], len(l.edges)-1)
		indeg[t]++
	}
	for i := range out {
		slices.SortStableFunc(out[i], func(a, b int) int { return cmp.Compare(rank[l.edges[a].to], rank[l.edges[b].to]) })
	}

	visited := make([]bool, len(l.nodes))
	children := make([][]int, len(l.nodes))
	var queue []int
	visit := func(root int) {
		visited[root] = true
		l.rootOrder = append(l.rootOrder, root)
		queue = append(queue[:0], root)
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for _, ei := range out[u] {
				v := l.edges[ei].to
				if visited[v] {
					continue
				}
				visited[v] = true
				l.edges[ei].tree = true
				l.nodes[v].depth = l.nodes[u].depth + 1
				children[u] = append(children[u], v)
				queue = append(queue, v)
			}
		}
	}
	for _, i := range order {
		if indeg[i] == 0 && !visited[i] {
			visit(i)
		}
	}
	for _, i := range order { // components made only of cycles
		if !visited[i] {
			visit(i)
		}
	}

	var assign func(u, row int) int
	assign = func(u, row int) int {
		l.nodes[u].row = row
		l.maxDepth = max(l.maxDepth, l.nodes[u].depth)
		last := row
		for k, c := range children[u] {
			if k == 0 {
				last = max(last, assign(c, row))
			} else {
				last = assign(c, last+1)
			}
		}
		return last
	}
	next := 0
	for _, r := range l.rootOrder {
		next = assign(r, next) + 1
	}
	l.maxRow = max(next-1, 0)
	return l
}
