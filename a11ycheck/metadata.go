package a11ycheck

import (
	"fmt"
	"strings"
)

// Metadata are the schema.org accessibility properties of a resource (the ones EPUB
// Accessibility and LRMI use), derived from what a check saw and what is still open: a feature
// is claimed only when the text has the thing and the checker found no open problem with it.
type Metadata struct {
	AccessMode           []string   `json:"accessMode"`
	AccessModeSufficient [][]string `json:"accessModeSufficient"`
	AccessibilityFeature []string   `json:"accessibilityFeature"`
	AccessibilityHazard  []string   `json:"accessibilityHazard"`
	AccessibilitySummary string     `json:"accessibilitySummary"`
}

// Describe derives the metadata from a check's statistics and the findings still open (a
// finding dismissed with a reason — "this image is decorative" — no longer counts against it).
func Describe(s Stats, open []Finding) Metadata {
	has := map[string]int{}
	for _, f := range open {
		has[f.Rule]++
	}
	var m Metadata
	visual := s.Images > 0 || s.Videos > 0 || s.Frames > 0
	auditory := s.Audios > 0 || s.Videos > 0 || s.Players > 0
	m.AccessMode = []string{"textual"}
	if visual {
		m.AccessMode = append(m.AccessMode, "visual")
	}
	if auditory {
		m.AccessMode = append(m.AccessMode, "auditory")
	}
	if has[ColorOnly] > 0 {
		m.AccessMode = append(m.AccessMode, "colorDependent")
	}

	altOK := has[ImageAltMissing]+has[ImageAltPoor]+has[LinkTextEmpty] == 0
	mediaOK := has[MediaCaptionsMissing]+has[MediaTranscriptMiss] == 0
	// Text alone suffices when every image has a text alternative, every recording a transcript
	// or captions, and nothing is said by colour alone.
	textEnough := altOK && mediaOK && has[ColorOnly] == 0
	if textEnough {
		m.AccessModeSufficient = append(m.AccessModeSufficient, []string{"textual"})
	}
	if len(m.AccessMode) > 1 || !textEnough {
		m.AccessModeSufficient = append(m.AccessModeSufficient, withoutColour(m.AccessMode))
	}

	m.AccessibilityFeature = []string{"displayTransformability"}
	if s.Headings > 0 && has[HeadingSkipped]+has[HeadingMultipleTop] == 0 {
		m.AccessibilityFeature = append(m.AccessibilityFeature, "structuralNavigation")
	}
	if s.Images > 0 && altOK {
		m.AccessibilityFeature = append(m.AccessibilityFeature, "alternativeText")
	}
	if s.Formulas > 0 {
		m.AccessibilityFeature = append(m.AccessibilityFeature, "MathML")
	}
	if s.Videos > 0 && has[MediaCaptionsMissing] == 0 {
		m.AccessibilityFeature = append(m.AccessibilityFeature, "captions")
	}
	if s.Audios+s.Players > 0 && has[MediaTranscriptMiss] == 0 {
		m.AccessibilityFeature = append(m.AccessibilityFeature, "transcript")
	}

	switch {
	case s.Videos+s.Audios+s.Frames+s.Animated == 0:
		m.AccessibilityHazard = []string{"none"}
	default:
		if s.Videos+s.Frames+s.Animated > 0 {
			m.AccessibilityHazard = append(m.AccessibilityHazard, "unknownFlashingHazard", "unknownMotionSimulationHazard")
		}
		if s.Audios+s.Videos+s.Players > 0 {
			m.AccessibilityHazard = append(m.AccessibilityHazard, "unknownSoundHazard")
		}
	}
	m.AccessibilitySummary = summary(s, open, m)
	return m
}

func withoutColour(modes []string) []string {
	out := make([]string, 0, len(modes))
	for _, x := range modes {
		if x != "colorDependent" {
			out = append(out, x)
		}
	}
	return out
}

// featureWords say what each claimed feature means to a reader.
var featureWords = map[string]string{
	"alternativeText":      "images have text alternatives",
	"structuralNavigation": "headings are in order",
	"MathML":               "formulas are MathML, readable by screen readers",
	"captions":             "videos have captions",
	"transcript":           "recordings have transcripts",
}

// summary says in a sentence or two what a reader can expect.
func summary(s Stats, open []Finding, m Metadata) string {
	has := map[string]bool{}
	for _, f := range open {
		has[f.Rule] = true
	}
	var good []string
	for _, f := range m.AccessibilityFeature {
		if w, ok := featureWords[f]; ok {
			good = append(good, w)
		}
	}
	// Not schema.org features, but worth saying.
	if s.Tables > 0 && !has[TableHeaderMissing] {
		good = append(good, "tables have header rows")
	}
	if s.LangParts > 0 && !has[LanguageUnmarked] {
		good = append(good, "passages in other languages are marked")
	}
	var b strings.Builder
	b.WriteString("Text that can be enlarged, restyled and read aloud")
	if len(good) > 0 {
		b.WriteString("; " + strings.Join(good, "; "))
	}
	b.WriteString(". ")
	if len(open) == 0 {
		b.WriteString("Commonplace's accessibility checker finds no open problems.")
		return b.String()
	}
	var titles []string
	for _, r := range Rules {
		if has[r.ID] {
			titles = append(titles, strings.ToLower(r.Title[:1])+r.Title[1:])
		}
	}
	word := "problems"
	if len(open) == 1 {
		word = "problem"
	}
	fmt.Fprintf(&b, "Commonplace's accessibility checker finds %d open %s: %s.", len(open), word, strings.Join(titles, "; "))
	return b.String()
}
