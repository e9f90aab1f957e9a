package license

import (
	"errors"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		in, want string // want "" means ErrUnknown
	}{
		{"CC-BY-SA-4.0", "CC-BY-SA-4.0"},
		{"cc-by-sa-4.0", "CC-BY-SA-4.0"},
		{"  Cc0-1.0 ", "CC0-1.0"},
		{"pdm-1.0", "PDM-1.0"},
		{"CC-PDM-1.0", "PDM-1.0"},
		{"cc-by-sa-3.0-de", "CC-BY-SA-3.0-DE"},
		{"CC-BY-3.0-igo", "CC-BY-3.0-IGO"},
		{"CC-BY-NC-ND-1.0", "CC-BY-NC-ND-1.0"},
		{"CC-BY-ND-NC-1.0", "CC-BY-NC-ND-1.0"},
		{"cc-by-nd-nc-1.0", "CC-BY-NC-ND-1.0"},
		{"GPL-3.0", "GPL-3.0-only"},
		{"gpl-3.0+", "GPL-3.0-or-later"},
		{"GPL-3.0-OR-LATER", "GPL-3.0-or-later"},
		{"lal-1.3", "LAL-1.3"},
		{"MIT", ""},
		{"", ""},
		{"CC-BY-5.0", ""},
		{"CC-BY-SA-3.0-XX", ""},
		{"CC-BY-2.1", ""}, // 2.1 exists only as ports
		{"All rights reserved", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			l, err := Lookup(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrUnknown) {
					t.Fatalf("Lookup(%q) = %v, %v; want ErrUnknown", tt.in, l, err)
				}
				return
			}
			if err != nil || l.ID != tt.want {
				t.Fatalf("Lookup(%q) = %q, %v; want %q", tt.in, l.ID, err, tt.want)
			}
		})
	}
}

func TestCatalogueEntries(t *testing.T) {
	tests := []License{
		{ID: "CC-BY-4.0", Name: "CC BY 4.0", Family: FamilyBY, Version: "4.0",
			URL: "https://creativecommons.org/licenses/by/4.0/"},
		{ID: "CC-BY-SA-4.0", Name: "CC BY-SA 4.0", Family: FamilyBYSA, Version: "4.0",
			URL: "https://creativecommons.org/licenses/by-sa/4.0/"},
		{ID: "CC-BY-NC-ND-4.0", Name: "CC BY-NC-ND 4.0", Family: FamilyBYNCND, Version: "4.0",
			URL: "https://creativecommons.org/licenses/by-nc-nd/4.0/"},
		{ID: "CC-BY-3.0-DE", Name: "CC BY 3.0 DE", Family: FamilyBY, Version: "3.0", Port: "DE",
			URL: "https://creativecommons.org/licenses/by/3.0/de/"},
		{ID: "CC-BY-SA-3.0-DE", Name: "CC BY-SA 3.0 DE", Family: FamilyBYSA, Version: "3.0", Port: "DE",
			URL: "https://creativecommons.org/licenses/by-sa/3.0/de/"},
		{ID: "CC-BY-3.0-IGO", Name: "CC BY 3.0 IGO", Family: FamilyBY, Version: "3.0", Port: "IGO",
			URL: "https://creativecommons.org/licenses/by/3.0/igo/"},
		{ID: "CC-BY-SA-2.0-UK", Name: "CC BY-SA 2.0 UK", Family: FamilyBYSA, Version: "2.0", Port: "UK",
			URL: "https://creativecommons.org/licenses/by-sa/2.0/uk/"},
		{ID: "CC-BY-SA-2.1-JP", Name: "CC BY-SA 2.1 JP", Family: FamilyBYSA, Version: "2.1", Port: "JP",
			URL: "https://creativecommons.org/licenses/by-sa/2.1/jp/"},
		{ID: "CC-BY-NC-ND-1.0", Name: "CC BY-NC-ND 1.0", Family: FamilyBYNCND, Version: "1.0",
			URL: "https://creativecommons.org/licenses/by-nd-nc/1.0/"},
		{ID: "CC-BY-NC-SA-2.5", Name: "CC BY-NC-SA 2.5", Family: FamilyBYNCSA, Version: "2.5",
			URL: "https://creativecommons.org/licenses/by-nc-sa/2.5/"},
		{ID: "CC0-1.0", Name: "CC0 1.0", Family: FamilyCC0, Version: "1.0",
			URL: "https://creativecommons.org/publicdomain/zero/1.0/"},
		{ID: "PDM-1.0", Name: "Public Domain Mark 1.0", Family: FamilyPDM, Version: "1.0",
			URL: "https://creativecommons.org/publicdomain/mark/1.0/"},
		{ID: "GPL-3.0-only", Name: "GNU GPL 3.0 only", Family: FamilyGPL, Version: "3.0",
			URL: "https://www.gnu.org/licenses/gpl-3.0.html"},
		{ID: "LAL-1.3", Name: "Free Art License 1.3", Family: FamilyLAL, Version: "1.3",
			URL: "https://artlibre.org/licence/lal/en/"},
	}
	for _, want := range tests {
		got, err := Lookup(want.ID)
		if err != nil || got != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", want.ID, got, err, want)
		}
	}
}

