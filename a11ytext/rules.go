package a11ytext

import (
	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/i18n"
)

// ruleWords are what an author reads about a rule: a short title, why it matters to the people
// it affects, and how to fix it. The ids are English; the catalogues translate them.
type ruleWords struct{ title, why, fix string }

var rules = map[string]ruleWords{
	a11ycheck.ImageAltMissing: {i18n.M("Image without alt text"),
		i18n.M("People who cannot see the image (screen reader users, readers on a slow connection where it did not load) get nothing in its place."),
		i18n.M("Write what the image shows or means in the brackets: ![A fraction bar split into quarters, one shaded](quarters.png). If it is only decoration, dismiss this finding with the reason “decorative”.")},
	a11ycheck.ImageAltPoor: {i18n.M("Alt text that does not describe the image"),
		i18n.M("A screen reader reads the alt text aloud: a file name, a web address or a word like “image” tells the listener nothing about what is shown."),
		i18n.M("Replace it with a short description of what the image shows and why it is there, in the language of the text.")},
	a11ycheck.HeadingSkipped: {i18n.M("Heading level skipped"),
		i18n.M("Screen reader users move through a lesson by its headings and read their levels as its outline; a jump (from level 2 to level 4) suggests a missing section."),
		i18n.M("Use the next level down: a section under “## Fractions” is “### Adding fractions”. Choose levels for structure, not for size.")},
	a11ycheck.HeadingMultipleTop: {i18n.M("More than one top-level heading"),
		i18n.M("A text has one title; several level-1 headings make its outline flat and hard to follow with a screen reader."),
		i18n.M("Keep one “# Title” (or none: the page already shows the resource's title) and make the others “##” sections.")},
	a11ycheck.LinkTextVague: {i18n.M("Link text that says nothing about where it goes"),
		i18n.M("Screen reader users often list the links of a page; a list of “click here” and “read more” cannot be told apart."),
		i18n.M("Make the link's words say where it goes: “read the [guide to fractions](…)” rather than “[click here](…) for the guide”.")},
	a11ycheck.LinkTextURL: {i18n.M("Web address used as link text"),
		i18n.M("A screen reader spells a web address out character by character, and it tells a reader little about what they will find."),
		i18n.M("Link a few words that name the destination: [the GAP manual](https://www.gap-system.org/Manuals/). Keep the address visible only when readers need to copy it (e.g. for print).")},
	a11ycheck.LinkTextEmpty: {i18n.M("Link without text"),
		i18n.M("A link with no words (or only an image without alt text) is announced as just “link” or by its address."),
		i18n.M("Put words inside the link, or give the image inside it alt text that says where the link goes.")},
	a11ycheck.TableHeaderMissing: {i18n.M("Table without a header row"),
		i18n.M("Screen readers announce each cell with its column's header; without headers a table is a stream of unrelated values."),
		i18n.M("Fill in the first row with the column names (in Markdown the row above |---|), or use <th> cells in an HTML table.")},
	a11ycheck.ColorOnly: {i18n.M("Instruction that relies on colour"),
		i18n.M("Readers who are colour-blind, use a screen reader or print in black and white cannot tell “the red words” from the others."),
		i18n.M("Say it another way too: name the words, number them, or mark them with bold or a symbol, and mention that mark (“the words in bold”).")},
	a11ycheck.FormulaUnlabelled: {i18n.M("Formula with no words around it"),
		i18n.M("A formula is read aloud symbol by symbol; without a sentence that says what it is (“The area of a circle is:”), listeners and readers who find maths hard get no way in."),
		i18n.M("Introduce or follow the formula with a sentence in words that says what it states or what its symbols stand for. Words inside the formula (\\text{…}) do not count: they are read as part of the maths.")},
	a11ycheck.LanguageUnmarked: {i18n.M("Passage in another language not marked"),
		i18n.M("Screen readers pronounce text with the voice of the page's language; a passage in another script is skipped or read as nonsense unless its language is marked."),
		i18n.M("Wrap the passage in an element that names its language: <span lang=\"ar\">…</span> (or lang=\"zh\", \"ja\", \"ru\"…).")},
	a11ycheck.ParagraphLong: {i18n.M("Very long paragraph"),
		i18n.M("Long blocks of text are hard to follow for readers with dyslexia, attention difficulties or low vision who enlarge the text, and for anyone reading on a phone."),
		i18n.M("Split the paragraph where its idea changes, or turn a series of points into a list.")},
	a11ycheck.TextAllCaps: {i18n.M("Text in capital letters"),
		i18n.M("Text in capitals is harder to read (words lose their shape), some screen readers spell it out letter by letter, and it reads as shouting."),
		i18n.M("Write it in normal case and use **bold** or a heading for emphasis.")},
	a11ycheck.MediaCaptionsMissing: {i18n.M("Video without captions"),
		i18n.M("Deaf and hard-of-hearing readers, and anyone without sound, miss everything that is said in a video without captions."),
		i18n.M("Add a captions file inside the video element: <track kind=\"captions\" src=\"talk.vtt\" srclang=\"en\" label=\"English\">.")},
	a11ycheck.MediaTranscriptMiss: {i18n.M("Audio or embedded video without a transcript"),
		i18n.M("Deaf and hard-of-hearing readers cannot follow audio, and an embedded player's captions cannot be checked from here; a transcript serves them and readers who prefer to read."),
		i18n.M("Link a transcript right after the player: [Transcript of the interview](interview.html). For an embedded video, also make sure its captions are switched on.")},
	a11ycheck.FrameTitleMissing: {i18n.M("Embedded frame without a title"),
		i18n.M("Screen readers announce a frame by its title; without one, readers cannot tell what the embedded content is before entering it."),
		i18n.M("Add a title that says what is embedded: <iframe title=\"Video: adding fractions\" …>.")},
}

