package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/markdown"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/search"
	"github.com/commonplace/commonplace/store"
)

// The search index is written off the request path. Database triggers mark
// a resource dirty when its metadata or visibility changes, a checkpoint
// revision is cut (so live typing reaches the index once per checkpoint,
// never per keystroke or per snapshot: migration 032) or a derivative
// appears; this background indexer takes the marks that have been quiet for
// IndexQuiet (or waited IndexMaxWait) and rewrites those rows. Visibility
// itself never waits for it: the triggers apply it to the index in the same
// transaction.
//
// A document typed without a pause cuts a checkpoint every minute. While it is
// still being typed (hub.Manager.Editing), a mark that only such checkpoints
// made is held back until IndexLiveEvery after it was first made (migration
// 042): at 1,000 documents × 3 typists re-indexing each one every minute was a
// twentieth of the server's CPU (docs/benchmarks-live.md, "twenty-fourth
// pass"). Once the typing stops, the hub's quiet checkpoint marks it again (or,
// with nothing new to cut, OnQuiet lifts the hold) and it is indexed at once;
// any other change is never held.

const (
	maxIndexedBody = 400_000 // characters of plain text indexed per resource (a tsvector holds at most 1 MB)
	maxExcerpt     = 4_000   // characters kept for highlighted snippets (ts_headline reads them all)
	indexBatch     = 100
)

// indexLoop runs the indexer until ctx ends.
func (a *App) indexLoop(ctx context.Context) {
	t := time.NewTicker(a.cfg.IndexEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := a.indexDue(ctx, a.cfg.IndexQuiet, a.cfg.IndexMaxWait, a.cfg.IndexLiveEvery); err != nil && ctx.Err() == nil {
				a.log.WarnContext(ctx, "search indexer", "err", err)
			}
		}
	}
}

// FlushIndex indexes every resource waiting for it now, however recently it
// changed, and returns how many were written. Tools and tests call it; the
// service relies on the background indexer.
func (a *App) FlushIndex(ctx context.Context) (int, error) {
	return a.indexDue(ctx, 0, 0, 0)
}

// indexDue indexes the resources due; with liveEvery, the text-only marks of documents being
// typed are held back until liveEvery after they were first made.
func (a *App) indexDue(ctx context.Context, quiet, maxWait, liveEvery time.Duration) (int, error) {
	n := 0
	for {
		due, err := a.db.DueForIndex(ctx, quiet, maxWait, liveEvery == 0, indexBatch)
		if err != nil {
			return n, err
		}
		done, err := a.indexBatch(ctx, a.holdLive(ctx, due, liveEvery))
		n += done
		if err != nil {
			return n, err
		}
		if len(due) < indexBatch {
			return n, nil
		}
	}
}

// holdLive returns the marks of due to index now: it holds back those that only checkpoints
// made on documents still being typed in this process, until liveEvery after they were first
// made (store.HoldIndex). A document typed in another process is indexed per checkpoint, as
// before; a hold that cannot be written is no reason not to index.
func (a *App) holdLive(ctx context.Context, due []store.DirtyResource, liveEvery time.Duration) []store.DirtyResource {
	if liveEvery <= 0 {
		return due
	}
	now := due[:0]
	for _, d := range due {
		if d.TextOnly && a.live.Editing(d.ID) {
			held, err := a.db.HoldIndex(ctx, d, liveEvery)
			if err != nil {
				a.log.WarnContext(ctx, "search indexer: hold a live document's mark", "resource", d.ID, "err", err)
			}
			if held {
				continue
			}
		}
		now = append(now, d)
	}
	return now
}

// typingStopped lifts the hold on a document's mark once the hub says its typing stopped. The
// quiet checkpoint that usually follows marks it again anyway; this is for the typing that
// stopped right after a checkpoint, with nothing new for a quiet one to cut.
func (a *App) typingStopped(ctx context.Context, doc string) {
	if err := a.db.LiftIndexHold(ctx, doc); err != nil {
		a.log.WarnContext(ctx, "search indexer: lift a held mark", "resource", doc, "err", err)
	}
}

// indexBatch indexes due resources with IndexWorkers goroutines.
func (a *App) indexBatch(ctx context.Context, due []store.DirtyResource) (int, error) {
	work := make(chan store.DirtyResource)
	var mu sync.Mutex
	var first error
	n := 0
	var wg sync.WaitGroup
	for range min(a.cfg.IndexWorkers, len(due)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range work {
				err := a.indexOne(ctx, d.ID)
				if err == nil {
					err = a.db.IndexedDone(ctx, d)
				}
				mu.Lock()
				if err != nil && first == nil {
					first = err
				} else if err == nil {
					n++
				}
				mu.Unlock()
			}
		}()
	}
	for _, d := range due {
		work <- d
	}
	close(work)
	wg.Wait()
	return n, first
}

