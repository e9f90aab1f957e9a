//go:build tmbench

package server

import (
	"context"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// TestTMSuggestionLatency1M loads one million synthetic sentence pairs into
// the memory with COPY and times suggestions through the HTTP API. It takes
// minutes, so it is built only with -tags tmbench (N overrides the row
// count); figures go to docs/benchmarks.md. A build tag rather than a skip:
// CI fails on any skipped test.
func TestTMSuggestionLatency1M(t *testing.T) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("N")); err == nil && v > 0 {
		n = v
	}
	e := newTEnv(t)
	owner := e.signup("owner")
	rng := rand.New(rand.NewPCG(1, 2))
	lex := newLexicon(rng)
	// Half the queries revise an entry that will be in the memory, half are new.
	queries := make([]string, 200)
	planted := map[int]string{}
	origin := map[string]int{} // revised query -> row index of its planted original
	for i := range queries {
		queries[i] = lex.sentence(rng)
		if i%2 == 0 {
			k := rng.IntN(n)
			planted[k] = queries[i]
			queries[i] = lex.nearby(rng, queries[i])
			origin[queries[i]] = k
		}
	}
	src := e.newResource(owner, "en", "CC-BY-4.0", joinSentences(queries))
	tr := e.startTranslation(owner, src.ID, "es")
	ctx := context.Background()

	start := time.Now()
	const batch = 50_000
	for done := 0; done < n; done += batch {
		rows := make([]translation.MemoryEntry, 0, batch)
		for i := 0; i < batch && done+i < n; i++ {
			s := lex.sentence(rng)
			if p, ok := planted[done+i]; ok {
				s = p
			}
			rows = append(rows, translation.MemoryEntry{SourceLang: "en", TargetLang: "es", Source: s, Target: "es: " + s,
				Approved: i%3 == 0, OriginResource: tr.ID, OriginKey: "bench-" + strconv.Itoa(done+i)})
		}
		if _, err := e.db.CopyTM(ctx, rows); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.db.Pool.Exec(ctx, "ANALYZE tm"); err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d entries in %s", n, time.Since(start).Round(time.Second))

	segs := e.segments(owner, tr.ID, "").Segments
	var lat []time.Duration
	found := 0
	for round := 0; round < 2; round++ { // first round warms the cache
		lat = lat[:0]
		for _, sg := range segs {
			t0 := time.Now()
			var out suggestionsAnswer
			if st := e.do("GET", "/api/v1/resources/"+tr.ID+"/segments/"+sg.ID+"/suggestions", owner.Token, nil, &out); st != http.StatusOK {
				t.Fatalf("status %d", st)
			}
			lat = append(lat, time.Since(t0))
			if round == 1 && len(out.Suggestions) > 0 {
				found++
			}
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
	r := func(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }
	t.Logf("%d suggestions over %d entries: p50 %s, p95 %s, p99 %s, max %s; %d with suggestions",
		len(lat), n, r(pct(0.5)), r(pct(0.95)), r(pct(0.99)), r(lat[len(lat)-1]), found)

	// Recall of the store's candidate search, independent of the ranking
	// policy: is each planted original among the fuzzy candidates of its
	// revision, and how many of them could the ranking show at all (score
	// 75 or more: approved, since unapproved scores are multiplied by 0.7)?
	recalled, showable, missed := 0, 0, 0
	for q, k := range origin {
		want := planted[k]
		cands, err := e.db.TMFuzzy(ctx, store.TMQuery{SourceLang: "en", TargetLang: "es", Source: q, ViewerID: owner.ID, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		ok := false
		for _, c := range cands {
			ok = ok || c.Source == want
		}
		if ok {
			recalled++
		} else if translation.Similarity(q, want) >= 75 {
			missed++
			t.Logf("missed (similarity %d): %q for %q", translation.Similarity(q, want), want, q)
		}
		if (k%batch)%3 == 0 && translation.Similarity(q, want) >= 75 {
			showable++
		}
	}
	t.Logf("recall: %d of %d planted originals among the candidates (%d with Levenshtein >= 75 missed); %d of them approved and >= 75, so showable",
		recalled, len(origin), missed, showable)
}

// benchLexicon is a made-up vocabulary of a few thousand words, drawn
// with a Zipf distribution so that common words repeat as they do in text.
type benchLexicon struct {
	words []string
	zipf  *rand.Zipf
}

func newLexicon(r *rand.Rand) *benchLexicon {
	const cons, vows = "bcdfghjklmnprstvwxyzqu", "aeiouy"
	seen := map[string]bool{}
	var words []string
	for len(words) < 20000 {
		n := 2 + r.IntN(9)
		w := make([]byte, n)
		for k := range w {
			if k%2 == 0 {
				w[k] = cons[r.IntN(len(cons))]
			} else {
				w[k] = vows[r.IntN(len(vows))]
			}
		}
		if !seen[string(w)] {
			seen[string(w)] = true
			words = append(words, string(w))
		}
	}
	return &benchLexicon{words: words, zipf: rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))}
}

// sentence makes a sentence of 6–16 words, sometimes with a number.
func (l *benchLexicon) sentence(r *rand.Rand) string {
	n := 6 + r.IntN(11)
	out := ""
	for i := 0; i < n; i++ {
		w := l.words[l.zipf.Uint64()]
		if i == 0 {
			w = string(w[0]-32) + w[1:]
		} else {
			out += " "
		}
		if r.IntN(15) == 0 {
			w = strconv.Itoa(r.IntN(1000))
		}
		out += w
	}
	return out + "."
}

// nearby edits a sentence slightly (one word changed), as a revised source would be.
func (l *benchLexicon) nearby(r *rand.Rand, s string) string {
	words := strings.Fields(s)
	k := 1 + r.IntN(len(words)-1)
	words[k] = l.words[l.zipf.Uint64()]
	if k == len(words)-1 {
		words[k] += "."
	}
	return strings.Join(words, " ")
}

func joinSentences(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += "\n\n"
		}
		out += s
	}
	return out + "\n"
}
