#!/usr/bin/env bash
# Runs the live-editing scenarios of issue 15 against fresh servers and writes the results
# (docs/benchmarks-live.md says how to read them). From the repository root:
#
#   cmd/loadtest/run-benchmarks.sh                 # everything, about 17 minutes
#   ONLY="many-docs-300 one-doc-200" cmd/loadtest/run-benchmarks.sh
#   PIN=0 DURATION=20s cmd/loadtest/run-benchmarks.sh
#
# Environment: OUT (results folder, default bench-results/live-<UTC time>), DURATION (typing
# time per run, default 30s), PIN (1: load tool on CPU 0, server and PostgreSQL on CPU 1; 0:
# shared cores), ONLY (run names to run, space-separated), ADDR (default 127.0.0.1:18080),
# FLOOR (1: also measure the disk's commit floor with pg_test_fsync and cmd/loadtest/floor),
# PROFILE (1: once the clients are connected, take an 8 s CPU profile of the server through
# --pprof-addr and PostgreSQL's pg_stat_wal / pg_stat_database over the same 8 s, into
# <run>.cpu.pprof and <run>.pgstats.txt, and pg_stat_statements' busiest statements over those
# 8 s into <run>.statements.txt; costs the run a little CPU), COUNT (1: once the clients
# are connected, count the system calls and wake-ups of the server, its PostgreSQL and the tool
# over 8 s into <run>.counts.txt with count.sh, which needs perf; take CPU and latency from runs
# without it), CALIBRATE (1, the default: time BenchmarkTypeAccentedText before the first run and
# after the last, so that figures of different days can be set against the host's speed), RTPROBE
# (1, the default: run cyclictest beside every typing run's measured window, for how long the
# host paused the machine (cmd/loadtest/rtprobe.go); needs `apt-get install rt-tests` and root).
#
# Each run gets a fresh server (its own embedded, durable PostgreSQL: fsync on, synchronous
# commit on) so that runs do not inherit each other's heap or documents. The results folder
# holds one JSON file per run, the tool's log, the machine and its load, and summary.md.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench-results/live-$STAMP}
DURATION=${DURATION:-30s}
PIN=${PIN:-1}
ADDR=${ADDR:-127.0.0.1:18080}
ONLY=${ONLY:-}
FLOOR=${FLOOR:-1}
PROFILE=${PROFILE:-0}
COUNT=${COUNT:-0}
CALIBRATE=${CALIBRATE:-1}
RTPROBE=${RTPROBE:-1}
PPROF_ADDR=127.0.0.1:16060
METRICS_ADDR=127.0.0.1:19464
BIN=$(mktemp -d /tmp/cp-bench-bin.XXXXXX)
mkdir -p "$OUT"

# name | loadtest arguments. The issue's table: 1 document × 10/50/100/200 typists, 300 and
# 1,000 documents × 3 typists, 500 readers with 50 and with 500 typists; plus idle memory.
# The rooms of 100 and more have 10 full typists, the issue's "(10 timed)" and what the Yjs
# harness does: the others are light (cmd/loadtest/light.go), so the tool's own CPU does not
# become the latency it measures; one-doc-200-all-full keeps every client full.
# many-docs-300-60s types for a minute: the servers' heaps and first snapshots take that long
# to settle, and shorter runs flattered 300 × 3 (docs/benchmarks-live.md, "ninth pass").
RUNS=(
  "idle-10000|--scenario idle --clients 10000 --docs 100 --duration 20s"
  "one-doc-10|--scenario many-typists --clients 10 --users 10"
  "one-doc-50|--scenario many-typists --clients 50 --users 20"
  "one-doc-100|--scenario many-typists --clients 100 --users 20 --full 10"
  "one-doc-200|--scenario many-typists --clients 200 --users 20 --full 10"
  "one-doc-200-all-full|--scenario many-typists --clients 200 --users 20"
  "many-docs-300|--scenario many-docs --docs 300 --clients 3"
  "many-docs-300-60s|--scenario many-docs --docs 300 --clients 3 --duration 60s"
  "many-docs-1000|--scenario many-docs --docs 1000 --clients 3"
  "large-room-50|--scenario large-room --clients 50 --readers 500 --users 10"
  "large-room-500|--scenario large-room --clients 500 --readers 500 --users 20 --full 10"
  "many-docs-300-plain|--scenario many-docs --docs 300 --clients 3 --plain"
)

