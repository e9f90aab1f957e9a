import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextOperation } from '../src/ot/text-operation.js';
import { Session, backoffDelay } from '../src/session.js';
import { FakeServer, FakeTimers, FakeEditor } from './fake-server.js';
import { rng, randomOp } from './helpers.js';
import { length as spanLength } from '../src/attribution.js';

function makeClient(server, timers, id, { text = '', online = () => true, restore = null, nextSeq = 1 } = {}) {
  const editor = new FakeEditor(restore ? restore.text : text);
  const s = new Session({
    url: 'ws://test/api/v1/resources/r/live',
    clientId: id,
    user: 'user-' + id,
    name: 'Name ' + id,
    role: 'editor',
    text,
    restore,
    nextSeq,
    WebSocket: server.WebSocket,
    timers,
    random: () => 0.5,
    isOnline: online,
    hooks: editor.hooks(),
  });
  editor.session = s;
  s.start();
  return { s, editor };
}

const sentFrames = (ws) => ws.toServer.map((d) => JSON.parse(d));
const lastSocket = (server, id) => server.sockets.filter((w) => w.client === id).at(-1);
const insertAt = (text, pos, str) => new TextOperation().retain(pos).insert(str).retain(text.length - pos);

// pump delivers everything and fires reconnect timers until nothing moves.
function settle(server, timers) {
  for (let round = 0; round < 1000; round++) {
    let moved = 0;
    for (const ws of server.sockets) {
      if (ws.state === 'connecting') { server.open(ws); moved++; }
      while (ws.state === 'open' && ws.toServer.length) { server.deliverToServer(ws); moved++; }
      while (ws.state === 'open' && ws.toClient.length) { server.deliverToClient(ws); moved++; }
    }
    if (!moved && !timers.runAll()) return;
  }
  throw new Error('did not settle');
}

test('connects with the client id, applies the snapshot, sends an op and gets it acked', () => {
  const server = new FakeServer('hello');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: 'hello' });
  const ws = lastSocket(server, 'c1');
  assert.equal(ws.url, 'ws://test/api/v1/resources/r/live?client=c1&batch=1&compose=1');
  settle(server, timers);
  assert.equal(s.version, 0);
  assert.equal(s.statusText(), 'Connected');
  editor.edit(insertAt(editor.text, 5, '!'));
  assert.deepEqual(sentFrames(ws), [{ type: 'op', base: 0, seq: 1, ops: [5, '!'] }]);
  assert.equal(s.statusText(), 'Saving…');
  settle(server, timers);
  assert.equal(server.text, 'hello!');
  assert.equal(s.version, 1);
  assert.equal(s.statusText(), 'Saved');
  assert.deepEqual(s.attribution, [['', 5], ['user-c1', 1]]);
});

test('one op in flight; later edits are buffered and composed, then sent with the next seq', () => {
  const server = new FakeServer('');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1');
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  editor.edit(insertAt(editor.text, 0, 'a'));
  editor.edit(insertAt(editor.text, 1, 'b'));
  editor.edit(insertAt(editor.text, 2, 'c'));
  assert.equal(s.client.state, 'awaitingWithBuffer');
  assert.equal(ws.toServer.length, 1);
  assert.equal(s.unsent(), 3);
  server.deliverToServer(ws);
  server.deliverToClient(ws); // ack seq 1 → buffer goes out as seq 2
  assert.deepEqual(sentFrames(ws), [{ type: 'op', base: 1, seq: 2, ops: [1, 'bc'] }]);
  assert.equal(s.unsent(), 2);
  settle(server, timers);
  assert.equal(server.text, 'abc');
  assert.equal(s.unsent(), 0);
});

