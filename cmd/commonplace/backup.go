package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/commonplace/commonplace/store"
)

// backup writes a pg_dump custom-format file of the database. With the
// private cluster it works whether or not serve runs: a running service's
// cluster is used over its socket, otherwise the cluster is started for the
// backup and stopped after.
func backup(ctx context.Context, c config) error {
	log := newLogger(c, os.Stderr)
	file, err := filepath.Abs(c.File)
	if err != nil {
		return err
	}
	url := c.DatabaseURL
	if url == "" {
		cluster := &store.Cluster{Dir: filepath.Join(c.Data, "postgres"), Database: "commonplace", Logger: log}
		if err := cluster.StartOrAttach(ctx); err != nil {
			return fmt.Errorf("private PostgreSQL: %w", err)
		}
		defer cluster.Stop(context.Background())
		url = cluster.URL()
	}
	if err := store.Backup(ctx, url, file); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fi, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	log.Info("backup written", "file", file, "bytes", fi.Size())
	return nil
}

// restore loads a backup. Into the private cluster it needs the data folder
// to itself (stop serve first) and replaces a database holding data only with
// --replace; into a --database-url the database must be empty. Migrations run
// after, so a backup from an older version is brought up to date.
func restore(ctx context.Context, c config) error {
	log := newLogger(c, os.Stderr)
	file, err := filepath.Abs(c.File)
	if err != nil {
		return err
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	url := c.DatabaseURL
	if url != "" {
		if err := store.Restore(ctx, url, file); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	} else {
		cluster := &store.Cluster{Dir: filepath.Join(c.Data, "postgres"), Database: "commonplace", Logger: log}
		if err := cluster.Start(ctx); err != nil {
			return fmt.Errorf("restore needs the service stopped: %w", err)
		}
		defer cluster.Stop(context.Background())
		if err := cluster.Restore(ctx, file, c.Replace); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		url = cluster.URL()
	}
	if err := store.Migrate(ctx, url); err != nil {
		return fmt.Errorf("migrate the restored database: %w", err)
	}
	log.Info("backup restored", "file", file)
	return nil
}
