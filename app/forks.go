package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// ForkRequest is what the person forking chooses; nil fields keep the source's.
type ForkRequest struct {
	Title      *string
	License    *string
	Language   *string
	Purpose    string
	Visibility *string
}

// ForkResult is a new fork with the licence warnings the choice carried.
type ForkResult struct {
	Resource resource.Resource
	Warnings []string
}

// Fork makes a derived copy of a resource for the caller. The licence
// engine decides: No-Derivatives and unknown licences refuse, a licence the
// source does not allow is refused with the allowed list, and "warn"
// choices go through with their reason returned.
func (a *App) Fork(ctx context.Context, who Actor, id string, req ForkRequest) (ForkResult, error) {
	src, _, err := a.resourceFor(ctx, who, id, resource.Derive)
	if err != nil {
		return ForkResult{}, err
	}
	if err := license.CanAdapt(src.License); err != nil {
		return ForkResult{}, err
	}
	target := license.DefaultForFork(src.License)
	if req.License != nil && strings.TrimSpace(*req.License) != "" {
		target = strings.TrimSpace(*req.License)
	}
	choice, err := license.CheckDerivative(src.License, target)
	if errors.Is(err, license.ErrUnknown) {
		return ForkResult{}, &resource.ValidationError{Field: "license", Message: "“" + target + "” is not a licence we know; use an SPDX id such as CC-BY-4.0"}
	}
	if err != nil {
		return ForkResult{}, err
	}
	var res ForkResult
	if choice.Verdict == license.VerdictWarn {
		res.Warnings = append(res.Warnings, choice.License.Name+": "+choice.Reason)
	}
	vis := resource.Private
	if src.Visibility == resource.Public {
		vis = resource.Public
	}
	r := resource.Resource{Kind: resource.Fork, Title: src.Title, Summary: src.Summary, Language: src.Language,
		License: choice.License.ID, Subjects: src.Subjects, Level: src.Level, Visibility: vis, Owner: who.person()}
	if err := r.Apply(resource.Fields{Title: req.Title, Language: req.Language, Visibility: req.Visibility}); err != nil {
		return ForkResult{}, err
	}
	if err := a.checkDerivativeVisibility(ctx, who, src.ID, r.Visibility); err != nil {
		return ForkResult{}, err
	}
	purpose := strings.TrimSpace(req.Purpose)
	if len([]rune(purpose)) > 500 {
		return ForkResult{}, &resource.ValidationError{Field: "purpose", Message: "must be at most 500 characters"}
	}
	rev, err := a.ensureRevision(ctx, src.ID)
	if err != nil {
		return ForkResult{}, err
	}
	chain, err := a.sourceSnapshot(ctx, src, rev)
	if err != nil {
		return ForkResult{}, err
	}
	snap, err := json.Marshal(chain)
	if err != nil {
		return ForkResult{}, err
	}
	res.Resource, _, err = a.db.CreateFork(ctx, store.NewFork{Resource: r, SourceID: src.ID, SourceRevision: rev,
		Purpose: purpose, Snapshot: snap, AuthorID: who.ID})
	if err != nil {
		return ForkResult{}, err
	}
	a.audit(ctx, who, "resource.fork", res.Resource.ID, map[string]any{"source": src.ID, "revision": rev.ID})
	a.derivativeCreated(ctx, who, KindForkCreated, res.Resource.ID, src.ID, nil)
	return res, nil
}

// Approval is a reviewer's endorsement of a derivative.
type Approval struct {
	ByID, ByName string
	At           time.Time
	Revision     string // the derivative's revision that was approved
	Number       int64  // and its number, for people
	Proposal     string
}

// Derivation is how a fork was derived, as the caller may see it.
type Derivation struct {
	Source          string // "" when the source is hidden from the caller
	Revision        string // the source revision forked
	Kind            string
	Purpose         string
	SourceTitle     string // HiddenTitle when hidden
	SourceLanguage  string // the source title's language; "" when hidden
	SourceHidden    bool
	SourceDeleted   bool
	SyncedRevision  string
	UpstreamChanges int // the source's revisions since the last common one
	Approved        *Approval
}

