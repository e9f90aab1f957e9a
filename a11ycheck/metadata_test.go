package a11ycheck

import (
	"os"
	"slices"
	"testing"
)

func TestMetadataOfACleanLesson(t *testing.T) {
	t.Parallel()
	src, _ := os.ReadFile("testdata/problems/clean.md")
	r := Check(string(src), Options{Language: "en"})
	m := Describe(r.Stats, r.Findings)
	for _, f := range []string{"alternativeText", "MathML", "structuralNavigation", "captions", "transcript", "displayTransformability"} {
		if !slices.Contains(m.AccessibilityFeature, f) {
			t.Errorf("feature %s missing: %v", f, m.AccessibilityFeature)
		}
	}
	if !slices.Equal(m.AccessMode, []string{"textual", "visual", "auditory"}) || !slices.Equal(m.AccessModeSufficient[0], []string{"textual"}) {
		t.Errorf("modes %v sufficient %v", m.AccessMode, m.AccessModeSufficient)
	}
	if slices.Contains(m.AccessibilityHazard, "none") {
		t.Errorf("a lesson with video claims no hazard: %v", m.AccessibilityHazard)
	}
	if m.Summary.Open != 0 || !m.Summary.TablesHaveHeaders {
		t.Errorf("summary %+v", m.Summary)
	}
}

func TestMetadataClaimsOnlyWhatHolds(t *testing.T) {
	t.Parallel()
	src := "## Parts\n\n![](a.png)\n\nUnderline the red words.\n"
	r := Check(src, Options{Language: "en"})
	m := Describe(r.Stats, r.Findings)
	if slices.Contains(m.AccessibilityFeature, "alternativeText") || !slices.Contains(m.AccessMode, "colorDependent") {
		t.Errorf("features %v modes %v", m.AccessibilityFeature, m.AccessMode)
	}
	if slices.Contains(m.AccessModeSufficient[0], "textual") && len(m.AccessModeSufficient[0]) == 1 {
		t.Errorf("text alone is not enough here: %v", m.AccessModeSufficient)
	}
	if !slices.Equal(m.AccessibilityHazard, []string{"none"}) || m.Summary.Open != 2 || !slices.Equal(m.Summary.OpenRules, []string{ImageAltMissing, ColorOnly}) {
		t.Errorf("hazard %v summary %+v", m.AccessibilityHazard, m.Summary)
	}
	// The image dismissed as decorative and the colour fixed: the claims come back.
	var open []Finding
	for _, f := range r.Findings {
		if f.Rule != ImageAltMissing && f.Rule != ColorOnly {
			open = append(open, f)
		}
	}
	m = Describe(r.Stats, open)
	if !slices.Contains(m.AccessibilityFeature, "alternativeText") || !slices.Equal(m.AccessModeSufficient[0], []string{"textual"}) {
		t.Errorf("after dismissal: %v %v", m.AccessibilityFeature, m.AccessModeSufficient)
	}
}
