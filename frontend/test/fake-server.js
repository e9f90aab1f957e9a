// A fake live server for tests, built on the ot package (ot.js) so our client is checked
// against ot.js server semantics: an op at base B is transformed against the ops after B
// (client op first), resends are idempotent by (user, client, seq), since=V replays the op frames
// after V (the client's own included), and frames can be delayed, lost or cut at any point.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ot = require('ot');

export class FakeServer {
  constructor(text = '', { historyLimit = Infinity } = {}) {
    this.text = text;
    this.version = 0;
    this.log = []; // {version, op (ot.js), client, seq, author}
    this.applied = new Map(); // "user:client:seq" → version
    this.attribution = text ? [['', text.length]] : [];
    this.sockets = []; // every socket ever made
    this.historyLimit = historyLimit; // since older than version - limit gets a snapshot
    const server = this;
    this.WebSocket = class FakeWebSocket {
      constructor(url) {
        const u = new URL(url);
        this.url = url;
        this.client = u.searchParams.get('client');
        this.since = u.searchParams.has('since') ? Number(u.searchParams.get('since')) : null;
        this.user = server.userOf(this.client);
        this.state = 'connecting';
        this.toClient = [];
        this.toServer = [];
        server.sockets.push(this);
      }
      send(data) {
        if (this.state !== 'open') throw new Error('send on a socket that is not open');
        this.toServer.push(data);
      }
      close() {
        this.state = 'closed';
      }
    };
    this.users = new Map();
  }

  userOf(client) {
    return this.users.get(client) || 'user-' + client;
  }

  live() {
    return this.sockets.filter((s) => s.state !== 'closed');
  }

  // open accepts a connecting socket: snapshot, or the replay after since.
  open(ws) {
    ws.state = 'open';
    ws.onopen && ws.onopen();
    if (ws.state !== 'open') return;
    const replay = ws.since !== null && ws.since <= this.version && ws.since >= this.version - this.historyLimit;
    if (replay) {
      for (const e of this.log.filter((e) => e.version > ws.since)) ws.toClient.push(JSON.stringify(this.opFrame(e)));
    } else {
      ws.toClient.push(JSON.stringify({
        type: 'snapshot', version: this.version, text: this.text, role: 'editor',
        attribution: this.attribution, peers: [],
      }));
    }
  }

  opFrame(e) {
    return { type: 'op', version: e.version, author: e.author, client: e.client, seq: e.seq, ops: e.op.toJSON() };
  }

  // receive handles one frame from ws.
  receive(ws, data) {
    const f = JSON.parse(data);
    if (f.type !== 'op') return;
    const key = ws.user + ':' + ws.client + ':' + f.seq;
    if (this.applied.has(key)) {
      ws.toClient.push(JSON.stringify({ type: 'ack', seq: f.seq, version: this.applied.get(key) }));
      return;
    }
    if (f.base > this.version || f.base < 0) throw new Error(`client sent base ${f.base} > ${this.version}`);
    let op = ot.TextOperation.fromJSON(f.ops);
    for (const e of this.log.filter((e) => e.version > f.base)) op = ot.TextOperation.transform(op, e.op)[0];
    this.text = op.apply(this.text);
    this.version++;
    const entry = { version: this.version, op, client: ws.client, seq: f.seq, author: ws.user };
    this.log.push(entry);
    this.applied.set(key, this.version);
    ws.toClient.push(JSON.stringify({ type: 'ack', seq: f.seq, version: this.version }));
    for (const other of this.live()) {
      if (other !== ws && other.state === 'open') other.toClient.push(JSON.stringify(this.opFrame(entry)));
    }
  }

  // cut closes ws from the server side, losing whatever was in flight both ways; code is the
  // close code the client sees (1006: the connection just went away).
  cut(ws, code = 1006) {
    if (ws.state === 'closed') return;
    ws.state = 'closed';
    ws.toClient = [];
    ws.toServer = [];
    ws.onclose && ws.onclose({ code });
  }

  // deliverToClient hands ws's next frame to the client.
  deliverToClient(ws) {
    const d = ws.toClient.shift();
    if (d !== undefined && ws.state === 'open') ws.onmessage && ws.onmessage({ data: d });
  }

  deliverToServer(ws) {
    const d = ws.toServer.shift();
    if (d !== undefined && ws.state === 'open') this.receive(ws, d);
  }
}

// FakeTimers runs timeouts when told to.
export class FakeTimers {
  constructor() {
    this.next = 1;
    this.pending = new Map();
  }
  setTimeout(fn, ms) {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(id) {
    this.pending.delete(id);
  }
  // runAll fires every pending timeout once (not those they schedule).
  runAll() {
    const due = [...this.pending.entries()];
    this.pending.clear();
    for (const [, t] of due) t.fn();
    return due.length;
  }
}

// FakeEditor stands in for CodeMirror: it holds the text and applies remote ops.
export class FakeEditor {
  constructor(text) {
    this.text = text;
    this.session = null;
    this.sel = { anchor: 0, head: 0 };
  }
  hooks() {
    return {
      applyRemote: (op) => { this.text = op.apply(this.text); },
      getText: () => this.text,
      selection: () => this.sel,
      changed: () => {},
      persistSeq: (n) => { this.seq = n; },
    };
  }
  // edit applies a local edit op and hands it to the session.
  edit(op) {
    const before = this.text;
    this.text = op.apply(before);
    this.session.local(op);
  }
}