// The ids the rules name, and SPDX's ported ids, must all be known.
func TestSPDXPortsPresent(t *testing.T) {
	ids := []string{
		"CC-BY-SA-3.0-DE", "CC-BY-3.0-AT", "CC-BY-3.0-DE", "CC-BY-3.0-NL", "CC-BY-3.0-US",
		"CC-BY-3.0-AU", "CC-BY-2.5-AU", "CC-BY-SA-2.0-UK", "CC-BY-SA-3.0-AT", "CC-BY-SA-2.1-JP",
		"CC-BY-SA-3.0-IGO", "CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-2.0-DE", "CC-BY-NC-SA-2.0-UK",
		"CC-BY-NC-SA-3.0-DE", "CC-BY-ND-3.0-DE", "CC-BY-NC-3.0-DE", "CC-BY-NC-ND-3.0-DE",
		"CC-BY-3.0-IGO", "CC-BY-NC-SA-3.0-IGO", "CC-BY-NC-ND-3.0-IGO",
	}
	for _, f := range []string{"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"} {
		for _, v := range []string{"1.0", "2.0", "2.5", "3.0", "4.0"} {
			ids = append(ids, "CC-"+f+"-"+v)
		}
	}
	for _, id := range ids {
		if _, err := Lookup(id); err != nil {
			t.Errorf("Lookup(%q): %v", id, err)
		}
	}
}

func TestCatalogueConsistency(t *testing.T) {
	all := All()
	seen := map[string]bool{}
	for _, l := range all {
		if seen[l.ID] {
			t.Errorf("duplicate id %s", l.ID)
		}
		seen[l.ID] = true
		got, err := Lookup(strings.ToLower(l.ID))
		if err != nil || got != l {
			t.Errorf("Lookup(lower %s) = %+v, %v", l.ID, got, err)
		}
		if l.Name == "" || l.Version == "" || !strings.HasPrefix(l.URL, "https://") {
			t.Errorf("incomplete entry %+v", l)
		}
		if l.Port != "" && !strings.HasSuffix(l.URL, "/"+strings.ToLower(l.Port)+"/") {
			t.Errorf("%s: port missing from deed URL %s", l.ID, l.URL)
		}
	}
	// Callers get copies: changing one must not change the catalogue.
	all[0].ID = "changed"
	if All()[0].ID == "changed" {
		t.Fatal("All exposes the catalogue's backing array")
	}
}

func TestSelectable(t *testing.T) {
	sel := Selectable()
	want := []string{"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0",
		"CC-BY-NC-ND-4.0", "CC0-1.0", "PDM-1.0", "CC-BY-3.0"}
	for i, id := range want {
		if sel[i].ID != id {
			t.Errorf("Selectable()[%d] = %s, want %s", i, sel[i].ID, id)
		}
	}
	ids := map[string]bool{}
	for _, l := range sel {
		ids[l.ID] = true
		if l.Family == FamilyGPL || l.Family == FamilyLAL {
			t.Errorf("Selectable offers %s", l.ID)
		}
	}
	for _, id := range []string{"CC-BY-SA-3.0-DE", "CC-BY-NC-ND-1.0", "CC-BY-3.0-IGO"} {
		if !ids[id] {
			t.Errorf("Selectable lacks %s", id)
		}
	}
	if got, want := len(All()), len(sel)+3; got != want {
		t.Errorf("len(All()) = %d, want Selectable + GPL x2 + LAL = %d", got, want)
	}
}

// The "May it be adapted and shared?" table, row by row.
func TestCanAdaptAndRequiresAttribution(t *testing.T) {
	tests := []struct {
		id          string
		adapt, attr bool
	}{
		{"CC0-1.0", true, false},
		{"PDM-1.0", true, false},
		{"CC-BY-4.0", true, true},
		{"CC-BY-SA-4.0", true, true},
		{"CC-BY-NC-4.0", true, true},
		{"CC-BY-NC-SA-4.0", true, true},
		{"CC-BY-3.0-IGO", true, true},
		{"CC-BY-SA-1.0", true, true},
		{"CC-BY-ND-4.0", false, true},
		{"CC-BY-NC-ND-4.0", false, true},
		{"CC-BY-ND-3.0-DE", false, true},
		{"CC-BY-NC-ND-3.0-IGO", false, true},
		{"CC-BY-ND-NC-1.0", false, true},
		{"GPL-3.0-only", true, true},
		{"LAL-1.3", true, true},
		{"MIT", false, true},
		{"", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			err := CanAdapt(tt.id)
			if got := err == nil; got != tt.adapt {
				t.Errorf("CanAdapt(%q) = %v, want adaptable=%v", tt.id, err, tt.adapt)
			}
			if err != nil {
				var fd *ForbidsDerivativesError
				if !errors.As(err, &fd) {
					t.Errorf("CanAdapt(%q) error %T, want *ForbidsDerivativesError", tt.id, err)
				}
			}
			if got := RequiresAttribution(tt.id); got != tt.attr {
				t.Errorf("RequiresAttribution(%q) = %v, want %v", tt.id, got, tt.attr)
			}
		})
	}
}

func TestFeaturedAndExplained(t *testing.T) {
	var ids []string
	for _, l := range Featured() {
		ids = append(ids, l.ID)
	}
	if got := strings.Join(ids, " "); got != "CC-BY-4.0 CC-BY-SA-4.0 CC0-1.0 PDM-1.0" {
		t.Errorf("featured %s", got)
	}
	seen := map[string]string{}
	for _, l := range All() {
		e := Explain(l)
		if e == "" || strings.Contains(e, "do not know") {
			t.Errorf("%s unexplained", l.ID)
		}
		seen[string(l.Family)] = e
	}
	if seen["BY"] == seen["BY-SA"] {
		t.Error("families share an explanation")
	}
}
