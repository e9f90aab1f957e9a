package license

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// remixGroups are the rows and columns of the remix table, each with the 4.0 (or PD) ids that
// stand for it.
var remixGroups = []struct {
	name string
	ids  []string
}{
	{"PD", []string{"CC0-1.0", "PDM-1.0"}},
	{"BY", []string{"CC-BY-4.0"}},
	{"BY-SA", []string{"CC-BY-SA-4.0"}},
	{"BY-NC", []string{"CC-BY-NC-4.0"}},
	{"BY-NC-SA", []string{"CC-BY-NC-SA-4.0"}},
	{"ND", []string{"CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"}},
}

// remixTable is licenses.md's "Combining several sources" table, verbatim (rows and columns in
// remixGroups order).
var remixTable = []string{
	"✓ ✓ ✓ ✓ ✓ ✗",
	"✓ ✓ ✓ ✓ ✓ ✗",
	"✓ ✓ ✓ ✗ ✗ ✗",
	"✓ ✓ ✗ ✓ ✓ ✗",
	"✓ ✓ ✗ ✓ ✓ ✗",
	"✗ ✗ ✗ ✗ ✗ ✗",
}

func TestRemixTableEveryCell(t *testing.T) {
	for r, row := range remixGroups {
		cells := strings.Fields(remixTable[r])
		for c, col := range remixGroups {
			for _, a := range row.ids {
				for _, b := range col.ids {
					want := cells[c] == "✓"
					t.Run(a+"+"+b, func(t *testing.T) {
						choices, err := RemixChoices([]string{a, b})
						if want {
							if err != nil || len(allowedIDs(choices)) == 0 {
								t.Fatalf("RemixChoices = %v; want a licence", err)
							}
							return
						}
						var fd *ForbidsDerivativesError
						var inc *IncompatibleError
						switch {
						case row.name == "ND" || col.name == "ND":
							if !errors.As(err, &fd) {
								t.Fatalf("got %v, want *ForbidsDerivativesError", err)
							}
						case !errors.As(err, &inc):
							t.Fatalf("got %v, want *IncompatibleError", err)
						}
					})
				}
			}
		}
	}
}

