package web

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/translation"
	"github.com/commonplace/commonplace/versioning"
)

// The review queue page (/reviews): proposals grouped by the resource they
// are addressed to, and translation segments waiting for review, grouped
// by translation, each with Approve and Send back forms. The forms post to
// the translator's page (op=approve|send_back, return=/reviews) and work
// without JavaScript; frontend/src/reviews enhances them (no reload, focus
// to the next item, Alt+A approves and moves on).

type proposalGroup struct {
	SourceID, SourceTitle, SourceLanguage string
	Proposals                             []versioning.Proposal
}

type reviewItem struct {
	ID, Kind               string
	SourceHTML, TargetHTML template.HTML
	Comment, Error         string
}

type reviewGroup struct {
	ID, Title, Language, Dir, SourceLanguage, SourceDir string
	Waiting                                             int
	More                                                bool // more wait than are shown
	Items                                               []reviewItem
}

type reviewsView struct {
	Empty                       bool
	ProposalCount, SegmentCount int
	ProposalGroups              []proposalGroup
	Translations                []reviewGroup
	Done                        string
}

// itemKey names one segment of one translation in a page's errors.
func itemKey(resourceID, segmentID string) string { return resourceID + "/" + segmentID }

func (s *Site) pageReviewQueue(c echo.Context) error {
	return s.renderReviewQueue(c, http.StatusOK, nil, nil)
}

// renderReviewQueue shows the queue; errs and typed (by itemKey) put a
// refused send-back's reason and comment back next to its segment.
func (s *Site) renderReviewQueue(c echo.Context, status int, errs, typed map[string]string) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	w, err := s.app.WaitingForReview(c.Request().Context(), httpx.Actor(c))
	if err != nil {
		return err
	}
	v := reviewsView{Empty: w.Empty(), ProposalCount: len(w.Proposals), Done: c.QueryParam("done")}
	bySource := map[string]int{}
	for _, p := range w.Proposals {
		i, ok := bySource[p.SourceID]
		if !ok {
			i = len(v.ProposalGroups)
			bySource[p.SourceID] = i
			v.ProposalGroups = append(v.ProposalGroups, proposalGroup{SourceID: p.SourceID, SourceTitle: p.SourceTitle, SourceLanguage: p.SourceLanguage})
		}
		v.ProposalGroups[i].Proposals = append(v.ProposalGroups[i].Proposals, p)
	}
	for _, t := range w.Translations {
		g := reviewGroup{ID: t.Resource.ID, Title: t.Resource.Title, Language: t.Resource.Language, Dir: translation.Direction(t.Resource.Language),
			SourceLanguage: t.SourceLanguage, SourceDir: translation.Direction(t.SourceLanguage), Waiting: t.Waiting, More: t.Waiting > len(t.Segments)}
		for _, sg := range t.Segments {
			key := itemKey(t.Resource.ID, sg.ID)
			it := reviewItem{ID: sg.ID, SourceHTML: notationHTML(sg.Source, sg.Placeholders), TargetHTML: notationHTML(sg.Target, sg.Placeholders),
				Comment: typed[key], Error: errs[key]}
			if app.IsMetaSegment(sg.ID) {
				it.Kind = sg.ID
			}
			g.Items = append(g.Items, it)
		}
		v.SegmentCount += t.Waiting
		v.Translations = append(v.Translations, g)
	}
	return s.render(c, status, "reviews", s.page(c, tr(c, "Waiting for your review"), v))
}
