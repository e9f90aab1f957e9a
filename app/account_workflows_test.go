package app

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/oai"
	"github.com/commonplace/commonplace/resource"
)

const testPassword = "correct horse battery" // fixture.user's

func wantKind(t *testing.T, what string, err error, kind Kind, code string) {
	t.Helper()
	var e *Error
	var v *resource.ValidationError
	switch {
	case errors.As(err, &e) && e.Kind == kind && (code == "" || e.Code == code):
	case kind == Invalid && errors.As(err, &v):
	default:
		t.Fatalf("%s: %v (%#v), want kind %d %s", what, err, err, kind, code)
	}
}

func (f *fixture) session(who Actor) (Actor, string) {
	f.t.Helper()
	tok, _, err := f.a.StartSession(f.ctx, who.ID, "test browser")
	f.must(err)
	who.Credential = SessionCredential(tok)
	return who, tok
}

func TestChangeNameAndEmail(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina, bruno := f.user("amina"), f.user("bruno")
	r := f.create(amina, "Tides", "The tide comes in.\n", "CC-BY-4.0", resource.Public)
	fork, err := f.a.Fork(f.ctx, bruno, r.ID, ForkRequest{})
	f.must(err)

	_, err = f.a.ChangeName(f.ctx, Anonymous, "Nobody")
	wantKind(t, "anonymous renames", err, Unauthorized, "")
	_, err = f.a.ChangeName(f.ctx, amina, "  ")
	wantKind(t, "empty name", err, Invalid, "")
	_, err = f.a.ChangeName(f.ctx, amina, "Amina\x07")
	wantKind(t, "control character", err, Invalid, "")
	u, err := f.a.ChangeName(f.ctx, amina, "Amina Diallo")
	f.must(err)
	if u.Name != "Amina Diallo" {
		t.Fatalf("renamed: %+v", u)
	}
	// Credited under the new name on her work and in the copy the fork took.
	at, err := f.a.Attribution(f.ctx, Anonymous, fork.Resource.ID, "")
	f.must(err)
	if !strings.Contains(at.Statement.Text, "Amina Diallo") || strings.Contains(at.Statement.Text, "User amina") {
		t.Fatalf("fork credit after rename: %s", at.Statement.Text)
	}

	_, err = f.a.ChangeEmail(f.ctx, amina, "wrong password", "amina@school.example")
	wantKind(t, "wrong password", err, Invalid, "wrong_password")
	_, err = f.a.ChangeEmail(f.ctx, amina, testPassword, "not an address")
	wantKind(t, "bad address", err, Invalid, "")
	_, err = f.a.ChangeEmail(f.ctx, amina, testPassword, "BRUNO@example.org")
	wantKind(t, "taken address", err, Conflict, "email_taken")
	_, err = f.a.ChangeEmail(f.ctx, amina, testPassword, "amina@example.org")
	wantKind(t, "same address", err, Invalid, "")
	// A reset link mailed to the old address before the change stops working.
	resetTok, resetHash, err := auth.NewToken(auth.ResetPrefix)
	f.must(err)
	f.must(f.a.db.CreatePasswordReset(f.ctx, amina.ID, "amina@example.org", resetHash, f.a.dbNow().Add(time.Hour)))
	f.must(f.a.CheckPasswordReset(f.ctx, resetTok))
	pending, err := f.a.ChangeEmail(f.ctx, amina, testPassword, " amina@school.example ")
	f.must(err)
	if pending.Email != "amina@school.example" || !pending.Expires.After(f.a.dbNow().Add(23*time.Hour)) {
		t.Fatalf("pending change: %+v", pending)
	}
	// Nothing changes until the link mailed to the new address is followed.
	f.must(f.a.CheckPasswordReset(f.ctx, resetTok))
	if _, err := f.a.Login(f.ctx, "192.0.2.9", "amina@school.example", testPassword); err == nil {
		t.Fatal("the new address signs in before it is confirmed")
	}
	mails, err := f.a.Outbox(f.ctx, "", 10)
	f.must(err)
	if len(mails) == 0 || mails[0].To != "amina@school.example" || mails[0].Kind != mailEmailConfirm || !mails[0].Sensitive {
		t.Fatalf("no confirmation link mailed to the new address: %+v", mails)
	}
	token := regexp.MustCompile(`cpe_[A-Za-z0-9_-]+`).FindString(mails[0].Text)
	if got, ok, err := f.a.PendingEmailChange(f.ctx, amina); err != nil || !ok || got.Email != "amina@school.example" {
		t.Fatalf("pending change: %+v %v %v", got, ok, err)
	}
	if change, u, err := f.a.EmailChangeFor(f.ctx, token); err != nil || change.Email != "amina@school.example" || u.ID != amina.ID {
		t.Fatalf("what the link would do: %+v %+v %v", change, u, err)
	}
	_, _, err = f.a.ConfirmEmailChange(f.ctx, "cpe_nothing")
	wantKind(t, "unknown link", err, NotFound, "invalid_token")
	confirmed, changed, err := f.a.ConfirmEmailChange(f.ctx, token)
	f.must(err)
	if confirmed.Email != "amina@school.example" || !changed || !confirmed.EmailVerified {
		t.Fatalf("confirmed address: %q (changed %v, confirmed %v)", confirmed.Email, changed, confirmed.EmailVerified)
	}
	_, _, err = f.a.ConfirmEmailChange(f.ctx, token)
	wantKind(t, "a link used twice", err, NotFound, "invalid_token")
	if err := f.a.CheckPasswordReset(f.ctx, resetTok); !isNotFound(err) {
		t.Fatalf("a reset link sent to the old address still works: %v", err)
	}
	if _, ok, err := f.a.PendingEmailChange(f.ctx, amina); err != nil || ok {
		t.Fatalf("a change still pending after confirming: %v %v", ok, err)
	}
	// The old address is told; the new one signs in.
	mails, err = f.a.Outbox(f.ctx, "", 10)
	f.must(err)
	if len(mails) == 0 || mails[0].To != "amina@example.org" || mails[0].Kind != mailEmailChanged || !strings.Contains(mails[0].Text, "amina@school.example") {
		t.Fatalf("old address not told: %+v", mails)
	}
	if _, err := f.a.Login(f.ctx, "192.0.2.9", "amina@school.example", testPassword); err != nil {
		t.Fatalf("sign in with the new address: %v", err)
	}
	if _, err := f.a.Login(f.ctx, "192.0.2.9", "amina@example.org", testPassword); err == nil {
		t.Fatal("the old address still signs in")
	}
}

