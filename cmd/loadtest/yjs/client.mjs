// Load client for the Yjs servers issue 15 compares Commonplace with: D documents × C
// typists per document, each typing 5 keys/s like cmd/loadtest's typer (single letters at a
// caret that moves forward, a space and a pause after each word, 6 % backspaces, now and then
// a jump of the caret), into a Y.Text over the y-websocket protocol. The matching client of
// each server is used: y-websocket's WebsocketProvider for the y-websocket server,
// @hocuspocus/provider for Hocuspocus; one WebSocket per typist (the `ws` package).
//
// Remote latency is measured as cmd/loadtest/remote.go does: from a keystroke until every
// other client of the document has applied it. All clients live in this process and share
// one clock (performance.timeOrigin + performance.now()). A typed character is the item (clientID, clock)
// of its Y.Doc; the receiving clients report, after each remote transaction, how far the
// sender's clock has reached in their document (Yjs's own transaction.afterState), and a
// keystroke is done when the last other client reaches it. Backspaces do not advance a
// Yjs clock (they go to the delete set), so only inserted characters are timed (94 % of
// the keystrokes); every keystroke counts for keystrokes/s and CPU per keystroke.
//
// Light typists (--full K: only K full clients per document, the rest light): a Yjs client
// applies every remote update and Yjs rebuilds the document's state vector on each transaction
// (O(writers in the document)), so 200 full clients of one document cost far more than this
// machine has (measured: 35 of the offered 1,000 keys/s). A light typist keeps a Y.Doc with only
// its own edits and speaks the protocol on a raw socket: it sends each keystroke's update and
// discards what it receives. The server sees exactly the same traffic (every update from every
// typist, broadcast to every socket); remote latency is then the time until every other *full*
// client has applied the keystroke (the "200 typists (10 timed)").
//
// Documents are split over --workers threads (all clients of a document in one thread, so each
// latency is taken on one clock; performance.timeOrigin + now() is shared by the threads).
//
// CPU: utime+stime of the server process (/proc/<pid>/stat) and this process
// (process.cpuUsage) over the measured window, and µs of server CPU per keystroke typed in
// that window (the figure cmd/loadtest reports as "server+PostgreSQL CPU µs per keystroke").
//
//   node client.mjs --server ywebsocket --url ws://127.0.0.1:1234 --docs 300 --clients 3 \
//     --duration 20 --server-pid 1234 [--pin] [--json]
import fs from 'node:fs'
import { execFileSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider } from '@hocuspocus/provider'

const { values: opt } = parseArgs({
  options: {
    server: { type: 'string', default: 'ywebsocket' }, // ywebsocket | hocuspocus
    url: { type: 'string', default: 'ws://127.0.0.1:1234' },
    docs: { type: 'string', default: '1' },
    clients: { type: 'string', default: '10' },
    rate: { type: 'string', default: '5' },
    duration: { type: 'string', default: '20' }, // seconds of typing
    'server-pid': { type: 'string', default: '0' },
    pin: { type: 'boolean', default: false }, // this process on CPU 0, the server on CPU 1
    json: { type: 'boolean', default: false },
    full: { type: 'string', default: '0' }, // full clients per document (0: all)
    workers: { type: 'string', default: '2' },
    name: { type: 'string', default: '' }
  }
})
process.setMaxListeners(0) // y-websocket adds an exit listener per provider
const D = Number(opt.docs)
const C = Number(opt.clients)
const rate = Number(opt.rate)
const duration = Number(opt.duration) * 1000
const serverPid = Number(opt['server-pid'])
const full = Number(opt.full) > 0 ? Math.min(Number(opt.full), C) : C
const workers = Math.max(1, Number(opt.workers))
const now = () => performance.timeOrigin + performance.now() // ms, one clock for all threads
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a)

if (opt.pin && isMainThread) {
  if (!serverPid) throw new Error('--pin needs --server-pid')
  // Every thread of the server (-a), like cmd/loadtest's pin; this process (and its libuv
  // and V8 threads) to CPU 0.
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(serverPid)], { stdio: 'ignore' })
  execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
  log(`pinned: client on CPU 0, server ${serverPid} on CPU 1`)
}

// ---- CPU and machine readings ----------------------------------------------------------

