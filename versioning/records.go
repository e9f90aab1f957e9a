package versioning

import (
	"encoding/json"
	"time"

	"github.com/commonplace/commonplace/resource"
)

// Revision kinds.
const (
	RevCheckpoint      = "checkpoint"
	RevNamed           = "named"
	RevFork            = "fork"
	RevMerge           = "merge"
	RevTranslationSync = "translation_sync"
	RevRestore         = "restore"
)

// RevisionRef names a revision and the resource it belongs to (a parent may
// belong to another resource).
type RevisionRef struct {
	ID            string
	ResourceID    string
	ResourceTitle string
	Version       int64
	Number        int64 // the revision's number in its resource (1, 2, 3…)
	// Hidden is set by the visibility policy when the caller may not read
	// the resource the revision belongs to: every other field is then empty.
	Hidden bool
}

// Revision is a node of the revision graph: a full text with its
// attribution spans at a version of a resource.
type Revision struct {
	ID         string
	ResourceID string
	Version    int64
	Content    string
	// Attribution is the run-length credit of Content as stored:
	// JSON [["<author>",len16],…].
	Attribution json.RawMessage
	Message     string
	Kind        string
	AuthorID    string
	AuthorName  string
	Created     time.Time
	Parents     []RevisionRef
	// Number counts the resource's revisions in the order they were cut
	// (1, 2, 3…): what people read ("revision 12"); ids stay for programs.
	Number int64
	// RestoredFrom is, for a restore, the revision whose text came back,
	// and RestoredFromNumber its number.
	RestoredFrom       string
	RestoredFromNumber int64
	// Contributors are the people whose work this revision records: those
	// who edited the text since its parent and those whose credited text
	// grew (merged or restored text keeps its authors). Filled by lists.
	Contributors []resource.Person
}

// Derivation links a derived resource (fork or translation) to the source
// revision it was made from.
type Derivation struct {
	DerivedID      string
	SourceID       string
	SourceRevision string
	Kind           string // "fork" or "translation"
	Purpose        string
	SyncedRevision string // last upstream revision merged in; "" when never synced
	// Snapshot is the attribution chain of the source as JSON, copied at
	// fork time so that credit survives the source's deletion or renaming.
	Snapshot json.RawMessage
	Created  time.Time
}

// Base is the last revision the derivative and its source have in common.
func (d Derivation) Base() string {
	if d.SyncedRevision != "" {
		return d.SyncedRevision
	}
	return d.SourceRevision
}

// Derivative is a resource derived from a source, as listed on the source's page.
type Derivative struct {
	Resource resource.Resource
	Kind     string
	Role     resource.Role // the viewer's role on it
	Approved bool          // an endorse proposal was approved
}

// FamilyMember is a resource of a family (deleted ones included, so the
// graph survives deletions) with the viewer's role.
type FamilyMember struct {
	Resource resource.Resource
	Role     resource.Role
	Deleted  bool
	Approved bool
}

// FamilyEdge is a derivation or a merge between two members of a family.
type FamilyEdge struct {
	From, To, Kind, Revision, Who string
	When                          time.Time
}

// Proposal statuses.
const (
	ProposalOpen             = "open"
	ProposalApproved         = "approved"
	ProposalChangesRequested = "changes_requested"
	ProposalMerged           = "merged"
	ProposalClosed           = "closed"
)

// Proposal offers a derivative's changes to its source (Kind "merge") or asks
// the source's reviewers to endorse it (Kind "endorse").
type Proposal struct {
	ID, SourceID, ForkID, Kind, Title, Description, Status string
	SourceTitle, ForkTitle                                 string
	SourceLanguage, ForkLanguage                           string // of the titles, to mark them on pages
	AuthorID, AuthorName                                   string
	ApprovedBy, ApprovedByName, ApprovedRevision           string
	ApprovedAt                                             *time.Time
	MergedRevision                                         string
	ClosedBy, ClosedByName                                 string
	ClosedAt                                               *time.Time
	// The numbers of the approved revision (of the derivative) and the
	// merge revision (of the source), for people; 0 when there is none.
	ApprovedRevisionNumber, MergedRevisionNumber int64
	Created, Updated                             time.Time
}

// Review is one reviewer's verdict on a proposal.
type Review struct {
	ID, ProposalID, AuthorID, AuthorName, Verdict, Body, RevisionID string
	Created                                                         time.Time
}

// ProposalComment is a comment on a proposal, on one line of its diff when
// LineOld or LineNew is set (0: not on that side). LineText is the line as
// it was when the comment was written.
type ProposalComment struct {
	ID, ProposalID, AuthorID, AuthorName string
	LineOld, LineNew                     int
	LineText                             string
	Body                                 string
	Created                              time.Time
}
