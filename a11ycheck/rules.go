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
// findings are, the WCAG 2.2 success criterion it serves, and what an author reads about it.
type Rule struct {
	ID       string
	Severity Severity
	WCAG     string // success criterion, e.g. "1.1.1"
	Title    string // a short name
	Why      string // why it matters, to the people it affects
	Fix      string // how to fix it
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
	{ImageAltMissing, Error, "1.1.1", "Image without alt text",
		"People who cannot see the image (screen reader users, readers on a slow connection where it did not load) get nothing in its place.",
		"Write what the image shows or means in the brackets: ![A fraction bar split into quarters, one shaded](quarters.png). If it is only decoration, dismiss this finding with the reason \"decorative\"."},
	{ImageAltPoor, Warning, "1.1.1", "Alt text that does not describe the image",
		"A screen reader reads the alt text aloud: a file name, a web address or a word like \"image\" tells the listener nothing about what is shown.",
		"Replace it with a short description of what the image shows and why it is there, in the language of the text."},
	{HeadingSkipped, Warning, "1.3.1", "Heading level skipped",
		"Screen reader users move through a lesson by its headings and read their levels as its outline; a jump (from level 2 to level 4) suggests a missing section.",
		"Use the next level down: a section under \"## Fractions\" is \"### Adding fractions\". Choose levels for structure, not for size."},
	{HeadingMultipleTop, Warning, "1.3.1", "More than one top-level heading",
		"A text has one title; several level-1 headings make its outline flat and hard to follow with a screen reader.",
		"Keep one \"# Title\" (or none: the page already shows the resource's title) and make the others \"##\" sections."},
	{LinkTextVague, Warning, "2.4.4", "Link text that says nothing about where it goes",
		"Screen reader users often list the links of a page; a list of \"click here\" and \"read more\" cannot be told apart.",
		"Make the link's words say where it goes: \"read the [guide to fractions](…)\" rather than \"[click here](…) for the guide\"."},
	{LinkTextURL, Notice, "2.4.4", "Web address used as link text",
		"A screen reader spells a web address out character by character, and it tells a reader little about what they will find.",
		"Link a few words that name the destination: [the GAP manual](https://www.gap-system.org/Manuals/). Keep the address visible only when readers need to copy it (e.g. for print)."},
	{LinkTextEmpty, Error, "2.4.4", "Link without text",
		"A link with no words (or only an image without alt text) is announced as just \"link\" or by its address.",
		"Put words inside the link, or give the image inside it alt text that says where the link goes."},
	{TableHeaderMissing, Error, "1.3.1", "Table without a header row",
		"Screen readers announce each cell with its column's header; without headers a table is a stream of unrelated values.",
		"Fill in the first row with the column names (in Markdown the row above |---|), or use <th> cells in an HTML table."},
	{ColorOnly, Warning, "1.4.1", "Instruction that relies on colour",
		"Readers who are colour-blind, use a screen reader or print in black and white cannot tell \"the red words\" from the others.",
		"Say it another way too: name the words, number them, or mark them with bold or a symbol, and mention that mark (\"the words in bold\")."},
	{FormulaUnlabelled, Warning, "1.1.1", "Formula with no words around it",
		"A formula is read aloud symbol by symbol; without a sentence that says what it is (\"The area of a circle is:\"), listeners and readers who find maths hard get no way in.",
		"Introduce or follow the formula with a sentence in words that says what it states or what its symbols stand for. Words inside the formula (\\text{…}) do not count: they are read as part of the maths."},
	{LanguageUnmarked, Warning, "3.1.2", "Passage in another language not marked",
		"Screen readers pronounce text with the voice of the page's language; a passage in another script is skipped or read as nonsense unless its language is marked.",
		"Wrap the passage in an element that names its language: <span lang=\"ar\">…</span> (or lang=\"zh\", \"ja\", \"ru\"…)."},
	{ParagraphLong, Notice, "3.1.5", "Very long paragraph",
		"Long blocks of text are hard to follow for readers with dyslexia, attention difficulties or low vision who enlarge the text, and for anyone reading on a phone.",
		"Split the paragraph where its idea changes, or turn a series of points into a list."},
	{TextAllCaps, Warning, "3.1.5", "Text in capital letters",
		"Text in capitals is harder to read (words lose their shape), some screen readers spell it out letter by letter, and it reads as shouting.",
		"Write it in normal case and use **bold** or a heading for emphasis."},
	{MediaCaptionsMissing, Error, "1.2.2", "Video without captions",
		"Deaf and hard-of-hearing readers, and anyone without sound, miss everything that is said in a video without captions.",
		"Add a captions file inside the video element: <track kind=\"captions\" src=\"talk.vtt\" srclang=\"en\" label=\"English\">."},
	{MediaTranscriptMiss, Error, "1.2.1", "Audio or embedded video without a transcript",
		"Deaf and hard-of-hearing readers cannot follow audio, and an embedded player's captions cannot be checked from here; a transcript serves them and readers who prefer to read.",
		"Link a transcript right after the player: [Transcript of the interview](interview.html). For an embedded video, also make sure its captions are switched on."},
	{FrameTitleMissing, Warning, "4.1.2", "Embedded frame without a title",
		"Screen readers announce a frame by its title; without one, readers cannot tell what the embedded content is before entering it.",
		"Add a title that says what is embedded: <iframe title=\"Video: adding fractions\" …>."},
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
