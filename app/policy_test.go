package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/oai"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/translation"
)

// The access policy on every read path. A private resource P, its private
// translation T and the private memory that T fed must never reach an
// outsider — not their text, titles or ids — through any use case, even
// where public things derive from them: a public fork F of P (published by
// P's owner), and a public resource Q that shares a sentence with P, whose
// translators ask the memory for suggestions.
//
// The test enumerates the application's exported methods: a new use case
// fails it until it is given a probe here (or an exemption with its
// reason), so a new way out cannot forget the policy.

const (
	secretTitle   = "PTITLE-7f3a"
	secretText    = "PTEXT-4b2d"
	secretTM      = "CIFRADO-9c1e"
	secretImage   = "PIMAGE-5e8a" // inside a picture added to P after F was forked
	shared        = "The river floods in spring."
	secretComment = "PCOMMENT-51aa"
	secretDismiss = "PDISMISS-2e7c"
	secretDelete  = "PDELETED-3d1f" // the title of a private resource alice deleted (bob edited it)
)

type leakWorld struct {
	f          *fixture
	alice, bob Actor
	eve        Actor // an outsider with an account
	P, F, Q, T resource.Resource
	evesTr     resource.Resource // eve's translation of Q
	pImage     string            // the name of P's picture (F does not hold it)
	D          resource.Resource // in alice's trash: deleted, still restorable
	prop       string            // alice's proposal from F back to P, with a comment
	secrets    []string
}

