// Prints the markdown table of a run.sh results folder: one row per run and round, then
// the median of the rounds of each run.
//
//   node summary.mjs /tmp/yjs-bench-…
import fs from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
// pauses reads the run's cyclictest output (<run>.rtprobe, run.sh), as cmd/loadtest/rtprobe.go
// does: every thread's histogram of wake-up delays in µs, the wake-ups past its 100 ms range
// counted at the thread's max; it gives the p99.9 and the max in ms, or null without a probe.
const pauses = file => {
  let j
  try { j = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.json$/, '.rtprobe')), 'utf8')) } catch { return null }
  const hist = new Map()
  let total = 0, max = 0
  for (const t of Object.values(j.thread ?? {})) {
    let inHist = 0
    for (const [us, c] of Object.entries(t.histogram)) { hist.set(+us, (hist.get(+us) ?? 0) + c); inHist += c }
    if (t.cycles > inHist) { const at = Math.max(t.max, 100000); hist.set(at, (hist.get(at) ?? 0) + t.cycles - inHist) }
    total += t.cycles
    max = Math.max(max, t.max)
  }
  if (j.return_code !== 0 || total === 0) return null
  const need = Math.floor(0.999 * total + 0.5)
  let seen = 0, p999 = max
  for (const us of [...hist.keys()].sort((x, y) => x - y)) { seen += hist.get(us); if (seen >= need) { p999 = us; break } }
  return { rt_p999_ms: p999 / 1000, rt_max_ms: max / 1000 }
}

const rows = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()
  .map(f => ({ file: f, ...JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8') || '{}'), ...pauses(f) }))
  .filter(r => r.scenario)

const n = (x, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
const median = a => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
const head = '| run | remote p50 / p95 / p99 / max | keys/s | CPU cores: server / client | server per key | client per key | host pauses: p99.9 / max | diverged | load avg before → after |\n|---|---|---|---|---|---|---|---|---|'
const line = (name, r) => `| ${name} | ${n(r.remote_p50_ms)} / ${n(r.remote_p95_ms)} / ${n(r.remote_p99_ms)} / ${n(r.remote_max_ms, 0)} ms | ${n(r.keystrokes_per_sec, 0)} | ${n(r.server_cores, 2)} / ${n(r.client_cores, 2)} | ${n(r.server_cpu_us_per_key, 0)} µs | ${n(r.client_cpu_us_per_key, 0)} µs | ${r.rt_max_ms ? n(r.rt_p999_ms) + ' / ' + n(r.rt_max_ms) + ' ms' : '—'} | ${r.diverged_docs} of ${r.docs} | ${r.load_avg_before ? r.load_avg_before.join(' ') + ' → ' + r.load_avg_after.join(' ') : '—'} |`

console.log('## Every run\n')
console.log(head)
for (const r of rows) console.log(line(r.file.replace(/\.json$/, ''), r))

console.log('\n## Median of the rounds (each column on its own)\n')
console.log(head)
const byRun = new Map()
for (const r of rows) byRun.set(r.scenario, [...(byRun.get(r.scenario) ?? []), r])
for (const [name, rs] of byRun) {
  const m = {}
  for (const k of ['remote_p50_ms', 'remote_p95_ms', 'remote_p99_ms', 'remote_max_ms', 'keystrokes_per_sec', 'server_cores', 'client_cores', 'server_cpu_us_per_key', 'client_cpu_us_per_key', 'rt_p999_ms', 'rt_max_ms']) {
    m[k] = median(rs.map(r => r[k]))
  }
  m.diverged_docs = Math.max(...rs.map(r => r.diverged_docs))
  m.docs = rs[0].docs
  console.log(line(`${name} (${rs.length})`, m))
}
