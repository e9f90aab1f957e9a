package metadata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// JSONLD is the record as schema.org JSON-LD with the LRMI learning
// resource type. OER aggregators read derivation only from isBasedOn, so a
// translation carries isBasedOn as well as translationOfWork.
func (r Record) JSONLD() map[string]any {
	m := map[string]any{
		"@context":            "https://schema.org",
		"@type":               []string{"CreativeWork", "LearningResource"},
		"@id":                 r.URL,
		"url":                 r.URL,
		"name":                r.Name,
		"inLanguage":          r.Language,
		"isAccessibleForFree": true,
	}
	if r.Description != "" {
		m["description"] = r.Description
	}
	if r.LicenseURL != "" {
		m["license"] = r.LicenseURL
	}
	if len(r.Creators) > 0 {
		m["creator"] = people(r.Creators)
	}
	if len(r.Contributors) > 0 {
		m["contributor"] = people(r.Contributors)
	}
	if r.Level != "" {
		m["educationalLevel"] = r.Level
	}
	if len(r.Keywords) > 0 {
		m["keywords"] = r.Keywords
		about := make([]map[string]any, len(r.Keywords))
		for i, k := range r.Keywords {
			about[i] = map[string]any{"@type": "DefinedTerm", "name": k}
		}
		m["about"] = about
	}
	if !r.Created.IsZero() {
		m["dateCreated"] = r.Created.UTC().Format(time.RFC3339)
	}
	if !r.Modified.IsZero() {
		m["dateModified"] = r.Modified.UTC().Format(time.RFC3339)
	}
	if len(r.BasedOn) > 0 {
		based := make([]map[string]any, len(r.BasedOn))
		for i, w := range r.BasedOn {
			based[i] = work(w)
		}
		m["isBasedOn"] = based
	}
	if r.TranslationOf != nil {
		m["translationOfWork"] = work(*r.TranslationOf)
	}
	if len(r.Translations) > 0 {
		tr := make([]map[string]any, len(r.Translations))
		for i, w := range r.Translations {
			tr[i] = work(w)
		}
		m["workTranslation"] = tr
	}
	if len(r.AccessModes) > 0 {
		m["accessMode"] = r.AccessModes
		sufficient := r.AccessModeSufficient
		if len(sufficient) == 0 {
			sufficient = [][]string{r.AccessModes}
		}
		lists := make([]map[string]any, len(sufficient))
		for i, set := range sufficient {
			lists[i] = map[string]any{"@type": "ItemList", "itemListElement": set}
		}
		m["accessModeSufficient"] = lists
	}
	if len(r.AccessibilityHazards) > 0 {
		m["accessibilityHazard"] = r.AccessibilityHazards
	}
	if r.AccessibilitySummary != "" {
		m["accessibilitySummary"] = r.AccessibilitySummary
	}
	if len(r.AccessibilityFeatures) > 0 {
		m["accessibilityFeature"] = r.AccessibilityFeatures
	}
	if r.Publisher != "" {
		m["publisher"] = map[string]any{"@type": "Organization", "name": r.Publisher}
	}
	if len(r.Encodings) > 0 {
		enc := make([]map[string]any, len(r.Encodings))
		for i, e := range r.Encodings {
			enc[i] = map[string]any{"@type": "MediaObject", "contentUrl": e.URL, "encodingFormat": e.MediaType}
			if e.Name != "" {
				enc[i]["name"] = e.Name
			}
		}
		m["encoding"] = enc
	}
	return m
}

func people(ps []Person) []map[string]any {
	out := make([]map[string]any, len(ps))
	for i, p := range ps {
		out[i] = map[string]any{"@type": "Person", "name": p.Name}
		if p.URL != "" {
			out[i]["url"] = p.URL
		}
	}
	return out
}

func work(w Work) map[string]any {
	m := map[string]any{"@type": "CreativeWork", "name": w.Name}
	if w.URL != "" && !w.Hidden {
		m["@id"], m["url"] = w.URL, w.URL
	}
	if w.Language != "" {
		m["inLanguage"] = w.Language
	}
	if w.LicenseURL != "" {
		m["license"] = w.LicenseURL
	}
	if len(w.Creators) > 0 {
		m["creator"] = people(w.Creators)
	}
	return m
}

// EmbedJSON encodes v for a <script type="application/ld+json"> element:
// "<", ">" and "&" are written as \u escapes, so neither "</script>" nor
// "<!--" can end or change the element, and U+2028/U+2029 (line breaks
// to JavaScript) are escaped too. The result is still valid JSON.
func EmbedJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // <, >, & → \u003c, \u003e, \u0026
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode JSON-LD: %w", err)
	}
	out := bytes.TrimRight(buf.Bytes(), "\n")
	// encoding/json escapes U+2028 and U+2029 already; keep that a promise here.
	out = bytes.ReplaceAll(out, []byte("\u2028"), []byte(`\u2028`))
	out = bytes.ReplaceAll(out, []byte("\u2029"), []byte(`\u2029`))
	return out, nil
}