// A link to a new address works once, only while it is the newest, and not for an address
// another account took meanwhile; cancelling voids it; and an account is sent only a few.
func TestEmailChangeLinks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina, bruno := f.user("amina"), f.user("bruno")
	link := func(addr string) string {
		t.Helper()
		mails, err := f.a.Outbox(f.ctx, "", 10)
		f.must(err)
		for _, m := range mails {
			if m.To == addr && m.Kind == mailEmailConfirm {
				return regexp.MustCompile(`cpe_[A-Za-z0-9_-]+`).FindString(m.Text)
			}
		}
		t.Fatalf("no link mailed to %s", addr)
		return ""
	}
	_, err := f.a.ChangeEmail(f.ctx, amina, testPassword, "first@school.example")
	f.must(err)
	first := link("first@school.example")
	_, err = f.a.ChangeEmail(f.ctx, amina, testPassword, "shared@school.example")
	f.must(err)
	shared := link("shared@school.example")
	// A newer request voids the older link.
	_, _, err = f.a.ConfirmEmailChange(f.ctx, first)
	wantKind(t, "an older link", err, NotFound, "invalid_token")
	// Someone else takes the address first: the link is refused and stays usable.
	_, err = f.a.ChangeEmail(f.ctx, bruno, testPassword, "shared@school.example")
	f.must(err)
	_, _, err = f.a.ConfirmEmailChange(f.ctx, link("shared@school.example"))
	f.must(err)
	_, _, err = f.a.ConfirmEmailChange(f.ctx, shared)
	wantKind(t, "an address taken meanwhile", err, Conflict, "email_taken")
	if _, _, err := f.a.EmailChangeFor(f.ctx, shared); err != nil {
		t.Fatalf("the refused link no longer works: %v", err)
	}
	// Cancelling voids it.
	f.must(f.a.CancelEmailChange(f.ctx, amina))
	_, _, err = f.a.ConfirmEmailChange(f.ctx, shared)
	wantKind(t, "a cancelled link", err, NotFound, "invalid_token")
	// A third request in the hour is the last.
	_, err = f.a.ChangeEmail(f.ctx, amina, testPassword, "third@school.example")
	f.must(err)
	_, err = f.a.ChangeEmail(f.ctx, amina, testPassword, "fourth@school.example")
	wantKind(t, "a fourth link in an hour", err, RateLimited, "rate_limited")
	// An expired link does not work.
	_, _, err = f.a.ConfirmEmailChange(f.ctx, link("third@school.example"))
	f.must(err)
	_, err = f.a.ChangeEmail(f.ctx, bruno, testPassword, "late@school.example")
	f.must(err)
	late := link("late@school.example")
	_, err = f.a.db.Pool.Exec(f.ctx, `UPDATE email_changes SET expires_at = now() - interval '1 second' WHERE email = 'late@school.example'`)
	f.must(err)
	_, _, err = f.a.ConfirmEmailChange(f.ctx, late)
	wantKind(t, "an expired link", err, NotFound, "invalid_token")
}