test('after a lost ack, the replay after since confirms the op; it is not applied twice', () => {
  const server = new FakeServer('x');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: 'x' });
  settle(server, timers);
  let ws = lastSocket(server, 'c1');
  editor.edit(insertAt(editor.text, 1, 'Y'));
  server.deliverToServer(ws); // applied as version 1, ack queued…
  editor.edit(insertAt(editor.text, 2, 'Z')); // buffered while waiting
  server.cut(ws); // …and lost
  assert.match(s.statusText(), /^Offline — 2 unsent edits\. Reconnecting in \d+ s…$/);
  timers.runAll();
  ws = lastSocket(server, 'c1');
  assert.equal(ws.url, 'ws://test/api/v1/resources/r/live?client=c1&batch=1&compose=1&since=0');
  server.open(ws);
  server.deliverToClient(ws); // replay of version 1: our own op, recognised by client and seq
  assert.deepEqual(sentFrames(ws), [{ type: 'op', base: 1, seq: 2, ops: [2, 'Z'] }]);
  settle(server, timers);
  assert.equal(server.text, 'xYZ');
  assert.equal(editor.text, 'xYZ');
  assert.equal(s.unsent(), 0);
});

test('an op lost on the way is resent after the reconnect with the SAME seq, never composed with newer edits', () => {
  const server = new FakeServer('x');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: 'x' });
  settle(server, timers);
  let ws = lastSocket(server, 'c1');
  editor.edit(insertAt(editor.text, 1, 'Y')); // seq 1 sent…
  server.cut(ws); // …and lost before the server saw it
  editor.edit(insertAt(editor.text, 2, 'Z'));
  timers.runAll();
  ws = lastSocket(server, 'c1');
  server.open(ws);
  assert.deepEqual(sentFrames(ws), [], 'waits to learn whether the server replays or snapshots');
  timers.runAll(); // nothing replayed: resend
  assert.deepEqual(sentFrames(ws), [{ type: 'op', base: 0, seq: 1, ops: [1, 'Y'] }]);
  server.deliverToServer(ws);
  // a duplicate resend of seq 1 (as if sent twice) is acknowledged, not applied again
  server.receive(ws, JSON.stringify({ type: 'op', base: 0, seq: 1, ops: [1, 'Y'] }));
  settle(server, timers);
  assert.equal(server.text, 'xYZ');
  assert.equal(editor.text, 'xYZ');
  assert.equal(s.unsent(), 0);
  assert.equal(server.version, 2);
});

test('offline: keeps typing, counts unsent edits, sends them as one op when back', () => {
  const server = new FakeServer('');
  const timers = new FakeTimers();
  let online = true;
  const { s, editor } = makeClient(server, timers, 'c1', { online: () => online });
  settle(server, timers);
  online = false;
  s.goOffline();
  for (const ch of 'abcd') editor.edit(insertAt(editor.text, editor.text.length, ch));
  assert.equal(s.statusText(), 'Offline — 4 unsent edits. Waiting for the network…');
  assert.equal(timers.runAll(), 0, 'no reconnect attempts while offline');
  online = true;
  s.goOnline();
  const ws = lastSocket(server, 'c1');
  server.open(ws);
  timers.runAll(); // nothing to replay
  const frames = sentFrames(ws);
  assert.deepEqual(frames, [{ type: 'op', base: 0, seq: 1, ops: ['a'] }]);
  settle(server, timers);
  assert.equal(server.text, 'abcd');
  assert.equal(s.statusText(), 'Saved');
});

test('snapshot instead of replay (history unknown): unsent edits are rebased, the user keeps their words', () => {
  const server = new FakeServer('The cat sat.', { historyLimit: 0 });
  const timers = new FakeTimers();
  const a = makeClient(server, timers, 'a', { text: 'The cat sat.' });
  const b = makeClient(server, timers, 'b', { text: 'The cat sat.' });
  settle(server, timers);
  server.cut(lastSocket(server, 'a'));
  a.editor.edit(insertAt(a.editor.text, 7, ' quietly'));
  b.editor.edit(new TextOperation().retain(4).delete(3).insert('dog').retain(5));
  settle(server, timers);
  assert.equal(server.text, 'The dog quietly sat.');
  assert.equal(a.editor.text, server.text);
  assert.equal(b.editor.text, server.text);
  assert.equal(spanLength(a.s.attribution), a.editor.text.length);
});

