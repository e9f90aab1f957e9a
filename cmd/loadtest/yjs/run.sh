#!/usr/bin/env bash
# Measures the Yjs servers issue 15 compares Commonplace with (the plain y-websocket server,
# in memory; Hocuspocus with SQLite through sql.js) with client.mjs, each server started
# fresh per run, and writes summary.md (README.md says how to read it). From this folder:
#
#   npm ci                      # once: node_modules (not committed)
#   ./run.sh                    # 300 × 3, 1 × 200, 1 × 10 on both servers, 20 s each
#   ROUNDS=3 PIN=1 ONLY="ywebsocket-300x3" ./run.sh
#
# Environment: OUT (results folder, default /tmp/yjs-bench-<UTC time>), DURATION (seconds of
# typing per run, default 20), PIN (1: client on CPU 0, server on CPU 1; default 0), ROUNDS
# (repetitions of every run, default 1; the summary gives each and the median), ONLY (run
# names, space-separated: <server>-<docs>x<clients>), PORT (default 18234), COUNT (1: count with
# ../count.sh the server's and the client's system calls and wake-ups over 8 s of typing, into
# <run>.counts.txt; take CPU and latency from runs without it), RTPROBE (1, the default: run
# cyclictest over each run's measured window, as ../run-benchmarks.sh does, into <run>.rtprobe;
# the summary's "host pauses" column; needs `apt-get install rt-tests` and root).
set -euo pipefail

cd "$(dirname "$0")"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-/tmp/yjs-bench-$STAMP}
DURATION=${DURATION:-20}
PIN=${PIN:-0}
ROUNDS=${ROUNDS:-1}
ONLY=${ONLY:-}
PORT=${PORT:-18234}
COUNT=${COUNT:-0}
RTPROBE=${RTPROBE:-1}
mkdir -p "$OUT"
if [ "$RTPROBE" = 1 ] && ! command -v cyclictest >/dev/null; then
  echo "cyclictest is missing, so the runs will not say how long the host paused: apt-get install rt-tests (or RTPROBE=0)"
  exit 1
fi
[ -d node_modules ] || npm ci --no-audit --no-fund

{
  echo "# Yjs servers $STAMP"
  echo
  echo "- machine: $(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -r), node $(node -v)"
  echo "- packages: $(node -e 'const p=require("./package-lock.json").packages;console.log(["yjs","y-websocket","@y/websocket-server","@hocuspocus/server","@hocuspocus/provider","@hocuspocus/extension-database","sql.js","ws"].map(n=>n+" "+p["node_modules/"+n].version).join(", "))')"
  echo "- duration per typing run: ${DURATION} s (first 2 s warm-up); pinned: $PIN; rounds: $ROUNDS"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} >"$OUT/summary.md"

ulimit -n "$(ulimit -Hn)" || true

SERVER_PID=
DB=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -INT "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  if [ -n "$DB" ]; then rm -f "$DB" "$DB.tmp"; DB=; fi
}
trap stop_server EXIT
trap 'exit 143' TERM INT

start_server() { # server log-name
  local script=server-$1.mjs args=()
  if [ "$1" = hocuspocus ]; then
    DB=$(mktemp /tmp/yjs-bench-hocuspocus.XXXXXX.sqlite); rm -f "$DB"
    args=(--db "$DB")
  fi
  node "$script" --port "$PORT" "${args[@]}" >"$OUT/server-$2.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited; see $OUT/server-$2.log"; exit 1; fi
    sleep 0.2
  done
  echo "server not ready after 20 s"; exit 1
}

# rtprobe runs cyclictest over the measured window of the run whose files start with $1: from
# 2 s after the clients are connected (client.mjs's warm-up) to the end of the typing, with the
# settings of cmd/loadtest/rtprobe.go (one real-time thread per CPU, 5 ms sleeps).
rtprobe() {
  for _ in $(seq 1 600); do
    grep -q 'connected' "$1.log" 2>/dev/null && break
    sleep 0.2
  done
  sleep 2
  cyclictest --smp --mlockall --priority=95 --interval=5000 --quiet --default-system \
    --histogram=100000 --histfile=/dev/null --duration="$((DURATION - 2))" --json="$1.rtprobe" >/dev/null 2>&1 ||
    echo "  the rt probe of $1 failed"
}

# server | documents | typists per document | full clients per document (0: all; the rest
# are light typists, client.mjs says why)
RUNS=(
  "ywebsocket 300 3 0" "hocuspocus 300 3 0"
  "ywebsocket 1 200 10" "hocuspocus 1 200 10"
  "ywebsocket 1 10 0" "hocuspocus 1 10 0"
)

for round in $(seq 1 "$ROUNDS"); do
  for run in "${RUNS[@]}"; do
    read -r server docs clients full <<<"$run"
    name=$server-${docs}x$clients
    if [ -n "$ONLY" ] && [[ " $ONLY " != *" $name "* ]]; then continue; fi
    echo "== round $round: $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
    start_server "$server" "$name-$round"
    pin=()
    client=(node)
    if [ "$PIN" = 1 ]; then pin=(--pin); client=(taskset -c 0 node); fi
    "${client[@]}" client.mjs --server "$server" --url "ws://127.0.0.1:$PORT" --docs "$docs" --clients "$clients" --full "$full" \
      --duration "$DURATION" --server-pid "$SERVER_PID" --name "$name" "${pin[@]}" --json \
      >"$OUT/$name-$round.json" 2>"$OUT/$name-$round.log" &
    client_pid=$!
    probe_pid=
    if [ "$RTPROBE" = 1 ]; then
      rtprobe "$OUT/$name-$round" &
      probe_pid=$!
    fi
    if [ "$COUNT" = 1 ]; then
      ../count.sh "$OUT/$name-$round.counts.txt" 8 "$OUT/$name-$round.log" "server:$SERVER_PID" "client:$client_pid" ||
        echo "  counting $name failed"
    fi
    wait "$client_pid" || echo "  $name failed: see $OUT/$name-$round.log"
    [ -z "$probe_pid" ] || wait "$probe_pid"
    tail -1 "$OUT/$name-$round.log"
    stop_server
  done
done

node summary.mjs "$OUT" >>"$OUT/summary.md"
echo "results in $OUT (summary.md)"
