package app

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// MaxTarget bounds one segment's translation, in bytes.
const MaxTarget = 20000

// SegmentQuery narrows a segment listing.
type SegmentQuery struct {
	State        string // "" for any
	OutdatedOnly bool
	SinceRev     int64 // only segments changed after this rev (0: all)
	Archived     bool  // also list segments whose source sentence was removed
}

// Segments is a translation's segments with its state against the source.
type Segments struct {
	Translation Translation
	Info        TranslationInfo
	All         []translation.StoredSegment // every segment (progress counts them)
	List        []translation.StoredSegment // those the query asked for
	Comments    map[string][]translation.Comment
	Archived    []translation.ArchivedSegment
}

// Segments lists a translation's segments for anyone who may read it.
func (a *App) Segments(ctx context.Context, who Actor, id string, q SegmentQuery) (Segments, error) {
	t, err := a.translationFor(ctx, who, id)
	if err != nil {
		return Segments{}, err
	}
	return a.segments(ctx, who, t, q)
}

func (a *App) segments(ctx context.Context, who Actor, t Translation, q SegmentQuery) (Segments, error) {
	if q.State != "" && !translation.State(q.State).Valid() {
		return Segments{}, invalid("state", "state must be initial, translated, reviewed or final")
	}
	if q.SinceRev < 0 {
		return Segments{}, invalid("since", "since must be a rev number from an earlier answer")
	}
	out := Segments{Translation: t}
	var err error
	if out.Info, out.All, err = a.translationInfo(ctx, who, t); err != nil {
		return out, err
	}
	out.List = out.All
	if f := (store.SegmentFilter{State: q.State, OutdatedOnly: q.OutdatedOnly, SinceRev: q.SinceRev}); f != (store.SegmentFilter{}) {
		if out.List, err = a.db.Segments(ctx, t.Resource.ID, f); err != nil {
			return out, err
		}
	}
	if out.Comments, err = a.db.Comments(ctx, t.Resource.ID); err != nil {
		return out, err
	}
	if q.Archived {
		if out.Archived, err = a.db.ArchivedSegments(ctx, t.Resource.ID); err != nil {
			return out, err
		}
	}
	return out, nil
}

// SegmentChange is a translator's or reviewer's change to one segment.
type SegmentChange struct {
	Target *string
	State  *string
}

// cleanTarget normalises what a translator typed: LF line ends, no
// surrounding blank lines.
func cleanTarget(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(s)
}

// ChangeSegment applies a change to one segment: a new target needs
// Translate, the states reviewed and final need ApproveTranslation. A new
// target clears "outdated" (the translator has looked at the new source),
// and so does approving.
func (a *App) ChangeSegment(ctx context.Context, who Actor, id, sid string, req SegmentChange) (translation.StoredSegment, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return translation.StoredSegment{}, err
	}
	return a.changeSegment(ctx, who, t, sid, req)
}

func (a *App) changeSegment(ctx context.Context, who Actor, t Translation, sid string, req SegmentChange) (translation.StoredSegment, error) {
	if req.Target == nil && req.State == nil {
		return translation.StoredSegment{}, &resource.ValidationError{Field: "target", Message: "send a target, a state or both"}
	}
	var result translation.StoredSegment
	waiting := false
	err := a.db.WithTranslationLock(ctx, t.Resource.ID, func() error {
		sg, err := a.db.Segment(ctx, t.Resource.ID, sid)
		if err != nil {
			return err
		}
		next := sg
		targetChanged := false
		if req.Target != nil {
			tg := cleanTarget(*req.Target)
			if len(tg) > MaxTarget || !utf8.ValidString(tg) || strings.IndexByte(tg, 0) >= 0 {
				return &resource.ValidationError{Field: "target", Message: "must be valid UTF-8 without NUL characters, at most " + strconv.Itoa(MaxTarget) + " bytes"}
			}
			targetChanged = tg != sg.Target
			next.Target = tg
		}
		if req.State != nil {
			if !translation.State(*req.State).Valid() {
				return &resource.ValidationError{Field: "state", Message: "must be initial, translated, reviewed or final"}
			}
			next.State = translation.State(*req.State)
		} else if targetChanged {
			// Edited text goes back to "translated": it has not been reviewed.
			next.State = translation.StateTranslated
		}
		if next.Target == "" {
			next.State = translation.StateInitial
		} else if next.State == translation.StateInitial && targetChanged {
			next.State = translation.StateTranslated
		}
		x := t.Access
		if targetChanged && !x.Can(resource.Translate) {
			return ErrForbidden
		}
		if IsApproved(next.State) && (next.State != sg.State || targetChanged) {
			if !x.Can(resource.ApproveTranslation) {
				return newErr(Forbidden, "forbidden", "only reviewers and owners can set a segment %s", next.State)
			}
			if err := a.checkApproveOwn(ctx, who, t, sg, targetChanged); err != nil {
				return err
			}
		}
		if !targetChanged && next.State != sg.State && !x.CanAny(resource.Translate, resource.ApproveTranslation) {
			return ErrForbidden
		}
		switch {
		case IsMetaSegment(sg.ID):
			if err := checkMetaTarget(sg.ID, next.Target); err != nil {
				return err
			}
		case next.Target != "":
			if err := translation.CheckPlaceholders(sg.Segment(), next.Target); err != nil {
				return err
			}
		}
		if targetChanged || (IsApproved(next.State) && next.State != sg.State) {
			next.Outdated, next.PreviousSource = false, ""
		}
		if next.Target == sg.Target && next.State == sg.State && next.Outdated == sg.Outdated {
			result = sg
			return nil
		}
		result, err = a.saveSegment(ctx, who, t, store.SegmentChange{ID: sg.ID, Target: next.Target,
			State: string(next.State), Outdated: next.Outdated, PreviousSource: next.PreviousSource})
		waiting = err == nil && targetChanged && next.State == translation.StateTranslated
		return err
	})
	if waiting {
		a.segmentsWaiting(ctx, who, t.Resource.ID, 1)
	}
	return result, err
}

