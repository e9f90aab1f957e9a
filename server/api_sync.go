package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

type resolutionJSON struct {
	Index int    `json:"index"`
	Take  string `json:"take"`
	Text  string `json:"text"`
}

type syncRequest struct {
	Resolutions []resolutionJSON `json:"resolutions"`
	// Upstream and Version, when given, are the source revision and the
	// fork version the caller resolved conflicts against; if either moved
	// the merge is refused (409 stale) rather than applying resolutions to
	// different conflicts.
	Upstream string `json:"upstream"`
	Version  *int64 `json:"version"`
}

type conflictJSON struct {
	Index  int    `json:"index"`
	Base   string `json:"base"`
	Ours   string `json:"ours"`
	Theirs string `json:"theirs"`
}

// mergePlan is a three-way merge worked out but not applied.
type mergePlan struct {
	Target resource.Resource   // what receives the changes
	Base   versioning.Revision // last common revision
	Theirs versioning.Revision // the revision whose changes come in
	Ours   TextState           // the target's text now
	Result versioning.MergeResult
}

func (p mergePlan) upToDate() bool {
	return p.Theirs.ID == p.Base.ID || p.Theirs.Content == p.Base.Content
}

func (p mergePlan) conflicts() []conflictJSON {
	out := []conflictJSON{}
	for _, cf := range p.Result.Conflicts {
		out = append(out, conflictJSON{Index: cf.Index, Base: cf.Base, Ours: cf.Ours, Theirs: cf.Theirs})
	}
	return out
}

func (p mergePlan) conflictError() error {
	return &apiError{Status: http.StatusConflict, Code: "merge_conflict",
		Message: "both sides changed the same lines; resolve the conflicts (take mine, take theirs or edit) and merge again; nothing was changed",
		Extra:   map[string]any{"conflicts": p.conflicts(), "upstream": p.Theirs.ID, "base": p.Base.ID, "version": p.Ours.Version}}
}

var errStale = newError(http.StatusConflict, "stale", "the texts changed since the conflicts were shown; look at them again")

// syncPlan works out the merge of a fork's upstream changes into it.
func (s *Server) syncPlan(c echo.Context, forkID string) (mergePlan, versioning.Derivation, error) {
	fork, _, err := s.resourceFor(c, forkID, resource.EditContent)
	if err != nil {
		return mergePlan{}, versioning.Derivation{}, err
	}
	ctx := c.Request().Context()
	d, err := s.db.DerivationOf(ctx, fork.ID)
	if errors.Is(err, store.ErrNotFound) {
		return mergePlan{}, d, newError(http.StatusUnprocessableEntity, "not_derived", "this resource was not derived from another, so there is nothing upstream to merge")
	}
	if err != nil {
		return mergePlan{}, d, err
	}
	if _, _, err := s.resourceFor(c, d.SourceID, resource.View); err != nil {
		if errors.Is(err, errNotFound) || errors.Is(err, store.ErrNotFound) {
			return mergePlan{}, d, newError(http.StatusConflict, "source_unavailable", "the source was deleted or you can no longer read it, so there is nothing to merge")
		}
		return mergePlan{}, d, err
	}
	plan := mergePlan{Target: fork}
	if plan.Theirs, err = s.ensureRevision(ctx, d.SourceID); err != nil {
		return plan, d, err
	}
	if plan.Base, err = s.db.Revision(ctx, d.Base()); err != nil {
		return plan, d, err
	}
	if plan.Ours, err = s.texts.Current(ctx, fork.ID); err != nil {
		return plan, d, err
	}
	if plan.upToDate() {
		return plan, d, nil
	}
	plan.Result, err = versioning.Merge3(plan.Base.Content, plan.Ours.Text, plan.Theirs.Content)
	return plan, d, err
}

// resolvedText is the merged text of plan, using resolutions for conflicts.
func resolvedText(plan mergePlan, req syncRequest) (string, error) {
	if req.Upstream != "" && req.Upstream != plan.Theirs.ID {
		return "", errStale
	}
	if req.Version != nil && *req.Version != plan.Ours.Version {
		return "", errStale
	}
	if plan.Result.Clean() {
		return plan.Result.Text, nil
	}
	if len(req.Resolutions) == 0 {
		return "", plan.conflictError()
	}
	res := make([]versioning.Resolution, len(req.Resolutions))
	for i, r := range req.Resolutions {
		res[i] = versioning.Resolution{Index: r.Index, Take: r.Take, Text: r.Text}
	}
	text, err := versioning.Resolve(plan.Result, res)
	if errors.Is(err, versioning.ErrUnresolved) || errors.Is(err, versioning.ErrBadResolution) {
		return "", &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "resolutions", Message: err.Error(),
			Extra: map[string]any{"conflicts": plan.conflicts()}}
	}
	return text, err
}

