package a11ycheck

// Metadata are the schema.org accessibility properties of a resource (the ones EPUB
// Accessibility and LRMI use), derived from what a check saw and what is still open: a feature
// is claimed only when the text has the thing and the checker found no open problem with it.
type Metadata struct {
	AccessMode           []string   `json:"accessMode"`
	AccessModeSufficient [][]string `json:"accessModeSufficient"`
	AccessibilityFeature []string   `json:"accessibilityFeature"`
	AccessibilityHazard  []string   `json:"accessibilityHazard"`
	// Summary is what accessibilitySummary says, as facts: the interface writes the sentence
	// in the reader's language (package a11ytext), from these and the features above.
	Summary Summary `json:"summary"`
}

// Summary is what a reader is told about a text's accessibility beyond its features.
type Summary struct {
	Open              int      `json:"open"`              // open findings
	OpenRules         []string `json:"openRules"`         // the rules they break, in the order of Rules
	TablesHaveHeaders bool     `json:"tablesHaveHeaders"` // it has tables, all with header rows
	PassagesMarked    bool     `json:"passagesMarked"`    // it marks passages in other languages, and none is unmarked
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
	m.Summary = summaryFacts(s, open)
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

// summaryFacts are what the summary says beyond the schema.org features: the tables and
// passages in other languages that are fine, and which rules have open findings.
func summaryFacts(s Stats, open []Finding) Summary {
	has := map[string]bool{}
	for _, f := range open {
		has[f.Rule] = true
	}
	out := Summary{Open: len(open), TablesHaveHeaders: s.Tables > 0 && !has[TableHeaderMissing],
		PassagesMarked: s.LangParts > 0 && !has[LanguageUnmarked]}
	for _, r := range Rules {
		if has[r.ID] {
			out.OpenRules = append(out.OpenRules, r.ID)
		}
	}
	return out
}
