// Package app is the application layer: every use case of Commonplace
// (accounts, resources, live texts, revisions, forks, proposals,
// translations) and the one access policy that every read and write goes
// through. A use case is a method taking the context, the acting user (the
// zero Actor for anonymous callers) and plain request values; it returns
// domain values and typed errors. Adapters (the HTTP server, commands, jobs)
// call use cases and never decide who may see or do what themselves.
package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/importer"
	"github.com/commonplace/commonplace/markdown"
	"github.com/commonplace/commonplace/media"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// Config tunes the application. Zero values take the defaults noted.
type Config struct {
	Hasher     auth.Hasher   // password hashing cost (default auth.DefaultHasher)
	SessionTTL time.Duration // how long a sign-in lasts (default 30 days)
	TokenTTL   time.Duration // how long an API token lasts (default 90 days)
	// Sign-in limits count failed attempts (a sign-in that succeeds gives
	// its attempt back), each a burst and then one per interval: per
	// account and address (LoginBurstAccount, default 10) and per address
	// (LoginBurstAddress, default 30), one per LoginInterval (30 s); and
	// per account from addresses that have not signed in to it lately
	// (LoginBurstAccountAll, default 100, one per LoginAccountInterval,
	// 2 min). docs/security.md explains the choice.
	LoginBurstAccount, LoginBurstAddress int
	LoginInterval                        time.Duration
	LoginBurstAccountAll                 int
	LoginAccountInterval                 time.Duration
	// Sign-ups per address: a burst, then one per interval (defaults 20
	// and 3 min, so 20 an hour; a class signing up together fits).
	SignupBurstAddress int
	SignupInterval     time.Duration
	// Ops submitted through REST (POST …/ops) per user: a burst, then one
	// per interval (defaults 100 and 50 ms, i.e. 20 a second). The live
	// socket has its own per-connection limit (hub.Options).
	OpsBurst    int
	OpsInterval time.Duration
	// Name changes per account: a burst, then one per interval (defaults 5
	// and 10 min). A rename rewrites the credits copied into derivations and
	// re-indexes everything the person contributed to.
	RenameBurst    int
	RenameInterval time.Duration
	// Checkpoints decides when edits made outside the live editor (forms,
	// PATCH, merges) are cut into checkpoint revisions.
	Checkpoints versioning.CheckpointPolicy
	FamilyLimit int // most members a family graph loads (default 500)
	// Images bounds picture uploads and imported pictures (default media.DefaultLimits).
	Images media.Limits
	// Import bounds imported files and names the DOCX converter (Pandoc nil: DOCX is refused;
	// cmd/commonplace sets importer.FindPandoc()).
	Import importer.Options
	Live   hub.Options  // live editing hubs (Limits defaults to collab.DefaultLimits)
	Mail   MailConfig   // e-mail: the SMTP mailer (none: the outbox keeps it), links, retries
	Logger *slog.Logger // default slog.Default()
	// The search indexer rewrites a resource's index row once its changes
	// have been quiet for IndexQuiet (default 2 s) or waited IndexMaxWait
	// (default 30 s), looking every IndexEvery (default 1 s).
	IndexQuiet, IndexMaxWait, IndexEvery time.Duration
	IndexWorkers                         int // resources indexed at once (default 2)
	// IndexLiveEvery is how often, at most, a document typed without a pause has its words
	// re-indexed (default 5 min; index.go): its checkpoints come every minute, and once the
	// typing stops, the quiet checkpoint is indexed at once.
	IndexLiveEvery time.Duration
	// SearchThreshold is the word similarity a title or subject needs to
	// match a misspelt query (default 0.5: "circel" finds "circle").
	SearchThreshold float64
	// HarvestPage is how many records an OAI-PMH list page holds (default
	// 100; identifiers-only pages hold 2.5 times as many).
	HarvestPage int
	// DeletedKeep is how long a deleted resource can be restored before it
	// is erased for good (default 30 days, as Google Drive's trash keeps
	// files); PurgeEvery is how often a process looks for ones to erase
	// (default an hour).
	DeletedKeep, PurgeEvery time.Duration
	Now                     func() time.Time
}