// A rename rewrites the person's credits and re-indexes everything they contributed to, so
// it is limited per account (Config.RenameBurst, then one per RenameInterval). Saving the
// name one already has changes nothing and does not count.
func TestRenamesAreLimited(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Now()}
	f := newFixture(t, func(c *Config) {
		c.RenameBurst, c.RenameInterval = 2, 10*time.Minute
		c.Now = clk.now
	})
	amina, bruno := f.user("amina"), f.user("bruno")
	for _, name := range []string{"Amina D.", "Amina D.", "Amina Diallo", "Amina Diallo"} {
		if _, err := f.a.ChangeName(f.ctx, amina, name); err != nil {
			t.Fatalf("rename to %q: %v", name, err)
		}
	}
	_, err := f.a.ChangeName(f.ctx, amina, "A. Diallo")
	wantKind(t, "a third change at once", err, RateLimited, "rate_limited")
	var e *Error
	if errors.As(err, &e); e.RetryAfter <= 0 || e.RetryAfter > 10*time.Minute {
		t.Errorf("retry after %v", e.RetryAfter)
	}
	if u, err := f.a.db.UserByID(f.ctx, amina.ID); err != nil || u.Name != "Amina Diallo" {
		t.Fatalf("after the refused rename: %q, %v", u.Name, err)
	}
	if _, err := f.a.ChangeName(f.ctx, bruno, "Bruno B."); err != nil {
		t.Fatalf("another person's rename: %v", err)
	}
	clk.add(10 * time.Minute)
	if _, err := f.a.ChangeName(f.ctx, amina, "A. Diallo"); err != nil {
		t.Fatalf("a rename once the interval passed: %v", err)
	}
}

func TestChangePasswordKeepsOnlyThisSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina := f.user("amina")
	here, hereTok := f.session(amina)
	_, otherTok := f.session(amina)
	apiTok, err := f.a.IssueToken(f.ctx, amina.ID, "script")
	f.must(err)

	wantKind(t, "wrong current password", f.a.ChangePassword(f.ctx, here, "guess", "a brand new passphrase"), Invalid, "wrong_password")
	wantKind(t, "too short", f.a.ChangePassword(f.ctx, here, testPassword, "short"), Invalid, "")
	wantKind(t, "common password", f.a.ChangePassword(f.ctx, here, testPassword, "password1234"), Invalid, "")
	wantKind(t, "contains the handle", f.a.ChangePassword(f.ctx, here, testPassword, "amina rules the sea"), Invalid, "")
	wantKind(t, "anonymous", f.a.ChangePassword(f.ctx, Anonymous, testPassword, "a brand new passphrase"), Unauthorized, "")
	f.must(f.a.ChangePassword(f.ctx, here, testPassword, "a brand new passphrase"))

	if _, err := f.a.UserBySession(f.ctx, hereTok); err != nil {
		t.Fatalf("this session ended: %v", err)
	}
	if _, err := f.a.UserBySession(f.ctx, otherTok); err == nil {
		t.Fatal("the other session survived the password change")
	}
	if _, err := f.a.UserByToken(f.ctx, apiTok); err == nil {
		t.Fatal("the API token survived the password change")
	}
	if _, err := f.a.Login(f.ctx, "192.0.2.9", "amina", testPassword); err == nil {
		t.Fatal("the old password still works")
	}
	if _, err := f.a.Login(f.ctx, "192.0.2.9", "amina", "a brand new passphrase"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
}

func TestWrongPasswordsAreLimited(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina := f.user("amina")
	var err error
	for range 50 {
		if err = f.a.ChangePassword(f.ctx, amina, "guess", "a brand new passphrase"); errors.Is(err, errWrongPassword) {
			continue
		}
		break
	}
	wantKind(t, "guessing the password through a session", err, RateLimited, "")
}

func TestSignOutEverywhere(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina := f.user("amina")
	here, hereTok := f.session(amina)
	_, otherTok := f.session(amina)
	apiTok, err := f.a.IssueToken(f.ctx, amina.ID, "script")
	f.must(err)
	wantKind(t, "anonymous", f.a.SignOutEverywhere(f.ctx, Anonymous), Unauthorized, "")
	f.must(f.a.SignOutEverywhere(f.ctx, here))
	for _, tok := range []string{hereTok, otherTok} {
		if _, err := f.a.UserBySession(f.ctx, tok); err == nil {
			t.Fatal("a session survived signing out everywhere")
		}
	}
	if _, err := f.a.UserByToken(f.ctx, apiTok); err == nil {
		t.Fatal("an API token survived signing out everywhere")
	}
}

// deletionWorld: amina alone on a private draft, alone on a public lesson,
// owner of a public lesson bruno edits, owner of a private one carla only
// views, and editor of bruno's lesson, where she wrote a line.
type deletionWorld struct {
	f                                   *fixture
	amina, bruno, carla                 Actor
	draft, lesson, shared, viewed, hers resource.Resource
}

