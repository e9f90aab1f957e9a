package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/translation"
)

// inbox is who's notifications, as texts by kind.
func (f *fixture) inbox(who Actor) (Inbox, map[string][]Notification) {
	f.t.Helper()
	in, err := f.a.Notifications(f.ctx, who, InboxRequest{})
	f.must(err)
	by := map[string][]Notification{}
	for _, n := range in.Notifications {
		by[n.Kind] = append(by[n.Kind], n)
	}
	return in, by
}

func TestProposalNotifiesReviewersAndAuthor(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob, rita := f.user("alice"), f.user("bob"), f.user("rita")
	src := f.create(alice, "Volcanoes", "Volcanoes erupt.\n\nLava is hot.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.SetCollaborator(f.ctx, alice, src.ID, "rita", resource.RoleReviewer)
	f.must(err)
	res, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{Title: ptr("Volcanoes, simpler")})
	f.must(err)
	f.edit(bob, res.Resource.ID, "Volcanoes erupt.\n\nLava is very hot.\n")
	p, err := f.a.CreateProposal(f.ctx, bob, res.Resource.ID, ProposalRequest{Title: "Hotter lava"})
	f.must(err)

	// The owner hears of the fork and the proposal; the reviewer of her role and the proposal.
	in, by := f.inbox(alice)
	if in.Unread != 2 || len(by[KindForkCreated]) != 1 || len(by[KindProposalOpened]) != 1 {
		t.Fatalf("alice's inbox: %+v", in)
	}
	opened := by[KindProposalOpened][0]
	if opened.Text != "User bob proposed “Hotter lava” for “Volcanoes”." || opened.URL != "/proposals/"+p.ID {
		t.Errorf("proposal notification: %q → %s", opened.Text, opened.URL)
	}
	if got := by[KindForkCreated][0].Text; got != "User bob forked “Volcanoes” as “Volcanoes, simpler”." {
		t.Errorf("fork notification: %q", got)
	}
	_, rby := f.inbox(rita)
	if len(rby[KindRoleGranted]) != 1 || rby[KindRoleGranted][0].Text != "User alice made you reviewer of “Volcanoes”." || len(rby[KindProposalOpened]) != 1 {
		t.Errorf("rita's inbox: %+v", rby)
	}
	if bin, _ := f.inbox(bob); bin.Unread != 0 {
		t.Errorf("bob was told of his own actions: %+v", bin)
	}

	// Reviews and the merge go to the author; two reviews fold into one unread.
	_, _, err = f.a.ReviewProposal(f.ctx, rita, p.ID, ReviewRequest{Verdict: "comment", Body: "Nice."})
	f.must(err)
	_, _, err = f.a.ReviewProposal(f.ctx, alice, p.ID, ReviewRequest{Verdict: "approve"})
	f.must(err)
	_, err = f.a.MergeProposal(f.ctx, alice, p.ID, MergeRequest{})
	f.must(err)
	bin, bby := f.inbox(bob)
	if bin.Unread != 2 || len(bby[KindProposalReviewed]) != 1 || len(bby[KindProposalMerged]) != 1 {
		t.Fatalf("bob's inbox: %+v", bin)
	}
	if rv := bby[KindProposalReviewed][0]; rv.Count != 2 || rv.Text != "User alice approved your proposal “Hotter lava” (2 times)." {
		t.Errorf("folded review: %+v", rv)
	}
	if m := bby[KindProposalMerged][0]; m.Text != "User alice merged your proposal “Hotter lava” into “Volcanoes”." {
		t.Errorf("merge: %q", m.Text)
	}

	// Opening one marks it read and leads to the proposal; "all" marks the rest.
	url, err := f.a.OpenNotification(f.ctx, bob, bby[KindProposalMerged][0].ID)
	f.must(err)
	if url != "/proposals/"+p.ID {
		t.Errorf("open → %s", url)
	}
	if n, _ := f.a.UnreadCount(f.ctx, bob); n != 1 {
		t.Errorf("unread after opening one: %d", n)
	}
	if _, err := f.a.OpenNotification(f.ctx, alice, bby[KindProposalMerged][0].ID); !isNotFoundErr(err) {
		t.Errorf("alice opened bob's notification: %v", err)
	}
	if n, err := f.a.MarkRead(f.ctx, alice, []string{bby[KindProposalReviewed][0].ID}, false); err != nil || n != 0 {
		t.Errorf("alice marked bob's notification: %d %v", n, err)
	}
	n, err := f.a.MarkRead(f.ctx, bob, nil, true)
	if err != nil || n != 1 {
		t.Errorf("mark all: %d %v", n, err)
	}
	if n, _ := f.a.UnreadCount(f.ctx, bob); n != 0 {
		t.Errorf("unread after mark all: %d", n)
	}
	if n, _ := f.a.UnreadCount(f.ctx, alice); n != 2 {
		t.Errorf("alice's unread changed with bob's: %d", n)
	}
	// A new review after reading starts a new notification.
	if _, err := f.a.MarkRead(f.ctx, bob, nil, false); err == nil {
		t.Error("mark read with neither ids nor all was accepted")
	}
}