echo "building into $BIN"
go build -o "$BIN/commonplace" ./cmd/commonplace
go build -o "$BIN/loadtest" ./cmd/loadtest
go build -o "$BIN/floor" ./cmd/loadtest/floor
[ "$CALIBRATE" = 1 ] && go test -c -o "$BIN/collab.test" ./collab
rtprobe=()
if [ "$RTPROBE" = 1 ]; then
  if command -v cyclictest >/dev/null; then
    rtprobe=(--rt-probe cyclictest)
  else
    echo "cyclictest is missing, so the runs will not say how long the host paused: apt-get install rt-tests (or RTPROBE=0)"
    exit 1
  fi
fi

# calibrate appends the host's speed to the summary: ns per type-and-erase of a document, three
# times. The same code took 830–890 ns at this machine's best and up to twice that when the host
# was busy (docs/benchmarks-live.md, "tenth pass"); latency and CPU figures move with it.
calibrate() {
  [ "$CALIBRATE" = 1 ] || return 0
  local ns
  ns=$("$BIN/collab.test" -test.run '^$' -test.bench 'BenchmarkTypeAccentedText$' -test.benchtime 1s -test.count 3 |
    awk '/^BenchmarkTypeAccentedText/ {printf "%s%d", sep, $3; sep=", "}')
  echo "- host speed $1 (BenchmarkTypeAccentedText, ns per type-and-erase, $(date -u +%H:%M) UTC): $ns" >>"$OUT/summary.md"
}

{
  echo "# Live benchmarks $STAMP"
  echo
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo "- machine: $(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -r)"
  echo "- duration per typing run: $DURATION; pinned: $PIN"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/summary.md"
calibrate "at start"
echo >>"$OUT/summary.md"

ulimit -n "$(ulimit -Hn)" || true

SERVER_PID=
DATA=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -INT "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  if [ -n "$DATA" ]; then rm -rf "$DATA"; DATA=; fi
}
trap 'stop_server; rm -rf "$BIN"' EXIT
trap 'exit 143' TERM INT # make bench-live's timeout: stop the server and clean up on the way out

start_server() {
  DATA=$(mktemp -d /tmp/cp-bench-data.XXXXXX)
  chmod 755 "$DATA" # PostgreSQL runs as the postgres user when we are root
  local pin=()
  [ "$PIN" = 1 ] && pin=(taskset -c 1)
  local prof=()
  : >"$OUT/server-$1.log"
  if [ "$PROFILE" = 1 ]; then
    prof=(--pprof-addr "$PPROF_ADDR")
    # pg_stat_statements is loaded when PostgreSQL starts: make the cluster first (migrate
    # starts and stops it), then ask for the library in the settings ALTER SYSTEM writes.
    "$BIN/commonplace" migrate --data "$DATA" >>"$OUT/server-$1.log" 2>&1
    printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track_planning = on\n" \
      >>"$DATA/postgres/postgresql.auto.conf"
  fi
  "${pin[@]}" "$BIN/commonplace" serve --addr "$ADDR" --data "$DATA" "${prof[@]}" \
    --live-conns-per-user 20000 --live-conns-per-address 20000 \
    --metrics-addr "$METRICS_ADDR" --signups-per-hour 1000 >>"$OUT/server-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if curl -fs "http://$ADDR/readyz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited; see $OUT/server-$1.log"; exit 1; fi
    sleep 0.2
  done
  echo "server not ready after 120 s"; exit 1
}

# pgstats prints the WAL and commit counters of the server's private cluster (track_wal_io_timing
# on, so pg_stat_wal says how long WAL writes and fsyncs took).
pgstats() {
  psql -X -q -A -F ' ' "host=$DATA/postgres port=5432 user=commonplace dbname=commonplace" -c "
    SELECT 'wal', wal_records, wal_fpi, wal_bytes, wal_buffers_full, wal_write, wal_sync,
           round(wal_write_time::numeric, 1), round(wal_sync_time::numeric, 1) FROM pg_stat_wal;
    SELECT 'db', xact_commit, xact_rollback, tup_inserted, tup_updated, blk_write_time FROM pg_stat_database WHERE datname = 'commonplace';"
}