func (c *Config) defaults() {
	if c.Hasher == (auth.Hasher{}) {
		c.Hasher = auth.DefaultHasher
	}
	if c.SessionTTL <= 0 {
		c.SessionTTL = 30 * 24 * time.Hour
	}
	if c.TokenTTL <= 0 {
		c.TokenTTL = 90 * 24 * time.Hour
	}
	if c.LoginBurstAccountAll <= 0 {
		c.LoginBurstAccountAll = 100
	}
	if c.LoginAccountInterval <= 0 {
		c.LoginAccountInterval = 2 * time.Minute
	}
	if c.SignupBurstAddress <= 0 {
		c.SignupBurstAddress = 20
	}
	if c.SignupInterval <= 0 {
		c.SignupInterval = 3 * time.Minute
	}
	if c.LoginBurstAccount <= 0 {
		c.LoginBurstAccount = 10
	}
	if c.LoginBurstAddress <= 0 {
		c.LoginBurstAddress = 30
	}
	if c.LoginInterval <= 0 {
		c.LoginInterval = 30 * time.Second
	}
	if c.OpsBurst <= 0 {
		c.OpsBurst = 100
	}
	if c.OpsInterval <= 0 {
		c.OpsInterval = 50 * time.Millisecond
	}
	if c.RenameBurst <= 0 {
		c.RenameBurst = 5
	}
	if c.RenameInterval <= 0 {
		c.RenameInterval = 10 * time.Minute
	}
	if c.Checkpoints == (versioning.CheckpointPolicy{}) {
		c.Checkpoints = versioning.DefaultCheckpointPolicy()
	}
	if c.FamilyLimit <= 0 {
		c.FamilyLimit = 500
	}
	if c.Live.Limits == (collab.Limits{}) {
		c.Live.Limits = collab.DefaultLimits
	}
	c.Mail.defaults()
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.IndexQuiet <= 0 {
		c.IndexQuiet = 2 * time.Second
	}
	if c.IndexMaxWait <= 0 {
		c.IndexMaxWait = 30 * time.Second
	}
	if c.IndexEvery <= 0 {
		c.IndexEvery = time.Second
	}
	if c.IndexLiveEvery <= 0 {
		c.IndexLiveEvery = 5 * time.Minute
	}
	if c.IndexWorkers <= 0 {
		c.IndexWorkers = 2
	}
	if c.HarvestPage <= 0 {
		c.HarvestPage = 100
	}
	if c.SearchThreshold <= 0 {
		c.SearchThreshold = 0.5
	}
	if c.DeletedKeep <= 0 {
		c.DeletedKeep = 30 * 24 * time.Hour
	}
	if c.PurgeEvery <= 0 {
		c.PurgeEvery = time.Hour
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// App holds what the use cases share: the store, the live hubs and the
// sign-in limits. Create it with New, run its background work with Start,
// and Close it on shutdown (after the HTTP server has drained, before the
// database goes away: Close flushes the live hubs).
type App struct {
	cfg   Config
	db    *store.DB
	log   *slog.Logger
	live  *hub.Manager
	texts *texts
	// rightsPruned is when this process last pruned the rights log (rights_log.go); only the
	// live Manager's log reader touches it.
	rightsPruned time.Time
	// Sign-in and sign-up limits (accounts.go).
	pairLimit, addrLimit, acctLimit, signupLimit *auth.Limiter
	known                                        *auth.Known
	opsLimit                                     *auth.Limiter // REST ops per user
	renameLimit                                  *auth.Limiter // name changes per user
	keys                                         signingKeys
	exporter                                     *export.Exporter
	// Password-reset requests: per address and per e-mail address asked for.
	resetAddr, resetEmail *auth.Limiter
	mail                  mailWorker
	stop                  context.CancelFunc // ends the background work
}

// New wires the application over db.
func New(cfg Config, db *store.DB) *App {
	cfg.defaults()
	a := &App{cfg: cfg, db: db, log: cfg.Logger,
		pairLimit:   auth.NewLimiter(cfg.LoginInterval, cfg.LoginBurstAccount),
		addrLimit:   auth.NewLimiter(cfg.LoginInterval, cfg.LoginBurstAddress),
		acctLimit:   auth.NewLimiter(cfg.LoginAccountInterval, cfg.LoginBurstAccountAll),
		signupLimit: auth.NewLimiter(cfg.SignupInterval, cfg.SignupBurstAddress),
		known:       auth.NewKnown(cfg.SessionTTL, 20),
		exporter:    export.New(markdown.New()),
		opsLimit:    auth.NewLimiter(cfg.OpsInterval, cfg.OpsBurst),
		renameLimit: auth.NewLimiter(cfg.RenameInterval, cfg.RenameBurst),
		resetAddr:   auth.NewLimiter(time.Minute, 10), resetEmail: auth.NewLimiter(10*time.Minute, 3),
		mail: mailWorker{wake: make(chan struct{}, 1)}, stop: func() {}}
	opts := cfg.Live
	opts.Logger = a.log
	opts.Recheck = a.recheckLive
	opts.RightsLog = a.rightsLog
	opts.OnCheckpoint = func(doc string, version int64) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		a.checkpoint(ctx, doc, version)
	}
	opts.OnQuiet = func(doc string) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		a.typingStopped(ctx, doc)
	}
	ls := db.Live()
	a.live = hub.NewManager(ls, opts)
	a.texts = &texts{m: a.live, store: ls, limits: opts.Limits}
	return a
}

// Start runs the background work until ctx ends (or Close): the database
// notifications that tell this process's hubs about ops committed and rights
// changed by others, the mail worker and the search indexer.
func (a *App) Start(ctx context.Context) error {
	ctx, a.stop = context.WithCancel(ctx)
	go a.db.Listen(ctx, store.Listener{Ops: a.live.Hint, Rights: a.rightsHint})
	go a.indexLoop(ctx)
	go a.purgeLoop(ctx)
	a.mail.wg.Add(1)
	go a.runMail(ctx)
	return nil
}

// Close stops the background work and flushes and stops the live hubs.
func (a *App) Close(ctx context.Context) error {
	a.stop()
	mailErr := a.stopMail(ctx)
	if err := a.live.Close(ctx); err != nil {
		return err
	}
	return mailErr
}

// LiveStats are the live hubs' counters, for metrics.
func (a *App) LiveStats() hub.Stats { return a.live.Stats() }

// Limits are the op and document bounds of live editing.
func (a *App) Limits() collab.Limits { return a.cfg.Live.Limits }

// Ready reports whether the database answers.
func (a *App) Ready(ctx context.Context) error { return a.db.Ping(ctx) }

// audit records an action; a failure to audit is logged, never shown to the user.
func (a *App) audit(ctx context.Context, who Actor, action, resourceID string, detail map[string]any) {
	if err := a.db.Audit(ctx, who.ID, action, resourceID, detail); err != nil {
		a.log.WarnContext(ctx, "audit failed", "err", err, "action", action)
	}
}
