package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

var (
	licenses = []string{"CC-BY-4.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC0-1.0", "CC-BY-ND-4.0"}
	levels   = []string{"", "primary", "lower-secondary", "upper-secondary", "higher", "vocational", "adult"}
)

// generate loads n resources spread over the languages: 80 % originals,
// 12 % adaptations and 8 % translations of earlier ones; 90 % public, 5 %
// unlisted, 5 % private; owned by the users given.
func generate(ctx context.Context, db *store.DB, corpora []*corpus, users []app.Actor, n int, rng *rand.Rand) error {
	type src struct{ id, family, lang string }
	var originals []src
	batch := make([]store.BulkResource, 0, 1000)
	start := time.Now().Add(-400 * 24 * time.Hour)
	subjects := map[string][]string{}
	for _, c := range corpora {
		for range 40 {
			subjects[c.Lang] = append(subjects[c.Lang], c.Words[rng.IntN(len(c.Words))])
		}
	}
	for i := range n {
		c := corpora[i%len(corpora)]
		owner := users[rng.IntN(len(users))]
		at := start.Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour))))
		r := resource.Resource{ID: store.NewID(), FamilyID: store.NewID(), Kind: resource.Original, Language: c.Lang,
			License: licenses[rng.IntN(len(licenses))], Level: resource.Level(levels[rng.IntN(len(levels))]),
			Visibility: resource.Public, Owner: resource.Person{ID: owner.ID}, Created: at, Updated: at}
		switch v := rng.IntN(100); {
		case v < 5:
			r.Visibility = resource.Unlisted
		case v < 10:
			r.Visibility = resource.Private
		}
		r.Title = title(c, rng)
		r.Summary = c.Sentences[rng.IntN(len(c.Sentences))]
		r.Content = body(c, rng, 8+rng.IntN(30))
		for range 1 + rng.IntN(3) {
			r.Subjects = append(r.Subjects, subjects[c.Lang][rng.IntN(len(subjects[c.Lang]))])
		}
		b := store.BulkResource{Resource: r}
		if k := rng.IntN(100); k >= 80 && len(originals) > 100 {
			s := originals[rng.IntN(len(originals))]
			b.SourceID, r.FamilyID = s.id, s.family
			r.Kind = resource.Fork
			if k >= 92 {
				r.Kind = resource.Translation
			} else {
				r.Language = s.lang
			}
			b.Resource = r
		} else {
			originals = append(originals, src{r.ID, r.FamilyID, r.Language})
		}
		batch = append(batch, b)
		if len(batch) == cap(batch) || i == n-1 {
			if err := db.LoadResources(ctx, batch); err != nil {
				return fmt.Errorf("load: %w", err)
			}
			batch = batch[:0]
		}
	}
	return nil
}

func title(c *corpus, rng *rand.Rand) string {
	s := []rune(c.Sentences[rng.IntN(len(c.Sentences))])
	if len(s) > 60 {
		s = s[:60]
	}
	return strings.TrimSpace(string(s))
}

func body(c *corpus, rng *rand.Rand, sentences int) string {
	var b strings.Builder
	b.WriteString("# " + title(c, rng) + "\n\n")
	for i := range sentences {
		b.WriteString(c.Sentences[rng.IntN(len(c.Sentences))])
		b.WriteString(". ")
		if i%4 == 3 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}