test('backoff grows from about 1 s to at most 30 s with jitter', () => {
  assert.equal(backoffDelay(0, () => 0), 500);
  assert.equal(backoffDelay(0, () => 1), 1000);
  assert.equal(backoffDelay(3, () => 1), 8000);
  assert.equal(backoffDelay(10, () => 1), 30000);
  assert.equal(backoffDelay(50, () => 0), 15000);
});

test('forbidden: pending edits are undone locally and the editor turns read-only', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  editor.edit(insertAt(editor.text, 3, 'd'));
  ws.toServer = [];
  ws.onmessage({ data: JSON.stringify({ type: 'error', code: 'forbidden', message: 'no', seq: 1 }) });
  assert.equal(editor.text, 'abc');
  assert.equal(s.readOnly, true);
  assert.equal(s.unsent(), 0);
  assert.equal(s.statusText(), 'Connected. You can follow but not edit.');
});

test('a version gap triggers a resync with since', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  ws.onmessage({ data: JSON.stringify({ type: 'op', version: 3, author: 'u', client: 'z', seq: 1, ops: [3, 'x'] }) });
  assert.equal(editor.text, 'abc');
  timers.runAll();
  assert.equal(lastSocket(server, 'c1').url, 'ws://test/api/v1/resources/r/live?client=c1&batch=1&compose=1&since=0');
  assert.equal(s.version, 0);
});

test('remote cursors: mapped from their version through later ops and our pending edits', () => {
  const server = new FakeServer('0123456789');
  const timers = new FakeTimers();
  const a = makeClient(server, timers, 'a', { text: '0123456789' });
  const b = makeClient(server, timers, 'b', { text: '0123456789' });
  settle(server, timers);
  const wsA = lastSocket(server, 'a');
  // b's cursor at version 0, position 5; meanwhile version 1 inserted 2 chars at 0
  b.editor.edit(insertAt(b.editor.text, 0, 'XY'));
  settle(server, timers);
  a.editor.edit(insertAt(a.editor.text, 1, 'Q')); // pending, before the cursor
  wsA.onmessage({ data: JSON.stringify({ type: 'cursor', client: 'b', user: 'user-b', name: 'Bea', version: 0, anchor: 5, head: 7 }) });
  const p = a.s.presence.get('user-b', 'b');
  assert.deepEqual([p.anchor, p.head], [8, 10]);
  assert.equal(a.s.nameOf('user-b'), 'Bea');
  a.editor.edit(insertAt(a.editor.text, 0, 'ZZ')); // local typing moves it
  assert.deepEqual([p.anchor, p.head], [10, 12]);
  wsA.onmessage({ data: JSON.stringify({ type: 'leave', client: 'b', user: 'user-b' }) });
  assert.equal(a.s.presence.peers.size, 0);
});

test('own cursor is sent only when nothing is pending, with base = the current version', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  editor.edit(insertAt(editor.text, 3, 'd'));
  editor.sel = { anchor: 4, head: 4 };
  s.cursorMoved();
  timers.runAll();
  assert.deepEqual(sentFrames(ws).map((f) => f.type), ['op']);
  server.deliverToServer(ws);
  server.deliverToClient(ws);
  assert.deepEqual(sentFrames(ws), [{ type: 'cursor', base: 1, anchor: 4, head: 4 }]);
});

test('a reload resends the saved outstanding op with the same client id and seq', () => {
  const server = new FakeServer('hi');
  const timers = new FakeTimers();
  const first = makeClient(server, timers, 'c1', { text: 'hi' });
  settle(server, timers);
  first.editor.edit(insertAt(first.editor.text, 2, '!'));
  server.deliverToServer(lastSocket(server, 'c1')); // applied, ack never arrives
  first.s.stop();
  const saved = JSON.parse(JSON.stringify(first.s.saveState(first.editor.text)));
  assert.equal(Session.validRestore(saved), true);
  const second = makeClient(server, timers, 'c1', { text: 'stale', restore: saved, nextSeq: saved.nextSeq });
  const ws = lastSocket(server, 'c1');
  assert.match(ws.url, /since=0$/);
  server.open(ws);
  timers.runAll(); // nothing to replay (the op is version 1: replay would confirm it)
  ws.toClient = [];
  assert.deepEqual(sentFrames(ws)[0], { type: 'op', base: 0, seq: 1, ops: [2, '!'] });
  settle(server, timers);
  assert.equal(server.text, 'hi!');
  assert.equal(second.editor.text, 'hi!');
  assert.equal(Session.validRestore({ ...saved, text: 'tampered' }), false);
});

