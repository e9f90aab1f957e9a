package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Restore loads a Backup file into the cluster's database. The cluster must
// have been started by this process (no service may run on the folder: its
// hubs would not see the new data). The backup is restored into a scratch
// database and swapped in only when complete, so a failed restore changes
// nothing. A database that already holds tables is replaced only when
// replace is set.
func (c *Cluster) Restore(ctx context.Context, file string, replace bool) error {
	if c.attached || c.stopping == nil {
		return errors.New("restore needs the data folder to itself: stop the service first")
	}
	empty, err := databaseEmpty(ctx, c.URL())
	if err != nil {
		return err
	}
	if !empty && !replace {
		return fmt.Errorf("data folder %s: %w; pass --replace to drop it and restore the backup in its place", c.Folder(), ErrNotEmpty)
	}
	scratch := c.Database + "_restore"
	admin, err := pgx.Connect(ctx, c.urlFor("postgres"))
	if err != nil {
		return fmt.Errorf("connect to cluster: %w", err)
	}
	defer admin.Close(context.Background())
	dropScratch := func() error {
		_, err := admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{scratch}.Sanitize()+" WITH (FORCE)")
		return err
	}
	if err := dropScratch(); err != nil {
		return fmt.Errorf("drop %s: %w", scratch, err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{scratch}.Sanitize()); err != nil {
		return fmt.Errorf("create %s: %w", scratch, err)
	}
	if err := Restore(ctx, c.urlFor(scratch), file); err != nil {
		_ = dropScratch()
		return err
	}
	target := pgx.Identifier{c.Database}.Sanitize()
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+target+" WITH (FORCE)"); err != nil {
		_ = dropScratch()
		return fmt.Errorf("drop %s: %w", c.Database, err)
	}
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{scratch}.Sanitize()+" RENAME TO "+target); err != nil {
		return fmt.Errorf("rename restored database (it is kept as %s): %w", scratch, err)
	}
	return nil
}
