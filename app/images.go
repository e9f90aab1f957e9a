package app

import (
	"context"
	"errors"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/commonplace/commonplace/media"
	"github.com/commonplace/commonplace/resource"
)

// MaxAlt bounds an image's text alternative.
const MaxAlt = 1000

// ImageInfo is a picture of a resource as pages and answers show it.
type ImageInfo struct {
	Hash      string
	Name      string // hash and extension: the last part of its URL
	MediaType string
	Alt       string
	Width     int
	Height    int
	URL       string // /r/{id}/images/{name}: stable, the bytes behind it never change
	Markdown  string // what to paste into the text
}

func imageInfo(resourceID string, rec media.Record) ImageInfo {
	url := ImageURL(resourceID, rec.Name())
	return ImageInfo{Hash: rec.Hash, Name: rec.Name(), MediaType: rec.MediaType, Alt: rec.Alt, Width: rec.Width, Height: rec.Height,
		URL: url, Markdown: "![" + markdownLabel(rec.Alt) + "](" + url + ")"}
}

// ImageURL is where a resource's picture is served.
func ImageURL(resourceID, name string) string { return "/r/" + resourceID + "/images/" + name }

// markdownLabel escapes what would end an image's label early.
func markdownLabel(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// AddImage puts a picture into a resource (its editors only). The type is read from the bytes,
// the size bounded, SVG sanitised; the text alternative is required: a picture nobody can
// describe is not yet ready to teach with.
func (a *App) AddImage(ctx context.Context, who Actor, id string, data []byte, alt string) (ImageInfo, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.EditContent)
	if err != nil {
		return ImageInfo{}, err
	}
	alt = strings.TrimSpace(alt)
	switch {
	case alt == "":
		return ImageInfo{}, &resource.ValidationError{Field: "alt", Message: "is required: describe the picture for people who cannot see it"}
	case !utf8.ValidString(alt) || strings.ContainsRune(alt, 0):
		return ImageInfo{}, &resource.ValidationError{Field: "alt", Message: "must be text (valid UTF-8)"}
	case utf8.RuneCountInString(alt) > MaxAlt:
		return ImageInfo{}, &resource.ValidationError{Field: "alt", Message: "must be at most 1000 characters"}
	}
	img, err := media.Check(data, a.cfg.Images)
	if err != nil {
		return ImageInfo{}, err
	}
	rec, err := a.db.AddImage(ctx, media.Record{ResourceID: r.ID, Image: img, Alt: alt, AddedBy: who.ID})
	if err != nil {
		return ImageInfo{}, err
	}
	a.audit(ctx, who, "image.add", r.ID, map[string]any{"hash": img.Hash, "type": img.MediaType, "bytes": len(img.Data)})
	return imageInfo(r.ID, rec), nil
}

// Images lists the pictures of a resource the caller may read.
func (a *App) Images(ctx context.Context, who Actor, id string) ([]ImageInfo, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return nil, err
	}
	recs, err := a.db.Images(ctx, r.ID, false)
	if err != nil {
		return nil, err
	}
	out := make([]ImageInfo, len(recs))
	for i, rec := range recs {
		out[i] = imageInfo(r.ID, rec)
	}
	return out, nil
}

// imageName is a picture's file name as URLs carry it: 32 hex digits and an extension.
var imageName = regexp.MustCompile(`^([0-9a-f]{32})(\.[a-z]+)$`)

// ImageFile returns a picture with its bytes, for serving. It is an exit like any page: the
// caller must be allowed to read the resource (an image of a private resource is not found for
// anyone else), and the name must be the one the picture was given.
func (a *App) ImageFile(ctx context.Context, who Actor, id, name string) (media.Record, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return media.Record{}, err
	}
	m := imageName.FindStringSubmatch(name)
	if m == nil {
		return media.Record{}, newErr(NotFound, "not_found", "no such image")
	}
	rec, err := a.db.Image(ctx, r.ID, m[1], true)
	if errors.Is(err, resource.ErrNotFound) || (err == nil && rec.Ext() != m[2]) {
		return media.Record{}, newErr(NotFound, "not_found", "no such image in this resource")
	}
	return rec, err
}

// RemoveImage takes a picture out of a resource (its editors only). Its bytes stay in the
// forks and translations that copied it.
func (a *App) RemoveImage(ctx context.Context, who Actor, id, name string) error {
	r, _, err := a.resourceFor(ctx, who, id, resource.EditContent)
	if err != nil {
		return err
	}
	hash := strings.TrimSuffix(path.Base(name), path.Ext(name))
	if err := a.db.RemoveImage(ctx, r.ID, hash); err != nil {
		if errors.Is(err, resource.ErrNotFound) {
			return newErr(NotFound, "not_found", "no such image in this resource")
		}
		return err
	}
	a.audit(ctx, who, "image.remove", r.ID, map[string]any{"hash": hash})
	return nil
}

// localImageRef is a picture address in a text: the resource it was added to and its name.
var localImageRef = regexp.MustCompile(`/r/([0-9a-fA-F-]{36})/images/([0-9a-f]{32})\.(png|jpg|webp|svg)`)

// LocalImages points every picture address in markdown that names another resource (a
// fork's text keeps its source's addresses, so merges stay clean) at the copy this resource
// holds, when it holds one: a reader of the fork sees its pictures even when the source has
// become private. For display and export only; the stored text is not changed.
func LocalImages(markdown, resourceID string, held map[string]bool) string {
	if len(held) == 0 || !strings.Contains(markdown, "/images/") {
		return markdown
	}
	return localImageRef.ReplaceAllStringFunc(markdown, func(ref string) string {
		m := localImageRef.FindStringSubmatch(ref)
		if m[1] == resourceID || !held[m[2]] {
			return ref
		}
		return ImageURL(resourceID, m[2]+"."+m[3])
	})
}

// heldImages is the set of picture hashes a resource holds.
func (a *App) heldImages(ctx context.Context, id string) (map[string]bool, error) {
	recs, err := a.db.Images(ctx, id, false)
	if err != nil {
		return nil, err
	}
	held := make(map[string]bool, len(recs))
	for _, r := range recs {
		held[r.Hash] = true
	}
	return held, nil
}
