package translation

import (
	"fmt"
	"strings"
)

// ImportRights are what the importing user may do by hand: an import never
// changes a segment in a way its user could not.
type ImportRights struct {
	// Approve: set reviewed or final, and leave them on text one keeps
	// (the approve_translate action).
	Approve bool
	// MarkMinor: clear "outdated" while keeping the text (the /minor
	// action: reviewers, owners and the source's editors).
	MarkMinor bool
	// OwnNeedsOther: the translation asks a second person to approve what
	// someone translated, so the importer (Importer, a user id) approves
	// neither the texts the file brings nor kept texts they wrote.
	OwnNeedsOther bool
	Importer      string
}

// refusesOwn reports whether approving a text written by author is refused
// by the self-approval policy (the file's new texts are the importer's).
func (r ImportRights) refusesOwn(author string) bool {
	return r.OwnNeedsOther && author != "" && author == r.Importer
}

const ownRefused = "this translation asks another reviewer to approve what you translated"

// Change is one segment update an import makes.
type Change struct {
	ID             string // segment id
	Target         string
	State          State
	Outdated       bool
	PreviousSource string
}

// Unit results in an ImportReport.
const (
	ResultUpdated   = "updated"
	ResultOutdated  = "outdated"
	ResultUnchanged = "unchanged"
	ResultSkipped   = "skipped"
)

// Skip names a unit an import left out and why.
type Skip struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// UnitResult is what an import did with one unit of the file.
type UnitResult struct {
	ID      string `json:"id"`
	Segment string `json:"segment,omitempty"` // the segment the unit matched, when not its id
	Result  string `json:"result"`
	Reason  string `json:"reason,omitempty"`
}

// ImportReport is the per-unit account of an import:
// {updated, outdated, skipped:[{id,reason}], units:[{id,segment,result,reason}]}.
type ImportReport struct {
	Updated  int          `json:"updated"`
	Outdated int          `json:"outdated"`
	Skipped  []Skip       `json:"skipped"`
	Units    []UnitResult `json:"units"`
}

// Plan is what an import of one file changes, and its report.
type Plan struct {
	Changes []Change
	Report  ImportReport
}

// PlanImport decides, unit by unit, what importing a file into a
// translation's stored segments changes. It imports what is valid and
// skips the rest with a reason (a file that is not well-formed never gets
// here: the readers refuse it whole).
//
// A unit is matched to a segment by its id, else by a location that names
// a segment id (what xliff2po/po2xliff keep when they renumber units), else
// by a unique exact source text. A file whose inline codes were flattened
// to raw Markdown by another tool is mapped back onto the segment's
// placeholders.
//
// A unit is never a translation when it has no target, or when it is
// marked untranslated (1.2 new/needs-translation, 2.0 initial, or no state)
// and its target is a copy of the source: such units are skipped and never
// reach the memory. A unit whose source changed since the export is stored
// as an outdated translation when the segment has none, skipped otherwise.
//
// States follow what the user could do by hand (see ImportRights): without
// Approve, reviewed and final in the file become translated and a text the
// file keeps keeps its approved state; without MarkMinor an outdated
// segment whose text the file keeps stays outdated (removing "#, fuzzy"
// from a PO file is not a way round the /minor rule). A changed text
// clears "outdated", except in a PO file where the entry is still fuzzy:
// gettext's own rule is that a fuzzy entry is not yet a translation. So
// re-importing an unchanged export changes nothing.
func PlanImport(f File, stored []StoredSegment, r ImportRights) Plan {
	m := newMatcher(stored)
	p := Plan{Report: ImportReport{Skipped: []Skip{}, Units: []UnitResult{}}}
	done := map[string]string{} // segment id → unit id that took it
	for k, u := range f.Units {
		id := u.ID
		if id == "" {
			id = fmt.Sprintf("#%d", k+1)
		}
		skip := func(reason string) {
			p.Report.Skipped = append(p.Report.Skipped, Skip{ID: id, Reason: reason})
			p.Report.Units = append(p.Report.Units, UnitResult{ID: id, Result: ResultSkipped, Reason: reason})
		}
		if u.Problem != "" {
			skip("the unit could not be read: " + u.Problem)
			continue
		}
		sg, why := m.match(u)
		if sg == nil {
			skip(why)
			continue
		}
		if by, ok := done[sg.ID]; ok {
			skip(fmt.Sprintf("unit %s of this file already matched segment %s", by, sg.ID))
			continue
		}
		done[sg.ID] = id
		res := UnitResult{ID: id, Result: ResultUpdated}
		if sg.ID != u.ID {
			res.Segment = sg.ID
		}
		ch, result, reason := planUnit(f.Format, u, sg, r)
		res.Result, res.Reason = result, reason
		switch result {
		case ResultSkipped:
			p.Report.Skipped = append(p.Report.Skipped, Skip{ID: id, Reason: reason})
		case ResultUpdated:
			p.Report.Updated++
			p.Changes = append(p.Changes, ch)
		case ResultOutdated:
			p.Report.Outdated++
			p.Changes = append(p.Changes, ch)
		}
		p.Report.Units = append(p.Report.Units, res)
	}
	return p
}

