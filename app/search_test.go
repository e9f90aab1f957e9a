package app

import (
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/resource"
)

// createIn makes a resource in a language with subjects and a level.
func (f *fixture) createIn(who Actor, lang, title, summary, content, lic string, vis resource.Visibility, level string, subjects ...string) resource.Resource {
	f.t.Helper()
	r, err := f.a.CreateResource(f.ctx, who, resource.Fields{Title: ptr(title), Summary: ptr(summary), Content: ptr(content),
		Language: ptr(lang), License: ptr(lic), Visibility: ptr(string(vis)), Level: ptr(level), Subjects: &subjects})
	f.must(err)
	return r
}

func (f *fixture) flush() {
	f.t.Helper()
	if _, err := f.a.FlushIndex(f.ctx); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) search(who Actor, req SearchRequest) SearchResults {
	f.t.Helper()
	res, err := f.a.Search(f.ctx, who, req)
	f.must(err)
	return res
}

func titles(res SearchResults) []string {
	var out []string
	for _, r := range res.Results {
		out = append(out, r.Title)
	}
	return out
}

func has(res SearchResults, title string) bool {
	for _, r := range res.Results {
		if r.Title == title {
			return true
		}
	}
	return false
}

// searchWorld holds resources in English, Spanish, Arabic and Chinese, with
// private and unlisted ones that must never be found by others.
func searchWorld(t *testing.T) (*fixture, Actor, Actor) {
	f := newFixture(t)
	ana, eve := f.user("ana"), f.user("eve")
	f.createIn(ana, "en", "Area of a circle", "How to measure round shapes.", "# Area\n\nThe area of a circle is π times the radius squared. Plants need water.\n", "CC-BY-4.0", resource.Public, "lower-secondary", "geometry", "mathematics")
	f.createIn(ana, "es", "Las plantas y el agua", "Cómo beben las plantas.", "# Plantas\n\nUna planta necesita agua y luz.\n", "CC-BY-SA-4.0", resource.Public, "primary", "biología")
	f.createIn(ana, "ar", "النباتات والماء", "كيف تشرب النباتات", "# النباتات\n\nتحتاج النباتات إلى الماء والضوء.\n", "CC-BY-NC-4.0", resource.Public, "primary", "علم الأحياء")
	f.createIn(ana, "zh-Hans", "开放教育资源简介", "什么是开放教育资源", "# 开放教育资源\n\n开放教育资源是免费的学习材料。\n", "CC0-1.0", resource.Public, "higher", "教育")
	f.createIn(ana, "en", "Secret circle notes", "private", "circle plants water 开放教育 النباتات planta\n", "CC-BY-4.0", resource.Private, "primary", "geometry")
	f.createIn(ana, "en", "Unlisted circle notes", "unlisted", "circle plants water 开放教育 النباتات planta\n", "CC-BY-4.0", resource.Unlisted, "primary", "geometry")
	f.flush()
	return f, ana, eve
}

func TestSearchFindsEachLanguageInItsOwnWay(t *testing.T) {
	t.Parallel()
	f, ana, eve := searchWorld(t)
	for _, tc := range []struct{ q, want string }{
		{"plantas", "Las plantas y el agua"},     // Spanish stems: plantas → plant
		{"planta", "Las plantas y el agua"},      //
		{"area of a circle", "Area of a circle"}, // English, stop words dropped
		{"circles", "Area of a circle"},          // English stems
		{"circel", "Area of a circle"},           // a typo, through trigrams
		{"geometry", "Area of a circle"},         // a subject
		{"radius squared", "Area of a circle"},   // the full text
		{"النباتات", "النباتات والماء"},          // Arabic
		{"教育", "开放教育资源简介"},                       // Chinese, a two-character word inside a run
		{"开放教育", "开放教育资源简介"},
	} {
		for _, who := range []Actor{Anonymous, eve} {
			res := f.search(who, SearchRequest{Query: tc.q})
			if !has(res, tc.want) {
				t.Errorf("%q as %q: %v, want %q", tc.q, who.Handle, titles(res), tc.want)
			}
			for _, r := range res.Results {
				if strings.Contains(r.Title, "circle notes") {
					t.Errorf("%q as %q finds %q", tc.q, who.Handle, r.Title)
				}
			}
		}
	}
	// English stems stay English: "plantas" does not find the English text about plants.
	if res := f.search(Anonymous, SearchRequest{Query: "plantas"}); has(res, "Area of a circle") {
		t.Errorf("plantas finds English text: %v", titles(res))
	}
	// The owner finds her private and unlisted notes; others never do, nor count them.
	if res := f.search(ana, SearchRequest{Query: "circle"}); !has(res, "Secret circle notes") || !has(res, "Unlisted circle notes") {
		t.Errorf("the owner does not find her own notes: %v", titles(res))
	}
	all := f.search(eve, SearchRequest{})
	if all.Resources != 4 {
		t.Errorf("eve counts %d resources, want 4: %v", all.Resources, titles(all))
	}
	for _, v := range all.Facets["subject"] {
		if v.Value == "geometry" && v.Count != 1 {
			t.Errorf("geometry counted %d for eve", v.Count)
		}
	}
}

