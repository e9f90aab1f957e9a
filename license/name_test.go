package license

import "testing"

func TestNameOf(t *testing.T) {
	for id, want := range map[string]string{"CC-BY-4.0": "CC BY 4.0", "cc-by-sa-4.0": "CC BY-SA 4.0", "Not-A-Licence": "Not-A-Licence"} {
		if got := NameOf(id); got != want {
			t.Errorf("NameOf(%q) = %q, want %q", id, got, want)
		}
	}
}
