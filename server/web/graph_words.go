package web

import (
	"strings"
	"time"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/versioning"
)

// graphKinds name the kinds of resources and links the family graph draws.
var graphKinds = map[string]string{
	"original":    i18n.M("original"),
	"fork":        i18n.M("fork"),
	"translation": i18n.M("translation"),
	"merge":       i18n.M("merge"),
	"link":        i18n.M("link"),
}

// graphEdges are the description's sentences about a link, by kind.
var graphEdges = map[string]string{
	"fork":        i18n.M("“{to}” is a fork of “{from}”."),
	"translation": i18n.M("“{to}” is a translation of “{from}”."),
	"merge":       i18n.M("Changes from “{from}” were merged into “{to}”."),
}

// graphWords are the family graph's words in loc's language.
func graphWords(loc *i18n.Locale) versioning.GraphWords {
	kind := func(k string) string {
		if id, ok := graphKinds[k]; ok {
			return loc.T(id)
		}
		return k
	}
	date := func(t time.Time) string { return loc.Date(t) }
	return versioning.GraphWords{
		Links:     loc.T("Links:"),
		Kind:      kind,
		Current:   loc.T("▼ current resource"),
		Untitled:  loc.T("(untitled)"),
		By:        func(name string) string { return loc.T("by {name}", "name", name) },
		Approved:  loc.T("✓ approved"),
		Deleted:   loc.T("deleted"),
		Date:      date,
		Separator: " · ",
		Title: func(focus string, n int) string {
			if focus == "" {
				return loc.N("Resource family: {n} resource", "Resource family: {n} resources", n)
			}
			return loc.N("Family of “{title}”: {n} resource", "Family of “{title}”: {n} resources", n, "title", focus)
		},
		Node: func(n versioning.GraphNode, title string, current bool) string {
			var facts []string
			if n.Kind != "" {
				facts = append(facts, kind(n.Kind))
			}
			if n.Language != "" {
				facts = append(facts, loc.LanguageName(n.Language))
			}
			if n.License != "" {
				facts = append(facts, license.NameOf(n.License))
			}
			if n.Owner != "" {
				facts = append(facts, loc.T("by {name}", "name", n.Owner))
			}
			if n.Approved {
				facts = append(facts, loc.T("approved"))
			}
			if n.Deleted {
				facts = append(facts, loc.T("deleted"))
			}
			switch {
			case current && len(facts) > 0:
				return loc.T("{title} ({facts}; the current resource).", "title", title, "facts", strings.Join(facts, loc.T(", ")))
			case current:
				return loc.T("{title} (the current resource).", "title", title)
			case len(facts) > 0:
				return loc.T("{title} ({facts}).", "title", title, "facts", strings.Join(facts, loc.T(", ")))
			}
			return loc.T("{title}.", "title", title)
		},
		Edge: func(k, from, to, who string, when time.Time) string {
			s := loc.T("“{to}” is linked to “{from}” ({kind}).", "to", to, "from", from, "kind", kind(k))
			if id, ok := graphEdges[k]; ok {
				s = loc.T(id, "to", to, "from", from)
			}
			switch {
			case who != "" && !when.IsZero():
				s = loc.T("{sentence} {next}", "sentence", s, "next", loc.T("By {name}, on {date}.", "name", who, "date", date(when)))
			case who != "":
				s = loc.T("{sentence} {next}", "sentence", s, "next", loc.T("By {name}.", "name", who))
			case !when.IsZero():
				s = loc.T("{sentence} {next}", "sentence", s, "next", loc.T("On {date}.", "date", date(when)))
			}
			return s
		},
		More: func(n int) string {
			return loc.N("{n} more resource is not drawn.", "{n} more resources are not drawn.", n)
		},
	}
}
