package license

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// chartColumns are the adaptation licences of the adapter's chart, plus the three targets the
// rules add (PDM is never a target; GPL and LAL only from BY-SA 4.0 or freer material).
var chartColumns = []string{"CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
	"CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "PDM-1.0", "GPL-3.0-only", "GPL-3.0-or-later", "LAL-1.3"}

// adapterChart is licenses.md's "Licence of an adaptation of one source" table; the first seven
// columns are the table's cells verbatim, the last four are PDM, GPL-only, GPL-or-later, LAL.
var adapterChart = map[string]string{
	"CC0-1.0":          "ok   ok   ok   ok   ok   ok   ok   | no ok ok ok",
	"PDM-1.0":          "ok   ok   ok   ok   ok   ok   ok   | no ok ok ok",
	"CC-BY-4.0":        "warn ok   ok   ok   ok   warn warn | no ok ok ok",
	"CC-BY-SA-4.0":     "no   no   ok   no   no   no   no   | no ok ok ok",
	"CC-BY-NC-4.0":     "no   no   no   ok   ok   no   warn | no no no no",
	"CC-BY-NC-SA-4.0":  "no   no   no   no   ok   no   no   | no no no no",
	"GPL-3.0-only":     "no   no   no   no   no   no   no   | no ok no no",
	"GPL-3.0-or-later": "no  no   no   no   no   no   no   | no ok ok no",
	"LAL-1.3":          "no   no   ok   no   no   no   no   | no no no ok",
}

func chartRow(t *testing.T, source string) []Verdict {
	t.Helper()
	fields := strings.Fields(strings.ReplaceAll(adapterChart[source], "|", " "))
	if len(fields) != len(chartColumns) {
		t.Fatalf("chart row %s has %d cells", source, len(fields))
	}
	row := make([]Verdict, len(fields))
	for i, f := range fields {
		row[i] = Verdict(f)
	}
	return row
}

func TestAdapterChartEveryCell(t *testing.T) {
	for source := range adapterChart {
		row := chartRow(t, source)
		for i, target := range chartColumns {
			want := row[i]
			t.Run(source+"->"+target, func(t *testing.T) {
				checkCell(t, source, target, want)
			})
		}
	}
}

// checkCell asserts the verdict through both DerivativeChoices and CheckDerivative.
func checkCell(t *testing.T, source, target string, want Verdict) {
	t.Helper()
	choices, err := DerivativeChoices(source)
	if err != nil {
		t.Fatalf("DerivativeChoices(%s): %v", source, err)
	}
	tgt, _ := Lookup(target)
	var got Choice
	for _, c := range choices {
		if c.License.ID == tgt.ID {
			got = c
		}
	}
	if got.Verdict != want {
		t.Fatalf("%s -> %s: verdict %q (%s), want %q", source, target, got.Verdict, got.Reason, want)
	}
	if (want == VerdictOK) != (got.Reason == "") {
		t.Errorf("%s -> %s: verdict %s with reason %q", source, target, want, got.Reason)
	}
	c, err := CheckDerivative(source, target)
	if want == VerdictNo {
		var inc *IncompatibleError
		if !errors.As(err, &inc) {
			t.Fatalf("CheckDerivative(%s, %s) = %v, %v; want *IncompatibleError", source, target, c, err)
		}
		if inc.Target != tgt.ID || inc.Reason != got.Reason || containsID(inc.Allowed, tgt.ID) || len(inc.Allowed) == 0 {
			t.Errorf("IncompatibleError %+v inconsistent", inc)
		}
		return
	}
	if err != nil || c.Verdict != want {
		t.Fatalf("CheckDerivative(%s, %s) = %v, %v; want verdict %s", source, target, c, err, want)
	}
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// familyChart is the chart by family, for the sources without a version rule: every version and
// port of these families must behave like the 4.0 row above.
var familyRepresentative = map[Family]string{
	FamilyCC0: "CC0-1.0", FamilyPDM: "PDM-1.0", FamilyBY: "CC-BY-4.0", FamilyBYNC: "CC-BY-NC-4.0",
	FamilyBYSA: "CC-BY-SA-4.0", FamilyBYNCSA: "CC-BY-NC-SA-4.0", FamilyBYND: "CC-BY-ND-4.0",
	FamilyBYNCND: "CC-BY-NC-ND-4.0", FamilyGPL: "GPL-3.0-or-later", FamilyLAL: "LAL-1.3",
}

// shareAlikeOracle restates footnote ¹ independently of the implementation.
func shareAlikeOracle(src, tgt License) bool {
	num := func(v string) float64 { f, _ := strconv.ParseFloat(v, 64); return f }
	switch {
	case src.Version == "1.0":
		return tgt.ID == src.ID
	case src.ID == "CC-BY-SA-4.0":
		return containsID([]string{"CC-BY-SA-4.0", "GPL-3.0-only", "GPL-3.0-or-later", "LAL-1.3"}, tgt.ID)
	case src.ID == "CC-BY-NC-SA-4.0":
		return tgt.ID == "CC-BY-NC-SA-4.0"
	}
	return tgt.Family == src.Family && num(tgt.Version) >= num(src.Version)
}

// Every catalogue source against every catalogue target: families without a version rule follow
// their 4.0 row (looked up by the target's family), ShareAlike families follow footnote ¹.
func TestAdapterChartAllVersionsAndPorts(t *testing.T) {
	for _, src := range All() {
		if CanAdapt(src.ID) != nil {
			continue
		}
		choices, err := DerivativeChoices(src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(choices) != len(All()) {
			t.Fatalf("%s: %d choices, want one per catalogue licence", src.ID, len(choices))
		}
		for _, c := range choices {
			var want Verdict
			switch src.Family {
			case FamilyBYSA, FamilyBYNCSA:
				want = VerdictNo
				if shareAlikeOracle(src, c.License) {
					want = VerdictOK
				}
			case FamilyGPL, FamilyLAL:
				continue // covered cell by cell above
			default:
				row := chartRow(t, familyRepresentative[src.Family])
				col := familyRepresentative[c.License.Family]
				if c.License.Family == FamilyGPL { // both GPL columns agree outside GPL sources
					col = "GPL-3.0-only"
				}
				want = row[indexOf(chartColumns, col)]
			}
			if c.Verdict != want {
				t.Errorf("%s -> %s: %s (%s), want %s", src.ID, c.License.ID, c.Verdict, c.Reason, want)
			}
		}
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	panic("missing " + x)
}

// Footnote ¹ spelled out case by case, including ports and 1.0.
func TestShareAlikeVersionRule(t *testing.T) {
	tests := []struct {
		source, target string
		want           Verdict
	}{
		{"CC-BY-SA-1.0", "CC-BY-SA-1.0", VerdictOK},
		{"CC-BY-SA-1.0", "CC-BY-SA-2.0", VerdictNo},
		{"CC-BY-SA-1.0", "CC-BY-SA-4.0", VerdictNo},
		{"CC-BY-SA-2.0", "CC-BY-SA-2.0", VerdictOK},
		{"CC-BY-SA-2.0", "CC-BY-SA-2.0-UK", VerdictOK},
		{"CC-BY-SA-2.0", "CC-BY-SA-2.1-JP", VerdictOK},
		{"CC-BY-SA-2.0", "CC-BY-SA-2.5", VerdictOK},
		{"CC-BY-SA-2.0", "CC-BY-SA-3.0-DE", VerdictOK},
		{"CC-BY-SA-2.0", "CC-BY-SA-4.0", VerdictOK},
		{"CC-BY-SA-2.0", "CC-BY-SA-1.0", VerdictNo},
		{"CC-BY-SA-2.0", "GPL-3.0-only", VerdictNo},
		{"CC-BY-SA-2.0", "CC-BY-NC-SA-2.0", VerdictNo},
		{"CC-BY-SA-2.0-UK", "CC-BY-SA-2.0", VerdictOK},
		{"CC-BY-SA-2.0-UK", "CC-BY-SA-2.0-DE", VerdictOK},
		{"CC-BY-SA-2.0-UK", "CC-BY-SA-3.0", VerdictOK},
		{"CC-BY-SA-2.1-JP", "CC-BY-SA-2.0", VerdictNo},
		{"CC-BY-SA-2.1-JP", "CC-BY-SA-2.5-AU", VerdictOK},
		{"CC-BY-SA-2.5", "CC-BY-SA-2.0", VerdictNo},
		{"CC-BY-SA-2.5", "CC-BY-SA-2.1-JP", VerdictNo},
		{"CC-BY-SA-2.5", "CC-BY-SA-2.5-AU", VerdictOK},
		{"CC-BY-SA-2.5", "CC-BY-SA-3.0", VerdictOK},
		{"CC-BY-SA-3.0", "CC-BY-SA-3.0-DE", VerdictOK},
		{"CC-BY-SA-3.0-DE", "CC-BY-SA-3.0", VerdictOK},
		{"CC-BY-SA-3.0-DE", "CC-BY-SA-3.0-AT", VerdictOK},
		{"CC-BY-SA-3.0-DE", "CC-BY-SA-3.0-IGO", VerdictOK},
		{"CC-BY-SA-3.0-DE", "CC-BY-SA-4.0", VerdictOK},
		{"CC-BY-SA-3.0-DE", "CC-BY-SA-2.5", VerdictNo},
		{"CC-BY-SA-3.0-DE", "GPL-3.0-or-later", VerdictNo},
		{"CC-BY-SA-3.0-DE", "LAL-1.3", VerdictNo},
		{"CC-BY-SA-3.0-DE", "CC-BY-NC-SA-3.0", VerdictNo},
		{"CC-BY-SA-3.0-DE", "CC-BY-3.0-DE", VerdictNo},
		{"CC-BY-SA-4.0", "CC-BY-SA-4.0", VerdictOK},
		{"CC-BY-SA-4.0", "GPL-3.0-only", VerdictOK},
		{"CC-BY-SA-4.0", "GPL-3.0-or-later", VerdictOK},
		{"CC-BY-SA-4.0", "LAL-1.3", VerdictOK},
		{"CC-BY-SA-4.0", "CC-BY-SA-3.0", VerdictNo},
		{"CC-BY-SA-4.0", "CC-BY-SA-3.0-DE", VerdictNo},
		{"CC-BY-NC-SA-1.0", "CC-BY-NC-SA-1.0", VerdictOK},
		{"CC-BY-NC-SA-1.0", "CC-BY-NC-SA-2.0", VerdictNo},
		{"CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-2.0", VerdictOK},
		{"CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-3.0-DE", VerdictOK},
		{"CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-4.0", VerdictOK},
		{"CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-1.0", VerdictNo},
		{"CC-BY-NC-SA-2.0-FR", "CC-BY-SA-3.0", VerdictNo},
		{"CC-BY-NC-SA-2.0-FR", "CC-BY-NC-3.0", VerdictNo},
		{"CC-BY-NC-SA-3.0-IGO", "CC-BY-NC-SA-3.0", VerdictOK},
		{"CC-BY-NC-SA-3.0-IGO", "CC-BY-NC-SA-4.0", VerdictOK},
		{"CC-BY-NC-SA-3.0-IGO", "CC-BY-NC-SA-2.5", VerdictNo},
		{"CC-BY-NC-SA-4.0", "CC-BY-NC-SA-3.0", VerdictNo},
		{"CC-BY-NC-SA-4.0", "GPL-3.0-only", VerdictNo},
		// No version rule outside ShareAlike: ports and old versions follow the family row.
		{"CC-BY-3.0-DE", "CC0-1.0", VerdictWarn},
		{"CC-BY-3.0-DE", "CC-BY-SA-2.0", VerdictOK},
		{"CC-BY-3.0-DE", "CC-BY-ND-4.0", VerdictWarn},
		{"CC-BY-3.0-IGO", "CC-BY-4.0", VerdictOK},
		{"CC-BY-NC-3.0-DE", "CC-BY-NC-SA-2.0-FR", VerdictOK},
		{"CC-BY-NC-3.0-DE", "CC-BY-NC-ND-3.0-IGO", VerdictWarn},
		{"CC-BY-NC-3.0-DE", "CC-BY-4.0", VerdictNo},
		{"CC-BY-1.0", "CC-BY-SA-4.0", VerdictOK},
		// The Free Art License and GPL.
		{"LAL-1.3", "CC-BY-SA-4.0", VerdictOK},
		{"LAL-1.3", "CC-BY-SA-3.0", VerdictNo},
		{"GPL-3.0-only", "GPL-3.0-or-later", VerdictNo},
		{"GPL-3.0-or-later", "GPL-3.0-only", VerdictOK},
		{"GPL-3.0-only", "CC-BY-SA-4.0", VerdictNo},
	}
	for _, tt := range tests {
		t.Run(tt.source+"->"+tt.target, func(t *testing.T) {
			checkCell(t, tt.source, tt.target, tt.want)
		})
	}
}

func TestReasonsAreSentences(t *testing.T) {
	tests := []struct {
		source, target, phrase string
	}{
		{"CC-BY-4.0", "CC0-1.0", "releases into the public domain material whose author asked for credit"},
		{"CC-BY-4.0", "CC-BY-ND-4.0", "locks the adaptation against further adaptation"},
		{"CC-BY-4.0", "CC-BY-NC-ND-4.0", "locks the adaptation against further adaptation"},
		{"CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "locks the adaptation against further adaptation"},
		{"CC-BY-NC-4.0", "CC-BY-4.0", "NonCommercial"},
		{"CC-BY-SA-4.0", "CC-BY-4.0", "ShareAlike"},
		{"CC-BY-SA-3.0-DE", "CC-BY-SA-2.0", "version 3.0 or later"},
		{"CC-BY-SA-1.0", "CC-BY-SA-2.0", "only under CC BY-SA 1.0"},
		{"CC-BY-NC-SA-4.0", "CC-BY-NC-4.0", "ShareAlike"},
		{"CC0-1.0", "PDM-1.0", "Public Domain Mark"},
	}
	for _, tt := range tests {
		choices, err := DerivativeChoices(tt.source)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range choices {
			if c.License.ID == tt.target && !strings.Contains(c.Reason, tt.phrase) {
				t.Errorf("%s -> %s: reason %q lacks %q", tt.source, tt.target, c.Reason, tt.phrase)
			}
		}
	}
	for _, src := range All() {
		choices, err := DerivativeChoices(src.ID)
		if err != nil {
			continue
		}
		for _, c := range choices {
			if c.Verdict != VerdictOK && (!strings.HasSuffix(c.Reason, ".") || strings.Contains(c.Reason, "%!")) {
				t.Fatalf("%s -> %s: malformed reason %q", src.ID, c.License.ID, c.Reason)
			}
		}
	}
}

func TestForbidsDerivatives(t *testing.T) {
	tests := []struct {
		id      string
		unknown bool
		phrase  string
	}{
		{"CC-BY-ND-4.0", false, "CC BY-ND 4.0 is a No-Derivatives licence"},
		{"cc-by-nc-nd-4.0", false, "No-Derivatives"},
		{"CC-BY-ND-3.0-DE", false, "No-Derivatives"},
		{"CC-BY-ND-NC-1.0", false, "No-Derivatives"},
		{"MIT", true, "all rights reserved"},
		{"", true, "all rights reserved"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			for name, err := range map[string]error{
				"CanAdapt":          CanAdapt(tt.id),
				"DerivativeChoices": second(DerivativeChoices(tt.id)),
				"CheckDerivative":   second(CheckDerivative(tt.id, "CC-BY-4.0")),
				"RemixChoices":      second(RemixChoices([]string{"CC-BY-4.0", tt.id})),
			} {
				var fd *ForbidsDerivativesError
				if !errors.As(err, &fd) {
					t.Fatalf("%s: %v, want *ForbidsDerivativesError", name, err)
				}
				msg := err.Error()
				if !strings.Contains(msg, tt.phrase) || !strings.Contains(msg, "not adapted or translated") ||
					!strings.Contains(msg, "unmodified in a collection") {
					t.Errorf("%s: message %q", name, msg)
				}
				if errors.Is(err, ErrUnknown) != tt.unknown {
					t.Errorf("%s: errors.Is(ErrUnknown) = %v, want %v", name, !tt.unknown, tt.unknown)
				}
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }

func TestCheckDerivativeUnknownTarget(t *testing.T) {
	_, err := CheckDerivative("CC-BY-4.0", "WTFPL")
	var fd *ForbidsDerivativesError
	if !errors.Is(err, ErrUnknown) || errors.As(err, &fd) {
		t.Fatalf("CheckDerivative to unknown target: %v", err)
	}
}

func TestIncompatibleErrorListsAllowed(t *testing.T) {
	_, err := CheckDerivative("cc-by-sa-4.0", "cc-by-4.0")
	var inc *IncompatibleError
	if !errors.As(err, &inc) {
		t.Fatalf("got %v", err)
	}
	want := []string{"CC-BY-SA-4.0", "GPL-3.0-only", "GPL-3.0-or-later", "LAL-1.3"}
	if !reflect.DeepEqual(inc.Allowed, want) || inc.Source != "CC-BY-SA-4.0" || inc.Target != "CC-BY-4.0" {
		t.Errorf("got %+v", inc)
	}
	if !strings.Contains(err.Error(), "Allowed instead: CC-BY-SA-4.0, GPL-3.0-only") {
		t.Errorf("message %q", err.Error())
	}
}

func TestCaseInsensitiveCheck(t *testing.T) {
	c, err := CheckDerivative("cc-by-sa-4.0", "gpl-3.0-or-later")
	if err != nil || c.Verdict != VerdictOK || c.License.ID != "GPL-3.0-or-later" {
		t.Fatalf("got %+v, %v", c, err)
	}
}

// The default offered for a fork is the source's own licence, and it is always allowed.
func TestDefaultForFork(t *testing.T) {
	if got := DefaultForFork("cc-by-sa-3.0-de"); got != "CC-BY-SA-3.0-DE" {
		t.Errorf("DefaultForFork = %q", got)
	}
	if got := DefaultForFork("MIT"); got != "" {
		t.Errorf("DefaultForFork(MIT) = %q, want empty", got)
	}
	for _, l := range All() {
		if CanAdapt(l.ID) != nil {
			continue
		}
		def, want := DefaultForFork(l.ID), l.ID
		if l.Family == FamilyPDM {
			want = "CC0-1.0" // the mark labels, it cannot license an adaptation
		}
		if def != want {
			t.Errorf("DefaultForFork(%s) = %s, want %s", l.ID, def, want)
		}
		if c, err := CheckDerivative(l.ID, def); err != nil || c.Verdict != VerdictOK {
			t.Errorf("fork of %s under its own licence: %+v, %v", l.ID, c, err)
		}
	}
}