func newDeletionWorld(t *testing.T) *deletionWorld {
	f := newFixture(t)
	w := &deletionWorld{f: f, amina: f.user("amina"), bruno: f.user("bruno"), carla: f.user("carla")}
	w.draft = f.create(w.amina, "Draft DRAFT-91", "Secret plans.\n", "CC-BY-4.0", resource.Private)
	w.lesson = f.create(w.amina, "Lesson alone", "Amina's lesson.\n", "CC-BY-4.0", resource.Public)
	w.shared = f.create(w.amina, "Shared lesson", "Amina wrote this.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.SetCollaborator(f.ctx, w.amina, w.shared.ID, "bruno", resource.RoleEditor)
	f.must(err)
	w.viewed = f.create(w.amina, "Viewed draft", "For carla.\n", "CC-BY-4.0", resource.Private)
	_, err = f.a.SetCollaborator(f.ctx, w.amina, w.viewed.ID, "carla", resource.RoleViewer)
	f.must(err)
	w.hers = f.create(w.bruno, "Bruno's lesson", "Bruno wrote this.\n", "CC-BY-4.0", resource.Public)
	_, err = f.a.SetCollaborator(f.ctx, w.bruno, w.hers.ID, "amina", resource.RoleEditor)
	f.must(err)
	f.edit(w.amina, w.hers.ID, "Bruno wrote this.\nAmina added this line.\n")
	return w
}

func TestAccountDeletionPlanAndRefusals(t *testing.T) {
	t.Parallel()
	w := newDeletionWorld(t)
	f := w.f
	p, err := f.a.AccountDeletionPlan(f.ctx, w.amina, nil)
	f.must(err)
	names := func(rs []resource.Resource) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Title)
		}
		return strings.Join(out, "|")
	}
	if names(p.Deleted) != "Draft DRAFT-91" || names(p.Kept) != "Lesson alone" || names(p.Left) != "Bruno's lesson" ||
		names(p.Blocked) != "Viewed draft" || len(p.Handovers) != 1 || p.Handovers[0].Resource.ID != w.shared.ID ||
		len(p.Handovers[0].Editors) != 1 || p.Handovers[0].Editors[0].Handle != "bruno" || p.Ready() {
		t.Fatalf("plan: %+v", p)
	}
	req := DeleteAccountRequest{Password: testPassword, Confirm: "amina", Credit: CreditFormer}
	try := func(mut func(*DeleteAccountRequest)) error {
		r := req
		mut(&r)
		return f.a.DeleteAccount(f.ctx, w.amina, r)
	}
	wantKind(t, "anonymous", f.a.DeleteAccount(f.ctx, Anonymous, req), Unauthorized, "")
	wantKind(t, "no credit choice", try(func(r *DeleteAccountRequest) { r.Credit = "" }), Invalid, "")
	wantKind(t, "wrong handle typed", try(func(r *DeleteAccountRequest) { r.Confirm = "bruno" }), Invalid, "")
	wantKind(t, "wrong password", try(func(r *DeleteAccountRequest) { r.Password = "guess" }), Invalid, "wrong_password")
	wantKind(t, "a resource nobody can take over", try(func(*DeleteAccountRequest) {}), Conflict, "account_has_collaborators")
	f.must(f.a.RemoveCollaborator(f.ctx, w.amina, w.viewed.ID, "carla"))
	wantKind(t, "no new owner chosen", try(func(*DeleteAccountRequest) {}), Invalid, "")
	wantKind(t, "a new owner who is not an editor", try(func(r *DeleteAccountRequest) { r.To = map[string]string{w.shared.ID: "carla"} }), Invalid, "")
	// Nothing happened along the way.
	if _, err := f.a.Login(f.ctx, "192.0.2.9", "amina", testPassword); err != nil {
		t.Fatalf("a refused deletion changed the account: %v", err)
	}
	p, err = f.a.AccountDeletionPlan(f.ctx, w.amina, map[string]string{w.shared.ID: "Bruno"})
	f.must(err)
	if !p.Ready() || p.Handovers[0].To != "bruno" || names(p.Deleted) != "Draft DRAFT-91|Viewed draft" {
		t.Fatalf("plan with a new owner: %+v", p)
	}
}

