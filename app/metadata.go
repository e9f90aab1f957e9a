package app

import (
	"context"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/a11ytext"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/markdown"
	"github.com/commonplace/commonplace/metadata"
	"github.com/commonplace/commonplace/resource"
)

// Publisher names the service in the metadata it publishes.
const Publisher = "Commonplace"

// describe fills a page view's metadata from what the view already holds,
// so it shows exactly what the policy let the caller see: a source the
// caller may not read is the attribution's hidden hop (licence and authors,
// no title, no URL), and only translations the caller may list are named.
func (a *App) describe(ctx context.Context, who Actor, v *ResourceView, origin string) error {
	r := v.Resource
	rec := baseRecord(r, origin)
	rec.Creators = creditsToPeople(v.Attribution.Authors, origin)
	rec.Contributors = creditsToPeople(v.Attribution.Contributors, origin)
	rec.Kind = license.KindOriginal
	for _, h := range v.Attribution.Chain {
		rec.BasedOn = append(rec.BasedOn, hopWork(h, origin))
	}
	if len(rec.BasedOn) > 0 {
		rec.Kind = workKind(string(r.Kind))
		if r.Kind == resource.Translation {
			rec.Kind = license.KindTranslation
			tw := rec.BasedOn[0]
			rec.TranslationOf = &tw
		}
	}
	withAccessibility(&rec, v.Accessibility.Metadata)
	for _, d := range Downloads(r.ID) {
		rec.Encodings = append(rec.Encodings, metadata.Encoding{URL: AbsURL(origin, d.URL), MediaType: d.MediaType, Name: d.Label})
	}
	// Other languages: this resource's translations, or, for a translation,
	// its source and the source's other translations the caller may list.
	var family []metadata.Work
	for _, d := range v.Derivatives {
		if d.Kind == string(resource.Translation) {
			family = append(family, metadata.Work{Name: d.Resource.Title, URL: AbsURL(origin, "/r/"+d.Resource.ID), Language: d.Resource.Language})
		}
	}
	rec.Translations = family
	if r.Kind == resource.Translation && len(v.Attribution.Chain) > 0 && !v.Attribution.Chain[0].Hidden {
		src := v.Attribution.Chain[0]
		ok, err := a.listable(ctx, who, src.Resource)
		if err != nil {
			return err
		}
		if ok[src.Resource] {
			family = append(family, metadata.Work{Name: src.Title, URL: AbsURL(origin, "/r/"+src.Resource), Language: src.Language})
			if s, err := a.db.Resource(ctx, src.Resource); err == nil {
				siblings, err := a.derivatives(ctx, who, s)
				if err != nil {
					return err
				}
				for _, d := range siblings {
					if d.Kind == string(resource.Translation) && d.Resource.ID != r.ID {
						family = append(family, metadata.Work{URL: AbsURL(origin, "/r/"+d.Resource.ID), Language: d.Resource.Language})
					}
				}
			}
		}
	}
	for _, w := range family {
		v.Alternates = append(v.Alternates, metadata.Alternate{Lang: w.Language, Href: w.URL})
	}
	v.Meta = rec
	return nil
}

// baseRecord is the part of a record that comes from the resource alone.
func baseRecord(r resource.Resource, origin string) metadata.Record {
	rec := metadata.Record{ID: r.ID, URL: AbsURL(origin, "/r/"+r.ID), Name: r.Title, Description: r.Summary, Language: r.Language,
		LicenseID: r.License, Level: string(r.Level), Keywords: r.Subjects, Created: r.Created, Modified: r.Updated, Publisher: Publisher}
	if l, err := license.Lookup(r.License); err == nil {
		rec.LicenseURL, rec.LicenseName = l.URL, l.Name
	}
	return rec
}

func hopWork(h SourceHop, origin string) metadata.Work {
	w := metadata.Work{Name: h.Title, Language: h.Language, Creators: creditsToPeople(h.Authors, origin), Hidden: h.Hidden}
	if !h.Hidden {
		w.URL = AbsURL(origin, h.URL)
	}
	if l, err := license.Lookup(h.License); err == nil {
		w.LicenseURL = l.URL
	}
	return w
}

func creditsToPeople(cs []Credit, origin string) []metadata.Person {
	out := make([]metadata.Person, 0, len(cs))
	for _, c := range cs {
		out = append(out, metadata.Person{Name: c.Name, URL: AbsURL(origin, c.URL)})
	}
	return out
}

// accessibility derives schema.org access modes and features from the
// text's structure: only what the text shows is claimed. Harvest records
// indexed before the accessibility checker (issue 14) carry only these
// counts; newer ones carry the checker's metadata (withAccessibility).
func accessibility(rec *metadata.Record, f markdown.Features) {
	rec.AccessModes = []string{"textual"}
	if f.Images > 0 {
		rec.AccessModes = append(rec.AccessModes, "visual")
	}
	rec.AccessibilityFeatures = []string{"displayTransformability"}
	if f.Headings > 0 {
		rec.AccessibilityFeatures = append(rec.AccessibilityFeatures, "structuralNavigation")
	}
	if f.Images > 0 && f.ImagesNoAlt == 0 {
		rec.AccessibilityFeatures = append(rec.AccessibilityFeatures, "alternativeText")
	}
}

// withAccessibility puts what the accessibility checker derived (from the
// text and its dismissals: a11ycheck.Describe) into the record.
func withAccessibility(rec *metadata.Record, m a11ycheck.Metadata) {
	rec.AccessModes, rec.AccessModeSufficient = m.AccessMode, m.AccessModeSufficient
	rec.AccessibilityFeatures, rec.AccessibilityHazards = m.AccessibilityFeature, m.AccessibilityHazard
	// The summary is a sentence for people who read the record: in the resource's language
	// when the interface has it, else English.
	rec.AccessibilitySummary = a11ytext.Summary(i18n.Default().Match(rec.Language), m)
}
