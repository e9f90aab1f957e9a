package app

import (
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/store"
)

// The name a hidden resource gets (HiddenTitle), in the reader's language.
var _ = i18n.M("a private resource")

// sentence says what a notification is about, in one sentence in the
// reader's language, and where it leads. title names a resource only if the
// reader may open it.
func sentence(loc *i18n.Locale, n store.Notification, actor string, title func(string) string, proposal string) (text, url string) {
	if actor == "" {
		actor = loc.T("Someone")
	}
	name := func(id string) string {
		if t := title(id); t != HiddenTitle {
			return t
		}
		return loc.T(HiddenTitle)
	}
	r, other := name(n.ResourceID), ""
	if n.OtherID != "" {
		other = name(n.OtherID)
	}
	count := n.Count
	if count < 1 {
		count = 1
	}
	switch n.Kind {
	case KindRoleGranted:
		role := map[string]string{"owner": i18n.M("{actor} made you owner of “{resource}”."), "editor": i18n.M("{actor} made you editor of “{resource}”."),
			"translator": i18n.M("{actor} made you translator of “{resource}”."), "reviewer": i18n.M("{actor} made you reviewer of “{resource}”."),
			"viewer": i18n.M("{actor} made you viewer of “{resource}”.")}[n.Detail["role"]]
		if role == "" {
			role = i18n.M("{actor} made you a collaborator of “{resource}”.")
		}
		return loc.T(role, "actor", actor, "resource", r), "/r/" + n.ResourceID
	case KindProposalOpened:
		return loc.T("{actor} proposed “{proposal}” for “{resource}”.", "actor", actor, "proposal", proposal, "resource", r), "/proposals/" + n.ProposalID
	case KindProposalReviewed:
		switch n.Detail["verdict"] {
		case "approve":
			return loc.N("{actor} approved your proposal “{proposal}”.", "{actor} approved your proposal “{proposal}” ({n} times).", count,
				"actor", actor, "proposal", proposal), "/proposals/" + n.ProposalID
		case "request_changes":
			return loc.N("{actor} asked for changes to your proposal “{proposal}”.", "{actor} asked for changes to your proposal “{proposal}” ({n} times).", count,
				"actor", actor, "proposal", proposal), "/proposals/" + n.ProposalID
		}
		return loc.N("{actor} commented on your proposal “{proposal}”.", "{actor} commented on your proposal “{proposal}” ({n} times).", count,
			"actor", actor, "proposal", proposal), "/proposals/" + n.ProposalID
	case KindProposalMerged:
		return loc.T("{actor} merged your proposal “{proposal}” into “{resource}”.", "actor", actor, "proposal", proposal, "resource", r), "/proposals/" + n.ProposalID
	case KindProposalClosed:
		return loc.T("{actor} closed your proposal “{proposal}”.", "actor", actor, "proposal", proposal), "/proposals/" + n.ProposalID
	case KindForkCreated:
		return loc.T("{actor} forked “{source}” as “{resource}”.", "actor", actor, "source", other, "resource", r), "/r/" + n.ResourceID
	case KindTranslationCreated:
		return loc.T("{actor} started a {language} translation of “{source}”.", "actor", actor, "language", loc.LanguageName(n.Detail["language"]), "source", other),
			"/r/" + n.ResourceID
	case KindSegmentsSentBack:
		return loc.N("{actor} sent a segment back to you in “{resource}”.", "{actor} sent {n} segments back to you in “{resource}”.", count,
			"actor", actor, "resource", r), "/r/" + n.ResourceID + "/translate"
	case KindSegmentsWaiting:
		return loc.N("Segments of “{resource}” wait for your review ({n} change).", "Segments of “{resource}” wait for your review ({n} changes).", count,
			"resource", r), "/r/" + n.ResourceID + "/translate?state=translated"
	case KindSourceChanged:
		return loc.N("“{source}”, the source of “{resource}”, changed.", "“{source}”, the source of “{resource}”, changed ({n} times).", count,
			"source", other, "resource", r), "/r/" + n.ResourceID + "/sync"
	}
	return loc.T("Something happened in “{resource}”.", "resource", r), "/r/" + n.ResourceID
}
