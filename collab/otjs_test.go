package collab

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// otjsCase is one case recorded from ot.js by testdata/otjs/gen.js. Ops are stored as the exact
// JSON.stringify output so that Go's encoding can be compared byte for byte.
type otjsCase struct {
	Doc     string   `json:"doc"`
	A       string   `json:"a"` // raw, possibly unnormalised
	B       string   `json:"b"`
	ANorm   string   `json:"aNorm"` // ot.js TextOperation.fromJSON(a), stringified
	BNorm   string   `json:"bNorm"`
	ABase   int      `json:"aBase"`
	ATarget int      `json:"aTarget"`
	ANoop   bool     `json:"aNoop"`
	AfterA  string   `json:"afterA"`
	AfterB  string   `json:"afterB"`
	APrime  string   `json:"aPrime"` // transform(a, b)[0]
	BPrime  string   `json:"bPrime"`
	Final   string   `json:"final"`
	C       string   `json:"c"` // an op on afterA
	AC      string   `json:"ac"`
	AfterAC string   `json:"afterAC"`
	Idx     [][3]int `json:"idx"` // index, transformed through a, through b
}

type otjsFile struct {
	Generator string     `json:"generator"`
	Seed      int        `json:"seed"`
	Cases     []otjsCase `json:"cases"`
}

const otjsGolden = "testdata/otjs-golden.json.gz"

// TestOTJSGolden compares against results recorded from ot.js and committed, so the
// differential check runs even where node is not installed.
func TestOTJSGolden(t *testing.T) {
	f, err := os.Open(otjsGolden)
	if err != nil {
		t.Fatalf("open golden file: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("gunzip golden file: %v", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("read golden file: %v", err)
	}
	n := checkOTJS(t, data)
	if n < 1000 {
		t.Fatalf("golden file has only %d cases", n)
	}
}

// TestOTJSLive runs the ot.js generator with a fresh seed and compares. It needs node and
// `npm ci` in testdata/otjs; without them it skips, except under CI where it must run.
func TestOTJSLive(t *testing.T) {
	dir := filepath.Join("testdata", "otjs")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "ot"))
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but ot.js cannot run (need node and `npm ci` in %s): %v", dir, err)
		}
		t.Skipf("skipping live ot.js comparison: need node and `npm ci` in %s (%v); the golden file is still checked", dir, err)
	}
	for _, seed := range []string{"2", "3"} {
		cmd := exec.Command(node, "gen.js", seed, "1500")
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("node gen.js %s: %v\n%s", seed, err, stderr.String())
		}
		checkOTJS(t, out)
	}
}

func checkOTJS(t *testing.T, data []byte) int {
	t.Helper()
	var file otjsFile
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("decode ot.js results: %v", err)
	}
	failures := 0
	for i, c := range file.Cases {
		if err := checkOTJSCase(c); err != "" {
			t.Errorf("%s seed %d case %d (doc %q, a %s, b %s, c %s): %s", file.Generator, file.Seed, i, c.Doc, c.A, c.B, c.C, err)
			failures++
			if failures > 10 {
				t.Fatal("too many failures")
			}
		}
	}
	return len(file.Cases)
}

// checkOTJSCase returns a description of the first mismatch, or "".
func checkOTJSCase(c otjsCase) string {
	parse := func(s string) (Op, string) {
		op, err := ParseOp([]byte(s), DefaultLimits)
		if err != nil {
			return nil, "ParseOp(" + s + "): " + err.Error()
		}
		return op, ""
	}
	js := func(op Op) string {
		b, err := op.MarshalJSON()
		if err != nil {
			return "MarshalJSON error: " + err.Error()
		}
		return string(b)
	}
	apply := func(text string, op Op) (string, string) {
		d := NewDoc(text)
		if err := d.Validate(op, DefaultLimits); err != nil {
			return "", "Validate: " + err.Error()
		}
		if err := d.Apply(op, DefaultLimits); err != nil {
			return "", "Apply: " + err.Error()
		}
		return d.String(), ""
	}
	a, msg := parse(c.A)
	if msg != "" {
		return msg
	}
	b, msg := parse(c.B)
	if msg != "" {
		return msg
	}
	if got := js(a); got != c.ANorm {
		return "normalised a = " + got + ", ot.js " + c.ANorm
	}
	if got := js(b); got != c.BNorm {
		return "normalised b = " + got + ", ot.js " + c.BNorm
	}
	if a.BaseLen() != c.ABase || a.TargetLen() != c.ATarget || a.IsNoop() != c.ANoop {
		return "lengths/isNoop of a differ"
	}
	if got, msg := apply(c.Doc, a); msg != "" || got != c.AfterA {
		return "apply a = " + got + msg + ", ot.js " + c.AfterA
	}
	if got, msg := apply(c.Doc, b); msg != "" || got != c.AfterB {
		return "apply b = " + got + msg + ", ot.js " + c.AfterB
	}
	ap, bp, err := Transform(a, b)
	if err != nil {
		return "Transform: " + err.Error()
	}
	if got := js(ap); got != c.APrime {
		return "a' = " + got + ", ot.js " + c.APrime
	}
	if got := js(bp); got != c.BPrime {
		return "b' = " + got + ", ot.js " + c.BPrime
	}
	if got, msg := apply(c.AfterA, bp); msg != "" || got != c.Final {
		return "apply b' after a = " + got + msg + ", ot.js " + c.Final
	}
	if got, msg := apply(c.AfterB, ap); msg != "" || got != c.Final {
		return "apply a' after b = " + got + msg + ", ot.js " + c.Final
	}
	cop, msg := parse(c.C)
	if msg != "" {
		return msg
	}
	ac, err := Compose(a, cop)
	if err != nil {
		return "Compose: " + err.Error()
	}
	if got := js(ac); got != c.AC {
		return "compose = " + got + ", ot.js " + c.AC
	}
	if got, msg := apply(c.Doc, ac); msg != "" || got != c.AfterAC {
		return "apply compose = " + got + msg + ", ot.js " + c.AfterAC
	}
	for _, ix := range c.Idx {
		if got := TransformIndex(ix[0], a); got != ix[1] {
			return "TransformIndex through a differs"
		}
		if got := TransformIndex(ix[0], b); got != ix[2] {
			return "TransformIndex through b differs"
		}
	}
	return ""
}