func isNotFoundErr(err error) bool {
	return err != nil && (isNotFound(err) || strings.Contains(err.Error(), "not found"))
}

func TestDerivativesAreAnnouncedOnlyWhenTheOwnerCouldFindThem(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob := f.user("alice"), f.user("bob")
	src := f.create(alice, "Tides", "The sea rises.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{Title: ptr("Secret tides plan"), Visibility: ptr("private")})
	f.must(err)
	_, err = f.a.Fork(f.ctx, bob, src.ID, ForkRequest{Title: ptr("Unlisted tides"), Visibility: ptr("unlisted")})
	f.must(err)
	tr, err := f.a.StartTranslation(f.ctx, bob, src.ID, StartRequest{Language: "fr"})
	f.must(err)
	in, by := f.inbox(alice)
	if len(in.Notifications) != 1 || len(by[KindTranslationCreated]) != 1 {
		t.Fatalf("alice was told of hidden forks: %+v", in)
	}
	if got := by[KindTranslationCreated][0]; got.Text != "User bob started a French translation of “Tides”." || got.URL != "/r/"+tr.ID {
		t.Errorf("translation notification: %+v", got)
	}
	// When the translation goes private, its notification is no longer shown or counted.
	_, _, err = f.a.UpdateResource(f.ctx, bob, tr.ID, resource.Fields{Visibility: ptr("private")})
	f.must(err)
	if in, _ := f.inbox(alice); len(in.Notifications) != 0 || in.Unread != 0 {
		t.Errorf("a now-private translation is still announced: %+v", in)
	}
}

func TestSegmentsNotifyReviewersAndTranslators(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, tina, rita := f.user("alice"), f.user("tina"), f.user("rita")
	src := f.create(alice, "Rain", "Rain falls. Clouds form.\n", "CC-BY-4.0", resource.Public)
	tr, err := f.a.StartTranslation(f.ctx, alice, src.ID, StartRequest{Language: "es"})
	f.must(err)
	for h, role := range map[string]resource.Role{"tina": resource.RoleTranslator, "rita": resource.RoleReviewer} {
		_, err := f.a.SetCollaborator(f.ctx, alice, tr.ID, h, role)
		f.must(err)
	}
	segs, err := f.a.Segments(f.ctx, tina, tr.ID, SegmentQuery{})
	f.must(err)
	segs.All = segs.All[1:] // the title's segment, then the text's two
	for i, sg := range segs.All {
		_, err := f.a.ChangeSegment(f.ctx, tina, tr.ID, sg.ID, SegmentChange{Target: ptr([]string{"Llueve.", "Se forman nubes."}[i])})
		f.must(err)
	}
	_, rby := f.inbox(rita)
	w := rby[KindSegmentsWaiting]
	if len(w) != 1 || w[0].Count != 2 || w[0].Text != "Segments of “Rain (español)” wait for your review (2 changes)." ||
		w[0].URL != "/r/"+tr.ID+"/translate?state=translated" {
		t.Fatalf("rita's waiting segments: %+v", rby)
	}
	if _, aby := f.inbox(alice); len(aby[KindSegmentsWaiting]) != 0 {
		t.Errorf("the owner was told though the translation has a reviewer: %+v", aby)
	}
	_, _, err = f.a.ReviewSegment(f.ctx, rita, tr.ID, segs.All[0].ID, SegmentReview{Action: "send_back", Comment: "Use «lluvia»."})
	f.must(err)
	_, tby := f.inbox(tina)
	if sb := tby[KindSegmentsSentBack]; len(sb) != 1 || sb[0].Text != "User rita sent a segment back to you in “Rain (español)”." {
		t.Errorf("tina's sent back: %+v", tby)
	}
}

func TestSourceChangesFoldPerDerivative(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob, eve := f.user("alice"), f.user("bob"), f.user("eve")
	src := f.create(alice, "Wind", "Air moves.\n", "CC-BY-4.0", resource.Public)
	fork, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{})
	f.must(err)
	_, err = f.a.StartTranslation(f.ctx, eve, src.ID, StartRequest{Language: "de"})
	f.must(err)
	for _, text := range []string{"Air moves fast.\n", "Air moves very fast.\n"} {
		f.edit(alice, src.ID, text)
		_, err := f.a.NameVersion(f.ctx, alice, src.ID, "v")
		f.must(err)
	}
	_, bby := f.inbox(bob)
	sc := bby[KindSourceChanged]
	if len(sc) != 1 || sc[0].Count != 2 || sc[0].URL != "/r/"+fork.Resource.ID+"/sync" ||
		sc[0].Text != "“Wind”, the source of “Wind”, changed (2 times)." {
		t.Fatalf("bob's source changes: %+v", bby)
	}
	if _, eby := f.inbox(eve); len(eby[KindSourceChanged]) != 1 {
		t.Errorf("eve's source changes: %+v", eby)
	}
	if _, aby := f.inbox(alice); len(aby[KindSourceChanged]) != 0 {
		t.Errorf("the source's owner was told of her own changes: %+v", aby)
	}
	// The source goes private: bob may no longer read it, so he hears nothing of it.
	_, _, err = f.a.UpdateResource(f.ctx, alice, src.ID, resource.Fields{Visibility: ptr("private")})
	f.must(err)
	if _, bby := f.inbox(bob); len(bby[KindSourceChanged]) != 0 {
		t.Errorf("bob still told of a source he cannot read: %+v", bby)
	}
}

