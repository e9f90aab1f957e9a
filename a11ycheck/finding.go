package a11ycheck

// Position is a place in the text, counted every way a reader of the report needs: a line and
// column for people (1-based; the column counts characters), a byte offset for Go, and a UTF-16
// offset for browsers (CodeMirror and the live editing protocol count UTF-16 code units).
type Position struct {
	Line     int `json:"line"`
	Column   int `json:"column"`
	Offset   int `json:"offset"`
	Offset16 int `json:"offset16"`
}

// Finding is one problem found at one spot of the text.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	WCAG     string   `json:"wcag"`
	// Detail says what was found (one of the Detail… codes) and Args hold its values: the
	// quoted spot, a number, a script's ISO 15924 code, a language tag. The words people read
	// (the rule's title, why it matters, how to fix it, this message) are the interface's, in
	// the reader's language: package a11ytext writes them from the catalogues.
	Detail  string            `json:"detail"`
	Args    map[string]string `json:"args,omitempty"`
	Start   Position          `json:"start"`
	End     Position          `json:"end"`
	Excerpt string            `json:"excerpt"` // the text at the spot, shortened
	// Fingerprint identifies the spot by the rule, what is there (not where) and which
	// occurrence of the same thing it is, so it survives edits elsewhere in the text.
	Fingerprint string `json:"fingerprint"`
}

// Report is what one check found, and what it saw (for the metadata).
type Report struct {
	Findings []Finding
	Stats    Stats
}

// Stats count what the text holds, whatever was found about it.
type Stats struct {
	Words     int
	Headings  int
	Images    int // Markdown and HTML images
	Formulas  int // inline and display
	Tables    int
	Links     int
	Videos    int
	Audios    int
	Frames    int // iframes
	Players   int // iframes that embed a video player (YouTube, Vimeo…)
	Animated  int // images that may move (GIF, APNG)
	LangParts int // elements marked with lang
}