// indexedMeta is what harvesting needs of a resource beyond its own fields:
// who to credit and what it relates to, as an anonymous reader may see it
// when it is indexed. Relations are checked against the policy again when
// they are served, since a source may turn private after indexing.
type indexedMeta struct {
	Authors      []Credit          `json:"authors"`
	Contributors []Credit          `json:"contributors"`
	Sources      []SourceHop       `json:"sources,omitempty"` // nearest first
	Translations []relatedWork     `json:"translations,omitempty"`
	Features     markdown.Features `json:"features"`
	// Accessibility is the checker's metadata for the text (issue 14).
	Accessibility *a11ycheck.Metadata `json:"accessibility,omitempty"`
	Progress      *translationStatus  `json:"progress,omitempty"`
}

// relatedWork is a resource another one points at (a translation of it).
type relatedWork struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Language string `json:"language"`
}

type translationStatus struct {
	Percent, Reviewed, Total int
}

// indexOne rewrites the index row of one resource from its current state.
func (a *App) indexOne(ctx context.Context, id string) error {
	r, err := a.db.Resource(ctx, id)
	if errors.Is(err, resource.ErrNotFound) {
		return a.db.DropSearchDoc(ctx, id)
	}
	if err != nil {
		return fmt.Errorf("index %s: %w", id, err)
	}
	cur, err := a.texts.Current(ctx, id)
	if err != nil {
		return fmt.Errorf("index %s: %w", id, err)
	}
	meta, approved, err := a.publicMeta(ctx, r, cur)
	if err != nil {
		return fmt.Errorf("index %s: %w", id, err)
	}
	raw, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("index %s: %w", id, err)
	}
	body := search.Clean(markdown.PlainText(cur.Text))
	body = truncate(body, maxIndexedBody)
	subjects := strings.Join(r.Subjects, " · ")
	d := store.SearchDoc{ID: r.ID, FamilyID: r.FamilyID, Kind: r.Kind, Language: r.Language, Config: search.ConfigFor(r.Language),
		License: r.License, Level: string(r.Level), Subjects: r.Subjects,
		AllowsAdaptation: license.AllowsAdaptation(r.License), AllowsCommercial: license.AllowsCommercialUse(r.License),
		Approved: approved, Title: search.Clean(r.Title), Summary: search.Clean(r.Summary), Excerpt: truncate(body, maxExcerpt),
		TitleIndex: search.Bigrams(search.Clean(r.Title)), SubjectsIndex: search.Bigrams(search.Clean(subjects)),
		SummaryIndex: search.Bigrams(search.Clean(r.Summary)), BodyIndex: search.Bigrams(body),
		OwnerName: r.Owner.Name, Created: r.Created, Updated: r.Updated, Meta: raw, MetaHash: metaHash(r, raw)}
	return a.db.PutSearchDoc(ctx, d)
}

// publicMeta builds the credits and relations of r as an anonymous reader
// sees them, and whether a reviewer approved it.
func (a *App) publicMeta(ctx context.Context, r resource.Resource, cur TextState) (indexedMeta, bool, error) {
	meta := indexedMeta{Features: markdown.Inspect(cur.Text)}
	sum, _, err := a.accessibilityOf(ctx, r, cur.Text)
	if err != nil {
		return meta, false, err
	}
	meta.Accessibility = &sum.Metadata
	spans := toVersioningSpans(cur.Attribution)
	d, err := a.db.DerivationOf(ctx, r.ID)
	switch {
	case err == nil:
		chain, err := decodeChain(d.Snapshot)
		if err != nil {
			return meta, false, err
		}
		if meta.Sources, err = a.hideHops(ctx, Anonymous, chain); err != nil {
			return meta, false, err
		}
	case !errors.Is(err, resource.ErrNotFound):
		return meta, false, err
	}
	if meta.Authors, err = a.credits(ctx, r.Owner, spans, meta.Sources); err != nil {
		return meta, false, err
	}
	if meta.Contributors, err = a.people(ctx, authorIDs(spans)); err != nil {
		return meta, false, err
	}
	derived, err := a.derivatives(ctx, Anonymous, r)
	if err != nil {
		return meta, false, err
	}
	for _, x := range derived {
		if x.Kind == string(resource.Translation) {
			meta.Translations = append(meta.Translations, relatedWork{ID: x.Resource.ID, Title: x.Resource.Title, Language: x.Resource.Language})
		}
	}
	approved, err := a.db.ApprovedDerivative(ctx, r.ID)
	if err != nil {
		return meta, false, err
	}
	if r.Kind == resource.Translation {
		segs, err := a.db.Segments(ctx, r.ID, store.SegmentFilter{})
		if err != nil {
			return meta, false, err
		}
		p := progressOf(segs)
		meta.Progress = &translationStatus{Percent: p.Percent, Reviewed: p.Reviewed, Total: p.Total}
		approved = approved || (p.Total > 0 && p.Reviewed == p.Total && p.Outdated == 0)
	}
	return meta, approved, nil
}

// metaHash fingerprints the public record: the harvest datestamp moves when
// it changes (a new public translation changes its source's record too).
func metaHash(r resource.Resource, meta []byte) string {
	h := sha256.New()
	for _, s := range []string{r.Title, r.Summary, r.Language, r.License, string(r.Level), strings.Join(r.Subjects, "\x1f"), string(r.Kind)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(meta)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
