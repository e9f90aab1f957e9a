package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/commonplace/commonplace/importer"
	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/media"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// ImportRequest is a file to turn into resources.
type ImportRequest struct {
	FileName string // a hint for plain text (.md, .html); the format is read from the bytes
	Data     []byte
	// Used when the file does not say: language (default "en"), licence (default
	// resource.DefaultLicense). Visibility defaults to private: an import is a draft.
	Language   string
	License    string
	Visibility string
}

// ImportResult is what an import created.
type ImportResult struct {
	Format    importer.Format
	Resources []resource.Resource
	Warnings  []string // what the author should look at (pictures without a description, a level not understood)
}

// ImportResources creates one resource per document of a file (an EPUB: one per chapter), all
// or none. Metadata the file names goes to fields; a work the file names as its source (with
// its licence) is recorded as the "imported from" source and credited in the attribution of
// the new resource and everything derived from it. Pictures go through the same checks as
// uploads and the text is pointed at their new addresses.
func (a *App) ImportResources(ctx context.Context, who Actor, req ImportRequest) (ImportResult, error) {
	if !who.SignedIn() {
		return ImportResult{}, ErrUnauthorized
	}
	format, err := importer.Detect(req.FileName, req.Data)
	if err != nil {
		return ImportResult{}, err
	}
	docs, err := importer.Import(ctx, req.FileName, req.Data, a.cfg.Import)
	if err != nil {
		return ImportResult{}, err
	}
	out := ImportResult{Format: format}
	items := make([]store.NewImport, 0, len(docs))
	for i, d := range docs {
		it, warnings, err := a.importItem(who, req, d)
		if err != nil {
			if len(docs) > 1 {
				return ImportResult{}, inDocument(err, i+1, d.Title)
			}
			return ImportResult{}, err
		}
		if len(docs) > 1 {
			for j := range warnings {
				warnings[j] = fmt.Sprintf("document %d (“%s”): %s", i+1, it.Resource.Title, warnings[j])
			}
		}
		out.Warnings = append(out.Warnings, warnings...)
		items = append(items, it)
	}
	if out.Resources, err = a.db.CreateImported(ctx, items); err != nil {
		return ImportResult{}, err
	}
	for _, r := range out.Resources {
		a.audit(ctx, who, "resource.import", r.ID, map[string]any{"file": req.FileName, "format": string(format)})
	}
	return out, nil
}

// importItem turns one document into what the store creates: fields validated as for a new
// resource, pictures checked, the text pointed at them, the source recorded.
func (a *App) importItem(who Actor, req ImportRequest, d interchange.Document) (store.NewImport, []string, error) {
	var warnings []string
	title := strings.TrimSpace(d.Title)
	if title == "" {
		title = strings.TrimSuffix(path.Base(req.FileName), path.Ext(req.FileName))
	}
	if title == "" || title == "." || title == "/" {
		title = "Imported document"
	}
	lang := firstOf(d.Language, req.Language, "en")
	lic := firstOf(d.License, req.License, resource.DefaultLicense)
	vis := firstOf(req.Visibility, string(resource.Private))
	level, ok := importLevel(d.Level)
	if !ok {
		warnings = append(warnings, fmt.Sprintf("the education level “%s” is not one we know; choose one in the settings", d.Level))
	}
	subjects := d.Subjects
	if len(subjects) > resource.MaxSubjects {
		subjects = subjects[:resource.MaxSubjects]
	}
	r := resource.Resource{ID: store.NewID(), Visibility: resource.Private, Owner: who.person()}
	text := d.Markdown
	f := resource.Fields{Title: &title, Summary: &d.Summary, Language: &lang, License: &lic, Subjects: &subjects,
		Level: &level, Visibility: &vis}
	if err := r.Apply(f); err != nil {
		return store.NewImport{}, nil, err
	}
	imgs, names, missing, err := a.importImages(r.ID, d.Images)
	if err != nil {
		return store.NewImport{}, nil, err
	}
	if len(missing) > 0 {
		warnings = append(warnings, fmt.Sprintf("%d pictures have no description (%s): add alt text to them", len(missing), strings.Join(missing, ", ")))
	}
	text = interchange.RewriteImageRefs(text, func(src string) (string, bool) {
		if i := interchange.FindImage(d.Images, src); i >= 0 && names[i] != "" {
			return ImageURL(r.ID, names[i]), true
		}
		return "", false
	})
	if err := r.Apply(resource.Fields{Content: &text}); err != nil {
		return store.NewImport{}, nil, err
	}
	if err := r.ValidateNew(); err != nil {
		return store.NewImport{}, nil, err
	}
	it := store.NewImport{Resource: r, Attribution: attributionJSON(who.ID, r.Content), FileName: path.Base(req.FileName), Images: imgs}
	if d.Source != nil {
		src, err := json.Marshal(importedHop(d, r))
		if err != nil {
			return store.NewImport{}, nil, err
		}
		it.Source = src
	}
	return it, warnings, nil
}

// importImages checks a document's pictures as uploads are checked. names[i] is the stored
// name of d.Images[i]; missing lists those without a text alternative.
func (a *App) importImages(resourceID string, in []interchange.Image) ([]media.Record, []string, []string, error) {
	var recs []media.Record
	var missing []string
	names := make([]string, len(in))
	seen := map[string]bool{}
	for i, img := range in {
		m, err := media.Check(img.Data, a.cfg.Images)
		if err != nil {
			var me *media.Error
			if errors.As(err, &me) {
				me.Reason = "picture " + img.Name + ": " + me.Reason
			}
			return nil, nil, nil, err
		}
		names[i] = m.Name()
		alt := strings.TrimSpace(img.Alt)
		if alt == "" {
			missing = append(missing, img.Name)
		}
		if len([]rune(alt)) > MaxAlt {
			alt = string([]rune(alt)[:MaxAlt])
		}
		if seen[m.Hash] {
			continue
		}
		seen[m.Hash] = true
		recs = append(recs, media.Record{ResourceID: resourceID, Image: m, Alt: alt})
	}
	return recs, names, missing, nil
}

// importedHop is the "imported from" work as the attribution credits it.
func importedHop(d interchange.Document, r resource.Resource) SourceHop {
	s := d.Source
	hop := SourceHop{Title: firstOf(s.Title, d.Title), URL: s.URL, License: s.License, Language: r.Language,
		Kind: license.KindOriginal, External: true}
	authors := s.Authors
	if len(authors) == 0 {
		authors = d.Authors
	}
	for _, p := range authors {
		if n := strings.TrimSpace(p.Name); n != "" {
			hop.Authors = append(hop.Authors, Credit{Name: n, URL: p.URL})
		}
	}
	if hop.Authors == nil {
		hop.Authors = []Credit{}
	}
	return hop
}

// importLevel maps a level as files write it ("higher education", "Primary") to ours.
func importLevel(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", true
	}
	s = strings.ReplaceAll(s, " ", "-")
	for _, lv := range resource.Levels {
		if s == string(lv) || strings.HasPrefix(s, string(lv)+"-") {
			return string(lv), true
		}
	}
	if slices.Contains([]string{"university", "tertiary", "undergraduate", "graduate"}, s) {
		return "higher", true
	}
	return "", false
}

// inDocument says which document of a file an error is about.
func inDocument(err error, n int, title string) error {
	var ve *resource.ValidationError
	if errors.As(err, &ve) {
		return &resource.ValidationError{Field: ve.Field, Message: fmt.Sprintf("%s (document %d, “%s”)", ve.Message, n, title)}
	}
	return err
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
