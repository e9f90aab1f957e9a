package wire

import (
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/versioning"
)

func FamilyJSON(g versioning.Graph) ([]FamilyNodeJSON, []FamilyEdgeJSON) {
	nodes := []FamilyNodeJSON{}
	for _, n := range g.Nodes {
		nodes = append(nodes, FamilyNodeJSON{ID: n.ID, Title: n.Title, Language: n.Language, License: n.License, Kind: n.Kind,
			Owner: n.Owner, URL: n.URL, Hidden: n.Hidden, Deleted: n.Deleted, Approved: n.Approved})
	}
	edges := []FamilyEdgeJSON{}
	for _, e := range g.Edges {
		edges = append(edges, FamilyEdgeJSON{From: e.From, To: e.To, Kind: e.Kind, Revision: e.Revision})
	}
	return nodes, edges
}

func ToProposalJSON(p versioning.Proposal) ProposalJSON {
	out := ProposalJSON{ID: p.ID, Kind: p.Kind, Title: p.Title, Description: p.Description, Status: p.Status,
		Source: PersonJSON{ID: p.SourceID, Name: p.SourceTitle}, Fork: PersonJSON{ID: p.ForkID, Name: p.ForkTitle},
		Author: PersonJSON{ID: p.AuthorID, Name: p.AuthorName}, MergedRevision: p.MergedRevision,
		Created: p.Created, Updated: p.Updated, URL: "/proposals/" + p.ID}
	if p.ApprovedAt != nil {
		out.Approved = &ApprovalJSON{By: PersonJSON{ID: p.ApprovedBy, Name: p.ApprovedByName}, At: *p.ApprovedAt,
			Revision: p.ApprovedRevision, Proposal: p.ID}
	}
	if p.ClosedAt != nil {
		out.Closed = &ClosureJSON{By: PersonJSON{ID: p.ClosedBy, Name: p.ClosedByName}, At: *p.ClosedAt}
	}
	return out
}

func ToReviewJSON(r versioning.Review) ReviewJSON {
	return ReviewJSON{ID: r.ID, Author: PersonJSON{ID: r.AuthorID, Name: r.AuthorName}, Verdict: r.Verdict, Body: r.Body,
		Revision: r.RevisionID, Created: r.Created}
}

type ResolutionJSON struct {
	Index int    `json:"index"`
	Take  string `json:"take"`
	Text  string `json:"text"`
}

type MergeRequest struct {
	Resolutions []ResolutionJSON `json:"resolutions"`
	// Upstream and Version, when given, are the source revision and the
	// fork version the caller resolved conflicts against.
	Upstream string `json:"upstream"`
	Version  *int64 `json:"version"`
}

func (r MergeRequest) App() app.MergeRequest {
	out := app.MergeRequest{Upstream: r.Upstream, Version: r.Version}
	for _, x := range r.Resolutions {
		out.Resolutions = append(out.Resolutions, app.Resolution(x))
	}
	return out
}

type FamilyEdgeJSON struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Kind     string `json:"kind"`
	Revision string `json:"revision,omitempty"`
}

type FamilyNodeJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Language string `json:"language,omitempty"`
	License  string `json:"license,omitempty"`
	Kind     string `json:"kind"`
	Owner    string `json:"owner,omitempty"`
	URL      string `json:"url,omitempty"`
	Hidden   bool   `json:"hidden,omitempty"`
	Deleted  bool   `json:"deleted,omitempty"`
	Approved bool   `json:"approved,omitempty"`
}

type ApprovalJSON struct {
	By       PersonJSON `json:"by"`
	At       time.Time  `json:"at"`
	Revision string     `json:"revision"`
	Proposal string     `json:"proposal"`
}

// ClosureJSON says who closed a proposal and when.
type ClosureJSON struct {
	By PersonJSON `json:"by"`
	At time.Time  `json:"at"`
}

type ProposalJSON struct {
	ID             string            `json:"id"`
	Kind           string            `json:"kind"`
	Title          string            `json:"title"`
	Description    string            `json:"description"`
	Status         string            `json:"status"`
	Source         PersonJSON        `json:"source"` // id and title
	Fork           PersonJSON        `json:"fork"`
	Author         PersonJSON        `json:"author"`
	Approved       *ApprovalJSON     `json:"approved,omitempty"`
	MergedRevision string            `json:"merged_revision,omitempty"`
	Closed         *ClosureJSON      `json:"closed,omitempty"`
	Created        time.Time         `json:"created"`
	Updated        time.Time         `json:"updated"`
	URL            string            `json:"url"`
	Reviews        []ReviewJSON      `json:"reviews,omitempty"`
	Comments       []LineCommentJSON `json:"comments,omitempty"`
	Diff           *DiffJSON         `json:"diff,omitempty"`
	Conflicts      []ConflictJSON    `json:"conflicts,omitempty"`
	CanReview      *bool             `json:"can_review,omitempty"`
	CanApprove     *bool             `json:"can_approve,omitempty"` // false for the proposal's own author (unless self-review is allowed)
}

type ReviewJSON struct {
	ID       string     `json:"id"`
	Author   PersonJSON `json:"author"`
	Verdict  string     `json:"verdict"`
	Body     string     `json:"body"`
	Revision string     `json:"revision,omitempty"`
	Created  time.Time  `json:"created"`
}

type PersonJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type LineCommentJSON struct {
	ID       string     `json:"id"`
	Author   PersonJSON `json:"author"`
	LineOld  int        `json:"line_old,omitempty"`
	LineNew  int        `json:"line_new,omitempty"`
	LineText string     `json:"line_text,omitempty"`
	Body     string     `json:"body"`
	Created  time.Time  `json:"created"`
}

type DiffJSON struct {
	From      string     `json:"from"`
	To        string     `json:"to"`
	Added     int        `json:"added"`
	Removed   int        `json:"removed"`
	Identical bool       `json:"identical"`
	Hunks     []HunkJSON `json:"hunks"`
	Unified   string     `json:"unified"`
}

type HunkJSON struct {
	OldStart int        `json:"old_start"`
	OldLines int        `json:"old_lines"`
	NewStart int        `json:"new_start"`
	NewLines int        `json:"new_lines"`
	Lines    []LineJSON `json:"lines"`
}

type LineJSON struct {
	Op       string        `json:"op"`
	Old      int           `json:"old,omitempty"`
	New      int           `json:"new,omitempty"`
	Text     string        `json:"text"`
	Segments []SegmentJSON `json:"segments,omitempty"`
}

type SegmentJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}