// planUnit decides one matched unit: the change, the result and a reason.
func planUnit(format string, u Unit, sg *StoredSegment, r ImportRights) (Change, string, string) {
	target := cleanTarget(u.Target)
	if target == "" {
		return Change{}, ResultSkipped, "no translation in the file (empty target)"
	}
	same, raw := sameSource(u, sg)
	if raw {
		t, err := fromRawMarkup(sg, target)
		if err != nil {
			return Change{}, ResultSkipped, err.Error()
		}
		target = t
	}
	if u.State == StateInitial && (target == sg.Source || target == cleanTarget(u.Source)) {
		return Change{}, ResultSkipped, "not translated in the file: the target is a copy of the source"
	}
	if !same {
		if sg.Target != "" && !sg.Outdated {
			return Change{}, ResultSkipped, "the source changed since the export; the current translation was kept"
		}
		return Change{ID: sg.ID, Target: target, State: StateTranslated, Outdated: true, PreviousSource: u.Source},
			ResultOutdated, "the source changed since the export; stored as an outdated translation"
	}
	seg := Segment{ID: sg.ID, Source: sg.Source, Placeholders: sg.Placeholders}
	if err := CheckPlaceholders(seg, target); err != nil {
		return Change{}, ResultSkipped, err.Error()
	}
	want := u.State
	if !want.Valid() || want == StateInitial {
		// The file says nothing about the state of a text that is no copy
		// of the source (po2xliff writes needs-translation for every unit
		// that is not approved): it is a translation, and a kept text keeps
		// its state.
		want = StateTranslated
		if target == sg.Target && sg.State.Valid() && sg.State != StateInitial {
			want = sg.State
		}
	}
	ch := Change{ID: sg.ID, Target: target, State: want}
	var refused []string
	if target != sg.Target {
		switch {
		case isApproved(want) && !r.Approve:
			ch.State = StateTranslated
			refused = append(refused, "only reviewers may approve: stored as translated")
		case isApproved(want) && r.refusesOwn(r.Importer):
			ch.State = StateTranslated
			refused = append(refused, ownRefused+": stored as translated")
		}
		if format == FormatPO && u.Outdated {
			ch.Outdated = true // still fuzzy: not yet a translation of the current source
			ch.PreviousSource = firstNonEmpty(keptPrevious(sg), u.PreviousSource)
		}
	} else {
		switch {
		case stateRank(want) < stateRank(sg.State):
			// Lowering the state of a kept text is a send-back, with a
			// comment, by hand; a file that omits or coarsens the state
			// (plain PO, po2xliff's output) must not do it.
			ch.State = sg.State
		case !r.Approve && isApproved(want) && want != sg.State:
			ch.State = sg.State
			refused = append(refused, "only reviewers may approve: the state was kept")
		case isApproved(want) && want != sg.State && r.refusesOwn(sg.TranslatedBy):
			ch.State = sg.State
			refused = append(refused, ownRefused+": the state was kept")
		}
		ch.Outdated = sg.Outdated && u.Outdated
		if sg.Outdated && !u.Outdated && !r.MarkMinor {
			ch.Outdated = true
			refused = append(refused, "only reviewers and the source's editors may mark a source change minor: still outdated")
		}
		if ch.Outdated {
			ch.PreviousSource = sg.PreviousSource
		}
	}
	reason := strings.Join(refused, "; ")
	if ch.Target == sg.Target && ch.State == sg.State && ch.Outdated == sg.Outdated {
		return Change{}, ResultUnchanged, reason
	}
	if ch.Outdated {
		return ch, ResultOutdated, firstNonEmpty(reason, "stored, still marked outdated (fuzzy in the file)")
	}
	return ch, ResultUpdated, reason
}