// saveSegment stores one segment change, rebuilds the translation's text
// from its segments, feeds the memory, and returns the segment as stored.
// Call it holding the translation lock.
func (a *App) saveSegment(ctx context.Context, who Actor, t Translation, change store.SegmentChange) (translation.StoredSegment, error) {
	if _, err := a.db.UpdateSegments(ctx, t.Resource.ID, who.ID, []store.SegmentChange{change}); err != nil {
		return translation.StoredSegment{}, err
	}
	refresh := a.refreshContent
	if IsMetaSegment(change.ID) {
		refresh = func(ctx context.Context, t Translation, _ Actor) error { return a.refreshMeta(ctx, t) }
	}
	if err := refresh(ctx, t, who); err != nil {
		return translation.StoredSegment{}, err
	}
	saved, err := a.db.Segment(ctx, t.Resource.ID, change.ID)
	if err != nil {
		return translation.StoredSegment{}, err
	}
	return saved, a.feedMemory(ctx, t, []translation.StoredSegment{saved})
}

// MarkMinor clears a segment's outdated flag without changing its state:
// the source's editors (and the translation's reviewers) say the change did
// not alter the meaning.
func (a *App) MarkMinor(ctx context.Context, who Actor, id, sid string) (translation.StoredSegment, error) {
	t, err := a.translationFor(ctx, who, id)
	if err != nil {
		return translation.StoredSegment{}, err
	}
	if !who.SignedIn() {
		return translation.StoredSegment{}, ErrUnauthorized
	}
	if ok, err := a.canMarkMinor(ctx, who, t); err != nil || !ok {
		if err == nil {
			err = newErr(Forbidden, "forbidden", "only the source's editors and this translation's reviewers can mark a change minor")
		}
		return translation.StoredSegment{}, err
	}
	var result translation.StoredSegment
	err = a.db.WithTranslationLock(ctx, t.Resource.ID, func() error {
		sg, err := a.db.Segment(ctx, t.Resource.ID, sid)
		if err != nil {
			return err
		}
		result = sg
		if !sg.Outdated {
			return nil
		}
		if sg.Target != "" {
			if err := translation.CheckPlaceholders(sg.Segment(), sg.Target); err != nil {
				return err
			}
		}
		result, err = a.saveSegment(ctx, who, t, store.SegmentChange{ID: sg.ID, Target: sg.Target, State: string(sg.State)})
		return err
	})
	return result, err
}

// canMarkMinor: this translation's approvers, or the source's editors.
func (a *App) canMarkMinor(ctx context.Context, who Actor, t Translation) (bool, error) {
	if t.Access.Can(resource.ApproveTranslation) {
		return true, nil
	}
	if !who.SignedIn() {
		return false, nil
	}
	_, _, err := a.resourceFor(ctx, who, t.Source.SourceID, resource.EditContent)
	return err == nil, nil
}

// SegmentReview is a reviewer's action on a segment: approve, final or
// send_back (with a comment saying what needs changing).
type SegmentReview struct {
	Action, Comment string
}