// derivationOf describes how r was derived, or returns resource.ErrNotFound
// for an original.
func (a *App) derivationOf(ctx context.Context, who Actor, r resource.Resource) (Derivation, versioning.Derivation, error) {
	d, err := a.db.DerivationOf(ctx, r.ID)
	if err != nil {
		return Derivation{}, d, err
	}
	out := Derivation{Source: d.SourceID, Revision: d.SourceRevision, Kind: d.Kind, Purpose: d.Purpose, SyncedRevision: d.SyncedRevision}
	if chain, err := decodeChain(d.Snapshot); err == nil && len(chain) > 0 {
		out.SourceTitle, out.SourceLanguage = chain[0].Title, chain[0].Language
	}
	ok, err := a.creditable(ctx, who, d.SourceID)
	if err != nil {
		return out, d, err
	}
	if !ok[d.SourceID] {
		out = Derivation{Kind: d.Kind, Purpose: d.Purpose, SourceTitle: HiddenTitle, SourceHidden: true}
	} else {
		n, deleted, err := a.upstreamChanges(ctx, d)
		if err != nil {
			return out, d, err
		}
		out.UpstreamChanges, out.SourceDeleted = n, deleted
	}
	props, err := a.db.ProposalsForFork(ctx, r.ID)
	if err != nil {
		return out, d, err
	}
	for _, p := range props {
		if p.Kind == "endorse" && p.Status == versioning.ProposalApproved && p.ApprovedAt != nil {
			out.Approved = &Approval{ByID: p.ApprovedBy, ByName: p.ApprovedByName, At: *p.ApprovedAt, Revision: p.ApprovedRevision,
				Number: p.ApprovedRevisionNumber, Proposal: p.ID}
			break
		}
	}
	return out, d, nil
}

// upstreamChanges counts the source's revisions since the last common one
// (plus its current text when no revision holds it yet). A text that came
// back to the base counts as no change.
func (a *App) upstreamChanges(ctx context.Context, d versioning.Derivation) (int, bool, error) {
	if _, err := a.db.Resource(ctx, d.SourceID); errors.Is(err, resource.ErrNotFound) {
		return 0, true, nil
	} else if err != nil {
		return 0, false, err
	}
	base, err := a.db.Revision(ctx, d.Base())
	if err != nil {
		return 0, false, err
	}
	cur, err := a.texts.Current(ctx, d.SourceID)
	if err != nil {
		return 0, false, err
	}
	if cur.Text == base.Content {
		return 0, false, nil
	}
	n, err := a.db.CountRevisionsAfter(ctx, d.SourceID, base.Version)
	if err != nil {
		return 0, false, err
	}
	if latest, err := a.db.LatestRevision(ctx, d.SourceID); err == nil && latest.Content != cur.Text {
		n++
	}
	return max(n, 1), false, nil
}

// ForkOptions is what the fork form offers for a source: the licences a
// fork may carry (with the reasons for those not recommended), or why
// forking is not allowed at all.
type ForkOptions struct {
	Source    resource.Resource
	Forbidden string
	Licenses  []license.Choice
	// Existing lists the adaptations and translations of the source the
	// caller may list: perhaps one already does what they need.
	Existing []SimilarResource
}

// ForkOptions loads what the fork form needs; anyone who may read the source sees it.
func (a *App) ForkOptions(ctx context.Context, who Actor, id string) (ForkOptions, error) {
	src, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return ForkOptions{}, err
	}
	out := ForkOptions{Source: src}
	if out.Existing, err = a.familyIn(ctx, who, src, ""); err != nil {
		return out, err
	}
	if err := license.CanAdapt(src.License); err != nil {
		out.Forbidden = err.Error()
		return out, nil
	}
	choices, err := license.DerivativeChoices(src.License)
	if err != nil {
		return out, err
	}
	for _, ch := range choices {
		if ch.Verdict != license.VerdictNo {
			out.Licenses = append(out.Licenses, ch)
		}
	}
	return out, nil
}