func TestImportedSegmentsWaitForReview(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, rita := f.user("alice"), f.user("rita")
	src := f.create(alice, "Snow", "Snow is cold. Ice is hard.\n", "CC-BY-4.0", resource.Public)
	tr, err := f.a.StartTranslation(f.ctx, alice, src.ID, StartRequest{Language: "it"})
	f.must(err)
	_, err = f.a.SetCollaborator(f.ctx, alice, tr.ID, "rita", resource.RoleReviewer)
	f.must(err)
	_, file, err := f.a.ExchangeFile(f.ctx, alice, tr.ID)
	f.must(err)
	for i := range file.Units {
		file.Units[i].Target = "Tradotto " + file.Units[i].ID
		file.Units[i].State = translation.StateTranslated
	}
	_, err = f.a.ImportFile(f.ctx, alice, tr.ID, file)
	f.must(err)
	if _, rby := f.inbox(rita); len(rby[KindSegmentsWaiting]) != 1 || rby[KindSegmentsWaiting][0].Count != 3 { // the title and the two sentences
		t.Errorf("rita after an import: %+v", rby)
	}
}

// TestNotificationTitlesKeepTheirLanguage checks that a sentence's titles and names are parts of
// their own: a resource's title carries its language, what people wrote is isolated, and the
// HTML sets each apart, so an Arabic title keeps its order in an English sentence and a screen
// reader reads it in Arabic.
func TestNotificationTitlesKeepTheirLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob, rita := f.user("alice"), f.user("bob"), f.user("rita")
	const title = "البراكين (الجزء 2)"
	src := f.createIn(alice, "ar", title, "", "تثور البراكين.\n", "CC-BY-4.0", resource.Public, "")
	_, err := f.a.SetCollaborator(f.ctx, alice, src.ID, "rita", resource.RoleReviewer)
	f.must(err)
	_, rby := f.inbox(rita)
	if len(rby[KindRoleGranted]) != 1 {
		t.Fatalf("rita's inbox: %+v", rby)
	}
	n := rby[KindRoleGranted][0]
	want := []TextPart{{Text: "User alice", Isolated: true}, {Text: " made you reviewer of “"},
		{Text: title, Lang: "ar", Isolated: true}, {Text: "”."}}
	if !slices.Equal(n.Parts, want) || n.Text != joinParts(want) {
		t.Fatalf("parts %+v, text %q; want %+v", n.Parts, n.Text, want)
	}
	if got, wantHTML := PartsHTML(n.Parts), `<bdi>User alice</bdi> made you reviewer of “<span lang="ar" dir="rtl">`+title+`</span>”.`; got != wantHTML {
		t.Errorf("HTML %s\nwant %s", got, wantHTML)
	}

	// A proposal's title has no known language: isolated, without lang. Markup in a title is text.
	res, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{Title: ptr("Volcans <i>simples</i>")})
	f.must(err)
	f.edit(bob, res.Resource.ID, "تثور البراكين كثيرا.\n")
	_, err = f.a.CreateProposal(f.ctx, bob, res.Resource.ID, ProposalRequest{Title: "Plus <b>chaud</b>"})
	f.must(err)
	_, aby := f.inbox(alice)
	if len(aby[KindProposalOpened]) != 1 || len(aby[KindForkCreated]) != 1 {
		t.Fatalf("alice's inbox: %+v", aby)
	}
	got := PartsHTML(aby[KindProposalOpened][0].Parts)
	if wantHTML := `<bdi>User bob</bdi> proposed “<bdi>Plus &lt;b&gt;chaud&lt;/b&gt;</bdi>” for “<span lang="ar" dir="rtl">` + title + `</span>”.`; got != wantHTML {
		t.Errorf("proposal HTML %s\nwant %s", got, wantHTML)
	}
	// A fork keeps its source's language.
	if got := PartsHTML(aby[KindForkCreated][0].Parts); !strings.Contains(got, `“<span lang="ar" dir="rtl">Volcans &lt;i&gt;simples&lt;/i&gt;</span>”`) {
		t.Errorf("fork HTML %s", got)
	}
}