const TICK_MS = 10 // /proc clock ticks are 1/100 s on Linux
function procCPUms (pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12])) * TICK_MS
}
function machineBusyMs () {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
  return [1, 2, 3, 6, 7, 8].reduce((a, i) => a + Number(f[i]), 0) * TICK_MS
}
const loadAvg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number)
function readCPU () {
  const u = process.cpuUsage()
  return {
    at: now(),
    self: (u.user + u.system) / 1000,
    server: serverPid ? procCPUms(serverPid) : 0,
    busy: machineBusyMs()
  }
}

// ---- typing model (cmd/loadtest/typing.go) -----------------------------------------------

const letters = 'eeeeeeeeeeeettttttttaaaaaaaaooooooiiiiiinnnnnnsssssshhhhhrrrrrddddllllcccuuummwwffggyyppbbvkéà'
const gap = 0.8 / rate * 1000 // ms; word pauses bring the mean interval to 1/rate
const randInt = n => Math.floor(Math.random() * n)

// ---- one document's measuring state -----------------------------------------------------

// For each sender (Y clientID) the keystrokes it typed: target clock, time, how many full
// clients other than the sender still have to apply it. Each full client keeps, per sender,
// how far into that list it has got, so every keystroke is visited once per receiver.
class Room {
  constructor (name) {
    this.name = name
    this.clients = []
    this.full = 0
    this.sent = new Map() // clientID → [{ target, t0, left }]
  }
}

const samples = [] // ms, keystrokes typed in the window, applied at every other full client
let measureFrom = Infinity
let measureTo = Infinity
let keysInWindow = 0

function keystrokeDone (k) {
  if (k.t0 >= measureFrom && k.t0 < measureTo) samples.push(now() - k.t0)
}

// The protocol version a Hocuspocus provider announces in its auth message.
const hocuspocusVersion = pkgVersion('@hocuspocus/provider')

class Typist {
  constructor (room, light) {
    this.room = room
    this.light = light
    this.doc = new Y.Doc()
    this.text = this.doc.getText('text')
    this.caret = null // Y.RelativePosition: stays where it was while others type
    this.wordLeft = 0
    this.ptr = new Map() // sender clientID → index into room.sent.get(sender)
    if (light) return
    this.doc.on('afterTransaction', tr => {
      if (tr.local) return
      for (const [client, clock] of tr.afterState) {
        if (client === this.doc.clientID || tr.beforeState.get(client) === clock) continue
        this.reached(client, clock)
      }
    })
  }

  reached (client, clock) {
    const list = this.room.sent.get(client)
    if (!list) return
    let i = this.ptr.get(client) ?? 0
    while (i < list.length && list[i].target <= clock) {
      if (--list[i].left === 0) keystrokeDone(list[i])
      i++
    }
    this.ptr.set(client, i)
  }