# profile waits for the clients of run $1 to connect, then takes the CPU profile and the
# database counters over the same 8 s.
profile() {
  local name=$1
  for _ in $(seq 1 600); do
    grep -q 'connected' "$OUT/$name.log" 2>/dev/null && break
    sleep 0.2
  done
  sleep 2
  psql -X -q "host=$DATA/postgres port=5432 user=commonplace dbname=commonplace" \
    -c "ALTER SYSTEM SET track_wal_io_timing = on" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
  psql -X -q "host=$DATA/postgres port=5432 user=commonplace dbname=commonplace" \
    -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true
  { echo "# before: wal records fpi bytes buffers_full write sync write_ms sync_ms | db commits rollbacks inserted updated blk_write_ms"; pgstats; } >"$OUT/$name.pgstats.txt" 2>&1
  curl -fs "http://$PPROF_ADDR/debug/pprof/profile?seconds=8" -o "$OUT/$name.cpu.pprof" || echo "  profile of $name failed"
  { echo "# after 8 s"; pgstats; } >>"$OUT/$name.pgstats.txt" 2>&1
  statements >"$OUT/$name.statements.txt" 2>&1
}

# statements prints the statements that took PostgreSQL longest since the reset, with their
# calls, rows and time (execution and planning, ms of wall clock, waits included).
statements() {
  psql -X -q "host=$DATA/postgres port=5432 user=commonplace dbname=commonplace" -c "
    SELECT calls, rows, round(total_exec_time::numeric, 1) AS exec_ms, round(total_plan_time::numeric, 1) AS plan_ms,
           round((total_exec_time / greatest(calls, 1) * 1000)::numeric, 1) AS exec_us_per_call,
           left(regexp_replace(query, '\s+', ' ', 'g'), 100) AS statement
    FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_%'
    ORDER BY total_exec_time + total_plan_time DESC LIMIT 15"
}

if [ "$FLOOR" = 1 ] && { [ -z "$ONLY" ] || [[ " $ONLY " == *" floor "* ]]; }; then
  echo "== floor: pg_test_fsync and single-row durable commits"
  start_server floor
  PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_test_fsync | sort -V | tail -1)")
  # pg_test_fsync writes its test file where it is told: the cluster's own disk.
  "$PGBIN/pg_test_fsync" -s 2 -f "$DATA/pg_test_fsync.out" >"$OUT/pg_test_fsync.txt" 2>&1 || true
  "$BIN/floor" --data "$DATA" --duration 10s --json >"$OUT/floor.json" 2>"$OUT/floor.log" || true
  stop_server
fi

for run in "${RUNS[@]}"; do
  name=${run%%|*}
  args=${run#*|}
  if [ -n "$ONLY" ] && [[ " $ONLY " != *" $name "* ]]; then continue; fi
  echo "== $name: $args"
  start_server "$name"
  pinflag=()
  loadtest=("$BIN/loadtest")
  if [ "$PIN" = 1 ]; then pinflag=(--pin); loadtest=(taskset -c 0 "$BIN/loadtest"); fi
  durflag=(--duration "$DURATION")
  [[ "$args" == *"--duration"* ]] && durflag=()
  # shellcheck disable=SC2086 # args are words
  "${loadtest[@]}" --url "http://$ADDR" --metrics "http://$METRICS_ADDR" --server-pid "$SERVER_PID" "${pinflag[@]}" "${rtprobe[@]}" "${durflag[@]}" $args --json \
    >"$OUT/$name.json" 2>"$OUT/$name.log" &
  tool=$!
  [ "$PROFILE" = 1 ] && profile "$name"
  if [ "$COUNT" = 1 ]; then
    cmd/loadtest/count.sh "$OUT/$name.counts.txt" 8 "$OUT/$name.log" "server:$SERVER_PID" \
      "postgres:$(pgrep -d, -u postgres)" "tool:$tool" || echo "  counting $name failed"
  fi
  wait "$tool" || echo "  $name failed: see $OUT/$name.log"
  echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  stop_server
done

calibrate "at the end" && echo >>"$OUT/summary.md"
go run ./cmd/loadtest/summary "$OUT" >>"$OUT/summary.md"
echo "results in $OUT (summary.md)"
