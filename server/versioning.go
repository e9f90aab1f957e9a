package server

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// versioningState is what the revision, fork and proposal handlers share.
type versioningState struct {
	// policy decides when edits made through the API or forms are cut into
	// checkpoint revisions (the live hub applies its own through s.checkpoint).
	policy versioning.CheckpointPolicy
	// familyLimit bounds how many resources a family graph loads.
	familyLimit int
}

// setupVersioning wires revisions, forks, merges, proposals, blame and
// attribution into the foundation's hooks. Called once from New.
func (s *Server) setupVersioning() {
	s.vers = &versioningState{policy: versioning.DefaultCheckpointPolicy(), familyLimit: 500}
	s.checkpoint = s.cutCheckpoint
	s.resourceDecorators = append(s.resourceDecorators, s.decorateDerivedFrom)
	s.pageDecorators = append(s.pageDecorators, s.decorateVersioningPage)
	s.licenseChecks = append(s.licenseChecks, s.checkDerivativeLicense)
}

// cutCheckpoint records the current text of a resource as a checkpoint
// revision, unless it equals the last revision's text. version is the
// version the caller saw due; the text read may be newer, which is fine: a
// checkpoint is a snapshot of "now". Failures are logged, not returned: a
// missed checkpoint loses nothing (the op log and snapshots keep the text).
func (s *Server) cutCheckpoint(ctx context.Context, resourceID string, version int64) {
	if _, _, err := s.cutRevision(ctx, resourceID, versioning.RevCheckpoint, "", "", true); err != nil {
		s.log.WarnContext(ctx, "checkpoint failed", "resource", resourceID, "version", version, "err", err)
	}
}

// cutRevision records the current text of a resource as a revision of the
// given kind. With skipIfSame, an unchanged text returns the latest
// revision instead (created is false).
func (s *Server) cutRevision(ctx context.Context, resourceID, kind, message, authorID string, skipIfSame bool) (versioning.Revision, bool, error) {
	cur, err := s.texts.Current(ctx, resourceID)
	if err != nil {
		return versioning.Revision{}, false, fmt.Errorf("cut revision of %s: %w", resourceID, err)
	}
	attr, err := json.Marshal(normalAttribution(cur.Attribution))
	if err != nil {
		return versioning.Revision{}, false, fmt.Errorf("cut revision of %s: %w", resourceID, err)
	}
	return s.db.CreateRevision(ctx, store.NewRevision{ResourceID: resourceID, Version: cur.Version, Content: cur.Text,
		Attribution: attr, Message: message, Kind: kind, AuthorID: authorID, SkipIfSame: skipIfSame})
}

// ensureRevision returns a revision holding the resource's current text,
// cutting a checkpoint when the latest revision does not (resources created
// before versioning existed get their first revision here).
func (s *Server) ensureRevision(ctx context.Context, resourceID string) (versioning.Revision, error) {
	rev, _, err := s.cutRevision(ctx, resourceID, versioning.RevCheckpoint, "", "", true)
	return rev, err
}

// checkpointIfIdle runs before a whole-text replacement made through the
// API or a form: when the document had been quiet for the policy's idle time
// since lastEdit, its text before this edit is cut as a checkpoint.
func (s *Server) checkpointIfIdle(ctx context.Context, resourceID string, version int64, lastEdit time.Time) {
	if s.vers.policy.Due(s.opsSinceRevision(ctx, resourceID, version), time.Since(lastEdit)) {
		s.cutCheckpoint(ctx, resourceID, version)
	}
}

// opsSinceRevision counts the versions since the latest revision (all of
// them when there is none yet).
func (s *Server) opsSinceRevision(ctx context.Context, resourceID string, version int64) int {
	last, err := s.db.LatestRevision(ctx, resourceID)
	if err != nil {
		return int(version) + 1
	}
	return int(version - last.Version)
}

// checkpointIfBusy runs after a replacement: once the policy's op count has
// piled up since the last revision, the new text is cut as a checkpoint.
func (s *Server) checkpointIfBusy(ctx context.Context, resourceID string, version int64) {
	if s.vers.policy.EveryOps > 0 && s.opsSinceRevision(ctx, resourceID, version) >= s.vers.policy.EveryOps {
		s.cutCheckpoint(ctx, resourceID, version)
	}
}

// normalAttribution never returns nil, so JSON holds [] rather than null.
func normalAttribution(a collab.Attribution) collab.Attribution {
	if a == nil {
		return collab.Attribution{}
	}
	return a
}

// spansOf decodes stored attribution JSON.
func spansOf(raw []byte) ([]versioning.Span, error) {
	var a collab.Attribution
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, fmt.Errorf("decode attribution: %w", err)
		}
	}
	return toVersioningSpans(a), nil
}

// authorIDs lists the distinct authors of spans in order of first appearance.
func authorIDs(spans []versioning.Span) []string {
	seen := map[string]bool{}
	var out []string
	for _, sp := range spans {
		if sp.Author != "" && !seen[sp.Author] {
			seen[sp.Author] = true
			out = append(out, sp.Author)
		}
	}
	return out
}
