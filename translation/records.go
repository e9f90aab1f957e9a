package translation

import (
	"encoding/json"
	"time"

	"github.com/commonplace/commonplace/resource"
)

// Source is what a translation follows: the source resource and the exact
// source text (at a version) its segments were cut from.
type Source struct {
	TranslationID       string
	SourceID            string
	SourceVersion       int64
	SourceText          string
	SourceLanguage      string
	PublishApprovedOnly bool
	// ApproveOwn is the owner's choice whether translators may approve the
	// segments they translated (nil: the default, see app/segments.go).
	ApproveOwn      *bool
	Rev             int64
	Created, Synced time.Time
	// Set only when creating: the source revision pinned in the family
	// graph (derivations) and the attribution snapshot of its chain.
	SourceRevision string
	Snapshot       json.RawMessage
}

// StoredSegment is one segment of a translation as kept between requests:
// its source (in the placeholder notation), target, state and history. It
// is also what PlanImport compares a file's units with.
type StoredSegment struct {
	ID             string
	Position       int
	Source         string
	SourceHash     string
	Placeholders   []Placeholder
	Target         string
	State          State
	Outdated       bool
	PreviousSource string
	Rev            int64
	UpdatedBy      string // who last changed the segment (text or state)
	TranslatedBy   string // who last wrote its text ("" when nobody has)
	Updated        time.Time
}

// Segment is the segment the stored one was cut as, enough to check
// placeholders and to rebuild text.
func (s StoredSegment) Segment() Segment {
	return Segment{ID: s.ID, Source: s.Source, Placeholders: s.Placeholders, Hash: s.SourceHash}
}

// ArchivedSegment is a segment whose source sentence was removed.
type ArchivedSegment struct {
	ID, Source, Target, State string
	SourceVersion             int64
	Archived                  time.Time
}

// Comment is a reviewer's or translator's note on a segment.
type Comment struct {
	ID       string
	Segment  string
	Author   resource.Person
	Body     string
	SentBack bool
	Created  time.Time
}

// Peer is someone with the translator's page open.
type Peer struct {
	User    resource.Person
	Segment string
	Seen    time.Time
}

// MemoryEntry is one translation-memory pair, credited to the resource it
// came from (its visibility decides who is offered it).
type MemoryEntry struct {
	SourceLang, TargetLang string
	Source, Target         string        // in the placeholder notation
	Placeholders           []Placeholder // the inline codes' native bytes, for TMX
	Approved               bool
	OriginResource         string
	OriginKey              string // segment id, or "tmx:<md5>" for imported pairs
	Updated                time.Time
}
