import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Identity } from '../src/editor/identity.js';

function memory() {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v), map: m };
}

test('a reload in the same tab keeps the client id, the seq counter and the unsent state', () => {
  const st = memory();
  const first = new Identity(st, 'res-1');
  assert.match(first.clientId, /^[0-9a-f]{32}$/);
  first.persistSeq(7);
  first.release({ revision: 3 });
  const second = new Identity(st, 'res-1');
  assert.equal(second.clientId, first.clientId);
  assert.equal(second.nextSeq, 7);
  assert.deepEqual(second.restore, { revision: 3 });
});

test('a duplicated tab (identity still claimed) takes a fresh id and restores nothing', () => {
  const st = memory();
  const first = new Identity(st, 'res-1');
  first.persistSeq(4);
  const copy = new Identity(st, 'res-1'); // first never released: still live
  assert.notEqual(copy.clientId, first.clientId);
  assert.equal(copy.nextSeq, 1);
  assert.equal(copy.restore, null);
});

test('identities are per resource, and broken storage is survived', () => {
  const st = memory();
  assert.notEqual(new Identity(st, 'a').clientId, new Identity(st, 'b').clientId);
  st.map.set('commonplace.live.c', '{not json');
  assert.match(new Identity(st, 'c').clientId, /^[0-9a-f]{32}$/);
  const full = { getItem: () => null, setItem: () => { throw new Error('quota'); } };
  assert.doesNotThrow(() => new Identity(full, 'd').persistSeq(2));
});