// Random runs: several clients type, inserting unique tokens at token boundaries, while frames
// are delayed and connections cut. Every token must end up exactly once on every client.
test('random concurrent editing with cuts and reconnects: converges, nothing lost or doubled', () => {
  for (let seed = 1; seed <= 150; seed++) {
    const r = rng(seed);
    const server = new FakeServer('');
    const timers = new FakeTimers();
    const ids = ['a', 'b', 'c'];
    const clients = ids.map((id) => makeClient(server, timers, id));
    const tokens = [];
    let n = 0;
    for (let step = 0; step < 300; step++) {
      const c = clients[Math.floor(r() * clients.length)];
      const ws = lastSocket(server, c.s.clientId);
      const p = r();
      if (p < 0.3) {
        const t = c.editor.text;
        const bounds = [0];
        for (let i = 0; i < t.length; i++) if (t[i] === ']') bounds.push(i + 1);
        const pos = bounds[Math.floor(r() * bounds.length)];
        const tok = `[${c.s.clientId}${n++}]`;
        tokens.push(tok);
        c.editor.edit(insertAt(t, pos, tok));
      } else if (p < 0.55) server.deliverToServer(ws);
      else if (p < 0.85) server.deliverToClient(ws);
      else if (p < 0.9 && ws.state === 'connecting') server.open(ws);
      else if (p < 0.93) server.cut(ws);
      else if (p < 0.97) timers.runAll();
      else if (ws.state === 'connecting') server.open(ws);
    }
    settle(server, timers);
    for (const c of clients) {
      assert.equal(c.editor.text, server.text, `seed ${seed}: client ${c.s.clientId} diverged`);
      assert.equal(c.s.unsent(), 0, `seed ${seed}`);
      assert.equal(spanLength(c.s.attribution), server.text.length, `seed ${seed}`);
    }
    for (const tok of tokens) {
      assert.equal(server.text.split(tok).length - 1, 1, `seed ${seed}: token ${tok}`);
    }
  }
});

test('random edits with deletions converge (ot.js server semantics)', () => {
  for (let seed = 1; seed <= 150; seed++) {
    const r = rng(seed * 7919);
    const server = new FakeServer('start text', { historyLimit: seed % 3 === 0 ? 1 : Infinity });
    const timers = new FakeTimers();
    const clients = ['a', 'b', 'c'].map((id) => makeClient(server, timers, id, { text: 'start text' }));
    for (let step = 0; step < 200; step++) {
      const c = clients[Math.floor(r() * clients.length)];
      const ws = lastSocket(server, c.s.clientId);
      const p = r();
      if (p < 0.3) c.editor.edit(randomOp(r, c.editor.text));
      else if (p < 0.55) server.deliverToServer(ws);
      else if (p < 0.85) server.deliverToClient(ws);
      else if (p < 0.9) server.cut(ws);
      else if (p < 0.95) timers.runAll();
      else if (ws.state === 'connecting') server.open(ws);
    }
    settle(server, timers);
    for (const c of clients) assert.equal(c.editor.text, server.text, `seed ${seed}`);
  }
});

test('colours: ours and present people\'s from the server\'s slots, absent authors never alike', async () => {
  const { PALETTE } = await import('../src/colors.js');
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  ws.onmessage({ data: JSON.stringify({ type: 'snapshot', version: 0, text: 'abc', role: 'editor', attribution: [['old', 3]], color: 2,
    peers: [{ client: 'b', user: 'user-b', name: 'Bea', role: 'editor', color: 0 }] }) });
  ws.onmessage({ data: JSON.stringify({ type: 'join', client: 'c', user: 'user-c', name: 'Cy', role: 'editor', color: 1 }) });
  assert.equal(s.color, 2);
  assert.equal(s.colorOf(s.user), PALETTE[2]);
  assert.equal(s.colorOf('user-b'), PALETTE[0]);
  assert.equal(s.colorOf('user-c'), PALETTE[1]);
  assert.ok(![PALETTE[0], PALETTE[1], PALETTE[2]].includes(s.colorOf('old')), 'an absent author takes a free colour');
  assert.deepEqual(s.presence.people().map((p) => [p.name, p.color]), [['Bea', 0], ['Cy', 1]]);
  // A resume ends with our colour, which may have changed while we were away.
  ws.onmessage({ data: JSON.stringify({ type: 'you', client: 'c1', user: s.user, color: 4 }) });
  assert.equal(s.colorOf(s.user), PALETTE[4]);
});

