package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/media"
	"github.com/commonplace/commonplace/resource"
)

// NewImport is one resource made from an imported document.
type NewImport struct {
	Resource    resource.Resource // ID set by the caller (the text refers to its images by it)
	Attribution []byte            // spans of the first text (JSON)
	Source      []byte            // the work the file names (JSON), nil when it names none
	FileName    string
	Format      string
	Images      []media.Record
}

// CreateImported stores every resource of one import in a single transaction: all of them,
// with their sources and pictures, or none.
func (db *DB) CreateImported(ctx context.Context, items []NewImport) ([]resource.Resource, error) {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		for _, it := range items {
			r := it.Resource
			if r.ID == "" {
				return fmt.Errorf("import: a resource without an id")
			}
			r.FamilyID = NewID()
			if r.Kind == "" {
				r.Kind = resource.Original
			}
			if r.Subjects == nil {
				r.Subjects = []string{}
			}
			if err := insertResource(ctx, tx, r, it.Attribution); err != nil {
				return err
			}
			if it.Source != nil {
				if _, err := tx.Exec(ctx, `INSERT INTO imported_sources (resource_id, source, file_name, format, content)
					VALUES ($1, $2, $3, $4, $5)`, r.ID, string(it.Source), it.FileName, it.Format, r.Content); err != nil {
					return fmt.Errorf("insert imported source of %s: %w", r.ID, err)
				}
			}
			for _, img := range it.Images {
				img.ResourceID = r.ID
				if err := insertImage(ctx, tx, img); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create imported resources: %w", err)
	}
	out := make([]resource.Resource, 0, len(items))
	for _, it := range items {
		r, err := db.Resource(ctx, it.Resource.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ImportedSource returns the source an imported resource credits (JSON) and the text as it
// was imported, or ErrNotFound when it was not imported or names no source.
func (db *DB) ImportedSource(ctx context.Context, resourceID string) (source []byte, content string, err error) {
	if !validID(resourceID) {
		return nil, "", fmt.Errorf("imported source of %q: %w", resourceID, ErrNotFound)
	}
	var raw string
	err = db.Pool.QueryRow(ctx, `SELECT source::text, content FROM imported_sources WHERE resource_id = $1`, resourceID).Scan(&raw, &content)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", fmt.Errorf("imported source of %s: %w", resourceID, ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("imported source of %s: %w", resourceID, err)
	}
	return []byte(raw), content, nil
}
