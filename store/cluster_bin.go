package store

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// ErrNoPostgres means the PostgreSQL server binaries are not installed.
var ErrNoPostgres = errors.New("PostgreSQL server binaries (initdb, postgres) not found: install them with `apt-get install -y postgresql` or set DATABASE_URL")

// BinDir finds the directory holding initdb and postgres: PATH first, then
// Debian's versioned directories, newest first.
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("postgres"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	best, bestVer := "", -1
	for _, m := range matches {
		ver, err := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(m))))
		if err != nil {
			continue
		}
		if ver > bestVer {
			best, bestVer = filepath.Dir(m), ver
		}
	}
	if best == "" {
		return "", ErrNoPostgres
	}
	return best, nil
}

// clientTool finds a client program (pg_dump, pg_restore) of the same
// PostgreSQL version as the server binaries: beside them, beside what they
// link to (PATH may hold symlinks to a versioned directory), then on PATH.
// A dump made by another major version may not restore, so the server's own
// tools come first.
func clientTool(name string) (string, error) {
	if bin, err := BinDir(); err == nil {
		dirs := []string{bin}
		if real, err := filepath.EvalSymlinks(filepath.Join(bin, "postgres")); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
		for _, d := range dirs {
			p := filepath.Join(d, name)
			if fi, err := os.Stat(p); err == nil && fi.Mode()&0o111 != 0 {
				return p, nil
			}
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", errors.New(name + " not found: install the PostgreSQL client programs (`apt-get install -y postgresql-client`)")
	}
	return p, nil
}