test('a resume forgets who was here: the server announces everyone present again', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  let ws = lastSocket(server, 'c1');
  ws.onmessage({ data: JSON.stringify({ type: 'join', client: 'b', user: 'user-b', name: 'Bea', color: 1 }) });
  ws.onmessage({ data: JSON.stringify({ type: 'join', client: 'c', user: 'user-c', name: 'Cy', color: 2 }) });
  assert.equal(s.presence.people().length, 2);
  ws.onclose();
  timers.runAll(); // reconnect with since
  ws = lastSocket(server, 'c1');
  server.open(ws);
  assert.equal(ws.since, 0);
  // Bea is still here; Cy left while we were away.
  ws.onmessage({ data: JSON.stringify([{ type: 'join', client: 'b', user: 'user-b', name: 'Bea', color: 1 },
    { type: 'you', client: 'c1', user: s.user, color: 0 }]) });
  assert.deepEqual(s.presence.people().map((p) => p.name), ['Bea']);
  assert.equal(s.color, 0);
});

test('a client id is per user: another user\'s op with our client id and seq is not our ack', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  editor.edit(insertAt(editor.text, 3, 'd'));
  ws.toServer = []; // our op is still on its way
  ws.onmessage({ data: JSON.stringify({ type: 'op', version: 1, author: 'someone-else', client: 'c1', seq: 1, ops: ['X', 3] }) });
  assert.equal(s.unsent(), 1, 'still waiting for our own ack');
  assert.equal(editor.text, 'Xabcd');
  assert.equal(s.version, 1);
  // A peer with our client id is another person, listed as such.
  ws.onmessage({ data: JSON.stringify({ type: 'join', client: 'c1', user: 'someone-else', name: 'Eve' }) });
  assert.equal(s.presence.peers.size, 1);
  ws.onmessage({ data: JSON.stringify({ type: 'leave', client: 'c1', user: 'someone-else', name: 'Eve' }) });
  assert.equal(s.presence.peers.size, 0);
});

test('peers frames: leaves then joins, for large rooms', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  const join = Array.from({ length: 50 }, (_, i) => ({ client: 'r' + i, user: 'guest-' + i, name: 'Guest', role: 'viewer' }));
  ws.onmessage({ data: JSON.stringify({ type: 'peers', join, leave: [] }) });
  assert.equal(s.presence.peers.size, 50);
  // r0 reconnects (left and joined in one frame): still here; the others left.
  const leave = join.map(({ client, user, name }) => ({ client, user, name }));
  ws.onmessage({ data: JSON.stringify({ type: 'peers', join: [join[0]], leave }) });
  assert.deepEqual([...s.presence.peers.values()].map((p) => p.client), ['r0']);
});

test('a role frame turns the editor read-only (or editable) without reconnecting', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  ws.onmessage({ data: JSON.stringify({ type: 'role', role: 'viewer', can_edit: false }) });
  assert.equal(s.readOnly, true);
  assert.equal(s.statusText(), 'Connected. You can follow but not edit. Your role changed.');
  ws.onmessage({ data: JSON.stringify({ type: 'role', role: 'editor', can_edit: true }) });
  assert.equal(s.readOnly, false);
  assert.equal(s.statusText(), 'Connected');
  assert.equal(server.live().length, 1);
});