func newLeakWorld(t *testing.T) *leakWorld {
	f := newFixture(t)
	w := &leakWorld{f: f, alice: f.user("alice"), bob: f.user("bob"), eve: f.user("eve")}
	w.P = f.create(w.alice, secretTitle, shared+" "+secretText+" lives here.\n\n![](river.png)\n", "CC-BY-4.0", resource.Private)
	// The image has no alt text; alice dismisses that finding with a private reason.
	noAlt := a11ycheck.Check(w.P.Content, a11ycheck.Options{Language: "en"}).Findings[0]
	_, err := f.a.DismissFinding(f.ctx, w.alice, w.P.ID, DismissRequest{Rule: noAlt.Rule, Fingerprint: noAlt.Fingerprint, Reason: "decorative " + secretDismiss})
	f.must(err)
	res, err := f.a.Fork(f.ctx, w.alice, w.P.ID, ForkRequest{Title: ptr("Floods, adapted"), Visibility: ptr("public")})
	f.must(err)
	w.F = res.Resource
	w.T, err = f.a.StartTranslation(f.ctx, w.alice, w.P.ID, StartRequest{Language: "es"})
	f.must(err)
	segs, err := f.a.Segments(f.ctx, w.alice, w.T.ID, SegmentQuery{})
	f.must(err)
	for _, s := range segs.All {
		if s.Source == shared {
			_, err := f.a.ChangeSegment(f.ctx, w.alice, w.T.ID, s.ID, SegmentChange{Target: ptr("El río se desborda " + secretTM + ".")})
			f.must(err)
		}
	}
	w.Q = f.create(w.bob, "Rivers", shared+"\n", "CC-BY-4.0", resource.Public)
	w.evesTr, err = f.a.StartTranslation(f.ctx, w.eve, w.Q.ID, StartRequest{Language: "es"})
	f.must(err)
	img, err := f.a.AddImage(f.ctx, w.alice, w.P.ID, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><title>`+secretImage+`</title></svg>`), "a private picture")
	f.must(err)
	w.pImage = img.Name
	// F offers its changes back to P; the discussion happens on P's side.
	f.edit(w.alice, w.F.ID, f.text(w.alice, w.F.ID)+"Adapted for class.\n")
	prop, err := f.a.CreateProposal(f.ctx, w.alice, w.F.ID, ProposalRequest{Title: "Back to " + secretTitle})
	f.must(err)
	w.prop = prop.ID
	_, err = f.a.CommentProposal(f.ctx, w.alice, w.prop, CommentRequest{LineNew: 1, Body: "Note on " + secretComment})
	f.must(err)
	// Notifications: eve was a viewer of T for a while (her inbox still holds
	// "made you viewer"), and alice forked bob's Q privately (bob is not told).
	_, err = f.a.SetCollaborator(f.ctx, w.alice, w.T.ID, "eve", resource.RoleViewer)
	f.must(err)
	f.must(f.a.RemoveCollaborator(f.ctx, w.alice, w.T.ID, "eve"))
	pf, err := f.a.Fork(f.ctx, w.alice, w.Q.ID, ForkRequest{Title: ptr(secretTitle + " of rivers"), Visibility: ptr("private")})
	f.must(err)
	w.D = f.create(w.alice, secretDelete, secretDelete+" text.\n", "CC-BY-4.0", resource.Private)
	_, err = f.a.SetCollaborator(f.ctx, w.alice, w.D.ID, "bob", resource.RoleEditor)
	f.must(err)
	f.must(f.a.DeleteResource(f.ctx, w.alice, w.D.ID))
	w.secrets = []string{secretTitle, secretTM, secretComment, secretImage, secretDismiss, secretDelete, w.P.ID, w.T.ID, w.T.Title, w.prop, pf.Resource.ID, w.D.ID}
	// Everything is in the search index before the probes run, so that
	// search, similar, OAI-PMH, sitemaps and feeds have the private world
	// in hand to leak, were they to.
	_, err = f.a.FlushIndex(f.ctx)
	f.must(err)
	return w
}

// probe calls one use case as who and returns everything it answered.
type probe func(ctx context.Context, w *leakWorld, who Actor) []any

func segOf(w *leakWorld, who Actor, id string) string {
	s, err := w.f.a.Segments(w.f.ctx, who, id, SegmentQuery{})
	if err != nil {
		return "none"
	}
	for _, sg := range s.All {
		if !IsMetaSegment(sg.ID) {
			return sg.ID // the first of the text's segments
		}
	}
	return "none"
}

func firstRevision(w *leakWorld, id string) string {
	_, _, list, _, err := w.f.a.Revisions(w.f.ctx, w.alice, id, 50, 0)
	if err != nil || len(list) == 0 {
		return "none"
	}
	return list[len(list)-1].ID
}

// readProbes covers every use case that returns data. Each is tried on the
// private resource itself, its public derivative and the unrelated public one.
func readProbes() map[string]probe {
	on := func(call func(ctx context.Context, w *leakWorld, who Actor, id string) []any) probe {
		return func(ctx context.Context, w *leakWorld, who Actor) []any {
			var out []any
			for _, id := range []string{w.P.ID, w.T.ID, w.F.ID, w.Q.ID, w.evesTr.ID} {
				out = append(out, call(ctx, w, who, id)...)
			}
			return out
		}
	}
	a := func(w *leakWorld) *App { return w.f.a }
	return map[string]probe{
		"DeletedResources": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).DeletedResources(ctx, who)
			return []any{x, err}
		},
		"Accessibility": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Accessibility(ctx, who, id, AccessibilityRequest{})
			y, err2 := a(w).Accessibility(ctx, who, id, AccessibilityRequest{Revision: firstRevision(w, id)})
			z, err3 := a(w).Accessibility(ctx, who, id, AccessibilityRequest{Revision: firstRevision(w, w.P.ID)}) // P's revision under another resource
			u, err4 := a(w).Accessibility(ctx, who, id, AccessibilityRequest{Text: ptr("![](river.png)\n")})
			return []any{x, err, y, err2, z, err3, u, err4}
		}),
		"Attribution": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Attribution(ctx, who, id, "https://example.org")
			return []any{x, err}
		}),
		"Blame": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Blame(ctx, who, id, "")
			y, err2 := a(w).Blame(ctx, who, id, firstRevision(w, id))
			return []any{x, err, y, err2}
		}),
		"Check": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Check(ctx, who, id, resource.View)
			return []any{x.Role, err}
		}),
		"Collaborators": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			r, _, list, err := a(w).Collaborators(ctx, who, id)
			return []any{r, list, err}
		}),
		"Diff": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Diff(ctx, who, id, "", "")
			y, err2 := a(w).Diff(ctx, who, id, firstRevision(w, w.P.ID), "")
			z, err3 := a(w).Diff(ctx, who, id, "", firstRevision(w, id))
			return []any{x, err, y, err2, z, err3}
		}),
		"ExchangeFile": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			t, f, err := a(w).ExchangeFile(ctx, who, id)
			return []any{t, f, err}
		}),
		"Export": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			var out []any
			for _, format := range []export.Format{export.Markdown, export.HTML} {
				x, err := a(w).Export(ctx, who, ExportRequest{Format: format, Items: []ExportItem{{ID: id}}, Origin: "https://example.org"})
				y, err2 := a(w).Export(ctx, who, ExportRequest{Format: format, Items: []ExportItem{{ID: id, Revision: firstRevision(w, id)}}})
				z, err3 := a(w).Export(ctx, who, ExportRequest{Format: format, Items: []ExportItem{{ID: w.Q.ID}, {ID: id}}})
				out = append(out, string(x.File.Data), x.ETag, err, string(y.File.Data), err2, string(z.File.Data), err3)
			}
			return out
		}),
		"ExportMemory": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).ExportMemory(ctx, who, "en", "es")
			return []any{x, err}
		},
		"ExportTranslationMemory": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).ExportTranslationMemory(ctx, who, id)
			return []any{x, err}
		}),
		"Family": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Family(ctx, who, id)
			return []any{x, err}
		}),
		"ForkOptions": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).ForkOptions(ctx, who, id)
			return []any{x, err}
		}),
		"ImageFile": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).ImageFile(ctx, who, id, w.pImage)
			return []any{string(x.Data), x.Alt, err}
		}),
		"Images": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Images(ctx, who, id)
			return []any{x, err}
		}),
		"ListResources": func(ctx context.Context, w *leakWorld, who Actor) []any {
			l1, n1, err := a(w).ListResources(ctx, who, ListRequest{})
			l2, n2, err2 := a(w).ListResources(ctx, who, ListRequest{Query: secretTitle})
			l3, n3, err3 := a(w).ListResources(ctx, who, ListRequest{OwnerHandle: "alice", Language: "es"})
			return []any{l1, n1, err, l2, n2, err2, l3, n3, err3}
		},
		"OpsSince": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).OpsSince(ctx, who, id, 0, 100)
			return []any{x, err}
		}),
		"Notifications": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).Notifications(ctx, who, InboxRequest{})
			var opened []any
			for _, n := range x.Notifications {
				u, err := a(w).OpenNotification(ctx, who, n.ID)
				opened = append(opened, u, err)
			}
			return []any{x, err, opened}
		},
		"OpenNotification": func(ctx context.Context, w *leakWorld, who Actor) []any {
			// Someone else's notification is not found; the ids of one's own are probed above.
			var out []any
			for _, owner := range []Actor{w.alice, w.bob, w.eve} {
				x, _ := a(w).Notifications(ctx, owner, InboxRequest{})
				for _, n := range x.Notifications {
					if owner.ID != who.ID {
						u, err := a(w).OpenNotification(ctx, who, n.ID)
						out = append(out, u, err)
					}
				}
			}
			return out
		},
		"UnreadCount": func(ctx context.Context, w *leakWorld, who Actor) []any {
			n, err := a(w).UnreadCount(ctx, who)
			return []any{n, err}
		},
		"NotificationSettings": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).NotificationSettings(ctx, who)
			return []any{x, err}
		},
		"Presence": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, rev, err := a(w).Presence(ctx, who, id, "")
			return []any{x, rev, err}
		}),
		"Proposal": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).Proposal(ctx, who, "00000000-0000-0000-0000-000000000000")
			y, err2 := a(w).Proposal(ctx, who, w.prop)
			return []any{x, err, y, err2}
		},
		"OpenRevision": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).OpenRevision(ctx, who, id, firstRevision(w, id))
			y, err2 := a(w).OpenRevision(ctx, who, id, "1")
			z, err3 := a(w).OpenRevision(ctx, who, id, firstRevision(w, w.P.ID)) // P's revision under another resource
			return []any{x, err, y, err2, z, err3}
		}),
		"ProposalComments": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).ProposalComments(ctx, who, w.prop)
			return []any{x, err}
		},
		"Proposals": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			r, s, err := a(w).Proposals(ctx, who, id)
			return []any{r, s, err}
		}),
		"Resource": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			r, x, err := a(w).Resource(ctx, who, id, resource.View)
			return []any{r, x.Role, err}
		}),
		"ResourceForAny": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			r, x, err := a(w).ResourceForAny(ctx, who, id, resource.EditMetadata, resource.Configure)
			return []any{r, x.Role, err}
		}),
		"WaitingForReview": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).WaitingForReview(ctx, who)
			return []any{x, err}
		},
		"Revision": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			r, s, err := a(w).Revision(ctx, who, firstRevision(w, id))
			return []any{r, s, err}
		}),
		"Revisions": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			r, _, l, n, err := a(w).Revisions(ctx, who, id, 50, 0)
			return []any{r, l, n, err}
		}),
		"Segments": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Segments(ctx, who, id, SegmentQuery{Archived: true})
			return []any{x, err}
		}),
		"Suggestions": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Suggestions(ctx, who, id, segOf(w, w.alice, id))
			return []any{x, err}
		}),
		"SyncPlan": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).SyncPlan(ctx, who, id)
			return []any{x, err}
		}),
		"TranslationInfo": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).TranslationInfo(ctx, who, id)
			return []any{x, err}
		}),
		"Profile": func(ctx context.Context, w *leakWorld, who Actor) []any {
			// alice owns and wrote P and T (private); only F may show, to anyone.
			var out []any
			for _, h := range []string{"alice", "bob", "eve"} {
				x, err := a(w).Profile(ctx, who, h, 1, 100)
				out = append(out, x, err)
			}
			return out
		},
		"AccountDeletionPlan": func(ctx context.Context, w *leakWorld, who Actor) []any {
			// The caller's own plan only, whatever resource ids they name.
			x, err := a(w).AccountDeletionPlan(ctx, who, map[string]string{w.P.ID: "alice", w.T.ID: "alice"})
			return []any{x, err}
		},
		"UserByHandle": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).UserByHandle(ctx, "alice")
			return []any{x, err}
		},
		"View": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).View(ctx, who, id, ViewRequest{Page: true, Origin: "https://example.org"})
			y, err2 := a(w).View(ctx, who, id, ViewRequest{Text: "published"})
			return []any{x, err, y, err2}
		}),
		"Workbench": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			x, err := a(w).Workbench(ctx, who, id, SegmentQuery{}, segOf(w, w.alice, id))
			return []any{x, err}
		}),
		"Search": func(ctx context.Context, w *leakWorld, who Actor) []any {
			var out []any
			for _, req := range []SearchRequest{{}, {Query: secretTitle}, {Query: "PTEXT"}, {Query: "floods river"}, {Query: "PTITLE"},
				{Query: "río desborda"}, {Languages: []string{"es"}}, {Kinds: []string{"translation"}}, {Kinds: []string{"fork"}},
				{TranslatedInto: []string{"es"}}, {Sort: "adapted"}, {Ungrouped: true, Query: "river"}, {Prefer: "es", Query: "spring"}} {
				x, err := a(w).Search(ctx, who, req)
				out = append(out, x, err)
			}
			return out
		},
		"Similar": func(ctx context.Context, w *leakWorld, who Actor) []any {
			var out []any
			for _, req := range []SimilarRequest{{Title: secretTitle}, {Title: "PTITLE-7f3"}, {Source: w.F.ID, Language: "es"},
				{Source: w.Q.ID, Language: "es"}, {Source: w.P.ID, Language: "es"}, {Source: w.T.ID}, {Title: "Floods, adapted", Source: w.F.ID}} {
				x, err := a(w).Similar(ctx, who, req)
				out = append(out, x, err)
			}
			return out
		},
		"OAI": func(ctx context.Context, w *leakWorld, who Actor) []any {
			site := Site{Origin: "https://example.org", Host: "example.org", AdminEmail: "a@example.org"}
			var out []any
			for _, q := range []string{"verb=Identify", "verb=ListSets", "verb=ListMetadataFormats",
				"verb=ListRecords&metadataPrefix=oai_dc", "verb=ListRecords&metadataPrefix=lom", "verb=ListIdentifiers&metadataPrefix=oai_dc",
				"verb=ListRecords&metadataPrefix=lom&set=lang:es", "verb=GetRecord&metadataPrefix=lom&identifier=oai:example.org:" + w.P.ID,
				"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:example.org:" + w.T.ID, "verb=GetRecord&metadataPrefix=lom&identifier=oai:example.org:" + w.F.ID,
				"verb=ListMetadataFormats&identifier=oai:example.org:" + w.P.ID} {
				vals, _ := url.ParseQuery(q)
				req, errs := oai.Parse(vals)
				if len(errs) > 0 {
					out = append(out, errs)
					continue
				}
				resp, err := a(w).OAI(ctx, site, req)
				// The identifier the caller sent is echoed back (in <request> and
				// the error): that is their input, not something learnt.
				doc := string(resp.XML())
				if req.Identifier != "" {
					doc = strings.ReplaceAll(doc, req.Identifier, "<asked>")
				}
				out = append(out, doc, err)
			}
			return out
		},
		"Sitemap": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := a(w).Sitemap(ctx, "https://example.org", "")
			return []any{x, err}
		},
		"Feed": func(ctx context.Context, w *leakWorld, who Actor) []any {
			var out []any
			for _, req := range []FeedRequest{{Origin: "https://example.org"}, {Origin: "https://example.org", Language: "es"}, {Origin: "https://example.org", Subject: "x"}} {
				x, err := a(w).Feed(ctx, req)
				out = append(out, x, err)
			}
			return out
		},
		"ConnectLive": on(func(ctx context.Context, w *leakWorld, who Actor, id string) []any {
			c, err := a(w).ConnectLive(ctx, who, LiveRequest{ResourceID: id, ClientID: "probe-" + who.Handle, Since: -1})
			if err != nil {
				return []any{err}
			}
			defer c.Close()
			first := <-c.Frames() // the snapshot
			return []any{string(first)}
		}),
	}
}

// writeProbes are use cases that change things: an outsider's attempt on
// the private resources must fail as not found, and what succeeds on the
// public ones must answer nothing of the private ones.
func writeProbes() map[string]probe {
	return map[string]probe{
		"Fork": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := w.f.a.Fork(ctx, who, w.P.ID, ForkRequest{})
			y, err2 := w.f.a.Fork(ctx, who, w.F.ID, ForkRequest{})
			var v ResourceView
			if err2 == nil {
				v, _ = w.f.a.View(ctx, who, y.Resource.ID, ViewRequest{Page: true})
			}
			return []any{x, err, y, err2, v}
		},
		"StartTranslation": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := w.f.a.StartTranslation(ctx, who, w.P.ID, StartRequest{Language: "fr"})
			y, err2 := w.f.a.StartTranslation(ctx, who, w.F.ID, StartRequest{Language: "fr"})
			var v ResourceView
			if err2 == nil {
				v, _ = w.f.a.View(ctx, who, y.ID, ViewRequest{Page: true})
			}
			return []any{x, err, y, err2, v}
		},
		"Sync": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := w.f.a.Sync(ctx, who, w.T.ID, MergeRequest{})
			return []any{x, err}
		},
		"CreateProposal": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := w.f.a.CreateProposal(ctx, who, w.T.ID, ProposalRequest{Title: "x"})
			return []any{x, err}
		},
		"ImportResources": func(ctx context.Context, w *leakWorld, who Actor) []any {
			md := "---\ntitle: Floods\nsource: https://example.org/r/" + w.P.ID + "\nlicense: CC-BY-4.0\n---\n# Floods\n\n" + shared + "\n"
			x, err := w.f.a.ImportResources(ctx, who, ImportRequest{FileName: "floods.md", Data: []byte(md)})
			var v ResourceView
			if err == nil && len(x.Resources) == 1 {
				v, _ = w.f.a.View(ctx, who, x.Resources[0].ID, ViewRequest{Page: true})
			}
			// The file named P's address: that is the caller's own input, not a leak.
			return []any{strings.ReplaceAll(fmt.Sprintf("%+v", []any{x, err, v}), w.P.ID, "<named by the file>")}
		},
		"CreateUnlessSimilar": func(ctx context.Context, w *leakWorld, who Actor) []any {
			r, near, err := w.f.a.CreateUnlessSimilar(ctx, who, resource.Fields{Title: ptr("PTITLE-7f3b"), Language: ptr("en"), License: ptr("CC-BY-4.0")}, false)
			return []any{r, near, err}
		},
		"RestoreRevision": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := w.f.a.RestoreRevision(ctx, who, firstRevision(w, w.P.ID))
			y, err2 := w.f.a.RestoreRevision(ctx, who, firstRevision(w, w.F.ID))
			return []any{x, err, y, err2}
		},
		"MarkRead": func(ctx context.Context, w *leakWorld, who Actor) []any {
			// Only the caller's own are marked (TestInboxIsPrivateToItsOwner checks others' stay unread).
			n, err := w.f.a.MarkRead(ctx, who, []string{w.P.ID, w.T.ID}, false)
			m, err2 := w.f.a.MarkRead(ctx, who, nil, true)
			return []any{n, err, m, err2}
		},
		"ChangeName": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := w.f.a.ChangeName(ctx, who, "Renamed "+who.Handle)
			return []any{x, err}
		},
		"ChangeEmail": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := w.f.a.ChangeEmail(ctx, who, "not the password", "alice@example.org")
			return []any{x, err}
		},
		"ChangePassword": func(ctx context.Context, w *leakWorld, who Actor) []any {
			return []any{w.f.a.ChangePassword(ctx, who, "not the password", "a brand new passphrase")}
		},
		"SignOutEverywhere": func(ctx context.Context, w *leakWorld, who Actor) []any {
			return []any{w.f.a.SignOutEverywhere(ctx, who)}
		},
		"DeleteAccount": func(ctx context.Context, w *leakWorld, who Actor) []any {
			// Refused (wrong password): the probe world must keep its people.
			err := w.f.a.DeleteAccount(ctx, who, DeleteAccountRequest{Password: "not the password", Confirm: who.Handle,
				Credit: CreditFormer, To: map[string]string{w.P.ID: who.Handle}})
			return []any{err}
		},
		"NameVersion": func(ctx context.Context, w *leakWorld, who Actor) []any {
			x, err := w.f.a.NameVersion(ctx, who, w.P.ID, "mine now")
			return []any{x, err}
		},
	}
}

// mutations that only ever answer an error or a value the caller sent are
// exempt from the leak scan but still must refuse outsiders on P: each is
// tried on P and must be refused as not found.
func refusals(w *leakWorld) map[string]func(ctx context.Context, who Actor) error {
	a := w.f.a
	P, T, D := w.P.ID, w.T.ID, w.D.ID
	return map[string]func(ctx context.Context, who Actor) error{
		"RestoreResource": func(ctx context.Context, who Actor) error {
			_, _, err := a.RestoreResource(ctx, who, D)
			return err
		},
		"EraseResource": func(ctx context.Context, who Actor) error {
			return a.EraseResource(ctx, who, D)
		},
		"ChangeSegment": func(ctx context.Context, who Actor) error {
			_, err := a.ChangeSegment(ctx, who, T, "x", SegmentChange{Target: ptr("y")})
			return err
		},
		"AddImage": func(ctx context.Context, who Actor) error {
			_, err := a.AddImage(ctx, who, P, []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), "mine")
			return err
		},
		"CommentSegment": func(ctx context.Context, who Actor) error {
			_, err := a.CommentSegment(ctx, who, T, "x", "hello")
			return err
		},
		"CloseProposal": func(ctx context.Context, who Actor) error {
			_, err := a.CloseProposal(ctx, who, w.prop)
			return err
		},
		"CommentProposal": func(ctx context.Context, who Actor) error {
			_, err := a.CommentProposal(ctx, who, w.prop, CommentRequest{Body: "mine"})
			return err
		},
		"ReopenProposal": func(ctx context.Context, who Actor) error {
			_, err := a.ReopenProposal(ctx, who, w.prop)
			return err
		},
		"DeleteResource": func(ctx context.Context, who Actor) error { return a.DeleteResource(ctx, who, P) },
		"DismissFinding": func(ctx context.Context, who Actor) error {
			_, err := a.DismissFinding(ctx, who, P, DismissRequest{Rule: "image-alt-missing", Fingerprint: "0123456789abcdef", Reason: "mine"})
			return err
		},
		"RestoreFinding": func(ctx context.Context, who Actor) error {
			return a.RestoreFinding(ctx, who, P, "image-alt-missing", "0123456789abcdef")
		},
		"ImportFile": func(ctx context.Context, who Actor) error {
			_, err := a.ImportFile(ctx, who, T, translation.File{})
			return err
		},
		"ImportMemory": func(ctx context.Context, who Actor) error {
			_, err := a.ImportMemory(ctx, who, T, nil)
			return err
		},
		"MarkMinor": func(ctx context.Context, who Actor) error {
			_, err := a.MarkMinor(ctx, who, T, "x")
			return err
		},
		"MergeProposal": func(ctx context.Context, who Actor) error {
			_, err := a.MergeProposal(ctx, who, "00000000-0000-0000-0000-000000000000", MergeRequest{})
			return err
		},
		"RemoveCollaborator": func(ctx context.Context, who Actor) error { return a.RemoveCollaborator(ctx, who, P, "alice") },
		"RemoveImage":        func(ctx context.Context, who Actor) error { return a.RemoveImage(ctx, who, P, w.pImage) },
		"ReviewProposal": func(ctx context.Context, who Actor) error {
			_, _, err := a.ReviewProposal(ctx, who, "00000000-0000-0000-0000-000000000000", ReviewRequest{Verdict: "approve"})
			return err
		},
		"ReviewSegment": func(ctx context.Context, who Actor) error {
			_, _, err := a.ReviewSegment(ctx, who, T, "x", SegmentReview{Action: "approve"})
			return err
		},
		"SetCollaborator": func(ctx context.Context, who Actor) error {
			_, err := a.SetCollaborator(ctx, who, P, who.Handle, resource.RoleOwner)
			return err
		},
		"SetPublishApprovedOnly": func(ctx context.Context, who Actor) error { return a.SetPublishApprovedOnly(ctx, who, T, false) },
		"SetSelfApproval":        func(ctx context.Context, who Actor) error { return a.SetSelfApproval(ctx, who, T, SelfApprovalAllowed) },
		"SubmitOp": func(ctx context.Context, who Actor) error {
			_, err := a.SubmitOp(ctx, who, P, 0, nil)
			return err
		},
		"SyncFork": func(ctx context.Context, who Actor) error {
			_, err := a.SyncFork(ctx, who, P, MergeRequest{})
			return err
		},
		"SyncTranslation": func(ctx context.Context, who Actor) error {
			_, err := a.SyncTranslation(ctx, who, T)
			return err
		},
		"UpdateResource": func(ctx context.Context, who Actor) error {
			_, _, err := a.UpdateResource(ctx, who, P, resource.Fields{Title: ptr("mine")})
			return err
		},
	}
}

// exempt use cases hold no resource data: accounts, sessions, lifecycle.
var exempt = map[string]string{
	"Close": "lifecycle", "Start": "lifecycle", "Ready": "health check", "Limits": "configuration",
	"LiveStats": "counters", "CreateResource": "creates the caller's own resource from their input",
	"Signup": "accounts", "Login": "accounts", "IssueToken": "accounts", "RevokeToken": "accounts",
	"StartSession": "accounts", "EndSession": "accounts", "UserBySession": "accounts", "UserByToken": "accounts",
	"Credentials": "accounts: the caller's own sessions and tokens", "RevokeCredential": "accounts: the caller's own sessions and tokens",
	"FlushIndex":              "maintenance: writes the search index, answers only a count",
	"SetNotificationSettings": "accounts: the caller's own settings",
	"SetInterfaceLanguage":    "accounts: the caller's own interface language",
	"RequestPasswordReset":    "accounts: answers nothing (the same whether or not the address has an account)",
	"CheckPasswordReset":      "accounts", "ResetPassword": "accounts",
	"PendingEmailChange": "accounts: the caller's own address change", "CancelEmailChange": "accounts: the caller's own address change",
	"EmailChangeFor": "accounts: what a confirmation link (mailed to the new address) would do", "ConfirmEmailChange": "accounts",
	"SendEmailConfirmation": "accounts: a link to the caller's own address", "PendingConfirmation": "accounts: the caller's own address",
	"MailRound":    "the mail worker: TestMailIsComposedUnderThePolicy reads what it writes",
	"PurgeDeleted": "maintenance: erases, answers only a count", "DeletedKeepDays": "configuration",
	"Outbox": "operator command, not offered over HTTP", "OutboxEntry": "operator command", "RetryMail": "operator command",
}

func TestEveryUseCaseIsProbed(t *testing.T) {
	t.Parallel()
	reads, writes := readProbes(), writeProbes()
	known := refusals(&leakWorld{f: &fixture{a: &App{}}})
	typ := reflect.TypeOf(&App{})
	for i := 0; i < typ.NumMethod(); i++ {
		name := typ.Method(i).Name
		_, r := reads[name]
		_, w := writes[name]
		_, k := known[name]
		_, e := exempt[name]
		if !r && !w && !k && !e {
			t.Errorf("use case %s is not probed for leaks: add it to policy_test.go (readProbes, writeProbes or refusals)", name)
		}
	}
}

func TestNoPrivateTextEscapes(t *testing.T) {
	t.Parallel()
	w := newLeakWorld(t)
	ctx := w.f.ctx
	for _, who := range []Actor{Anonymous, w.eve, w.bob} {
		for name, p := range readProbes() {
			w.scan(t, who, name, p(ctx, w, who))
		}
		for name, p := range writeProbes() {
			if !who.SignedIn() {
				continue
			}
			w.scan(t, who, name, p(ctx, w, who))
		}
		for name, try := range refusals(w) {
			if err := try(ctx, who); err == nil || (!errors.Is(err, resource.ErrNotFound) && !errors.Is(err, ErrUnauthorized) && !isNotFound(err)) {
				t.Errorf("%s by %q on the private resource: %v, want not found", name, who.Handle, err)
			}
		}
	}
	// And the policy is not simply refusing everything: the owner sees it all.
	v, err := w.f.a.View(ctx, w.alice, w.F.ID, ViewRequest{Page: true})
	w.f.must(err)
	if v.Derivation.Source != w.P.ID || v.Attribution.Chain[0].Title != secretTitle {
		t.Errorf("the owner's view of F hides P: %+v", v.Derivation)
	}
	// Her own translation of Q is offered her private memory; eve's never was.
	mine, err := w.f.a.StartTranslation(ctx, w.alice, w.Q.ID, StartRequest{Language: "es"})
	w.f.must(err)
	sugg, err := w.f.a.Suggestions(ctx, w.alice, mine.ID, segOf(w, w.alice, mine.ID))
	w.f.must(err)
	if len(sugg) == 0 || !strings.Contains(sugg[0].Target, secretTM) {
		t.Errorf("the owner is not offered her own memory: %+v", sugg)
	}
}

func isNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == NotFound
}

// scan fails the test when anything answered holds a secret.
func (w *leakWorld) scan(t *testing.T, who Actor, name string, answered []any) {
	t.Helper()
	dump := fmt.Sprintf("%+v", answered)
	for _, s := range w.secrets {
		if strings.Contains(dump, s) {
			i := strings.Index(dump, s)
			t.Errorf("%s as %q leaks %q: …%s…", name, who.Handle, s, dump[max(0, i-200):min(len(dump), i+200)])
		}
	}
}
