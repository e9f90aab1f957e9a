package app

import (
	"fmt"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// sentence says what a notification is about, in one sentence, and where it
// leads. title names a resource only if the reader may open it.
func sentence(n store.Notification, actor string, title func(string) string, proposal string) (text, url string) {
	if actor == "" {
		actor = "Someone"
	}
	q := func(s string) string { return "“" + s + "”" }
	r, other := q(title(n.ResourceID)), ""
	if n.OtherID != "" {
		other = q(title(n.OtherID))
	}
	times := ""
	if n.Count > 1 {
		times = fmt.Sprintf(" (%d times)", n.Count)
	}
	switch n.Kind {
	case KindRoleGranted:
		role := n.Detail["role"]
		if role == "" {
			role = "a collaborator"
		}
		return fmt.Sprintf("%s made you %s of %s.", actor, role, r), "/r/" + n.ResourceID
	case KindProposalOpened:
		return fmt.Sprintf("%s proposed %s for %s.", actor, q(proposal), r), "/proposals/" + n.ProposalID
	case KindProposalReviewed:
		verb := map[string]string{"approve": "approved", "request_changes": "asked for changes to"}[n.Detail["verdict"]]
		if verb == "" {
			verb = "commented on"
		}
		return fmt.Sprintf("%s %s your proposal %s%s.", actor, verb, q(proposal), times), "/proposals/" + n.ProposalID
	case KindProposalMerged:
		return fmt.Sprintf("%s merged your proposal %s into %s.", actor, q(proposal), r), "/proposals/" + n.ProposalID
	case KindProposalClosed:
		return fmt.Sprintf("%s closed your proposal %s.", actor, q(proposal)), "/proposals/" + n.ProposalID
	case KindForkCreated:
		return fmt.Sprintf("%s forked %s as %s.", actor, other, r), "/r/" + n.ResourceID
	case KindTranslationCreated:
		lang := resource.LanguageName(n.Detail["language"])
		return fmt.Sprintf("%s started a %s translation of %s.", actor, lang, other), "/r/" + n.ResourceID
	case KindSegmentsSentBack:
		return fmt.Sprintf("%s sent %s back to you in %s.", actor, segments(n.Count), r), "/r/" + n.ResourceID + "/translate"
	case KindSegmentsWaiting:
		return fmt.Sprintf("Segments of %s wait for your review (%s).", r, changes(n.Count)), "/r/" + n.ResourceID + "/translate?state=translated"
	case KindSourceChanged:
		return fmt.Sprintf("%s, the source of %s, changed%s.", other, r, times), "/r/" + n.ResourceID + "/sync"
	}
	return "Something happened in " + r + ".", "/r/" + n.ResourceID
}

func segments(n int) string {
	if n == 1 {
		return "a segment"
	}
	return fmt.Sprintf("%d segments", n)
}

func changes(n int) string {
	if n == 1 {
		return "1 change"
	}
	return fmt.Sprintf("%d changes", n)
}