func TestDeleteAccountCreditsFormerMember(t *testing.T) {
	t.Parallel()
	w := newDeletionWorld(t)
	f := w.f
	f.must(f.a.RemoveCollaborator(f.ctx, w.amina, w.viewed.ID, "carla"))
	here, tok := f.session(w.amina)
	apiTok, err := f.a.IssueToken(f.ctx, w.amina.ID, "script")
	f.must(err)
	// bruno proposes nothing; amina has an open proposal from a fork of bruno's lesson.
	fork, err := f.a.Fork(f.ctx, w.amina, w.hers.ID, ForkRequest{Visibility: ptr("public")})
	f.must(err)
	f.edit(w.amina, fork.Resource.ID, f.text(w.amina, fork.Resource.ID)+"More from Amina.\n")
	prop, err := f.a.CreateProposal(f.ctx, w.amina, fork.Resource.ID, ProposalRequest{Title: "More"})
	f.must(err)
	_, err = f.a.FlushIndex(f.ctx)
	f.must(err)

	f.must(f.a.DeleteAccount(f.ctx, here, DeleteAccountRequest{Password: testPassword, Confirm: "@Amina", Credit: CreditFormer,
		To: map[string]string{w.shared.ID: "bruno"}}))

	// Signed out everywhere, cannot sign in, the handle is retired.
	if _, err := f.a.UserBySession(f.ctx, tok); err == nil {
		t.Fatal("the session survived")
	}
	if _, err := f.a.UserByToken(f.ctx, apiTok); err == nil {
		t.Fatal("the API token survived")
	}
	for _, login := range []string{"amina", "amina@example.org"} {
		if _, err := f.a.Login(f.ctx, "192.0.2.9", login, testPassword); err == nil {
			t.Fatalf("a deleted account signs in with %s", login)
		}
	}
	for _, h := range []string{"amina", "AMINA"} {
		_, err := f.a.Signup(f.ctx, "192.0.2.10", SignupRequest{Handle: h, Email: "new-amina@example.org", Password: "another long passphrase", Name: "Impostor"})
		if !errors.Is(err, resource.ErrConflict) {
			t.Fatalf("signing up as the deleted %s: %v", h, err)
		}
	}
	_, err = f.a.Signup(f.ctx, "192.0.2.10", SignupRequest{Handle: "former-0123abcd", Email: "x@example.org", Password: "another long passphrase", Name: "X"})
	wantKind(t, "a handle that looks like a deleted account", err, Invalid, "")
	if _, err := f.a.Profile(f.ctx, Anonymous, "amina", 1, 20); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("the deleted account's profile: %v", err)
	}
	// The private draft is gone; bruno owns the shared lesson; the lone public one stays.
	if _, _, err := f.a.Resource(f.ctx, w.bruno, w.draft.ID, resource.View); err == nil {
		t.Fatal("the private draft survived")
	}
	if _, acc, err := f.a.Resource(f.ctx, w.bruno, w.shared.ID, resource.View); err != nil || acc.Role != resource.RoleOwner {
		t.Fatalf("bruno did not take over: %v %v", acc.Role, err)
	}
	if _, _, err := f.a.Resource(f.ctx, Anonymous, w.lesson.ID, resource.View); err != nil {
		t.Fatalf("the public lesson went: %v", err)
	}
	if x, err := f.a.Proposal(f.ctx, w.bruno, prop.ID); err != nil || x.Proposal.Status != "closed" {
		t.Fatalf("her open proposal: %+v %v", x.Proposal.Status, err)
	}
	// Credited as "former member" everywhere, never by name or address.
	_, err = f.a.FlushIndex(f.ctx)
	f.must(err)
	var seen []any
	for _, id := range []string{w.hers.ID, w.lesson.ID, w.shared.ID, fork.Resource.ID} {
		at, err := f.a.Attribution(f.ctx, Anonymous, id, "https://example.org")
		f.must(err)
		if !strings.Contains(at.Statement.Text, FormerMember) {
			t.Errorf("credit of %s: %s", id, at.Statement.Text)
		}
		b, err := f.a.Blame(f.ctx, Anonymous, id, "")
		f.must(err)
		ex, err := f.a.Export(f.ctx, Anonymous, ExportRequest{Format: export.HTML, Items: []ExportItem{{ID: id}}, Origin: "https://example.org"})
		f.must(err)
		rec, err := f.a.OAI(f.ctx, Site{Origin: "https://example.org", Host: "example.org"},
			oai.Request{Verb: "GetRecord", Identifier: "oai:example.org:" + id, MetadataPrefix: "oai_dc"})
		f.must(err)
		v, err := f.a.View(f.ctx, Anonymous, id, ViewRequest{Page: true})
		f.must(err)
		seen = append(seen, at, b, string(ex.File.Data), rec, v)
	}
	res, err := f.a.Search(f.ctx, Anonymous, SearchRequest{Query: "lesson"})
	f.must(err)
	seen = append(seen, res)
	dump := fmt.Sprintf("%+v", seen)
	for _, leak := range []string{"User amina", "amina@example.org", "/u/amina"} {
		if strings.Contains(dump, leak) {
			i := strings.Index(dump, leak)
			t.Errorf("%q after deletion: …%s…", leak, dump[max(0, i-200):min(len(dump), i+200)])
		}
	}
	if !strings.Contains(fmt.Sprintf("%+v", res), FormerMember) {
		t.Errorf("search does not credit the former member: %+v", res)
	}
}

