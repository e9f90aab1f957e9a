// Prints the markdown table of a run.sh results folder: one row per run and round, then
// the median of the rounds of each run.
//
//   node summary.mjs /tmp/yjs-bench-…
import fs from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
const rows = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()
  .map(f => ({ file: f, ...JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8') || '{}') }))
  .filter(r => r.scenario)

const n = (x, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
const median = a => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
const head = '| run | remote p50 / p95 / p99 / max | keys/s | CPU cores: server / client | server per key | client per key | diverged | load avg before → after |\n|---|---|---|---|---|---|---|---|'
const line = (name, r) => `| ${name} | ${n(r.remote_p50_ms)} / ${n(r.remote_p95_ms)} / ${n(r.remote_p99_ms)} / ${n(r.remote_max_ms, 0)} ms | ${n(r.keystrokes_per_sec, 0)} | ${n(r.server_cores, 2)} / ${n(r.client_cores, 2)} | ${n(r.server_cpu_us_per_key, 0)} µs | ${n(r.client_cpu_us_per_key, 0)} µs | ${r.diverged_docs} of ${r.docs} | ${r.load_avg_before ? r.load_avg_before.join(' ') + ' → ' + r.load_avg_after.join(' ') : '—'} |`

console.log('## Every run\n')
console.log(head)
for (const r of rows) console.log(line(r.file.replace(/\.json$/, ''), r))

console.log('\n## Median of the rounds (each column on its own)\n')
console.log(head)
const byRun = new Map()
for (const r of rows) byRun.set(r.scenario, [...(byRun.get(r.scenario) ?? []), r])
for (const [name, rs] of byRun) {
  const m = {}
  for (const k of ['remote_p50_ms', 'remote_p95_ms', 'remote_p99_ms', 'remote_max_ms', 'keystrokes_per_sec', 'server_cores', 'client_cores', 'server_cpu_us_per_key', 'client_cpu_us_per_key']) {
    m[k] = median(rs.map(r => r[k]))
  }
  m.diverged_docs = Math.max(...rs.map(r => r.diverged_docs))
  m.docs = rs[0].docs
  console.log(line(`${name} (${rs.length})`, m))
}