test('signed out or rights ended (4401, 4403): no reconnect loop, unsent edits kept', () => {
  for (const [code, text] of [
    [4401, 'Signed out. Sign in again to keep editing. 1 unsent edit is kept in this tab.'],
    [4403, 'You no longer have access to this document. 1 unsent edit could not be saved.'],
  ]) {
    const server = new FakeServer('abc');
    const timers = new FakeTimers();
    const { s, editor } = makeClient(server, timers, 'c1', { text: 'abc' });
    settle(server, timers);
    editor.edit(insertAt(editor.text, 3, 'd'));
    server.cut(lastSocket(server, 'c1'), code);
    timers.runAll();
    timers.runAll();
    assert.equal(server.sockets.length, 1, 'no reconnect after ' + code);
    assert.equal(s.readOnly, true);
    assert.equal(editor.text, 'abcd');
    assert.equal(s.statusText(), text);
    assert.ok(s.saveState(editor.text), 'the unsent edit is saved for a reload');
  }
});

test('too many connections (4429): retries only after the longest backoff', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  server.cut(lastSocket(server, 'c1'), 4429);
  assert.equal(s.retryAt, 30000);
  assert.match(s.statusText(), /Too many open connections/);
  timers.runAll();
  assert.equal(server.sockets.length, 2);
});

test('composed ops (large rooms): applied from their "from" version, inserts credited to their authors', () => {
  const server = new FakeServer('0123456789');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: '0123456789' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  // versions 1–3 by two people: "ab" at 0 (ana), "C" at 12 (bo), and a deletion, as one op
  ws.onmessage({ data: JSON.stringify({ type: 'op', from: 0, version: 3, ops: ['ab', 2, -1, 7, 'C'], authors: [['ana', 2], ['bo', 1]] }) });
  assert.equal(editor.text, 'ab013456789C');
  assert.equal(s.version, 3);
  assert.deepEqual(s.attribution, [['ana', 2], ['', 9], ['bo', 1]]);
  // a cursor at version 1 falls inside the composed ops: it cannot be mapped, and is left out
  ws.onmessage({ data: JSON.stringify({ type: 'cursor', client: 'z', user: 'zoe', name: 'Zoe', version: 1, anchor: 1, head: 1 }) });
  assert.equal(s.presence.get('zoe', 'z').anchor, null);
  // one at version 0 (before them) or 3 (after them) can
  ws.onmessage({ data: JSON.stringify({ type: 'cursor', client: 'z', user: 'zoe', name: 'Zoe', version: 0, anchor: 4, head: 4 }) });
  assert.equal(s.presence.get('zoe', 'z').anchor, 5);
  // a composed op that does not start at our version is a gap: resync with since
  ws.onmessage({ data: JSON.stringify({ type: 'op', from: 4, version: 6, ops: [12, 'x'], authors: [['ana', 1]] }) });
  timers.runAll();
  assert.equal(lastSocket(server, 'c1').url, 'ws://test/api/v1/resources/r/live?client=c1&batch=1&compose=1&since=3');
});

test('a composed op is transformed over our pending edit like any other', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s, editor } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  editor.edit(insertAt(editor.text, 3, '!')); // outstanding
  ws.onmessage({ data: JSON.stringify({ type: 'op', from: 0, version: 2, ops: ['XY', 3], authors: [['x', 1], ['y', 1]] }) });
  assert.equal(editor.text, 'XYabc!');
  assert.deepEqual(s.attribution, [['x', 1], ['y', 1], ['', 3], ['user-c1', 1]]);
});

test('guests are named by each reader in the reader\'s language, not by the name the server sent', () => {
  const server = new FakeServer('abc');
  const timers = new FakeTimers();
  const { s } = makeClient(server, timers, 'c1', { text: 'abc' });
  settle(server, timers);
  const ws = lastSocket(server, 'c1');
  ws.onmessage({ data: JSON.stringify({ type: 'join', client: 'g', user: 'guest-K3J9', name: 'Invitado', color: 1 }) });
  ws.onmessage({ data: JSON.stringify({ type: 'join', client: 'b', user: 'user-b', name: 'Bea', color: 2 }) });
  // Without the page's catalogue (as here) the interface is English.
  assert.deepEqual(s.presence.people().map((p) => p.name), ['Bea', 'Guest']);
});
