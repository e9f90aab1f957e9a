package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// config holds the bounds of one scenario run.
type config struct {
	base     string
	metrics  string // the server's metrics listener ("" when not given)
	scenario string
	clients  int // typists (or idle connections) in total; many-docs uses docs*perDoc
	docs     int
	perDoc   int
	duration time.Duration
	rate     float64 // keystrokes per second per typist
	users    int     // distinct accounts the typists share (argon2 sign-ups are slow)
	pid      int
	opens    int // warm opens per document in open-large
	docSize  int // bytes of the open-large document
	verify   int // documents compared against a fresh snapshot after typing
	readers  int // readers per document (anonymous, they only follow)
	full     int // typists per document that keep the text (0: all); the rest and the readers are light (light.go)
	cursors  bool
	rtProbe  string // cyclictest to run beside the measured window ("": none)
	runID    string
}

// runTyping drives perDoc typists (and cfg.readers readers) on each of nDocs documents for
// cfg.duration and reports acknowledgement and remote latency, throughput, CPU and whether
// every document converged.
func runTyping(ctx context.Context, a *api, cfg config, name string, nDocs, perDoc int) (result, error) {
	res := result{Scenario: name, Clients: nDocs * perDoc, Readers: nDocs * cfg.readers, Docs: nDocs, Rate: cfg.rate, Plain: plainProtocol, Full: cfg.full}
	nUsers := min(max(cfg.users, 1), nDocs*perDoc)
	users, err := a.setupUsers(ctx, nUsers)
	if err != nil {
		return res, err
	}
	account := func(d, k int) user { return users[accountOf(d, k, perDoc, nUsers)] }
	members := func(d int) []user {
		var m []user
		for _, i := range docMembers(d, perDoc, nUsers) {
			m = append(m, users[i])
		}
		return m
	}
	ids, err := a.setupDocs(ctx, nDocs, members, func(int) string { return seedText(2000) })
	if err != nil {
		return res, err
	}
	settle(ctx, cfg.pid, 2*time.Minute)
	groups := make([][]liveClient, nDocs) // every client of each document
	fulls := make([][]*typist, nDocs)     // its full clients, which keep the text
	var all []liveClient
	for d, id := range ids {
		for k := range perDoc {
			client := fmt.Sprintf("lt-%s-%d-%d", cfg.runID, d, k)
			ty := newTyper(uint64(d*100003+k+1), cfg.rate)
			token := account(d, k).Token
			if cfg.full > 0 && k >= cfg.full {
				groups[d] = append(groups[d], &lightTypist{base: cfg.base, docID: id, token: token, clientID: client, typer: ty})
				continue
			}
			t := &typist{base: cfg.base, docID: id, token: token, clientID: client, typer: ty, cursors: cfg.cursors}
			groups[d] = append(groups[d], t)
			fulls[d] = append(fulls[d], t)
		}
		for k := range cfg.readers {
			client := fmt.Sprintf("lt-%s-r%d-%d", cfg.runID, d, k)
			if cfg.full > 0 {
				groups[d] = append(groups[d], &lightTypist{base: cfg.base, docID: id, reader: true, clientID: client})
				continue
			}
			t := &typist{base: cfg.base, docID: id, reader: true, clientID: client}
			groups[d] = append(groups[d], t)
			fulls[d] = append(fulls[d], t)
		}
		all = append(all, groups[d]...)
	}
	connected := make(map[liveClient]bool, len(all))
	var mu sync.Mutex
	var failed atomic.Int64
	t0 := time.Now()
	_ = parallel(ctx, len(all), 32, func(ctx context.Context, i int) error {
		if err := all[i].connect(ctx); err != nil {
			if failed.Add(1) <= 3 {
				logf("connect: %v", err)
			}
			return nil
		}
		mu.Lock()
		connected[all[i]] = true
		mu.Unlock()
		return nil
	})
	res.AddErr("connect_failed", int(failed.Load()))
	logf("%s: connected %d/%d clients in %v", name, len(all)-int(failed.Load()), len(all), time.Since(t0).Round(time.Millisecond))
	if failed.Load() == int64(len(all)) {
		return res, fmt.Errorf("%s: no client could connect", name)
	}

	warmup := min(2*time.Second, cfg.duration/5)
	start := time.Now().Add(200 * time.Millisecond)
	measureFrom, end := start.Add(warmup), start.Add(cfg.duration)
	res.LoadBefore = loadAverage()
	cpuDone := make(chan [2]cpuTime, 1)
	rtDone := make(chan rtOutcome, 1)
	go func() {
		time.Sleep(time.Until(measureFrom))
		probe, err := startRTProbe(ctx, cfg.rtProbe)
		a := readCPU(cfg.pid)
		time.Sleep(time.Until(end))
		cpuDone <- [2]cpuTime{a, readCPU(cfg.pid)}
		var d rtDelays
		if err == nil {
			d, err = probe.stop()
		}
		rtDone <- rtOutcome{d, err}
	}()
	var wg sync.WaitGroup
	for _, t := range all {
		if !connected[t] || t.isReader() {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Spread the first keystrokes over one interval so the typists are not in step.
			offset := time.Duration(rand.Float64() / cfg.rate * float64(time.Second))
			typeUntil(ctx, t, start.Add(offset), measureFrom, end, 5*time.Second)
		}()
	}
	wg.Wait()
	res.LoadAfter = loadAverage()
	res.Seconds = end.Sub(measureFrom).Seconds()
	cpu := <-cpuDone
	u := cores(cpu[0], cpu[1])
	res.ToolCores, res.ServerCores, res.DBCores, res.MachineCores = u.tool, u.server, u.db, u.machine
	res.StealCores, res.SoftirqCores = u.steal, u.softirq
	// A probe that failed costs the run only its own figures.
	if rt := <-rtDone; rt.err != nil {
		logf("%s: %v", name, rt.err)
		res.Notes = strings.TrimPrefix(res.Notes+"; "+rt.err.Error(), "; ")
	} else if rt.d.Samples > 0 {
		res.RTSamples, res.RTP99, res.RTP999, res.RTMax = rt.d.Samples, msOf(rt.d.P99), msOf(rt.d.P999), msOf(rt.d.Max)
	}

	res.Checked, res.Diverged = converge(ctx, cfg, fulls, connected)

	var lat, keyLat, ackAt []uint32
	var remote remoteOutcome
	for _, g := range groups {
		var stats []*typistStats
		for _, t := range g {
			if !connected[t] {
				continue
			}
			t.close()
			st := t.stats()
			stats = append(stats, st)
			res.Keys += st.keys
			res.Acked += st.acks
			res.Disconnects += st.disconnects
			res.Resyncs += st.resyncs
			res.RemoteOps += st.remoteOps
			res.LostKeys += st.lostKeys
			for k, v := range st.errors {
				res.AddErr(k, v)
			}
			lat = append(lat, st.ackLat...)
			ackAt = append(ackAt, st.ackAt...)
			keyLat = append(keyLat, st.keyLat...)
		}
		remoteLatency(stats, clockAt(measureFrom), clockAt(end), &remote)
	}
	logTimeline(name, lat, ackAt)
	res.OpsPerSec = float64(res.Acked) / res.Seconds
	res.P50, res.P95, res.P99, res.Max = percentiles(lat)
	_, res.KeyP95, res.KeyP99, _ = percentiles(keyLat)
	res.RemoteP50, res.RemoteP95, res.RemoteP99, res.RemoteMax = percentiles(remote.samples)
	res.RemoteSamples, res.RemoteIncomplete = len(remote.samples), remote.incomplete
	if res.Keys > 0 && res.ServerCores > 0 {
		res.ServerUSPerKey = (res.ServerCores + res.DBCores) * res.Seconds / float64(res.Keys) * 1e6
		res.DBUSPerKey = res.DBCores * res.Seconds / float64(res.Keys) * 1e6
	}
	res.TCPSegsPerKey, res.TCPDataSegsPerKey = segmentsPerKey(cpu[0].tcp, cpu[1].tcp, res.Keys)
	res.ServerReadsPerKey, res.ServerWritesPerKey = callsPerKey(cpu[0].calls, cpu[1].calls, res.Keys)
	return res, nil
}