// details are each detail's sentence; {placeholders} are the finding's Args, except {n} (a
// count, in plural messages: see plurals) and {script} and {language}, which are written as
// names in the reader's language.
var details = map[string]string{
	a11ycheck.DetailNoAlt:              i18n.M("The image “{image}” has no alt text."),
	a11ycheck.DetailNoAltAttribute:     i18n.M("The image “{image}” has no alt attribute."),
	a11ycheck.DetailPoorAlt:            i18n.M("The alt text “{alt}” does not describe the image."),
	a11ycheck.DetailFirstHeading:       i18n.M("The first heading “{heading}” is level {level}; a text starts at level 1 or 2."),
	a11ycheck.DetailLevelJump:          i18n.M("The heading “{heading}” is level {level} right after a level {previous} heading."),
	a11ycheck.DetailAnotherTop:         i18n.M("“{heading}” is another level-1 heading (the text has one title)."),
	a11ycheck.DetailVagueText:          i18n.M("The link text “{text}” does not say where the link goes."),
	a11ycheck.DetailAddressText:        i18n.M("The link text is the web address “{address}”."),
	a11ycheck.DetailEmptyLink:          i18n.M("The link to “{address}” has no text."),
	a11ycheck.DetailImageOnlyLink:      i18n.M("The link to “{address}” holds only an image without alt text."),
	a11ycheck.DetailEmptyHeaderRow:     i18n.M("This table's header row is empty."),
	a11ycheck.DetailNoHeaderCells:      i18n.M("This HTML table has no header cells (<th>)."),
	a11ycheck.DetailColour:             i18n.M("“{phrase}” points at something by its colour alone."),
	a11ycheck.DetailFormula:            i18n.M("The formula “{formula}” has no words before or after it."),
	a11ycheck.DetailUnmarkedPassage:    i18n.M("“{passage}” is written in {script}, and its language is not marked."),
	a11ycheck.DetailUnmarkedInLanguage: i18n.M("“{passage}” is written in {script} inside a text in {language}, and its language is not marked."),
	a11ycheck.DetailCaps:               i18n.M("“{phrase}” is written in capitals."),
	a11ycheck.DetailNoCaptions:         i18n.M("The video “{file}” has no captions track."),
	a11ycheck.DetailAudioTranscript:    i18n.M("The audio “{file}” has no transcript linked after it."),
	a11ycheck.DetailPlayerTranscript:   i18n.M("The video embedded from {host} has no transcript linked after it."),
	a11ycheck.DetailNoFrameTitle:       i18n.M("The embedded frame “{address}” has no title."),
}

// plurals are the details whose sentence depends on a count, Args["n"].
var plurals = map[string][2]string{
	a11ycheck.DetailLongParagraph: i18n.MN("This paragraph has about {n} word.", "This paragraph has about {n} words."),
}

// severities name a finding's severity.
var severities = map[string]string{
	string(a11ycheck.Error):   i18n.M("error"),
	string(a11ycheck.Warning): i18n.M("warning"),
	string(a11ycheck.Notice):  i18n.M("notice"),
}
