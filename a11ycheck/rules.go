package a11ycheck

// Severity says how much a finding matters: an error keeps some readers from the content, a
// warning makes it harder for many, a notice is advice.
type Severity string

// Severities, most serious first.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Notice  Severity = "notice"
)

// Rule is one check: a stable id (kept across releases, stored with dismissals), how serious its
// findings are and the WCAG 2.2 success criterion it serves. What an author reads about it (its
// title, why it matters, how to fix it) is the interface's text: package a11ytext.
type Rule struct {
	ID       string
	Severity Severity
	WCAG     string // success criterion, e.g. "1.1.1"
}

// Rule ids.
const (
	ImageAltMissing      = "image-alt-missing"
	ImageAltPoor         = "image-alt-poor"
	HeadingSkipped       = "heading-skipped"
	HeadingMultipleTop   = "heading-multiple-top"
	LinkTextVague        = "link-text-vague"
	LinkTextURL          = "link-text-url"
	LinkTextEmpty        = "link-text-empty"
	TableHeaderMissing   = "table-header-missing"
	ColorOnly            = "color-only"
	FormulaUnlabelled    = "formula-unlabelled"
	LanguageUnmarked     = "language-unmarked"
	ParagraphLong        = "paragraph-long"
	TextAllCaps          = "text-all-caps"
	MediaCaptionsMissing = "media-captions-missing"
	MediaTranscriptMiss  = "media-transcript-missing"
	FrameTitleMissing    = "frame-title-missing"
)

// Rules is the catalogue, in the order a report lists rules.
var Rules = []Rule{
	{ImageAltMissing, Error, "1.1.1"},
	{ImageAltPoor, Warning, "1.1.1"},
	{HeadingSkipped, Warning, "1.3.1"},
	{HeadingMultipleTop, Warning, "1.3.1"},
	{LinkTextVague, Warning, "2.4.4"},
	{LinkTextURL, Notice, "2.4.4"},
	{LinkTextEmpty, Error, "2.4.4"},
	{TableHeaderMissing, Error, "1.3.1"},
	{ColorOnly, Warning, "1.4.1"},
	{FormulaUnlabelled, Warning, "1.1.1"},
	{LanguageUnmarked, Warning, "3.1.2"},
	{ParagraphLong, Notice, "3.1.5"},
	{TextAllCaps, Warning, "3.1.5"},
	{MediaCaptionsMissing, Error, "1.2.2"},
	{MediaTranscriptMiss, Error, "1.2.1"},
	{FrameTitleMissing, Warning, "4.1.2"},
}

var rulesByID = func() map[string]Rule {
	m := make(map[string]Rule, len(Rules))
	for _, r := range Rules {
		m[r.ID] = r
	}
	return m
}()

// RuleByID looks a rule up by its id.
func RuleByID(id string) (Rule, bool) {
	r, ok := rulesByID[id]
	return r, ok
}