func TestDeleteAccountKeepsTheName(t *testing.T) {
	t.Parallel()
	w := newDeletionWorld(t)
	f := w.f
	f.must(f.a.RemoveCollaborator(f.ctx, w.amina, w.viewed.ID, "carla"))
	f.must(f.a.DeleteAccount(f.ctx, w.amina, DeleteAccountRequest{Password: testPassword, Confirm: "amina", Credit: CreditName,
		To: map[string]string{w.shared.ID: "bruno"}}))
	at, err := f.a.Attribution(f.ctx, Anonymous, w.hers.ID, "")
	f.must(err)
	if !strings.Contains(at.Statement.Text, "User amina") || strings.Contains(at.Statement.Text, FormerMember) {
		t.Fatalf("credit under her name: %s", at.Statement.Text)
	}
	for _, c := range at.Contributors {
		if c.Name == "User amina" && !strings.HasPrefix(c.URL, "/u/former-") {
			t.Fatalf("a deleted account is linked by its old handle: %+v", c)
		}
	}
	// Its page (where credits link) names it and gathers nothing.
	p, err := f.a.Profile(f.ctx, Anonymous, strings.TrimPrefix(at.Contributors[len(at.Contributors)-1].URL, "/u/"), 1, 20)
	f.must(err)
	if !p.Deleted || p.Person.Name != "User amina" || len(p.Contributions) != 0 {
		t.Fatalf("the deleted account's page: %+v", p)
	}
}

func TestProfileListsContributions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina, bruno, eve := f.user("amina"), f.user("bruno"), f.user("eve")
	pub := f.create(amina, "Open lesson", "Amina's words.\n", "CC-BY-4.0", resource.Public)
	priv := f.create(amina, "Closed draft SECRET-42", "Private words.\n", "CC-BY-4.0", resource.Private)
	unl := f.create(amina, "Unlisted notes", "Notes.\n", "CC-BY-4.0", resource.Unlisted)
	for _, id := range []string{pub.ID, priv.ID, unl.ID} {
		_, err := f.a.SetCollaborator(f.ctx, amina, id, "bruno", resource.RoleEditor)
		f.must(err)
		f.edit(bruno, id, f.text(bruno, id)+"Bruno's line.\n")
	}
	// bruno's translation of the open lesson.
	tr, err := f.a.StartTranslation(f.ctx, bruno, pub.ID, StartRequest{Language: "fr"})
	f.must(err)
	list := func(who Actor) map[string][]string {
		p, err := f.a.Profile(f.ctx, who, "bruno", 1, 20)
		f.must(err)
		out := map[string][]string{}
		for _, c := range p.Contributions {
			out[c.Resource.Title] = c.How
		}
		return out
	}
	anon := list(Anonymous)
	if len(anon) != 2 || anon["Closed draft SECRET-42"] != nil || anon["Unlisted notes"] != nil {
		t.Fatalf("bruno's contributions for anonymous: %v", anon)
	}
	if how := strings.Join(anon["Open lesson"], ","); how != "edited,editor,revised" && how != "edited,editor" {
		t.Fatalf("how bruno contributed to the open lesson: %v", how)
	}
	if _, ok := anon[tr.Title]; !ok {
		t.Fatalf("bruno's own translation is missing: %v", anon)
	}
	if e := list(eve); len(e) != 2 {
		t.Fatalf("for an outsider: %v", e)
	}
	if a := list(amina); len(a) != 4 || a["Closed draft SECRET-42"] == nil {
		t.Fatalf("for amina, who may read them all: %v", a)
	}
	if _, err := f.a.Profile(f.ctx, Anonymous, "nobody", 1, 20); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("unknown person: %v", err)
	}
	if _, err := f.a.Profile(f.ctx, Anonymous, "bruno", MaxPage+1, 20); err == nil {
		t.Fatal("a page past the limit")
	}
}
