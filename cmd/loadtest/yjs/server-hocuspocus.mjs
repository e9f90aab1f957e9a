// Hocuspocus with SQLite persistence, default debounce (onStoreDocument 2 s after the last
// change, at most every 10 s while changes keep coming), as issue 15 compares with.
//
// SQLite is sql.js (SQLite compiled to WebAssembly) behind @hocuspocus/extension-database,
// with the schema of @hocuspocus/extension-sqlite (one row per document: name, data). The
// official extension-sqlite needs the native `sqlite3` module, whose prebuilt binaries come
// from GitHub (unreachable here). sql.js keeps the database in memory, so every store also
// writes the whole database file to disk (temp file, fdatasync, rename); stores that arrive
// while a write is in flight share the next write, the way SQLite's own commits each end in
// an fsync. docs/decisions.md says why.
//
//   node server-hocuspocus.mjs --port 1234 --db /tmp/hocuspocus.sqlite
import fs from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { Server } from '@hocuspocus/server'
import { Database } from '@hocuspocus/extension-database'
import initSqlJs from 'sql.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '1234' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: 'hocuspocus.sqlite' }
  }
})

const SQL = await initSqlJs()
let db
try {
  db = new SQL.Database(await fs.readFile(values.db))
} catch {
  db = new SQL.Database()
}
// The schema of @hocuspocus/extension-sqlite.
db.run(`CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))`)

const stats = { stores: 0, fileWrites: 0, bytesWritten: 0 }

// writeFile persists the in-memory database; one write at a time, and a store made while
// one is in flight waits for the next, which includes it.
let writing = null
let dirty = false
async function flush () {
  dirty = true
  while (writing) await writing
  if (!dirty) return
  dirty = false
  writing = (async () => {
    const bytes = db.export()
    const tmp = values.db + '.tmp'
    const fh = await fs.open(tmp, 'w')
    try {
      await fh.writeFile(bytes)
      await fh.datasync()
    } finally {
      await fh.close()
    }
    await fs.rename(tmp, values.db)
    stats.fileWrites++
    stats.bytesWritten += bytes.length
  })()
  try {
    await writing
  } finally {
    writing = null
  }
}

const server = new Server({
  port: Number(values.port),
  address: values.host,
  quiet: true,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        const st = db.prepare('SELECT data FROM "documents" WHERE name = $name ORDER BY rowid DESC')
        try {
          st.bind({ $name: documentName })
          return st.step() ? st.getAsObject().data : null
        } finally {
          st.free()
        }
      },
      store: async ({ documentName, state }) => {
        db.run('INSERT INTO "documents" ("name", "data") VALUES ($name, $data) ON CONFLICT(name) DO UPDATE SET data = $data',
          { $name: documentName, $data: state })
        stats.stores++
        await flush()
      }
    })
  ]
})

await server.listen()
console.log(`hocuspocus server on ${values.host}:${values.port} (pid ${process.pid}), sqlite file ${values.db}`)

// On SIGINT/SIGTERM: say how much was stored, so a run can show the debounce at work.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    console.log(`stores ${stats.stores}, file writes ${stats.fileWrites}, bytes written ${stats.bytesWritten}`)
    await server.destroy().catch(() => {})
    process.exit(0)
  })
}
