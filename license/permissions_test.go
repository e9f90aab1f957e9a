package license

import "testing"

func TestPermissions(t *testing.T) {
	for id, want := range map[string][2]bool{
		"CC0-1.0": {true, true}, "CC-BY-4.0": {true, true}, "CC-BY-SA-4.0": {true, true}, "CC-BY-ND-4.0": {false, true},
		"CC-BY-NC-4.0": {true, false}, "CC-BY-NC-ND-4.0": {false, false}, "PDM-1.0": {true, true}, "proprietary": {false, false},
	} {
		if got := [2]bool{AllowsAdaptation(id), AllowsCommercialUse(id)}; got != want {
			t.Errorf("%s: adapt, commercial = %v, want %v", id, got, want)
		}
	}
}
