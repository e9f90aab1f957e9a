// The plain y-websocket server (in memory, no persistence): the package's own
// src/server.js, with the port and host taken from the command line so run.sh can
// start it fresh per scenario. setupWSConnection is the whole server: one Y.Doc per
// room name (the URL path), every update applied and broadcast to the room.
//
//   node server-ywebsocket.mjs --port 1234
import http from 'node:http'
import { parseArgs } from 'node:util'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

const { values } = parseArgs({
  options: { port: { type: 'string', default: '1234' }, host: { type: 'string', default: '127.0.0.1' } }
})

const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('okay')
})
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req))
})
server.listen(Number(values.port), values.host, () => {
  console.log(`y-websocket server on ${values.host}:${values.port} (pid ${process.pid})`)
})
