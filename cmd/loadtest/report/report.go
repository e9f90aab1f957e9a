// Package report is the row a run of cmd/loadtest writes, shared with cmd/loadtest/summary,
// which turns the rows into the tables of docs/benchmarks-live.md.
package report

// Result is one run of a scenario: what the load tool writes as a JSON row.
type Result struct {
	Scenario  string  `json:"scenario"`
	Clients   int     `json:"clients"`
	Readers   int     `json:"readers,omitempty"`
	Docs      int     `json:"docs"`
	Plain     bool    `json:"plain_protocol,omitempty"`
	Full      int     `json:"full_clients_per_doc,omitempty"` // 0: every client full
	Rate      float64 `json:"rate_per_typist,omitempty"`
	Seconds   float64 `json:"seconds"`
	Keys      int64   `json:"keystrokes"`
	Acked     int64   `json:"acked_ops"`
	OpsPerSec float64 `json:"acked_ops_per_sec"`
	P50       float64 `json:"p50_ms"`
	P95       float64 `json:"p95_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms"`
	KeyP95    float64 `json:"key_p95_ms,omitempty"`
	KeyP99    float64 `json:"key_p99_ms,omitempty"`
	// Remote latency: keystroke → applied at every other client of the document (remote.go).
	RemoteP50        float64        `json:"remote_p50_ms,omitempty"`
	RemoteP95        float64        `json:"remote_p95_ms,omitempty"`
	RemoteP99        float64        `json:"remote_p99_ms,omitempty"`
	RemoteMax        float64        `json:"remote_max_ms,omitempty"`
	RemoteSamples    int            `json:"remote_samples,omitempty"`
	RemoteIncomplete int            `json:"remote_incomplete,omitempty"`
	LostKeys         int64          `json:"lost_keystrokes,omitempty"`
	Errors           map[string]int `json:"errors,omitempty"`
	Disconnects      int            `json:"disconnects"`
	Resyncs          int            `json:"resyncs"`
	RemoteOps        int64          `json:"remote_ops_received,omitempty"`
	Diverged         int            `json:"diverged_docs"`
	Checked          int            `json:"checked_docs,omitempty"`
	RSSBefore        int64          `json:"server_rss_before_bytes,omitempty"`
	RSSAfter         int64          `json:"server_rss_after_bytes,omitempty"`
	PerConn          int64          `json:"server_bytes_per_conn,omitempty"`
	ToolCores        float64        `json:"loadtest_cores,omitempty"`
	ServerCores      float64        `json:"server_cores,omitempty"`
	DBCores          float64        `json:"postgres_cores,omitempty"`
	MachineCores     float64        `json:"machine_busy_cores,omitempty"`
	// Of the machine's busy cores, those the hypervisor gave to others (steal) and the
	// kernel's softirq work (loopback packets): what changes between runs of one build.
	StealCores   float64 `json:"steal_cores"`
	SoftirqCores float64 `json:"softirq_cores,omitempty"`
	// How late a real-time thread per CPU woke from 5 ms sleeps over the window (--rt-probe,
	// rtprobe.go): the host's pauses, which no work inside the machine can cause.
	RTSamples int64   `json:"rt_wakeups,omitempty"`
	RTP99     float64 `json:"rt_wakeup_delay_p99_ms,omitempty"`
	RTP999    float64 `json:"rt_wakeup_delay_p999_ms,omitempty"`
	RTMax     float64 `json:"rt_wakeup_delay_max_ms,omitempty"`
	// CPU of the server and its PostgreSQL per keystroke typed in the window (µs).
	ServerUSPerKey float64 `json:"server_cpu_us_per_key,omitempty"`
	DBUSPerKey     float64 `json:"postgres_cpu_us_per_key,omitempty"`
	// TCP segments the machine sent in the window per keystroke, all and those with data
	// (tcpsegs.go); the difference is mostly pure ACKs.
	TCPSegsPerKey     float64 `json:"tcp_segments_per_key,omitempty"`
	TCPDataSegsPerKey float64 `json:"tcp_data_segments_per_key,omitempty"`
	// The server's read and write system calls in the window per keystroke (syscalls.go).
	ServerReadsPerKey  float64    `json:"server_read_calls_per_key,omitempty"`
	ServerWritesPerKey float64    `json:"server_write_calls_per_key,omitempty"`
	LoadBefore         [3]float64 `json:"load_avg_before,omitempty"`
	LoadAfter          [3]float64 `json:"load_avg_after,omitempty"`
	Pinned             bool       `json:"pinned,omitempty"`
	Notes              string     `json:"notes,omitempty"`
}

// ErrorCount is how many errors the run had, of every code.
func (r *Result) ErrorCount() int {
	n := 0
	for _, v := range r.Errors {
		n += v
	}
	return n
}

// AddErr counts n errors of code.
func (r *Result) AddErr(code string, n int) {
	if n == 0 {
		return
	}
	if r.Errors == nil {
		r.Errors = map[string]int{}
	}
	r.Errors[code] += n
}
