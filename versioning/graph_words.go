package versioning

import (
	"fmt"
	"strings"
	"time"
)

// GraphWords are the family graph's words, in the reader's language. The drawing's layout is
// the same in every language; the web layer fills these from its catalogues, so versioning
// knows nothing of languages. EnglishGraphWords are the words without a catalogue.
type GraphWords struct {
	Links     string                   // the legend's heading
	Kind      func(kind string) string // a resource's or a link's kind: "fork", "translation"…
	Current   string                   // over the current resource's box
	Untitled  string                   // a resource without a title
	By        func(name string) string // who made a resource or a link: "by ann"
	Approved  string                   // a box's flag
	Deleted   string                   // a box's flag
	Date      func(t time.Time) string // never given a zero time
	Separator string                   // between the parts of a box's line: " · "
	// Title names the drawing: the family of focus (a title), or of nobody in particular ("").
	Title func(focus string, n int) string
	// Node is the description's sentence about one resource; title is already "(untitled)"
	// when it has none.
	Node func(n GraphNode, title string, current bool) string
	// Edge is the description's sentence about one link, from one title to another; who and
	// when may be empty.
	Edge func(kind, from, to, who string, when time.Time) string
	// More says that n resources are not drawn.
	More func(n int) string
}

// EnglishGraphWords are the drawing's words in English.
func EnglishGraphWords() GraphWords {
	date := func(t time.Time) string { return t.UTC().Format("2006-01-02") }
	return GraphWords{
		Links:     "Links:",
		Kind:      func(k string) string { return k },
		Current:   "▼ current resource",
		Untitled:  "(untitled)",
		By:        func(name string) string { return "by " + name },
		Approved:  "✓ approved",
		Deleted:   "deleted",
		Date:      date,
		Separator: " · ",
		Title: func(focus string, n int) string {
			if focus == "" {
				return fmt.Sprintf("Resource family: %d resources", n)
			}
			return fmt.Sprintf("Family of “%s”: %d resources", focus, n)
		},
		Node: func(n GraphNode, title string, current bool) string {
			var facts []string
			for _, f := range []string{n.Kind, n.Language, n.License, prefixed("by ", n.Owner), flag(n.Approved, "approved"), flag(n.Deleted, "deleted")} {
				if f != "" {
					facts = append(facts, f)
				}
			}
			s := title
			if len(facts) > 0 {
				s += " (" + strings.Join(facts, ", ") + ")"
			}
			if current {
				s += " (current resource)"
			}
			return s + "."
		},
		Edge: func(kind, from, to, who string, when time.Time) string {
			var s string
			switch kind {
			case "fork":
				s = fmt.Sprintf("“%s” is a fork of “%s”", to, from)
			case "translation":
				s = fmt.Sprintf("“%s” is a translation of “%s”", to, from)
			case "merge":
				s = fmt.Sprintf("changes from “%s” were merged into “%s”", from, to)
			default:
				s = fmt.Sprintf("“%s” is linked (%s) from “%s”", to, kind, from)
			}
			if who != "" {
				s += " by " + who
			}
			if !when.IsZero() {
				s += " on " + date(when)
			}
			return s + "."
		},
		More: func(n int) string { return fmt.Sprintf("%d more resources are not drawn.", n) },
	}
}
