package app

import (
	"context"
	"strconv"
	"unicode/utf16"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// CreateResource validates f and stores a new original owned by who; the
// first text is credited to its owner. New resources are private unless f
// says otherwise: nothing is published by accident.
func (a *App) CreateResource(ctx context.Context, who Actor, f resource.Fields) (resource.Resource, error) {
	if !who.SignedIn() {
		return resource.Resource{}, ErrUnauthorized
	}
	r := resource.Resource{Visibility: resource.Private, Owner: who.person()}
	if err := r.ApplyNew(f); err != nil {
		return r, err
	}
	created, err := a.db.CreateResource(ctx, r, attributionJSON(who.ID, r.Content))
	if err != nil {
		return r, err
	}
	a.audit(ctx, who, "resource.create", created.ID, nil)
	return created, nil
}

// attributionJSON credits the whole of text to one author, as run-length
// spans measured in UTF-16 code units.
func attributionJSON(author, text string) []byte {
	n := len(utf16.Encode([]rune(text)))
	if n == 0 {
		return []byte("[]")
	}
	return []byte(`[["` + author + `",` + strconv.Itoa(n) + `]]`)
}

// Resource loads a resource the caller may perform act on, with its current
// text and version.
func (a *App) Resource(ctx context.Context, who Actor, id string, act resource.Action) (resource.Resource, Access, error) {
	r, x, err := a.resourceFor(ctx, who, id, act)
	if err != nil {
		return r, x, err
	}
	return r, x, a.withCurrentText(ctx, &r)
}

// ResourceForAny is Resource for callers that need at least one of several
// rights (a settings page is for those who may edit metadata or configure).
func (a *App) ResourceForAny(ctx context.Context, who Actor, id string, acts ...resource.Action) (resource.Resource, Access, error) {
	r, x, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return r, x, err
	}
	if err := x.requireAny(acts...); err != nil {
		return r, x, err
	}
	return r, x, a.withCurrentText(ctx, &r)
}

// withCurrentText replaces the cached content of r with the live text.
func (a *App) withCurrentText(ctx context.Context, r *resource.Resource) error {
	st, err := a.texts.Current(ctx, r.ID)
	if err != nil {
		return err
	}
	r.Content, r.Version = st.Text, st.Version
	return nil
}

// UpdateResource applies f to the resource, checking the right for each
// kind of field: content, descriptive metadata, or licence and visibility.
// A licence change on a derivative must be one its source allows.
func (a *App) UpdateResource(ctx context.Context, who Actor, id string, f resource.Fields) (resource.Resource, Access, error) {
	r, x, err := a.Resource(ctx, who, id, resource.View)
	if err != nil {
		return r, x, err
	}
	metadata := f.Title != nil || f.Summary != nil || f.Language != nil || f.Subjects != nil || f.Level != nil
	configure := (f.License != nil && *f.License != r.License) || (f.Visibility != nil && *f.Visibility != string(r.Visibility)) ||
		(f.AllowSelfReview != nil && *f.AllowSelfReview != r.AllowSelfReview)
	var needs []resource.Action
	if configure {
		needs = append(needs, resource.Configure)
	}
	if f.Content != nil {
		needs = append(needs, resource.EditContent)
	}
	if metadata || len(needs) == 0 {
		// An update that changes no setting and no text still needs a right
		// to touch the resource at all.
		needs = append(needs, resource.EditMetadata)
	}
	for _, act := range needs {
		if err := x.require(act); err != nil {
			return r, x, err
		}
	}
	if r.Kind == resource.Translation && f.Content != nil && *f.Content != r.Content {
		return r, x, ErrTranslationText
	}
	next := r
	if err := next.Apply(f); err != nil {
		return r, x, err
	}
	if next.License != r.License {
		if err := a.checkDerivativeLicense(ctx, next); err != nil {
			return r, x, err
		}
	}
	if next.Visibility.Openness() > r.Visibility.Openness() {
		src, err := a.derivationSource(ctx, r.ID)
		if err != nil {
			return r, x, err
		}
		if src != "" {
			if err := a.checkDerivativeVisibility(ctx, who, src, next.Visibility); err != nil {
				return r, x, err
			}
		}
	}
	if err := a.db.UpdateMetadata(ctx, next); err != nil {
		return r, x, err
	}
	if next.Visibility != r.Visibility {
		a.liveRightsChanged(ctx, r.ID)
	}
	if f.Content != nil && next.Content != r.Content {
		if _, err := a.replaceContent(ctx, who, r.ID, r.Version, r.Updated, next.Content); err != nil {
			return r, x, err
		}
	}
	if r.Kind == resource.Translation && (f.Title != nil || f.Summary != nil) {
		if err := a.metaFromSettings(ctx, who, Translation{Resource: next, Access: x}, f); err != nil {
			return r, x, err
		}
	}
	a.audit(ctx, who, "resource.update", r.ID, nil)
	return a.Resource(ctx, who, id, resource.View)
}

// checkDerivativeLicense refuses a licence on a derivative (or an imported
// work) that its source's licence (as recorded when it was derived or
// imported) does not allow.
func (a *App) checkDerivativeLicense(ctx context.Context, r resource.Resource) error {
	l, err := a.lineageOf(ctx, r.ID)
	if err != nil || len(l.chain) == 0 {
		return err
	}
	if l.chain[0].External {
		if _, err := license.Lookup(l.chain[0].License); err != nil {
			return nil // a licence we do not know cannot be checked; the credit still names it
		}
	}
	_, err = license.CheckDerivative(l.chain[0].License, r.License)
	return err
}

// DeleteResource deletes a resource (softly: it stays a node of its
// family graph so derivatives keep their lineage and credit).
func (a *App) DeleteResource(ctx context.Context, who Actor, id string) error {
	r, _, err := a.resourceFor(ctx, who, id, resource.Delete)
	if err != nil {
		return err
	}
	if err := a.db.DeleteResource(ctx, r.ID); err != nil {
		return err
	}
	a.liveRightsChanged(ctx, r.ID)
	a.audit(ctx, who, "resource.delete", r.ID, nil)
	return nil
}

// MaxPage is the highest page number a listing answers: far beyond any
// real listing, low enough that offsets never overflow.
const MaxPage = 100000

// ListRequest narrows a listing of resources.
type ListRequest struct {
	OwnerHandle string
	Language    string
	Query       string
	Mine        bool // only resources where the caller has a role
	Page        int  // from 1
	PerPage     int  // at most 100 (default 20)
}

// ListResources returns one page of the resources the caller may see and
// the total: public ones for everyone, unlisted and private ones only for
// people with a role.
func (a *App) ListResources(ctx context.Context, who Actor, req ListRequest) ([]resource.Resource, int, error) {
	if req.Mine && !who.SignedIn() {
		return nil, 0, ErrUnauthorized
	}
	if req.Page > MaxPage {
		return nil, 0, invalid("page", "must be at most %d", MaxPage)
	}
	return a.db.ListResources(ctx, store.ListFilter{ViewerID: who.ID, OwnerHandle: req.OwnerHandle, Language: req.Language,
		Query: req.Query, Mine: req.Mine, Page: req.Page, PerPage: req.PerPage})
}

// Check decides whether the caller may perform act on a resource, without
// loading its text: adapters use it to refuse early, before reading input
// that only matters to someone allowed.
func (a *App) Check(ctx context.Context, who Actor, id string, act resource.Action) (Access, error) {
	_, x, err := a.resourceFor(ctx, who, id, act)
	return x, err
}