func TestSearchSnippetsAndLanguageMarks(t *testing.T) {
	t.Parallel()
	f, _, _ := searchWorld(t)
	res := f.search(Anonymous, SearchRequest{Query: "radius", Prefer: "es"})
	if len(res.Results) != 1 || !res.Results[0].OtherLanguage {
		t.Fatalf("results %+v", res.Results)
	}
	var hit string
	for _, p := range res.Results[0].Snippet {
		if p.Hit {
			hit = p.Text
		}
	}
	if hit != "radius" {
		t.Errorf("snippet %+v", res.Results[0].Snippet)
	}
	zh := f.search(Anonymous, SearchRequest{Query: "教育"})
	if len(zh.Results) != 1 || len(zh.Results[0].Snippet) == 0 {
		t.Fatalf("zh results %+v", zh.Results)
	}
}

// Live typing reaches the index through the checkpoint the hub cuts once
// the document goes quiet, never per keystroke.
func TestLiveEditsReachTheIndexAtCheckpoints(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *Config) {
		c.Live.CheckpointIdle = 200 * time.Millisecond
		c.IndexQuiet, c.IndexEvery = 50*time.Millisecond, 50*time.Millisecond
	})
	ana := f.user("ana")
	r := f.createIn(ana, "en", "Weather", "", "Clouds.\n", "CC-BY-4.0", resource.Public, "")
	f.flush()
	cur := f.text(ana, r.ID)
	op := collab.Op{{Retain: collab.Len16(cur)}, {Insert: "Zebras crossing.\n"}}
	if _, err := f.a.SubmitOp(f.ctx, ana, r.ID, 0, op); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !has(f.search(Anonymous, SearchRequest{Query: "zebras"}), "Weather") {
		if time.Now().After(deadline) {
			t.Fatal("a live edit never reached the index")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Made private: gone from search at once, without waiting for the indexer.
	_, _, err := f.a.UpdateResource(f.ctx, ana, r.ID, resource.Fields{Visibility: ptr("private")})
	f.must(err)
	if res := f.search(Anonymous, SearchRequest{Query: "zebras"}); len(res.Results) != 0 || res.Resources != 0 {
		t.Fatalf("a private resource is still found: %v", titles(res))
	}
}

// A document typed without a pause is not re-indexed at each checkpoint: its text-only mark is
// held while the hub says it is being edited, and indexed once the typing stops. A change of
// title meanwhile is indexed at once (migration 042). Every op cuts a checkpoint here, so when
// the typing stops there is no quiet checkpoint to mark it again: the hub's OnQuiet lifts the
// hold (TestLiveEditsReachTheIndexAtCheckpoints has the quiet checkpoint).
func TestTypingHoldsTheIndexUntilItStops(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *Config) {
		c.Live.CheckpointOps, c.Live.CheckpointGap, c.Live.CheckpointIdle = 1, time.Millisecond, 2*time.Second
		c.IndexQuiet, c.IndexEvery, c.IndexLiveEvery = 50*time.Millisecond, 50*time.Millisecond, time.Hour
	})
	ana := f.user("ana")
	r := f.createIn(ana, "en", "Weather", "", "Clouds.\n", "CC-BY-4.0", resource.Public, "")
	f.flush()
	version := int64(0)
	typeText := func(text string) {
		t.Helper()
		cur := f.text(ana, r.ID)
		v, err := f.a.SubmitOp(f.ctx, ana, r.ID, version, collab.Op{{Retain: collab.Len16(cur)}, {Insert: text}})
		f.must(err)
		version = v
	}
	held := func() bool {
		t.Helper()
		var n int
		f.must(f.a.db.Pool.QueryRow(f.ctx, `SELECT count(*) FROM search_dirty WHERE resource_id = $1 AND not_before > now()`, r.ID).Scan(&n))
		return n == 1
	}
	// typeUntil types a letter every 100 ms, well within CheckpointIdle, until done says so.
	typeUntil := func(what string, done func() bool) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); !done(); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("typing: %s never happened", what)
			}
			typeText("x")
		}
	}

	typeText("Zebras crossing.\n")
	typeUntil("a held checkpoint", held)
	for range 5 { // half a second more of typing, its checkpoints held too
		typeText("x")
		time.Sleep(100 * time.Millisecond)
	}
	typeUntil("a held checkpoint", held)
	if has(f.search(Anonymous, SearchRequest{Query: "zebras"}), "Weather") {
		t.Fatal("a document being typed was re-indexed at a checkpoint")
	}

	// Once the typing stops, the quiet checkpoint is indexed.
	deadline := time.Now().Add(15 * time.Second)
	for !has(f.search(Anonymous, SearchRequest{Query: "zebras"}), "Weather") {
		if time.Now().After(deadline) {
			t.Fatal("the text never reached the index after the typing stopped")
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Typing again, a new title is indexed at once.
	typeUntil("a held checkpoint", held)
	_, _, err := f.a.UpdateResource(f.ctx, ana, r.ID, resource.Fields{Title: ptr("Weather and giraffes")})
	f.must(err)
	typeUntil("the new title in the index", func() bool {
		return has(f.search(Anonymous, SearchRequest{Query: "giraffes"}), "Weather and giraffes")
	})
}