func keptPrevious(sg *StoredSegment) string {
	if sg.Outdated {
		return sg.PreviousSource
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// cleanTarget normalises a target from a file: LF line ends, no
// surrounding blank lines.
func cleanTarget(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// sameSource reports whether a unit was made from the segment's current
// source (by hash when both have one, else by text), and whether the file
// spells its markup as raw Markdown instead of placeholders.
func sameSource(u Unit, sg *StoredSegment) (same, raw bool) {
	rawSrc := RawText(sg.Source, sg.Placeholders)
	raw = len(u.Placeholders) == 0 && len(sg.Placeholders) > 0 && u.Source != sg.Source && u.Source == rawSrc
	if u.SourceHash != "" && sg.SourceHash != "" {
		return u.SourceHash == sg.SourceHash, raw
	}
	return u.Source == sg.Source || raw, raw
}

// matcher finds the stored segment a unit belongs to.
type matcher struct {
	byID     map[string]*StoredSegment
	bySource map[string][]*StoredSegment
}

func newMatcher(stored []StoredSegment) *matcher {
	m := &matcher{byID: map[string]*StoredSegment{}, bySource: map[string][]*StoredSegment{}}
	for i := range stored {
		sg := &stored[i]
		m.byID[sg.ID] = sg
		m.bySource[sg.Source] = append(m.bySource[sg.Source], sg)
		if raw := RawText(sg.Source, sg.Placeholders); raw != sg.Source {
			m.bySource[raw] = append(m.bySource[raw], sg)
		}
	}
	return m
}

func (m *matcher) match(u Unit) (*StoredSegment, string) {
	if sg, ok := m.byID[u.ID]; ok {
		return sg, ""
	}
	for _, loc := range u.Locations {
		if sg, ok := m.byID[loc]; ok {
			return sg, ""
		}
	}
	switch c := m.bySource[u.Source]; len(c) {
	case 1:
		return c[0], ""
	case 0:
		return nil, "no segment has this unit's id, location or source text (the source may have changed since the export)"
	default:
		return nil, fmt.Sprintf("the unit has no known id or location and its source text occurs %d times in the document", len(c))
	}
}

// RawText writes a text in placeholder notation with each placeholder as
// its native bytes: the Markdown a tool that flattens inline codes shows.
func RawText(text string, phs []Placeholder) string {
	if len(phs) == 0 {
		return text
	}
	bytesOf := map[string]string{}
	for _, p := range phs {
		bytesOf[p.Kind+":"+p.ID] = p.Bytes
	}
	var b strings.Builder
	for _, t := range parseNotation(text, declaredBy(phs)) {
		if t.kind == tokText {
			b.WriteString(t.text)
		} else {
			b.WriteString(bytesOf[t.kind.placeholderKind()+":"+t.id])
		}
	}
	return b.String()
}

// fromRawMarkup maps a target written in raw Markdown back onto the
// segment's placeholders: left to right, the close of the innermost open
// pair first, else the longest unused opening or standalone markup. The
// result must pass CheckPlaceholders.
func fromRawMarkup(sg *StoredSegment, raw string) (string, error) {
	order := make([]Placeholder, 0, len(sg.Placeholders))
	closeOf := map[string]Placeholder{}
	for _, p := range sg.Placeholders {
		if p.Kind == KindClose {
			closeOf[p.ID] = p
			continue
		}
		if p.Bytes != "" {
			order = append(order, p)
		}
	}
	// longest markup first, so "**" is not read as two "*"
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && len(order[j].Bytes) > len(order[j-1].Bytes); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	used := map[string]bool{}
	var stack []string
	var b strings.Builder
	for i := 0; i < len(raw); {
		if n := len(stack); n > 0 {
			if c := closeOf[stack[n-1]]; c.Bytes != "" && strings.HasPrefix(raw[i:], c.Bytes) {
				b.WriteString(placeholderRef(KindClose, c.ID))
				stack = stack[:n-1]
				i += len(c.Bytes)
				continue
			}
		}
		matched := false
		for _, p := range order {
			key := p.Kind + ":" + p.ID
			if used[key] || !strings.HasPrefix(raw[i:], p.Bytes) {
				continue
			}
			used[key] = true
			b.WriteString(placeholderRef(p.Kind, p.ID))
			if p.Kind == KindOpen {
				stack = append(stack, p.ID)
			}
			i += len(p.Bytes)
			matched = true
			break
		}
		if !matched {
			b.WriteByte(raw[i])
			i++
		}
	}
	out := b.String()
	seg := Segment{ID: sg.ID, Source: sg.Source, Placeholders: sg.Placeholders}
	if err := CheckPlaceholders(seg, out); err != nil {
		return "", fmt.Errorf("the file carries the markup as plain text and it does not match the source's: %w", err)
	}
	return out, nil
}

// MemoryAction says what a segment's current translation does to the
// translation memory.
type MemoryAction int

// Memory actions.
const (
	MemoryKeep   MemoryAction = iota // leave the memory as it is (an outdated translation)
	MemoryPut                        // record (or replace) the pair
	MemoryForget                     // remove the segment's pair
)

// MemoryActionFor decides whether a segment feeds the memory. Only real
// translations do: an empty or initial segment removes its pair, an
// outdated one leaves it, and a target that is a copy of the source is
// forgotten unless a reviewer approved it (names, numbers, code); CAT tools
// write such copies for untouched units, and a memory of them would offer
// English as French.
func MemoryActionFor(source, target string, state State, outdated bool) MemoryAction {
	switch {
	case target == "" || state == StateInitial || !state.Valid():
		return MemoryForget
	case outdated:
		return MemoryKeep
	case target == source && !isApproved(state):
		return MemoryForget
	}
	return MemoryPut
}

// stateRank orders the states along the workflow.
func stateRank(s State) int {
	switch s {
	case StateTranslated:
		return 1
	case StateReviewed:
		return 2
	case StateFinal:
		return 3
	}
	return 0
}
