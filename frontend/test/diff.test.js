import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diff } from '../src/ot/diff.js';
import { isRetain, isDelete } from '../src/ot/text-operation.js';
import { rng, randomText } from './helpers.js';

const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

// splitsPair tells whether op cuts text inside a surrogate pair.
function splitsPair(op, text) {
  let pos = 0;
  for (const c of op.ops) {
    if (isRetain(c) || isDelete(c)) {
      pos += Math.abs(c);
      if (pos < text.length && isLow(text.charCodeAt(pos))) return true;
    } else if (pos < text.length && isLow(text.charCodeAt(pos))) return true;
  }
  return false;
}

test('diff turns a into b without splitting surrogate pairs', () => {
  for (let seed = 1; seed <= 1500; seed++) {
    const r = rng(seed);
    const a = randomText(r, 40), b = randomText(r, 40);
    const op = diff(a, b);
    assert.equal(op.apply(a), b, `seed ${seed}`);
    assert.equal(splitsPair(op, a), false, `seed ${seed}: ${JSON.stringify(op.ops)}`);
  }
});

test('diff keeps common text (minimal on small edits)', () => {
  assert.deepEqual(diff('hello world', 'hello brave world').ops, [6, 'brave ', 5]);
  assert.deepEqual(diff('a😀b', 'a😁b').ops, [1, '😁', -2, 1]);
  assert.deepEqual(diff('same', 'same').ops, [4]);
});

test('diff falls back to one block past the edit bound, still correct', () => {
  const a = 'ab'.repeat(300), b = 'ba'.repeat(300) + 'x';
  const op = diff(a, b, 3);
  assert.equal(op.apply(a), b);
});
