// Command searchbench measures search with facets over a generated library:
// it loads N resources in ten languages made from real text (the lesson
// corpus, the editing traces and the machine's gettext catalogues), lets
// the real indexer index them, then runs searches of several kinds through
// the application layer and reports latency percentiles per kind.
//
//	go run ./cmd/searchbench --data /var/tmp/searchbench --resources 100000 --queries 2000
//
// With --database-url it uses that (empty) database instead of a private
// cluster. Figures go to docs/benchmarks.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/store"
)

func main() {
	var (
		data      = flag.String("data", "", "folder of the private PostgreSQL cluster (kept between runs)")
		dbURL     = flag.String("database-url", "", "an empty PostgreSQL database to use instead")
		n         = flag.Int("resources", 100_000, "resources in the library")
		queries   = flag.Int("queries", 2000, "searches to time")
		workers   = flag.Int("index-workers", 2, "indexer goroutines")
		repo      = flag.String("repo", ".", "the repository (for the lesson corpus)")
		shared    = flag.String("shared", "../shared", "the shared folder (for the editing traces)")
		seed      = flag.Uint64("seed", 12, "random seed")
		onlyQuery = flag.Bool("skip-load", false, "do not load or index; search what is there")
	)
	flag.Parse()
	if err := run(*data, *dbURL, *n, *queries, *workers, *repo, *shared, *seed, *onlyQuery); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run(data, dbURL string, n, queries, workers int, repo, shared string, seed uint64, skipLoad bool) error {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if dbURL == "" {
		if data == "" {
			return fmt.Errorf("give --data (a folder for a private cluster) or --database-url")
		}
		cluster := &store.Cluster{Dir: filepath.Join(data, "postgres"), Database: "searchbench", Logger: log}
		if err := cluster.Start(ctx); err != nil {
			return err
		}
		defer func() { _ = cluster.Stop(context.Background()) }()
		dbURL = cluster.URL()
	}
	if err := store.Migrate(ctx, dbURL); err != nil {
		return err
	}
	db, err := store.Open(ctx, dbURL, 10)
	if err != nil {
		return err
	}
	defer db.Close()
	// The benchmark signs up its 200 teachers from one place: no sign-up limit.
	a := app.New(app.Config{Logger: log, Hasher: auth.Hasher{Memory: 64, Time: 1, Threads: 1}, IndexWorkers: workers,
		SignupBurstAddress: 1 << 20}, db)
	defer func() { _ = a.Close(context.Background()) }()
	corpora, err := loadCorpora(repo, shared)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed+1))
	have, err := db.CountResources(ctx)
	if err != nil {
		return err
	}
	var users []app.Actor
	if !skipLoad && have == 0 {
		for i := range 200 {
			u, err := a.Signup(ctx, "127.0.0.1", app.SignupRequest{Handle: fmt.Sprintf("teacher%d", i), Email: fmt.Sprintf("t%d@example.org", i),
				Password: "correct horse battery", Name: fmt.Sprintf("Teacher %d", i)})
			if err != nil {
				return err
			}
			users = append(users, app.ActorOf(u))
		}
		t0 := time.Now()
		if err := generate(ctx, db, corpora, users, n, rng); err != nil {
			return err
		}
		fmt.Printf("loaded %d resources in %s\n", n, time.Since(t0).Round(time.Second))
		t0 = time.Now()
		done, err := a.FlushIndex(ctx)
		if err != nil {
			return err
		}
		el := time.Since(t0)
		fmt.Printf("indexed %d resources in %s (%.0f/s, %d workers)\n", done, el.Round(time.Second), float64(done)/el.Seconds(), workers)
	}
	if len(users) == 0 {
		for i := range 5 {
			u, err := a.UserByHandle(ctx, fmt.Sprintf("teacher%d", i))
			if err == nil {
				users = append(users, app.Actor{ID: u.ID, Handle: u.Handle, Name: u.Name})
			}
		}
	}
	return measure(ctx, a, corpora, users, queries, rng)
}

// measure times searches of each kind and prints percentiles.
func measure(ctx context.Context, a *app.App, corpora []*corpus, users []app.Actor, queries int, rng *rand.Rand) error {
	kinds := []string{"word", "two words", "typo", "cjk", "word+facet", "browse+facet", "signed-in word", "next page"}
	times := map[string][]time.Duration{}
	// Warm the caches the way a running service has them warm.
	for range 50 {
		if _, err := a.Search(ctx, app.Anonymous, app.SearchRequest{Query: pick(corpora, rng).Words[0]}); err != nil {
			return err
		}
	}
	for i := range queries {
		kind := kinds[i%len(kinds)]
		c := pick(corpora, rng)
		who := app.Anonymous
		req := app.SearchRequest{Query: c.Words[rng.IntN(len(c.Words))], Prefer: c.Lang}
		switch kind {
		case "two words":
			req.Query += " " + c.Words[rng.IntN(len(c.Words))]
		case "typo":
			req.Query = typo(c.Words[rng.IntN(len(c.Words))], rng)
		case "cjk":
			cj := corpora[3]
			if rng.IntN(2) == 0 {
				cj = corpora[8]
			}
			req.Query, req.Prefer = cj.Words[rng.IntN(len(cj.Words))], cj.Lang
		case "word+facet":
			req.Languages = []string{c.Lang}
			req.Licenses = []string{licenses[rng.IntN(len(licenses))]}
		case "browse+facet":
			req.Query = ""
			req.Levels = []string{levels[1+rng.IntN(len(levels)-1)]}
		case "signed-in word":
			if len(users) > 0 {
				who = users[rng.IntN(len(users))]
			}
		case "next page":
			first, err := a.Search(ctx, who, app.SearchRequest{Query: req.Query, Sort: "newest"})
			if err != nil {
				return err
			}
			req = app.SearchRequest{Query: req.Query, Sort: "newest", Cursor: first.Next}
		}
		t0 := time.Now()
		if _, err := a.Search(ctx, who, req); err != nil {
			return fmt.Errorf("%s %q: %w", kind, req.Query, err)
		}
		times[kind] = append(times[kind], time.Since(t0))
	}
	var all []time.Duration
	fmt.Printf("\n| kind | searches | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|\n")
	for _, k := range kinds {
		d := times[k]
		all = append(all, d...)
		row(k, d)
	}
	row("all", all)
	return nil
}

func row(name string, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	p := func(q float64) string {
		return fmt.Sprintf("%.1f ms", float64(d[int(q*float64(len(d)-1))].Microseconds())/1000)
	}
	fmt.Printf("| %s | %d | %s | %s | %s | %s |\n", name, len(d), p(0.50), p(0.95), p(0.99), p(1))
}

func pick(cs []*corpus, rng *rand.Rand) *corpus { return cs[rng.IntN(len(cs))] }

// typo swaps two neighbouring letters of a word.
func typo(w string, rng *rand.Rand) string {
	r := []rune(w)
	if len(r) < 4 {
		return w
	}
	i := 1 + rng.IntN(len(r)-2)
	r[i], r[i+1] = r[i+1], r[i]
	return string(r)
}
