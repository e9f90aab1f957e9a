package a11ycheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/commonplace/commonplace/markdown"
)

// Options tune a check.
type Options struct {
	// Language is the BCP 47 tag of the text ("" when unknown: the script most of its letters
	// are in is taken as its own).
	Language string
}

// dialect is Commonplace's Markdown (GFM tables, autolinks, formulas); goldmark parsers are
// safe for concurrent use.
var dialect = markdown.NewGoldmark()

// checker holds one check's state: the text, what the walk collected, and the findings.
type checker struct {
	src      []byte
	ix       *index
	opts     Options
	findings []Finding
	seen     map[string]int // (rule, key) → occurrences so far, for fingerprints
	stats    Stats

	headings []heading
	images   []image
	links    []link
	tables   []table
	prose    []*prose
	formulas []ast.Node // display formulas: MathBlock, or a paragraph holding only $$…$$
	html     []fragment
	tags     []tag
	langs    []span // regions inside an element with a lang attribute
}

type span struct{ start, end int }

// Check reads the Markdown text and reports what it found, in the order of the text.
func Check(src string, opts Options) Report {
	body := blankFrontMatter([]byte(src))
	doc := dialect.Parser().Parse(text.NewReader(body))
	c := &checker{src: body, ix: newIndex(body), opts: opts, seen: map[string]int{}}
	c.collect(doc)
	c.readHTML()
	c.checkImages()
	c.checkHeadings()
	c.checkLinks()
	c.checkTables()
	c.checkColour()
	c.checkFormulas()
	c.checkLanguage()
	c.checkParagraphs()
	c.checkCaps()
	c.checkMedia()
	sort.SliceStable(c.findings, func(i, j int) bool {
		a, b := c.findings[i], c.findings[j]
		if a.Start.Offset != b.Start.Offset {
			return a.Start.Offset < b.Start.Offset
		}
		return a.Rule < b.Rule
	})
	for _, p := range c.prose {
		if p.kind == proseParagraph {
			c.stats.Words += p.words()
		}
	}
	return Report{Findings: c.findings, Stats: c.stats}
}

// add records a finding of rule over [start, end) of the source: what was found (detail) and
// its values (args: name, value, …). key names what is at the spot (not where it is): with the
// rule and the occurrence count it makes the fingerprint.
func (c *checker) add(rule, detail string, start, end int, key string, args ...string) {
	r := rulesByID[rule]
	end = max(end, start)
	norm := strings.Join(strings.Fields(strings.ToLower(key)), " ")
	k := rule + "\x00" + norm
	c.seen[k]++
	sum := sha256.Sum256([]byte(k + "\x00" + strconv.Itoa(c.seen[k])))
	var values map[string]string
	if len(args) > 0 {
		values = make(map[string]string, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			values[args[i]] = args[i+1]
		}
	}
	c.findings = append(c.findings, Finding{Rule: r.ID, Severity: r.Severity, WCAG: r.WCAG, Detail: detail,
		Args: values, Start: c.ix.at(start), End: c.ix.at(end),
		Excerpt: excerpt(c.src, start, end), Fingerprint: hex.EncodeToString(sum[:8])})
}

// excerpt is the source at the spot on one line, at most 80 characters.
func excerpt(src []byte, start, end int) string {
	s := strings.Join(strings.Fields(string(src[max(0, start):min(end, len(src))])), " ")
	return shorten(s, 80)
}

// shorten cuts s to n characters, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// blankFrontMatter returns the text with a leading YAML front matter block ("---" … "---" or
// "...") turned into spaces, newlines kept: its keys are not prose, and offsets stay the same.
func blankFrontMatter(src []byte) []byte {
	if !bytes.HasPrefix(src, []byte("---")) {
		return src
	}
	first := bytes.IndexByte(src, '\n')
	if first < 0 || strings.TrimRight(string(src[:first]), " \t\r") != "---" {
		return src
	}
	pos := first + 1
	for pos < len(src) {
		nl := bytes.IndexByte(src[pos:], '\n')
		lineEnd := len(src)
		if nl >= 0 {
			lineEnd = pos + nl
		}
		t := strings.TrimRight(string(src[pos:lineEnd]), " \t\r")
		if t == "---" || t == "..." {
			out := bytes.Clone(src)
			for i := 0; i < lineEnd; i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
			return out
		}
		pos = lineEnd + 1
	}
	return src
}