  connect () {
    const name = this.room.name
    if (this.light) return this.connectLight()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sync ${name} timed out`)), 60000)
      const done = () => { clearTimeout(timer); resolve() }
      if (opt.server === 'hocuspocus') {
        this.provider = new HocuspocusProvider({
          url: opt.url, name, document: this.doc, WebSocketPolyfill: WebSocket, onSynced: done
        })
      } else {
        this.provider = new WebsocketProvider(opt.url, name, this.doc, { WebSocketPolyfill: WebSocket, disableBc: true })
        this.provider.once('sync', done)
      }
    })
  }

  // connectLight opens a raw socket speaking the provider's protocol: for Hocuspocus an
  // authentication message first (no token: the server has no onAuthenticate), then every
  // local update as a sync "update" message; incoming messages are dropped unread.
  connectLight () {
    const name = this.room.name
    const hp = opt.server === 'hocuspocus'
    const url = hp ? opt.url : `${opt.url}/${name}`
    const frame = (write) => {
      const e = encoding.createEncoder()
      if (hp) encoding.writeVarString(e, name)
      write(e)
      return encoding.toUint8Array(e)
    }
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.binaryType = 'arraybuffer'
      ws.on('error', reject)
      ws.on('open', () => {
        if (hp) {
          ws.send(frame(e => {
            encoding.writeVarUint(e, 2) // Auth
            encoding.writeVarUint(e, 0) // Token
            encoding.writeVarString(e, '')
            encoding.writeVarString(e, hocuspocusVersion)
          }))
        }
        resolve()
      })
      this.ws = ws
      this.doc.on('update', update => {
        if (ws.readyState !== WebSocket.OPEN) return
        ws.send(frame(e => {
          encoding.writeVarUint(e, 0) // sync
          encoding.writeVarUint(e, 2) // update
          encoding.writeVarUint8Array(e, update)
        }))
      })
    })
  }

  // key types one keystroke and returns the wait before the next (typing.go's typer.next).
  key () {
    const n = this.text.length
    let pos = this.caret ? Y.createAbsolutePositionFromRelativePosition(this.caret, this.doc)?.index ?? n : randInt(n + 1)
    pos = Math.min(Math.max(pos, 0), n)
    let delay = gap / 2 + Math.random() * gap
    if (randInt(200) === 0) pos = randInt(n + 1)
    const t0 = now()
    if (t0 >= measureFrom && t0 < measureTo) keysInWindow++
    if (pos > 0 && randInt(100) < 6) {
      this.text.delete(pos - 1, 1)
      pos--
    } else {
      let s = ' '
      if (this.wordLeft > 0) {
        s = letters[randInt(letters.length)]
        this.wordLeft--
      } else {
        this.wordLeft = 2 + randInt(7)
        delay += Math.random() * 3 * gap
      }
      this.text.insert(pos, s)
      pos += s.length
      const left = this.room.full - (this.light ? 0 : 1)
      if (left > 0) {
        const target = Y.getState(this.doc.store, this.doc.clientID)
        let list = this.room.sent.get(this.doc.clientID)
        if (!list) this.room.sent.set(this.doc.clientID, (list = []))
        list.push({ target, t0, left })
      }
    }
    this.caret = Y.createRelativePositionFromTypeIndex(this.text, pos)
    return delay
  }

  typeUntil (end) {
    const step = () => {
      if (now() >= end) return
      setTimeout(step, this.key())
    }
    // Spread the first keystrokes over one interval so the typists are not in step.
    setTimeout(step, Math.random() * 1000 / rate)
  }

  close () {
    if (this.light) this.ws.close()
    else this.provider.destroy()
  }
}

// percentile of sorted a (nearest rank), as cmd/loadtest/stats.go.
function pct (a, p) {
  if (a.length === 0) return 0
  return a[Math.min(a.length - 1, Math.ceil(p / 100 * a.length) - 1)]
}

const sleepUntil = t => new Promise(resolve => setTimeout(resolve, Math.max(0, t - now())))

// shard runs documents [from, to) in this thread: connect, wait for the start time from the
// main thread, type, check convergence, and post the samples back.
async function shard ({ from, to, stamp, nFull, nLight }) {
  const rooms = []
  for (let d = from; d < to; d++) {
    const room = new Room(`bench-${stamp}-${d}`)
    room.full = nFull
    for (let c = 0; c < nFull + nLight; c++) room.clients.push(new Typist(room, c >= nFull))
    rooms.push(room)
  }
  const all = rooms.flatMap(r => r.clients)
  for (let i = 0; i < all.length; i += 50) {
    await Promise.all(all.slice(i, i + 50).map(c => c.connect()))
  }
  parentPort.postMessage({ type: 'ready' })
  const { start, end } = await new Promise(resolve => parentPort.once('message', resolve))
  measureFrom = start + Math.min(duration * 0.2, 2000)
  measureTo = end
  await sleepUntil(start)
  for (const c of all) c.typeUntil(end)
  await sleepUntil(end)

  // Let the last keystrokes arrive, then check that every document's full clients agree.
  let diverged = 0
  const deadline = now() + 15000
  for (;;) {
    diverged = rooms.filter(r => new Set(r.clients.filter(c => !c.light).map(c => c.text.toString())).size > 1).length
    if (diverged === 0 || now() > deadline) break
    await sleepUntil(now() + 200)
  }
  let incomplete = 0
  for (const r of rooms) {
    for (const list of r.sent.values()) {
      for (const k of list) if (k.left > 0 && k.t0 >= measureFrom && k.t0 < measureTo) incomplete++
    }
  }
  for (const c of all) c.close()
  parentPort.postMessage({ type: 'done', samples, keys: keysInWindow, incomplete, diverged })
}

async function main () {
  const run = opt.name || `${opt.server}-${D}x${C}`
  const stamp = Date.now().toString(36)
  log(`${run}: connecting ${D * C} clients (${full} full per document) to ${opt.url} (${opt.server}) from ${workers} threads`)
  const t = now()
  const threads = []
  for (let w = 0; w < workers; w++) {
    // Documents are split over the threads; with fewer documents than threads (one large
    // room), the light typists are: thread 0 holds the full clients and its share of light
    // ones (their keystrokes are timed), the others hold light typists only (untimed).
    let shard = { from: Math.floor(D * w / workers), to: Math.floor(D * (w + 1) / workers), nFull: full, nLight: C - full }
    if (D < workers) {
      const light = Math.floor((C - full) * (w + 1) / workers) - Math.floor((C - full) * w / workers)
      shard = { from: 0, to: D, nFull: w === 0 ? full : 0, nLight: light }
    }
    const worker = new Worker(new URL(import.meta.url), { argv: process.argv.slice(2), workerData: { ...shard, stamp } })
    const ready = new Promise((resolve, reject) => {
      worker.once('error', reject)
      worker.once('message', resolve)
    })
    threads.push({ worker, ready })
  }
  await Promise.all(threads.map(th => th.ready))
  log(`connected ${D * C} clients in ${((now() - t) / 1000).toFixed(1)} s`)

  const loadBefore = loadAvg()
  const start = now() + 100
  const end = start + duration
  const results = threads.map(th => new Promise((resolve, reject) => {
    th.worker.once('error', reject)
    th.worker.on('message', m => { if (m.type === 'done') resolve(m) })
  }))
  for (const th of threads) th.worker.postMessage({ start, end })
  await sleepUntil(start + Math.min(duration * 0.2, 2000))
  const cpu0 = readCPU()
  await sleepUntil(end)
  const cpu1 = readCPU()
  const loadAfter = loadAvg()
  const parts = await Promise.all(results)
  const all = parts.flatMap(p => p.samples).sort((a, b) => a - b)
  const keys = parts.reduce((a, p) => a + p.keys, 0)
  const incomplete = parts.reduce((a, p) => a + p.incomplete, 0)
  const diverged = parts.reduce((a, p) => a + p.diverged, 0)

  const secs = (cpu1.at - cpu0.at) / 1000
  const serverMs = cpu1.server - cpu0.server
  const res = {
    scenario: run,
    server: opt.server,
    docs: D,
    clients: C,
    full_clients_per_doc: full,
    client_threads: workers,
    rate_per_typist: rate,
    seconds: secs,
    keystrokes: keys,
    keystrokes_per_sec: keys / secs,
    remote_p50_ms: pct(all, 50),
    remote_p95_ms: pct(all, 95),
    remote_p99_ms: pct(all, 99),
    remote_max_ms: all.length ? all[all.length - 1] : 0,
    remote_samples: all.length,
    remote_incomplete: incomplete,
    diverged_docs: diverged,
    server_cores: serverMs / 1000 / secs,
    client_cores: (cpu1.self - cpu0.self) / 1000 / secs,
    machine_busy_cores: (cpu1.busy - cpu0.busy) / 1000 / secs,
    server_cpu_us_per_key: keys ? serverMs * 1000 / keys : 0,
    client_cpu_us_per_key: keys ? (cpu1.self - cpu0.self) * 1000 / keys : 0,
    load_avg_before: loadBefore,
    load_avg_after: loadAfter,
    pinned: opt.pin,
    versions: { yjs: pkgVersion('yjs'), provider: pkgVersion(opt.server === 'hocuspocus' ? '@hocuspocus/provider' : 'y-websocket') }
  }
  log(`${run}: ${res.keystrokes_per_sec.toFixed(0)} keys/s; remote p50/p95/p99/max ` +
    `${res.remote_p50_ms.toFixed(1)} / ${res.remote_p95_ms.toFixed(1)} / ${res.remote_p99_ms.toFixed(1)} / ${res.remote_max_ms.toFixed(0)} ms ` +
    `(${all.length} samples, ${incomplete} incomplete); server ${res.server_cores.toFixed(2)} cores, ` +
    `${res.server_cpu_us_per_key.toFixed(0)} µs/key; client ${res.client_cores.toFixed(2)} cores, ` +
    `${res.client_cpu_us_per_key.toFixed(0)} µs/key; diverged ${diverged}/${D}; load ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`)
  if (opt.json) process.stdout.write(JSON.stringify(res, null, 2) + '\n')
  process.exit(0)
}

function pkgVersion (name) {
  try {
    return JSON.parse(fs.readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version
  } catch {
    return ''
  }
}

const fail = err => {
  console.error(err)
  process.exit(1)
}
if (isMainThread) main().catch(fail)
else shard(workerData).catch(fail)
