// A plain ot.js client on the live protocol, written to the one-frame-per-message contract of
// DESIGN.md §4 as a third party would write it: it connects WITHOUT batch=1 or compose=1, hands
// every message to JSON.parse as ONE frame (an array fails the run), and edits through ot.js's
// own Client state machine (one op in flight, later edits buffered, remote ops transformed).
// server/live_otjs_test.go runs it against a real server.
//
//   node --experimental-websocket live-client.js <ws-url> <token> <edits> <seed>
//
// It makes <edits> random edits (tags like <c-3> inserted at random places, now and then a whole
// tag deleted), waits until its last op is acknowledged and the document has been quiet for a
// moment, then prints {"version":…,"text":…,"messages":…} and exits 0. Any protocol surprise
// (an array message, a version gap, an error frame) exits 1 with the reason.
'use strict';

const ot = require('ot');

const [url, token, editsArg, seedArg] = process.argv.slice(2);
const edits = parseInt(editsArg, 10);
let state = parseInt(seedArg, 10) >>> 0;
function rand() { // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function fail(why) {
  process.stderr.write(why + '\n');
  process.exit(1);
}

const id = new URL(url).searchParams.get('client');
let text = null;
let client = null;
let seq = 0;
let made = 0;
let messages = 0;
let lastMessage = Date.now();

class LiveClient extends ot.Client {
  sendOperation(revision, operation) {
    seq++;
    ws.send(JSON.stringify({ type: 'op', base: revision, seq, ops: operation.toJSON() }));
  }
  applyOperation(operation) {
    text = operation.apply(text);
  }
}

// edit inserts a tag at a place outside every tag or deletes a whole tag.
function edit() {
  const tags = [...text.matchAll(/<[a-z0-9-]+>/g)];
  let op;
  if (tags.length > 0 && rand() < 0.25) {
    const m = tags[Math.floor(rand() * tags.length)];
    op = new ot.TextOperation().retain(m.index).delete(m[0].length).retain(text.length - m.index - m[0].length);
  } else {
    const places = [];
    let inside = false;
    for (let i = 0; i <= text.length; i++) {
      if (!inside) places.push(i);
      if (text[i] === '<') inside = true;
      else if (text[i] === '>') inside = false;
    }
    const pos = places[Math.floor(rand() * places.length)];
    op = new ot.TextOperation().retain(pos).insert(`<${id}-${made}>`).retain(text.length - pos);
  }
  made++;
  text = op.apply(text);
  client.applyClient(op);
}

const ws = new WebSocket(url, { headers: { Authorization: 'Bearer ' + token } });
ws.onmessage = (ev) => {
  messages++;
  lastMessage = Date.now();
  const f = JSON.parse(ev.data);
  if (Array.isArray(f) || typeof f !== 'object' || f === null) fail('a message that is not one frame: ' + ev.data);
  switch (f.type) {
    case 'snapshot':
      text = f.text;
      client = new LiveClient(f.version);
      break;
    case 'ack':
      client.serverAck();
      break;
    case 'op':
      if (f.from !== undefined) fail('a composed op without asking for it: ' + ev.data);
      if (f.version !== client.revision + 1) fail(`version gap: ${f.version} after ${client.revision}`);
      client.applyServer(ot.TextOperation.fromJSON(f.ops));
      break;
    case 'error':
      fail('error frame: ' + ev.data);
      break;
    default: // join, leave, cursor, you…: presence is not this client's business
  }
};
ws.onerror = (e) => fail('socket error: ' + (e.message || e.type));
ws.onclose = (e) => { if (!finished) fail(`closed ${e.code} ${e.reason}`); };

let finished = false;
const deadline = Date.now() + 60000;
const timer = setInterval(() => {
  if (Date.now() > deadline) fail('timed out');
  if (client === null) return;
  const synced = client.state instanceof ot.Client.Synchronized;
  if (made < edits) {
    if (rand() < 0.7) edit();
    return;
  }
  if (synced && Date.now() - lastMessage > 1500) {
    finished = true;
    clearInterval(timer);
    process.stdout.write(JSON.stringify({ version: client.revision, text, messages }) + '\n');
    ws.close();
  }
}, 5);
