package app

import (
	"context"
	"strings"

	"golang.org/x/text/language"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// Suggestions asks the memory of a translation's language pair for one of
// its segments. Only entries from public resources and those the caller
// works on are offered.
func (a *App) Suggestions(ctx context.Context, who Actor, id, sid string) ([]translation.Suggestion, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return nil, err
	}
	sg, err := a.db.Segment(ctx, t.Resource.ID, sid)
	if err != nil {
		return nil, err
	}
	return a.suggestions(ctx, who, t, sg)
}

func (a *App) suggestions(ctx context.Context, who Actor, t Translation, sg translation.StoredSegment) ([]translation.Suggestion, error) {
	q := store.TMQuery{SourceLang: t.Source.SourceLanguage, TargetLang: t.Resource.Language, Source: sg.Source, ViewerID: who.ID,
		ExcludeResource: t.Resource.ID, ExcludeKey: sg.ID, Limit: 50}
	exact, err := a.db.TMExact(ctx, q)
	if err != nil {
		return nil, err
	}
	fuzzy, err := a.db.TMFuzzy(ctx, q)
	if err != nil {
		return nil, err
	}
	if exact, err = a.readableEntries(ctx, who, exact); err != nil {
		return nil, err
	}
	if fuzzy, err = a.readableEntries(ctx, who, fuzzy); err != nil {
		return nil, err
	}
	return translation.RankSuggestions(sg.Source, memoryMatches(exact), memoryMatches(fuzzy)), nil
}

// memoryMatches offers entries for ranking; Origin is where each came from.
func memoryMatches(list []translation.MemoryEntry) []translation.MemoryMatch {
	out := make([]translation.MemoryMatch, len(list))
	for i, e := range list {
		out[i] = translation.MemoryMatch{Source: e.Source, Target: e.Target, Approved: e.Approved, Origin: "/r/" + e.OriginResource}
	}
	return out
}

// readableEntries keeps the memory entries whose origin may be offered to
// the caller: public resources and those they work on (never a private or
// unlisted resource they were not given).
func (a *App) readableEntries(ctx context.Context, who Actor, list []translation.MemoryEntry) ([]translation.MemoryEntry, error) {
	if len(list) == 0 {
		return list, nil
	}
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.OriginResource
	}
	ok, err := a.listable(ctx, who, ids...)
	if err != nil {
		return nil, err
	}
	out := list[:0:0]
	for _, e := range list {
		if ok[e.OriginResource] {
			out = append(out, e)
		}
	}
	return out, nil
}

// MemoryExport is a set of memory entries to write as TMX.
type MemoryExport struct {
	Name       string // for the file name
	SourceLang string
	Entries    []translation.MemoryEntry
}

// ExportTranslationMemory lists the entries one translation fed or imported.
func (a *App) ExportTranslationMemory(ctx context.Context, who Actor, id string) (MemoryExport, error) {
	t, err := a.translationFor(ctx, who, id)
	if err != nil {
		return MemoryExport{}, err
	}
	return a.exportMemory(ctx, who, "translation-"+t.Resource.ID, store.TMExportFilter{SourceLang: t.Source.SourceLanguage,
		TargetLang: t.Resource.Language, OriginResource: t.Resource.ID, ViewerID: who.ID})
}

// ExportMemory lists every entry of a language pair the caller may read.
func (a *App) ExportMemory(ctx context.Context, who Actor, source, target string) (MemoryExport, error) {
	src, err := resource.CanonicalLanguage(source)
	if err != nil {
		return MemoryExport{}, invalid("source", "source: a BCP 47 language tag is required, e.g. ?source=en&target=es")
	}
	tgt, err := resource.CanonicalLanguage(target)
	if err != nil {
		return MemoryExport{}, invalid("target", "target: a BCP 47 language tag is required, e.g. ?source=en&target=es")
	}
	return a.exportMemory(ctx, who, "memory-"+src+"-"+tgt, store.TMExportFilter{SourceLang: src, TargetLang: tgt, ViewerID: who.ID})
}

func (a *App) exportMemory(ctx context.Context, who Actor, name string, f store.TMExportFilter) (MemoryExport, error) {
	list, err := a.db.TMExport(ctx, f)
	if err != nil {
		return MemoryExport{}, err
	}
	if list, err = a.readableEntries(ctx, who, list); err != nil {
		return MemoryExport{}, err
	}
	return MemoryExport{Name: name, SourceLang: f.SourceLang, Entries: list}, nil
}

// MemoryImport says what a TMX import did.
type MemoryImport struct {
	Imported, Skipped int
}

// ImportMemory adds TMX pairs to the memory, credited to a translation (so
// they follow its visibility), unapproved. Pairs in other languages are
// skipped; the caller must be able to translate it.
func (a *App) ImportMemory(ctx context.Context, who Actor, id string, pairs []translation.TMEntry) (MemoryImport, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate)
	if err != nil {
		return MemoryImport{}, err
	}
	var put []translation.MemoryEntry
	skipped := 0
	seen := map[string]bool{}
	for _, e := range pairs {
		src, tgt := strings.TrimSpace(e.Source), strings.TrimSpace(e.Target)
		if src == "" || tgt == "" || !SameLanguage(e.SourceLang, t.Source.SourceLanguage) || !SameLanguage(e.TargetLang, t.Resource.Language) {
			skipped++
			continue
		}
		key := store.ImportKey(src, tgt)
		if seen[key] {
			skipped++
			continue
		}
		seen[key] = true
		put = append(put, translation.MemoryEntry{SourceLang: t.Source.SourceLanguage, TargetLang: t.Resource.Language, Source: src, Target: tgt,
			Placeholders: e.Placeholders, OriginResource: t.Resource.ID, OriginKey: key})
	}
	if err := a.db.PutTM(ctx, put); err != nil {
		return MemoryImport{}, err
	}
	a.audit(ctx, who, "translation.tm_import", t.Resource.ID, map[string]any{"imported": len(put), "skipped": skipped})
	return MemoryImport{Imported: len(put), Skipped: skipped}, nil
}

// SameLanguage compares tags by base language, so a TMX file's "en-US"
// feeds a translation from "en"; it never maps one language onto another.
func SameLanguage(a, b string) bool {
	ta, err1 := language.Parse(a)
	tb, err2 := language.Parse(b)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(a, b)
	}
	ba, _ := ta.Base()
	bb, _ := tb.Base()
	return ba == bb
}