// ReviewSegment approves a segment (reviewed or final) or sends it back to
// the translators (state translated, or initial when empty) with a comment.
func (a *App) ReviewSegment(ctx context.Context, who Actor, id, sid string, req SegmentReview) (translation.StoredSegment, []translation.Comment, error) {
	t, err := a.translationFor(ctx, who, id, resource.ApproveTranslation)
	if err != nil {
		return translation.StoredSegment{}, nil, err
	}
	sg, err := a.reviewSegment(ctx, who, t, sid, req)
	if err != nil {
		return sg, nil, err
	}
	comments, err := a.db.Comments(ctx, t.Resource.ID)
	return sg, comments[sg.ID], err
}

func (a *App) reviewSegment(ctx context.Context, who Actor, t Translation, sid string, req SegmentReview) (translation.StoredSegment, error) {
	comment := strings.TrimSpace(strings.ReplaceAll(req.Comment, "\r\n", "\n"))
	if utf8.RuneCountInString(comment) > 5000 {
		return translation.StoredSegment{}, &resource.ValidationError{Field: "comment", Message: "must be at most 5000 characters"}
	}
	var state translation.State
	switch req.Action {
	case "approve":
		state = translation.StateReviewed
	case "final":
		state = translation.StateFinal
	case "send_back":
		if comment == "" {
			return translation.StoredSegment{}, &resource.ValidationError{Field: "comment", Message: "say what needs changing when sending a segment back"}
		}
		state = translation.StateTranslated
	default:
		return translation.StoredSegment{}, &resource.ValidationError{Field: "action", Message: "must be approve, final or send_back"}
	}
	sg, err := a.db.Segment(ctx, t.Resource.ID, sid)
	if err != nil {
		return sg, err
	}
	if sg.Target == "" {
		if req.Action != "send_back" {
			return sg, &resource.ValidationError{Field: "action", Message: "an untranslated segment cannot be approved"}
		}
		state = translation.StateInitial
	}
	if req.Action == "send_back" {
		if _, err := a.db.AddComment(ctx, t.Resource.ID, sid, who.ID, comment, true); err != nil {
			return sg, err
		}
		translator := sg.TranslatedBy // who wrote the text (a state change keeps it)
		if translator == "" {
			translator = sg.UpdatedBy
		}
		// Sending back changes only the state; approving is for reviewers.
		err := a.db.WithTranslationLock(ctx, t.Resource.ID, func() error {
			if sg.State == state {
				return nil
			}
			var err error
			sg, err = a.saveSegment(ctx, who, t, store.SegmentChange{ID: sg.ID, Target: sg.Target, State: string(state),
				Outdated: sg.Outdated, PreviousSource: sg.PreviousSource})
			return err
		})
		if err == nil {
			a.segmentsSentBack(ctx, who, t.Resource.ID, translator)
		}
		return sg, err
	}
	if comment != "" {
		if _, err := a.db.AddComment(ctx, t.Resource.ID, sid, who.ID, comment, false); err != nil {
			return sg, err
		}
	}
	st := string(state)
	return a.changeSegment(ctx, who, t, sid, SegmentChange{State: &st})
}

// CommentSegment adds a note to a segment for the people working on it.
func (a *App) CommentSegment(ctx context.Context, who Actor, id, sid, body string) (translation.Comment, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return translation.Comment{}, err
	}
	body = strings.TrimSpace(body)
	if body == "" || utf8.RuneCountInString(body) > 5000 {
		return translation.Comment{}, &resource.ValidationError{Field: "body", Message: "is required, at most 5000 characters"}
	}
	if _, err := a.db.Segment(ctx, t.Resource.ID, sid); err != nil {
		return translation.Comment{}, err
	}
	return a.db.AddComment(ctx, t.Resource.ID, sid, who.ID, body, false)
}

// presenceWindow is how long a heartbeat keeps someone listed.
const presenceWindow = 30 * time.Second

// Presence records that the caller is on a translation's page (at a
// segment) and returns everyone seen lately, and the translation's rev.
func (a *App) Presence(ctx context.Context, who Actor, id, segment string) ([]translation.Peer, int64, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return nil, 0, err
	}
	if len(segment) > 64 {
		segment = ""
	}
	peers, err := a.db.TouchPresence(ctx, t.Resource.ID, who.ID, segment, presenceWindow)
	return peers, t.Source.Rev, err
}

// Workbench is what the translator's page shows: the segments, what the
// caller may do with them, and memory suggestions for one segment.
type Workbench struct {
	Segments
	CanMinor    bool
	Suggestions []translation.Suggestion // for the segment asked about
	// Kinds names the segments that are not sentences of the text:
	// "title", "summary" or "alt" (an image's description), by id.
	Kinds map[string]string
	// Accessibility checks the translation's working text, for its reviewers (nil for others).
	Accessibility *AccessibilitySummary
}

