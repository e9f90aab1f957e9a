package a11ycheck

// Details say what a finding found, more precisely than its rule (a heading skipped at the start
// of the text or after another heading). Like rule ids they are stable codes: the interface
// writes a sentence for each, and programs may branch on them. The names of each one's Args are
// listed beside it.
const (
	DetailNoAlt              = "no-alt"               // image
	DetailNoAltAttribute     = "no-alt-attribute"     // image (an HTML <img>)
	DetailPoorAlt            = "poor-alt"             // alt
	DetailFirstHeading       = "first-heading-level"  // heading, level
	DetailLevelJump          = "level-jump"           // heading, level, previous
	DetailAnotherTop         = "another-top-heading"  // heading
	DetailVagueText          = "vague-text"           // text
	DetailAddressText        = "address-text"         // address
	DetailEmptyLink          = "empty-link"           // address
	DetailImageOnlyLink      = "image-only-link"      // address
	DetailEmptyHeaderRow     = "empty-header-row"     // (none)
	DetailNoHeaderCells      = "no-header-cells"      // (none)
	DetailColour             = "colour-only"          // phrase
	DetailFormula            = "formula-alone"        // formula
	DetailUnmarkedPassage    = "unmarked-passage"     // passage, script (ISO 15924)
	DetailUnmarkedInLanguage = "unmarked-in-language" // passage, script, language (BCP 47)
	DetailLongParagraph      = "long-paragraph"       // n (words)
	DetailCaps               = "all-caps"             // phrase
	DetailNoCaptions         = "no-captions"          // file
	DetailAudioTranscript    = "audio-transcript"     // file
	DetailPlayerTranscript   = "player-transcript"    // host
	DetailNoFrameTitle       = "no-frame-title"       // address
)

// Details lists every detail code by rule, in the order of Rules: what a catalogue of their
// sentences must cover.
var Details = map[string][]string{
	ImageAltMissing:      {DetailNoAlt, DetailNoAltAttribute},
	ImageAltPoor:         {DetailPoorAlt},
	HeadingSkipped:       {DetailFirstHeading, DetailLevelJump},
	HeadingMultipleTop:   {DetailAnotherTop},
	LinkTextVague:        {DetailVagueText},
	LinkTextURL:          {DetailAddressText},
	LinkTextEmpty:        {DetailEmptyLink, DetailImageOnlyLink},
	TableHeaderMissing:   {DetailEmptyHeaderRow, DetailNoHeaderCells},
	ColorOnly:            {DetailColour},
	FormulaUnlabelled:    {DetailFormula},
	LanguageUnmarked:     {DetailUnmarkedPassage, DetailUnmarkedInLanguage},
	ParagraphLong:        {DetailLongParagraph},
	TextAllCaps:          {DetailCaps},
	MediaCaptionsMissing: {DetailNoCaptions},
	MediaTranscriptMiss:  {DetailAudioTranscript, DetailPlayerTranscript},
	FrameTitleMissing:    {DetailNoFrameTitle},
}
