package app

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

func names(ps []resource.Person) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Handle)
	}
	return strings.Join(out, ",")
}

// Revisions are numbered in order, list who contributed since their
// parent, open by number or id, and an old one restored comes back as a new
// revision credited to who restored it while its text keeps its authors.
func TestHistoryNumbersContributorsAndRestore(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob, cara, vic := f.user("alice"), f.user("bob"), f.user("cara"), f.user("vic")
	r := f.create(alice, "Rivers", "Rivers flow.\n", "CC-BY-4.0", resource.Private)
	for who, role := range map[string]resource.Role{"bob": resource.RoleEditor, "cara": resource.RoleEditor, "vic": resource.RoleViewer} {
		_, err := f.a.SetCollaborator(f.ctx, alice, r.ID, who, role)
		f.must(err)
	}
	f.edit(alice, r.ID, "Rivers flow to the sea.\n")
	v1, err := f.a.NameVersion(f.ctx, alice, r.ID, "first draft")
	f.must(err)
	f.edit(bob, r.ID, "Rivers flow to the sea.\nBob was here.\n")
	v2, err := f.a.NameVersion(f.ctx, bob, r.ID, "bob's part")
	f.must(err)
	if v2.Number != v1.Number+1 || v1.Number < 1 {
		t.Fatalf("numbers %d then %d", v1.Number, v2.Number)
	}
	_, _, list, total, err := f.a.Revisions(f.ctx, alice, r.ID, 50, 0)
	f.must(err)
	for i, rev := range list {
		if rev.Number != int64(total-i) {
			t.Errorf("revision %d of %d is numbered %d", i, total, rev.Number)
		}
	}
	if got := names(list[0].Contributors); got != "bob" {
		t.Errorf("contributors of bob's version = %q", got)
	}
	if got := names(list[1].Contributors); got != "alice" {
		t.Errorf("contributors of alice's version = %q", got)
	}

	// Opened by number or id, only under its own resource.
	d, err := f.a.OpenRevision(f.ctx, vic, r.ID, "1")
	f.must(err)
	if d.Revision.Number != 1 || d.CanRestore || d.Latest != v2.Number {
		t.Fatalf("revision 1 for a viewer = %+v", d)
	}
	d, err = f.a.OpenRevision(f.ctx, cara, r.ID, v1.ID)
	f.must(err)
	if d.Revision.Content != "Rivers flow to the sea.\n" || !d.CanRestore || len(d.Parts) == 0 || d.Parts[0].Author != alice.ID {
		t.Fatalf("v1 for an editor = %+v", d)
	}
	other := f.create(alice, "Other", "x\n", "CC-BY-4.0", resource.Public)
	if _, err := f.a.OpenRevision(f.ctx, alice, other.ID, v1.ID); !isNotFound(err) {
		t.Fatalf("a revision under another resource: %v", err)
	}
	if _, err := f.a.OpenRevision(f.ctx, alice, r.ID, "99"); !isNotFound(err) {
		t.Fatalf("revision 99: %v", err)
	}

	// A viewer may not restore; an editor may.
	if _, err := f.a.RestoreRevision(f.ctx, vic, v1.ID); !errors.Is(err, ErrForbidden) {
		t.Fatalf("viewer restore: %v", err)
	}
	f.edit(bob, r.ID, "Rivers flow to the sea.\nBob was here.\nUnsaved line.\n")
	restored, err := f.a.RestoreRevision(f.ctx, cara, v1.ID)
	f.must(err)
	if restored.Kind != versioning.RevRestore || restored.AuthorID != cara.ID || restored.RestoredFrom != v1.ID ||
		restored.RestoredFromNumber != v1.Number || restored.Message != "" {
		t.Fatalf("restore revision = %+v", restored)
	}
	if got := f.text(alice, r.ID); got != "Rivers flow to the sea.\n" {
		t.Fatalf("text after restore = %q", got)
	}
	// The edit it replaced was kept as a revision first, and is its parent.
	parent, _, err := f.a.Revision(f.ctx, alice, restored.Parents[0].ID)
	f.must(err)
	if !strings.Contains(parent.Content, "Unsaved line.") {
		t.Fatalf("parent of the restore = %q", parent.Content)
	}
	// Authorship of the restored text is kept: all of it is alice's, none cara's.
	_, shares, err := f.a.Revision(f.ctx, alice, restored.ID)
	f.must(err)
	if len(shares) != 1 || shares[0].ID != alice.ID || shares[0].Chars != len("Rivers flow to the sea.\n") {
		t.Fatalf("authors of the restored text = %+v", shares)
	}
	b, err := f.a.Blame(f.ctx, alice, r.ID, "")
	f.must(err)
	if len(b.Parts) != 1 || b.Parts[0].Author != alice.ID {
		t.Fatalf("blame after restore = %+v", b.Parts)
	}
	// Restoring what is already the text changes nothing.
	var e *Error
	if _, err := f.a.RestoreRevision(f.ctx, cara, v1.ID); !errors.As(err, &e) || e.Code != "unchanged" {
		t.Fatalf("restore of the same text: %v", err)
	}
	// Labels name revisions by number, not by op counter.
	cmp, err := f.a.Diff(f.ctx, alice, r.ID, v1.ID, v2.ID)
	f.must(err)
	if !strings.HasPrefix(cmp.From.Label, "revision "+itoa(v1.Number)+" · ") || !strings.Contains(cmp.From.Label, "“first draft”") {
		t.Errorf("from label = %q", cmp.From.Label)
	}
	cmp, err = f.a.Diff(f.ctx, alice, r.ID, "", "")
	f.must(err)
	if cmp.To.Label != "the current text" {
		t.Errorf("to label = %q", cmp.To.Label)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestRestoreRefusesTranslations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice := f.user("alice")
	src := f.create(alice, "Cats", "Cats purr.\n", "CC-BY-4.0", resource.Public)
	tr, err := f.a.StartTranslation(f.ctx, alice, src.ID, StartRequest{Language: "es"})
	f.must(err)
	rev, err := f.a.NameVersion(f.ctx, alice, tr.ID, "untranslated")
	f.must(err)
	var e *Error
	if _, err := f.a.RestoreRevision(f.ctx, alice, rev.ID); !errors.As(err, &e) || e.Code != "translation_text" {
		t.Fatalf("restore on a translation: %v", err)
	}
}

// Proposals close and reopen by their author or the source's reviewers,
// and carry comments on lines of their diff.
func TestProposalCloseReopenAndLineComments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob, rita, eve := f.user("alice"), f.user("bob"), f.user("rita"), f.user("eve")
	src := f.create(alice, "Volcanoes", "Volcanoes erupt.\n\nLava is hot.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.SetCollaborator(f.ctx, alice, src.ID, "rita", resource.RoleReviewer)
	f.must(err)
	res, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{})
	f.must(err)
	f.edit(bob, res.Resource.ID, "Volcanoes erupt.\n\nLava is very hot.\n")
	p, err := f.a.CreateProposal(f.ctx, bob, res.Resource.ID, ProposalRequest{Title: "Hotter lava"})
	f.must(err)

	if _, err := f.a.CloseProposal(f.ctx, eve, p.ID); !errors.Is(err, ErrForbidden) && !isKind(err, Forbidden) {
		t.Fatalf("outsider close: %v", err)
	}
	if _, err := f.a.CloseProposal(f.ctx, Anonymous, p.ID); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("anonymous close: %v", err)
	}
	closed, err := f.a.CloseProposal(f.ctx, rita, p.ID)
	f.must(err)
	if closed.Status != versioning.ProposalClosed || closed.ClosedBy != rita.ID || closed.ClosedAt == nil {
		t.Fatalf("closed = %+v", closed)
	}
	if _, err := f.a.CloseProposal(f.ctx, bob, p.ID); !isKind(err, Conflict) {
		t.Fatalf("close twice: %v", err)
	}
	if _, by := f.inbox(bob); len(by[KindProposalClosed]) != 1 || by[KindProposalClosed][0].Text != "User rita closed your proposal “Hotter lava”." {
		t.Errorf("bob is not told his proposal was closed: %+v", by[KindProposalClosed])
	}
	if _, err := f.a.MergeProposal(f.ctx, alice, p.ID, MergeRequest{}); !isKind(err, Conflict) {
		t.Fatalf("merge of a closed proposal: %v", err)
	}
	reopened, err := f.a.ReopenProposal(f.ctx, bob, p.ID)
	f.must(err)
	if reopened.Status != versioning.ProposalOpen || reopened.ClosedBy != "" {
		t.Fatalf("reopened = %+v", reopened)
	}
	if _, err := f.a.ReopenProposal(f.ctx, bob, p.ID); !isKind(err, Conflict) {
		t.Fatalf("reopen an open proposal: %v", err)
	}

	// Line 3 of the fork is the changed line; line 1 is context; 9 is not shown.
	c, err := f.a.CommentProposal(f.ctx, rita, p.ID, CommentRequest{LineNew: 3, Body: "Say how hot."})
	f.must(err)
	if c.LineNew != 3 || c.LineOld != 0 || c.LineText != "Lava is very hot." || c.AuthorName != "User rita" {
		t.Fatalf("comment = %+v", c)
	}
	c, err = f.a.CommentProposal(f.ctx, bob, p.ID, CommentRequest{LineOld: 1, Body: "Context line."})
	f.must(err)
	if c.LineOld != 1 || c.LineNew != 1 {
		t.Fatalf("a comment on a context line keeps both numbers: %+v", c)
	}
	if _, err = f.a.CommentProposal(f.ctx, bob, p.ID, CommentRequest{Body: "On the whole thing."}); err != nil {
		t.Fatal(err)
	}
	var ve *resource.ValidationError
	if _, err := f.a.CommentProposal(f.ctx, bob, p.ID, CommentRequest{LineNew: 9, Body: "x"}); !errors.As(err, &ve) || ve.Field != "line_new" {
		t.Fatalf("comment on line 9: %v", err)
	}
	if _, err := f.a.CommentProposal(f.ctx, bob, p.ID, CommentRequest{LineNew: 3, Body: "  "}); !errors.As(err, &ve) || ve.Field != "body" {
		t.Fatalf("empty comment: %v", err)
	}
	if _, err := f.a.CommentProposal(f.ctx, Anonymous, p.ID, CommentRequest{Body: "hi"}); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("anonymous comment: %v", err)
	}
	list, err := f.a.ProposalComments(f.ctx, Anonymous, p.ID)
	f.must(err)
	if len(list) != 3 || list[0].Body != "Say how hot." {
		t.Fatalf("comments = %+v", list)
	}
	d, err := f.a.Proposal(f.ctx, eve, p.ID)
	f.must(err)
	if len(d.Comments) != 3 || d.CanDecide(eve) || !d.CanDecide(bob) {
		t.Fatalf("detail = %+v", d)
	}
}

func isKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}
