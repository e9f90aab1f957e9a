package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(cmd.Environ(), "DATABASE_URL=")
	out, err := cmd.CombinedOutput()
	return string(out), exitCode(err)
}

// TestBackupWhileServingRestoreElsewhere: `commonplace backup` works while
// serve holds the data folder; `commonplace restore` refuses a folder in use
// and one holding data, and loads the backup into a fresh folder, where a
// new service finds the text and its whole edit history.
func TestBackupWhileServingRestoreElsewhere(t *testing.T) {
	t.Parallel()
	data := dataDir(t)
	p := serveOn(t, data)
	a := newAuthor(t, p, "bea")
	v, text := int64(0), ""
	for _, tag := range []string{"Backups ", "are ", "tested."} {
		v = a.appendText(t, p, v, len(text), tag)
		text += tag
	}
	file := filepath.Join(t.TempDir(), "cp.backup")
	if out, code := runCmd(t, "backup", "--data", data, file); code != 0 {
		t.Fatalf("backup while serving: exit %d\n%s", code, out)
	}
	if out, code := runCmd(t, "restore", "--data", data, file); code != 1 || !strings.Contains(out, "in use by another commonplace process") {
		t.Fatalf("restore into a folder in use: exit %d\n%s", code, out)
	}
	p.stop()

	fresh := dataDir(t)
	if out, code := runCmd(t, "restore", "--data", fresh, file); code != 0 {
		t.Fatalf("restore into a fresh folder: exit %d\n%s", code, out)
	}
	if out, code := runCmd(t, "restore", "--data", fresh, file); code != 1 || !strings.Contains(out, "--replace") {
		t.Fatalf("restore over data without --replace: exit %d\n%s", code, out)
	}
	if out, code := runCmd(t, "restore", "--data", fresh, "--replace", file); code != 0 {
		t.Fatalf("restore --replace: exit %d\n%s", code, out)
	}
	p2 := serveOn(t, fresh)
	if got, gv := a.content(t, p2); got != text || gv != v {
		t.Fatalf("restored: v%d %q, want v%d %q", gv, got, v, text)
	}
	var ops struct{ Ops []struct{ Version int64 } }
	api(t, "GET", p2.URL+"/api/v1/resources/"+a.id+"/ops?since=0", a.token, nil, 200, &ops)
	if len(ops.Ops) != 3 || ops.Ops[2].Version != v {
		t.Fatalf("restored ops: %+v", ops.Ops)
	}
	// The signed-up account and its token came back too: the calls above
	// used the token issued before the backup.
}
