package app

import (
	"html"
	"strings"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// The name a hidden resource gets (HiddenTitle), in the reader's language.
var _ = i18n.M("a private resource")

// A TextPart is a run of a notification's sentence. The sentence is in the
// reader's language, but the titles and names in it are in whatever
// language their authors wrote: such a part is Isolated, so a page or an
// e-mail sets it apart from the sentence's direction (an Arabic title keeps
// its order inside an English sentence), and Lang, when known (a resource's
// title), tells a screen reader which voice to read it in.
type TextPart struct {
	Text     string
	Lang     string
	Isolated bool
}

// joinParts is the sentence as plain text.
func joinParts(parts []TextPart) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// PartsHTML is the sentence as HTML: each part set apart is a bidi
// isolate, with its language when known (<span lang dir>), else <bdi>,
// whose direction comes from its own text.
func PartsHTML(parts []TextPart) string {
	var b strings.Builder
	for _, p := range parts {
		switch {
		case p.Lang != "":
			b.WriteString(`<span lang="` + html.EscapeString(p.Lang) + `" dir="` + resource.Direction(p.Lang) + `">` + html.EscapeString(p.Text) + `</span>`)
		case p.Isolated:
			b.WriteString("<bdi>" + html.EscapeString(p.Text) + "</bdi>")
		default:
			b.WriteString(html.EscapeString(p.Text))
		}
	}
	return b.String()
}

// fillParts fills a translated message's placeholders from kv (name,
// value, …); a TextPart value keeps its language and isolation.
func fillParts(msg string, kv ...any) []TextPart {
	plain := make([]any, len(kv))
	own := map[string]TextPart{}
	for i := 0; i+1 < len(kv); i += 2 {
		plain[i], plain[i+1] = kv[i], kv[i+1]
		if p, ok := kv[i+1].(TextPart); ok {
			plain[i+1] = p.Text
			own[kv[i].(string)] = p
		}
	}
	var out []TextPart
	for _, p := range i18n.Split(msg, plain...) {
		tp := TextPart{Text: p.Text}
		if o, ok := own[p.Name]; ok && p.Name != "" {
			tp.Lang, tp.Isolated = o.Lang, o.Isolated
		}
		out = append(out, tp)
	}
	return out
}

// phrasing translates a notification's messages into parts. Its methods
// are named T and N, as Locale's are, so the message extractor finds them.
type phrasing struct {
	loc   *i18n.Locale
	count int
}

// T and N call Locale's with no values, which gives the translated message
// with its placeholders ({n} aside) still in, for fillParts.
func (p phrasing) T(msgid string, kv ...any) []TextPart { return fillParts(p.loc.T(msgid), kv...) }

func (p phrasing) N(singular, plural string, kv ...any) []TextPart {
	return fillParts(p.loc.N(singular, plural, p.count), kv...)
}

// sentence says what a notification is about, in one sentence in the
// reader's language, and where it leads. title names a resource only if the
// reader may open it (ok false: hidden).
func sentence(loc *i18n.Locale, n store.Notification, actorName string, title func(string) (store.Title, bool), proposalTitle string) (parts []TextPart, url string) {
	actor := TextPart{Text: actorName, Isolated: true}
	if actorName == "" {
		actor = TextPart{Text: loc.T("Someone")}
	}
	name := func(id string) TextPart {
		if t, ok := title(id); ok {
			return TextPart{Text: t.Text, Lang: t.Language, Isolated: true}
		}
		return TextPart{Text: loc.T(HiddenTitle)}
	}
	proposal := TextPart{Text: proposalTitle, Isolated: true}
	r, other := name(n.ResourceID), TextPart{}
	if n.OtherID != "" {
		other = name(n.OtherID)
	}
	count := n.Count
	if count < 1 {
		count = 1
	}
	say := phrasing{loc, count}
	switch n.Kind {
	case KindRoleGranted:
		role := map[string]string{"owner": i18n.M("{actor} made you owner of “{resource}”."), "editor": i18n.M("{actor} made you editor of “{resource}”."),
			"translator": i18n.M("{actor} made you translator of “{resource}”."), "reviewer": i18n.M("{actor} made you reviewer of “{resource}”."),
			"viewer": i18n.M("{actor} made you viewer of “{resource}”.")}[n.Detail["role"]]
		if role == "" {
			role = i18n.M("{actor} made you a collaborator of “{resource}”.")
		}
		return say.T(role, "actor", actor, "resource", r), "/r/" + n.ResourceID
	case KindProposalOpened:
		return say.T("{actor} proposed “{proposal}” for “{resource}”.", "actor", actor, "proposal", proposal, "resource", r), "/proposals/" + n.ProposalID
	case KindProposalReviewed:
		switch n.Detail["verdict"] {
		case "approve":
			return say.N("{actor} approved your proposal “{proposal}”.", "{actor} approved your proposal “{proposal}” ({n} times).",
				"actor", actor, "proposal", proposal), "/proposals/" + n.ProposalID
		case "request_changes":
			return say.N("{actor} asked for changes to your proposal “{proposal}”.", "{actor} asked for changes to your proposal “{proposal}” ({n} times).",
				"actor", actor, "proposal", proposal), "/proposals/" + n.ProposalID
		}
		return say.N("{actor} commented on your proposal “{proposal}”.", "{actor} commented on your proposal “{proposal}” ({n} times).",
			"actor", actor, "proposal", proposal), "/proposals/" + n.ProposalID
	case KindProposalMerged:
		return say.T("{actor} merged your proposal “{proposal}” into “{resource}”.", "actor", actor, "proposal", proposal, "resource", r), "/proposals/" + n.ProposalID
	case KindProposalClosed:
		return say.T("{actor} closed your proposal “{proposal}”.", "actor", actor, "proposal", proposal), "/proposals/" + n.ProposalID
	case KindForkCreated:
		return say.T("{actor} forked “{source}” as “{resource}”.", "actor", actor, "source", other, "resource", r), "/r/" + n.ResourceID
	case KindTranslationCreated:
		return say.T("{actor} started a {language} translation of “{source}”.", "actor", actor, "language", loc.LanguageName(n.Detail["language"]), "source", other),
			"/r/" + n.ResourceID
	case KindSegmentsSentBack:
		return say.N("{actor} sent a segment back to you in “{resource}”.", "{actor} sent {n} segments back to you in “{resource}”.",
			"actor", actor, "resource", r), "/r/" + n.ResourceID + "/translate"
	case KindSegmentsWaiting:
		return say.N("Segments of “{resource}” wait for your review ({n} change).", "Segments of “{resource}” wait for your review ({n} changes).",
			"resource", r), "/r/" + n.ResourceID + "/translate?state=translated"
	case KindSourceChanged:
		return say.N("“{source}”, the source of “{resource}”, changed.", "“{source}”, the source of “{resource}”, changed ({n} times).",
			"source", other, "resource", r), "/r/" + n.ResourceID + "/sync"
	}
	return say.T("Something happened in “{resource}”.", "resource", r), "/r/" + n.ResourceID
}