// commitMerge writes merged text into plan.Target and records a merge
// revision whose parents are the target's previous revision and the
// incoming one. The merged text keeps its authors: each character is
// credited from whichever side it came from; text written while resolving
// conflicts goes to the person merging.
func (s *Server) commitMerge(ctx context.Context, plan mergePlan, text string, author Author, message string) (versioning.Revision, error) {
	prev, err := s.ensureRevision(ctx, plan.Target.ID)
	if err != nil {
		return versioning.Revision{}, err
	}
	theirSpans, err := spansOf(plan.Theirs.Attribution)
	if err != nil {
		return versioning.Revision{}, err
	}
	spans, err := versioning.CarryMerge(text,
		versioning.Attributed{Text: plan.Ours.Text, Spans: toVersioningSpans(plan.Ours.Attribution), Fallback: author.UserID},
		versioning.Attributed{Text: plan.Theirs.Content, Spans: theirSpans, Fallback: author.UserID})
	if err != nil {
		return versioning.Revision{}, err
	}
	if text != plan.Ours.Text {
		if _, err := s.texts.Replace(ctx, plan.Target.ID, author, plan.Ours.Version, text, fromVersioningSpans(spans)); err != nil {
			return versioning.Revision{}, err
		}
	}
	now, err := s.texts.Current(ctx, plan.Target.ID)
	if err != nil {
		return versioning.Revision{}, err
	}
	attr, err := json.Marshal(normalAttribution(now.Attribution))
	if err != nil {
		return versioning.Revision{}, err
	}
	rev, _, err := s.db.CreateRevision(ctx, store.NewRevision{ResourceID: plan.Target.ID, Version: now.Version, Content: now.Text,
		Attribution: attr, Message: message, Kind: versioning.RevMerge, AuthorID: author.UserID, Parents: []string{prev.ID, plan.Theirs.ID}})
	return rev, err
}

type syncResult struct {
	Status   string `json:"status"`
	Version  int64  `json:"version"`
	Revision string `json:"revision,omitempty"`
}

// syncFork merges the source's new revisions into a fork.
func (s *Server) syncFork(c echo.Context, forkID string, req syncRequest) (syncResult, error) {
	plan, d, err := s.syncPlan(c, forkID)
	if err != nil {
		return syncResult{}, err
	}
	ctx := c.Request().Context()
	if plan.upToDate() {
		if plan.Theirs.ID != plan.Base.ID {
			if err := s.db.SetSynced(ctx, d.DerivedID, plan.Theirs.ID); err != nil {
				return syncResult{}, err
			}
		}
		return syncResult{Status: "up_to_date", Version: plan.Ours.Version}, nil
	}
	text, err := resolvedText(plan, req)
	if err != nil {
		return syncResult{}, err
	}
	u := currentUser(c)
	rev, err := s.commitMerge(ctx, plan, text, Author{UserID: u.ID, Name: u.Name}, "Merged changes from the source")
	if err != nil {
		return syncResult{}, err
	}
	if err := s.db.SetSynced(ctx, d.DerivedID, plan.Theirs.ID); err != nil {
		return syncResult{}, err
	}
	s.audit(ctx, c, "resource.sync", d.DerivedID, map[string]any{"upstream": plan.Theirs.ID, "revision": rev.ID})
	return syncResult{Status: "merged", Version: rev.Version, Revision: rev.ID}, nil
}

func (s *Server) apiSync(c echo.Context) error {
	var req syncRequest
	if err := readOptionalJSON(c, &req); err != nil {
		return err
	}
	res, err := s.syncFork(c, c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// readOptionalJSON is readJSON for endpoints whose body may be left out.
func readOptionalJSON(c echo.Context, v any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return newError(http.StatusBadRequest, "bad_request", "could not read the request body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	c.Request().Body = io.NopCloser(bytes.NewReader(body))
	return readJSON(c, v)
}
