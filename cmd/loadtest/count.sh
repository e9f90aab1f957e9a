#!/usr/bin/env bash
# Counts, with perf over the same SECONDS, the system calls and wake-ups of each named process
# and writes one table to OUT: a row per event, a column per process. With a LOG other than -,
# it first waits for the load tool's "connected" line there and 2 s more, so the count falls in
# the typing. run-benchmarks.sh and yjs/run.sh call it with COUNT=1; by hand:
#
#   cmd/loadtest/count.sh /tmp/counts.txt 8 - server:1234 postgres:$(pgrep -d, -u postgres) tool:5678
#
# The events are what a keystroke costs below the servers' own code: the writes, reads and
# polls of its frames, the futex calls of thread hand-offs, WAL flushes, and wake-ups of
# sleeping threads (sched_waking is counted in the waker), which on this kind of virtual machine
# cost more than the bytes (cmd/loadtest/floor measures one). Tracing slows the processes a
# little: take CPU and latency from runs without it. Needs perf (apt-get install linux-perf).
set -euo pipefail
OUT=$1 SECONDS_=$2 LOG=$3
shift 3
if ! command -v perf >/dev/null; then echo "count.sh needs perf: apt-get install linux-perf" >&2; exit 1; fi
if [ "$LOG" != - ]; then
  for _ in $(seq 1 600); do
    grep -q 'connected' "$LOG" 2>/dev/null && break
    sleep 0.2
  done
  sleep 2
fi
EVENTS=syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_sendto,syscalls:sys_enter_read,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,syscalls:sys_enter_fdatasync,sched:sched_waking
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
perfs=() names=()
for who in "$@"; do
  perf stat -x, -e "$EVENTS" -p "${who#*:}" -o "$tmp/${who%%:*}" -- sleep "$SECONDS_" &
  perfs+=($!)
  names+=("${who%%:*}")
done
wait "${perfs[@]}" || true
awk -F, '!/^#/ && NF > 2 {print $3}' "$tmp/${names[0]}" >"$tmp/.event"
cols=("$tmp/.event")
for n in "${names[@]}"; do
  awk -F, '!/^#/ && NF > 2 {print ($1 ~ /^[0-9]/ ? $1 : 0)}' "$tmp/$n" >"$tmp/.$n"
  cols+=("$tmp/.$n")
done
{
  echo "# counts over $SECONDS_ s: event ${names[*]}"
  paste -d' ' "${cols[@]}"
} >"$OUT"
