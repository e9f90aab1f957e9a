package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/commonplace/commonplace/resource"
)

// checkDerivativeVisibility refuses a derivative (fork or translation) more
// open than its source unless the caller may configure the source: a
// viewer of a private lesson must not be able to publish its text by
// forking it as public. Only the source's owners decide that.
func (a *App) checkDerivativeVisibility(ctx context.Context, who Actor, sourceID string, vis resource.Visibility) error {
	src, role, err := a.db.ResourceFor(ctx, sourceID, who.ID)
	if errors.Is(err, resource.ErrNotFound) {
		return nil // a deleted source: nothing left to protect
	}
	if err != nil {
		return err
	}
	if vis.Openness() <= src.Visibility.Openness() {
		return nil
	}
	x := Access{Role: role, actor: who.domain(), vis: src.Visibility}
	if x.Can(resource.Configure) {
		return nil
	}
	return &resource.ValidationError{Field: "visibility", Message: fmt.Sprintf(
		"the source is %s: a derivative of it can be at most %s unless the source's owners publish it", src.Visibility, src.Visibility)}
}

// derivationSource is the source of a derived resource ("" for an original).
func (a *App) derivationSource(ctx context.Context, id string) (string, error) {
	d, err := a.db.DerivationOf(ctx, id)
	if errors.Is(err, resource.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return d.SourceID, nil
}