// converge waits (bounded) until the clients of each document agree on version and text,
// counts the documents where they do not, and compares up to cfg.verify documents with a
// fresh snapshot from the server. It returns how many documents it checked and how many
// diverged.
func converge(ctx context.Context, cfg config, groups [][]*typist, connected map[liveClient]bool) (checked, diverged int) {
	type view struct {
		version int64
		text    string
		synced  bool
	}
	snapshotOf := func(t *typist) view {
		t.mu.Lock()
		defer t.mu.Unlock()
		return view{t.c.version, t.c.doc.String(), t.c.synchronized()}
	}
	for d, group := range groups {
		deadline := time.Now().Add(10 * time.Second)
		// settle collects the clients' views until they agree (or the deadline passes).
		settle := func() []view {
			for {
				var views []view
				agree := true
				for _, t := range group {
					if !connected[t] {
						continue
					}
					v := snapshotOf(t)
					views = append(views, v)
					if !v.synced || v.version != views[0].version {
						agree = false
					}
				}
				if agree || time.Now().After(deadline) {
					return views
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		views := settle()
		if len(views) == 0 {
			continue
		}
		checked++
		differ := func(views []view) bool {
			for _, v := range views[1:] {
				if v.version != views[0].version || v.text != views[0].text {
					return true
				}
			}
			return false
		}
		bad := differ(views)
		for k := 0; !bad && d < cfg.verify; k++ {
			snap, err := openOnce(ctx, cfg.base, group[0].docID, fmt.Sprintf("lt-%s-verify-%d-%d", cfg.runID, d, k), group[0].token)
			if err != nil {
				logf("verify document %d: %v", d, err)
				bad = true
				break
			}
			// In a large room the last ops reach the clients on the room's next tick: clients
			// that agree may still be behind the server.
			if snap.Version > views[0].version && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
				views = settle()
				bad = differ(views)
				continue
			}
			if snap.Version != views[0].version || snap.Text != views[0].text {
				logf("verify document %d: server has version %d (%d bytes), clients %d (%d bytes)",
					d, snap.Version, len(snap.Text), views[0].version, len(views[0].text))
				bad = true
			}
			break
		}
		if bad {
			diverged++
		}
	}
	return checked, diverged
}

// openOnce dials, reads the snapshot and closes.
func openOnce(ctx context.Context, base, id, client, token string) (frame, error) {
	conn, err := dial(ctx, base, id, client, token, -1)
	if err != nil {
		return frame{}, err
	}
	defer conn.Close()
	return readSnapshot(conn, 30*time.Second)
}

// runIdle holds cfg.clients connections that only read, spread over cfg.docs documents, and
// measures the server's resident memory per connection.
func runIdle(ctx context.Context, a *api, cfg config) (result, error) {
	res := result{Scenario: "idle", Clients: cfg.clients, Docs: cfg.docs}
	users, err := a.setupUsers(ctx, 1)
	if err != nil {
		return res, err
	}
	ids, err := a.setupDocs(ctx, cfg.docs, everyone(users), func(int) string { return seedText(2000) })
	if err != nil {
		return res, err
	}
	time.Sleep(time.Second)
	before, err := serverRSS(cfg.metrics, cfg.pid)
	if err != nil {
		logf("idle: %v", err)
	}
	mBefore := serverMetrics(cfg.metrics)
	conns := make([]*websocket.Conn, cfg.clients)
	lat := make([]uint32, cfg.clients)
	var failed atomic.Int64
	var wg sync.WaitGroup
	t0 := time.Now()
	_ = parallel(ctx, cfg.clients, 64, func(ctx context.Context, i int) error {
		s := time.Now()
		conn, err := dial(ctx, cfg.base, ids[i%len(ids)], fmt.Sprintf("lt-%s-idle-%d", cfg.runID, i), users[0].Token, -1)
		if err == nil {
			if _, err = readSnapshot(conn, 30*time.Second); err != nil {
				conn.Close()
			}
		}
		if err != nil {
			if failed.Add(1) <= 3 {
				logf("idle connect: %v", err)
			}
			return nil
		}
		lat[i] = uint32(time.Since(s).Microseconds())
		conns[i] = conn
		wg.Add(1)
		go func() {
			// Keep reading so join/leave frames and pings are consumed, as a browser would.
			defer wg.Done()
			for {
				if _, _, err := conn.NextReader(); err != nil {
					return
				}
			}
		}()
		return nil
	})
	logf("idle: %d/%d connections open in %v", cfg.clients-int(failed.Load()), cfg.clients, time.Since(t0).Round(time.Millisecond))
	res.AddErr("connect_failed", int(failed.Load()))
	select {
	case <-time.After(cfg.duration):
	case <-ctx.Done():
	}
	after, err := serverRSS(cfg.metrics, cfg.pid)
	if err != nil {
		logf("idle: %v", err)
	}
	mAfter := serverMetrics(cfg.metrics)
	open := cfg.clients - int(failed.Load())
	var runtimeNote string
	if open > 0 && len(mAfter) == 4 && len(mBefore) == 4 {
		per := func(k string) float64 { return (mAfter[k] - mBefore[k]) / float64(open) / 1024 }
		runtimeNote = fmt.Sprintf("; per connection (server /metrics): heap in use %.1f KiB (of which allocated %.1f KiB, garbage included), stacks %.1f KiB, goroutines %.2f",
			per("go_memstats_heap_inuse_bytes"), per("go_memstats_heap_alloc_bytes"), per("go_memstats_stack_inuse_bytes"),
			(mAfter["go_goroutines"]-mBefore["go_goroutines"])/float64(open))
	}
	if before > 0 && after > 0 && open > 0 {
		res.RSSBefore, res.RSSAfter = before, after
		res.PerConn = (after - before) / int64(open)
	}
	var ok []uint32
	for i, c := range conns {
		if c != nil {
			ok = append(ok, lat[i])
			_ = c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
			c.Close()
		}
	}
	wg.Wait()
	res.Seconds = cfg.duration.Seconds()
	res.P50, res.P95, res.P99, res.Max = percentiles(ok)
	res.Notes = fmt.Sprintf("latency columns: dial → snapshot while connecting %d clients, 64 at a time; held %v", open, cfg.duration) + runtimeNote
	return res, nil
}

// runOpenLarge measures dial → snapshot for documents of cfg.docSize bytes: the first open of
// each document (the hub loads it from the database) and cfg.opens later opens.
func runOpenLarge(ctx context.Context, a *api, cfg config) ([]result, error) {
	users, err := a.setupUsers(ctx, 1)
	if err != nil {
		return nil, err
	}
	text := largeText(cfg.docSize)
	ids, err := a.setupDocs(ctx, cfg.docs, everyone(users), func(int) string { return text })
	if err != nil {
		return nil, err
	}
	var cold, warm []uint32
	var errs int
	for d, id := range ids {
		for k := 0; k <= cfg.opens; k++ {
			s := time.Now()
			snap, err := openOnce(ctx, cfg.base, id, fmt.Sprintf("lt-%s-open-%d-%d", cfg.runID, d, k), users[0].Token)
			us := uint32(time.Since(s).Microseconds())
			if err != nil {
				errs++
				logf("open-large: %v", err)
				continue
			}
			if len(snap.Text) < len(text)*9/10 {
				logf("open-large: snapshot has %d bytes, created %d", len(snap.Text), len(text))
				errs++
			}
			if k == 0 {
				cold = append(cold, us)
			} else {
				warm = append(warm, us)
			}
		}
	}
	mk := func(name string, lat []uint32, note string) result {
		r := result{Scenario: name, Clients: 1, Docs: cfg.docs, Notes: note}
		r.P50, r.P95, r.P99, r.Max = percentiles(lat)
		return r
	}
	c := mk("open-large/cold", cold, fmt.Sprintf("latency columns: dial → snapshot, first open of each %d-byte document", len(text)))
	w := mk("open-large/warm", warm, fmt.Sprintf("latency columns: dial → snapshot, %d later opens per document, one at a time", cfg.opens))
	c.AddErr("open_failed", errs)
	return []result{c, w}, nil
}