// Workbench loads the translator's page for people who translate or review.
func (a *App) Workbench(ctx context.Context, who Actor, id string, q SegmentQuery, suggestFor string) (Workbench, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return Workbench{}, err
	}
	var w Workbench
	if w.Segments, err = a.segments(ctx, who, t, q); err != nil {
		return w, err
	}
	if w.CanMinor, err = a.canMarkMinor(ctx, who, t); err != nil {
		return w, err
	}
	w.Kinds = map[string]string{TitleSegment: TitleSegment, SummarySegment: SummarySegment}
	if doc, err := translation.SegmentMarkdown([]byte(t.Source.SourceText)); err == nil {
		for _, sg := range doc.Segments {
			if sg.Alt {
				w.Kinds[sg.ID] = "alt"
			}
		}
	}
	for _, sg := range w.All {
		if sg.ID == suggestFor {
			if w.Suggestions, err = a.suggestions(ctx, who, t, sg); err != nil {
				return w, err
			}
		}
	}
	if t.Access.Can(resource.ApproveTranslation) {
		r := t.Resource
		if err := a.withCurrentText(ctx, &r); err != nil {
			return w, err
		}
		sum, _, err := a.accessibilityOf(ctx, r, r.Content)
		if err != nil {
			return w, err
		}
		w.Accessibility = &sum
	}
	return w, nil
}

// Self-approval: whether a translator may approve (set reviewed or final)
// the segments whose text they wrote. Each translation has a setting; by
// default it is allowed when nobody holds the reviewer role on the
// translation (an owner translating alone must be able to finish), and
// refused once there is a reviewer, so that a second person looks at
// every text.

// approveOwnAllowed is the decision from the setting and the roles.
func approveOwnAllowed(setting *bool, hasReviewer bool) bool {
	if setting != nil {
		return *setting
	}
	return !hasReviewer
}

// mayApproveOwn applies the policy to translation t.
func (a *App) mayApproveOwn(ctx context.Context, t Translation) (bool, error) {
	if t.Source.ApproveOwn != nil {
		return *t.Source.ApproveOwn, nil
	}
	list, err := a.db.Collaborators(ctx, t.Resource.ID)
	if err != nil {
		return false, err
	}
	has := false
	for _, c := range list {
		has = has || c.Role == resource.RoleReviewer
	}
	return approveOwnAllowed(nil, has), nil
}

// ErrApproveOwn refuses approving a text one wrote where the translation's
// policy asks for a second person.
var ErrApproveOwn = newErr(Forbidden, "approve_own", "you wrote this translation: this translation's policy asks another reviewer to approve it")

// checkApproveOwn refuses who approving segment sg when they wrote its text
// (now, with writing, or before) and the policy does not allow it.
func (a *App) checkApproveOwn(ctx context.Context, who Actor, t Translation, sg translation.StoredSegment, writing bool) error {
	if !writing && (sg.TranslatedBy == "" || sg.TranslatedBy != who.ID) {
		return nil
	}
	ok, err := a.mayApproveOwn(ctx, t)
	if err != nil {
		return err
	}
	if !ok {
		return ErrApproveOwn
	}
	return nil
}

// SelfApproval is a translation's setting on approving one's own segments:
// "default", "allowed" or "not_allowed".
type SelfApproval string

// The settings; SelfApprovalDefault follows the roles (see approveOwnAllowed).
const (
	SelfApprovalDefault    SelfApproval = "default"
	SelfApprovalAllowed    SelfApproval = "allowed"
	SelfApprovalNotAllowed SelfApproval = "not_allowed"
)

// SetSelfApproval changes whether translators may approve their own
// segments on a translation; its configurers (owners) may.
func (a *App) SetSelfApproval(ctx context.Context, who Actor, id string, setting SelfApproval) error {
	t, err := a.translationFor(ctx, who, id, resource.Configure)
	if err != nil {
		return err
	}
	var v *bool
	switch setting {
	case SelfApprovalDefault:
	case SelfApprovalAllowed:
		v = ptrTo(true)
	case SelfApprovalNotAllowed:
		v = ptrTo(false)
	default:
		return invalid("self_approval", "must be default, allowed or not_allowed")
	}
	if err := a.db.SetApproveOwn(ctx, t.Resource.ID, v); err != nil {
		return err
	}
	a.audit(ctx, who, "translation.self_approval", t.Resource.ID, map[string]any{"setting": string(setting)})
	return nil
}

func ptrTo[T any](v T) *T { return &v }

// selfApprovalOf names a stored setting.
func selfApprovalOf(v *bool) SelfApproval {
	switch {
	case v == nil:
		return SelfApprovalDefault
	case *v:
		return SelfApprovalAllowed
	}
	return SelfApprovalNotAllowed
}
