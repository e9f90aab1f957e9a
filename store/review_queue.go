package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

// TranslationToReview is a translation with segments waiting for review, as
// counted for one user holding one of the approving roles on it. The app
// decides from ApproveOwn and HasReviewer whether the segments the user
// translated themselves count.
type TranslationToReview struct {
	Resource       resource.Resource // id, title, language, visibility and owner
	SourceLanguage string
	ApproveOwn     *bool
	HasReviewer    bool
	Waiting        int // translated segments (with text), not yet reviewed
	WaitingMine    int // of those, the ones userID translated
}

// TranslationsToReview lists the translations where userID holds one of
// roles and some segment is translated but not reviewed, oldest change
// first, at most 200.
func (db *DB) TranslationsToReview(ctx context.Context, userID string, roles []resource.Role) ([]TranslationToReview, error) {
	rows, err := db.Pool.Query(ctx, `SELECT r.id, r.title, r.language, r.visibility, o.id, o.handle, o.name, ts.source_language, ts.approve_own,
		EXISTS (SELECT 1 FROM collaborators rv WHERE rv.resource_id = r.id AND rv.role = 'reviewer'),
		count(*), count(*) FILTER (WHERE s.translated_by = $1)
		FROM translation_segments s
		JOIN translation_sources ts ON ts.translation_id = s.translation_id
		JOIN resources r ON r.id = s.translation_id AND r.deleted_at IS NULL
		JOIN users o ON o.id = r.owner_id
		JOIN collaborators c ON c.resource_id = r.id AND c.user_id = $1 AND c.role = ANY($2)
		WHERE s.state = 'translated' AND s.target <> ''
		GROUP BY r.id, o.id, ts.translation_id
		ORDER BY min(s.updated_at), r.id LIMIT 200`, userID, roleNames(roles))
	if err != nil {
		return nil, fmt.Errorf("translations to review: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (TranslationToReview, error) {
		var t TranslationToReview
		err := row.Scan(&t.Resource.ID, &t.Resource.Title, &t.Resource.Language, &t.Resource.Visibility, &t.Resource.Owner.ID,
			&t.Resource.Owner.Handle, &t.Resource.Owner.Name, &t.SourceLanguage, &t.ApproveOwn, &t.HasReviewer, &t.Waiting, &t.WaitingMine)
		t.Resource.Kind = resource.Translation
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("translations to review: %w", err)
	}
	return out, nil
}