// remixOracle restates the rules' prose for 4.0-level sources: the verdict of each target in
// oracleTargets, or nil for a rejected combination.
var oracleTargets = []string{"CC0-1.0", "PDM-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0",
	"CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "GPL-3.0-only", "GPL-3.0-or-later", "LAL-1.3"}

func remixOracle(families []Family) map[string]Verdict {
	has := map[Family]bool{}
	for _, f := range families {
		has[f] = true
	}
	out := map[string]Verdict{}
	for _, id := range oracleTargets {
		out[id] = VerdictNo
	}
	set := func(v Verdict, ids ...string) {
		for _, id := range ids {
			out[id] = v
		}
	}
	switch {
	case has[FamilyBYND] || has[FamilyBYNCND]:
		return nil
	case has[FamilyBYSA] && (has[FamilyBYNC] || has[FamilyBYNCSA]):
		return nil
	case has[FamilyBYNCSA]:
		set(VerdictOK, "CC-BY-NC-SA-4.0")
	case has[FamilyBYSA]:
		set(VerdictOK, "CC-BY-SA-4.0", "GPL-3.0-only", "GPL-3.0-or-later", "LAL-1.3")
	case has[FamilyBYNC]:
		set(VerdictOK, "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0")
		set(VerdictWarn, "CC-BY-NC-ND-4.0")
	case has[FamilyBY]:
		set(VerdictOK, "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
			"GPL-3.0-only", "GPL-3.0-or-later", "LAL-1.3")
		set(VerdictWarn, "CC0-1.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0")
	default:
		set(VerdictOK, oracleTargets...)
		set(VerdictNo, "PDM-1.0")
	}
	return out
}

func TestRemixAllowedSetsFollowTheRules(t *testing.T) {
	ids := []string{"CC0-1.0", "PDM-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
		"CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"}
	var combos [][]string
	for i := range ids {
		for j := i; j < len(ids); j++ {
			combos = append(combos, []string{ids[i], ids[j]})
			for k := j; k < len(ids); k++ {
				combos = append(combos, []string{ids[i], ids[j], ids[k]})
			}
		}
	}
	for _, combo := range combos {
		t.Run(strings.Join(combo, "+"), func(t *testing.T) {
			var families []Family
			for _, id := range combo {
				families = append(families, familyOf(id))
			}
			want := remixOracle(families)
			choices, err := RemixChoices(combo)
			if want == nil {
				if err == nil {
					t.Fatalf("accepted, want rejection")
				}
				return
			}
			if err != nil {
				t.Fatalf("rejected: %v", err)
			}
			for _, c := range choices {
				if w, ok := want[c.License.ID]; ok && c.Verdict != w {
					t.Errorf("%s: %s (%s), want %s", c.License.ID, c.Verdict, c.Reason, w)
				}
			}
		})
	}
}

// Footnote ² and the version rules across versions and ports.
func TestRemixShareAlikeVersions(t *testing.T) {
	tests := []struct {
		sources []string
		allowed []string // nil: rejected
		phrase  string   // in the rejection
	}{
		{[]string{"CC-BY-SA-3.0", "CC-BY-SA-4.0"}, []string{"CC-BY-SA-4.0"}, ""},
		{[]string{"CC-BY-SA-1.0", "CC-BY-SA-2.0"}, nil, "ShareAlike"},
		{[]string{"CC-BY-SA-1.0", "CC-BY-SA-1.0"}, []string{"CC-BY-SA-1.0"}, ""},
		{[]string{"CC-BY-NC-SA-1.0", "CC-BY-NC-SA-2.0"}, nil, "ShareAlike"},
		{[]string{"CC-BY-SA-4.0", "CC-BY-3.0-DE"},
			[]string{"CC-BY-SA-4.0", "GPL-3.0-only", "GPL-3.0-or-later", "LAL-1.3"}, ""},
		{[]string{"CC-BY-SA-2.5", "CC-BY-SA-3.0-DE", "CC0-1.0"}, shareAlikeFrom("BY-SA", 30), ""},
		{[]string{"CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-3.0-IGO"}, shareAlikeFrom("BY-NC-SA", 30), ""},
		{[]string{"CC-BY-4.0", "CC-BY-NC-SA-3.0"}, shareAlikeFrom("BY-NC-SA", 30), ""},
		{[]string{"CC-BY-NC-3.0-DE", "CC-BY-NC-SA-4.0"}, []string{"CC-BY-NC-SA-4.0"}, ""},
		{[]string{"CC-BY-SA-3.0", "CC-BY-NC-3.0"}, nil, "cannot be combined"},
		{[]string{"CC-BY-SA-4.0", "CC-BY-NC-SA-4.0"}, nil, "cannot be combined"},
		{[]string{"LAL-1.3", "CC-BY-SA-4.0"}, []string{"CC-BY-SA-4.0", "LAL-1.3"}, ""},
		{[]string{"GPL-3.0-or-later", "CC-BY-SA-4.0"}, []string{"GPL-3.0-only", "GPL-3.0-or-later"}, ""},
		{[]string{"GPL-3.0-only", "LAL-1.3"}, nil, "copyleft"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.sources, "+"), func(t *testing.T) {
			choices, err := RemixChoices(tt.sources)
			if tt.allowed == nil {
				var inc *IncompatibleError
				if !errors.As(err, &inc) || !strings.Contains(err.Error(), tt.phrase) || inc.Target != "" {
					t.Fatalf("got %v, want *IncompatibleError mentioning %q", err, tt.phrase)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := allowedIDs(choices); !reflect.DeepEqual(got, tt.allowed) {
				t.Errorf("allowed %v, want %v", got, tt.allowed)
			}
		})
	}
}

// shareAlikeFrom lists, in catalogue order, the ids of a family at version >= minVersion (x10).
func shareAlikeFrom(elements string, minVersion int) []string {
	var ids []string
	for _, l := range All() {
		if string(l.Family) == elements && versionNumber(l.Version) >= minVersion {
			ids = append(ids, l.ID)
		}
	}
	return ids
}

func TestRemixOfOneIsDerivative(t *testing.T) {
	for _, l := range All() {
		want, wantErr := DerivativeChoices(l.ID)
		got, err := RemixChoices([]string{l.ID})
		if (err == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: remix of one differs from DerivativeChoices", l.ID)
		}
	}
}

func TestRemixErrors(t *testing.T) {
	if _, err := RemixChoices(nil); !errors.Is(err, ErrNoSources) {
		t.Errorf("no sources: %v", err)
	}
	if _, err := RemixChoices([]string{"CC-BY-4.0", "Proprietary"}); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown source: %v", err)
	}
}

func TestCheckRemix(t *testing.T) {
	c, err := CheckRemix([]string{"cc-by-sa-3.0", "CC-BY-SA-4.0"}, "CC-BY-SA-4.0")
	if err != nil || c.Verdict != VerdictOK {
		t.Fatalf("got %+v, %v", c, err)
	}
	_, err = CheckRemix([]string{"CC-BY-SA-3.0", "CC-BY-SA-4.0"}, "CC-BY-SA-3.0")
	var inc *IncompatibleError
	if !errors.As(err, &inc) || inc.Source != "CC-BY-SA-3.0 + CC-BY-SA-4.0" ||
		!reflect.DeepEqual(inc.Allowed, []string{"CC-BY-SA-4.0"}) || !strings.Contains(inc.Reason, "CC BY-SA 4.0") {
		t.Fatalf("got %v (%+v)", err, inc)
	}
	_, err = CheckRemix([]string{"PDM-1.0", "cc-by-sa-4.0"}, "CC-BY-4.0")
	if !errors.As(err, &inc) || inc.Source != "PDM-1.0 + CC-BY-SA-4.0" {
		t.Fatalf("got %v (%+v)", err, inc)
	}
	c, err = CheckRemix([]string{"CC-BY-4.0", "CC0-1.0"}, "CC-BY-ND-4.0")
	if err != nil || c.Verdict != VerdictWarn || c.Reason == "" {
		t.Fatalf("got %+v, %v", c, err)
	}
}
