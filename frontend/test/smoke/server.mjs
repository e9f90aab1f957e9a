// Manual smoke server for the bundle in a real browser (not a unit test; node --test skips it
// unless COMMONPLACE_SMOKE=1). It serves a page with the DOM contract of src/editor/main.js, the
// built dist/editor.js, a render endpoint, and a tiny ot.js-semantics live endpoint on
// 127.0.0.1 that greets each client with a snapshot, a peer, a remote op and a cursor.
//   COMMONPLACE_SMOKE=1 node test/smoke/server.mjs [port] [rtl]
import http from 'node:http';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

if (process.env.COMMONPLACE_SMOKE !== '1') process.exit(0);
const ot = createRequire(import.meta.url)('ot');
const port = Number(process.argv[2] || 8765);
const rtl = process.argv[3] === 'rtl';
const bundle = readFileSync(fileURLToPath(new URL('../../dist/editor.js', import.meta.url)));
const doc = { text: rtl ? '# درس\n\nمرحبا بالعالم.\n' : '# Lesson\n\nHello world.\n', version: 0, log: [], applied: new Map() };
const RES = '0191a2b4-0000-7000-8000-00000000000a';

const page = `<!doctype html><html lang="${rtl ? 'ar' : 'en'}"><head><meta charset="utf-8"><meta name="csrf-token" content="tok"><title>smoke</title></head><body>
<div id="live-editor" data-resource="${RES}" data-live-url="/api/v1/resources/${RES}/live" data-render-url="/api/v1/render"
 data-user="u-me" data-name="Me Myself" data-role="editor" data-lang="${rtl ? 'ar' : 'en'}" data-dir="${rtl ? 'rtl' : 'ltr'}">
<textarea id="content-fallback">${doc.text}</textarea></div>
<p id="editor-status" role="status" aria-live="polite"></p>
<button type="button" id="toggle-authors" aria-pressed="false">Show authors</button>
<section id="editor-preview" aria-label="Preview"></section>
<ul id="editor-peers" aria-label="People here"></ul>
<pre id="out"></pre>
<script src="/static/editor.js"></script>
<script>setTimeout(() => { const v = window.commonplaceEditor.view;
  v.dispatch({ changes: { from: 0, insert: 'Typed. ' }, userEvent: 'input.type' });
  v.dispatch({ selection: { anchor: 3, head: 9 } }); }, 700);
setTimeout(() => { document.getElementById('toggle-authors').click();
  const e = window.commonplaceEditor; document.getElementById('out').textContent = JSON.stringify({text: e.getText(), version: e.version(), status: e.status()}); }, 1500);</script>
</body></html>`;

const server = http.createServer((req, res) => {
  if (req.url === '/') { res.setHeader('content-type', 'text/html; charset=utf-8'); return res.end(page); }
  if (req.url === '/static/editor.js') { res.setHeader('content-type', 'text/javascript'); return res.end(bundle); }
  if (req.url === '/api/v1/render' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const md = JSON.parse(body).markdown;
      const esc = md.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ html: `<pre data-csrf="${req.headers['x-csrf-token']}">${esc}</pre>` }));
    });
    return;
  }
  res.statusCode = 404;
  res.end();
});

function send(sock, obj) {
  const p = Buffer.from(JSON.stringify(obj));
  const head = p.length < 126 ? Buffer.from([0x81, p.length]) : Buffer.from([0x81, 126, p.length >> 8, p.length & 255]);
  sock.write(Buffer.concat([head, p]));
}

server.on('upgrade', (req, sock) => {
  const url = new URL(req.url, 'http://x');
  const client = url.searchParams.get('client');
  const accept = crypto.createHash('sha1').update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  sock.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  console.log('connect', req.url);
  send(sock, { type: 'snapshot', version: doc.version, text: doc.text, role: 'editor', attribution: [['u-ann', doc.text.length]],
    peers: [{ client: 'peer1', user: 'u-ann', name: 'Ann Author', version: doc.version, anchor: 2, head: 8 }] });
  // a remote edit by Ann, then her cursor after it
  const op = new ot.TextOperation().retain(doc.text.length).insert(rtl ? 'نص جديد.\n' : 'Ann was here.\n');
  doc.text = op.apply(doc.text);
  doc.version++;
  doc.log.push(op);
  send(sock, { type: 'op', version: doc.version, author: 'u-ann', client: 'peer1', seq: doc.version, ops: op.toJSON() });
  send(sock, { type: 'cursor', client: 'peer1', user: 'u-ann', name: 'Ann Author', version: doc.version, anchor: doc.text.length - 1, head: doc.text.length - 1 });
  let buf = Buffer.alloc(0);
  sock.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 6) {
      let len = buf[1] & 127, off = 2;
      if (len === 126) { len = buf.readUInt16BE(2); off = 4; }
      if (buf.length < off + 4 + len) return;
      const mask = buf.subarray(off, off + 4);
      const data = Buffer.from(buf.subarray(off + 4, off + 4 + len).map((b, i) => b ^ mask[i % 4]));
      const opcode = buf[0] & 15;
      buf = buf.subarray(off + 4 + len);
      if (opcode === 8) return sock.end();
      const f = JSON.parse(data.toString());
      console.log('frame', JSON.stringify(f));
      if (f.type !== 'op') continue;
      const key = client + ':' + f.seq;
      if (doc.applied.has(key)) { send(sock, { type: 'ack', seq: f.seq, version: doc.applied.get(key) }); continue; }
      let o = ot.TextOperation.fromJSON(f.ops);
      for (const prev of doc.log.slice(f.base)) o = ot.TextOperation.transform(o, prev)[0];
      doc.text = o.apply(doc.text);
      doc.log.push(o);
      doc.version++;
      doc.applied.set(key, doc.version);
      send(sock, { type: 'ack', seq: f.seq, version: doc.version });
    }
  });
  sock.on('error', () => {});
});

server.listen(port, '127.0.0.1', () => console.log(`smoke server on http://127.0.0.1:${port}/`));
