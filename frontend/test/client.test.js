// The OT client state machine, differentially against ot.js' own Client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { OTClient, GapError } from '../src/ot/client.js';
import { TextOperation } from '../src/ot/text-operation.js';
import { rng, randomOp } from './helpers.js';

const require = createRequire(import.meta.url);
const ot = require('ot');

test('same sends, same transformed server ops and same states as ot.js Client', () => {
  for (let seed = 1; seed <= 500; seed++) {
    const r = rng(seed);
    let serverText = 'some text';
    let local = serverText;
    let version = 0;
    const oursSent = [], theirsSent = [];
    const oursApplied = [], theirsApplied = [];
    const mine = new OTClient({ text: serverText, revision: 0, send: (f) => oursSent.push(f) });
    mine.connected();
    const ref = new ot.Client(0);
    ref.sendOperation = (rev, op) => theirsSent.push({ base: rev, ops: op.toJSON() });
    ref.applyOperation = (op) => theirsApplied.push(op.toJSON());
    const stateName = { Synchronized: 'synchronized', AwaitingConfirm: 'awaitingConfirm', AwaitingWithBuffer: 'awaitingWithBuffer' };
    for (let step = 0; step < 60; step++) {
      const p = r();
      if (p < 0.4) {
        const op = randomOp(r, local);
        if (op.isNoop()) continue;
        local = op.apply(local);
        mine.applyClient(op);
        ref.applyClient(ot.TextOperation.fromJSON(op.toJSON()));
      } else if (p < 0.7) {
        // another client's op at the server's head
        const op = randomOp(r, serverText);
        serverText = op.apply(serverText);
        version++;
        const l = mine.applyServer(version, op);
        oursApplied.push(l.toJSON());
        local = l.apply(local);
        ref.applyServer(ot.TextOperation.fromJSON(op.toJSON()));
      } else if (mine.outstanding) {
        // the server applies our outstanding op and acks it
        const sent = mine.outstanding.op; // already transformed to the server's head
        serverText = sent.apply(serverText);
        version++;
        mine.serverAck(mine.outstanding.seq, version);
        ref.serverAck();
      }
      assert.equal(mine.state, stateName[ref.state.constructor.name], `seed ${seed} step ${step}`);
    }
    assert.deepEqual(oursSent.map(({ base, ops }) => ({ base, ops })), theirsSent, `sends, seed ${seed}`);
    assert.deepEqual(oursApplied, theirsApplied, `applied ops, seed ${seed}`);
    assert.deepEqual(oursSent.map((f) => f.seq), oursSent.map((_, i) => i + 1), `seq increases by one per op, seed ${seed}`);
  }
});

test('unsent counts transactions; acks for other seqs are ignored', () => {
  const sent = [];
  const c = new OTClient({ text: '', revision: 0, send: (f) => sent.push(f) });
  c.connected();
  c.applyClient(TextOperation.fromJSON(['a']));
  c.applyClient(TextOperation.fromJSON([1, 'b']));
  c.applyClient(TextOperation.fromJSON([2, 'c']));
  assert.equal(c.unsent, 3);
  assert.equal(c.serverAck(7, 1), false);
  assert.equal(c.unsent, 3);
  assert.equal(c.serverAck(1, 1), true);
  assert.equal(c.unsent, 2);
  assert.deepEqual(sent.at(-1), { type: 'op', base: 1, seq: 2, ops: [1, 'bc'] });
  assert.equal(c.serverAck(1, 1), false, 'a second ack for seq 1 is ignored');
  assert.throws(() => c.applyServer(5, TextOperation.fromJSON([3])), GapError);
});

test('disconnected: nothing is sent; connected() resends the outstanding op with its seq', () => {
  const sent = [];
  const c = new OTClient({ text: 'ab', revision: 4, nextSeq: 9, send: (f) => sent.push(f) });
  c.connected();
  c.applyClient(TextOperation.fromJSON(['x', 2]));
  c.disconnected();
  c.applyClient(TextOperation.fromJSON([3, 'y']));
  c.connected();
  assert.deepEqual(sent, [
    { type: 'op', base: 4, seq: 9, ops: ['x', 2] },
    { type: 'op', base: 4, seq: 9, ops: ['x', 2] },
  ]);
});

test('snapshot rebases pending edits over the diff of the server text', () => {
  const c = new OTClient({ text: 'one two three', revision: 3 });
  c.applyClient(TextOperation.fromJSON([3, ' and a half', 10]));
  const { local, rebased } = c.snapshot(9, 'one 2 three four');
  assert.equal(local.apply('one and a half two three'), 'one and a half 2 three four');
  assert.equal(rebased.apply('one 2 three four'), 'one and a half 2 three four');
  assert.equal(c.revision, 9);
  assert.equal(c.unsent, 1);
  assert.equal(c.outstanding.seq, 2, 'a rebased op gets a new seq');
});
