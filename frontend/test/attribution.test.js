import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOp, normalize, length } from '../src/attribution.js';
import { TextOperation } from '../src/ot/text-operation.js';
import { PALETTE, colorFor, contrast } from '../src/colors.js';
import { rng, randomText, randomOp } from './helpers.js';

const op = (ops) => TextOperation.fromJSON(ops);

test('inserts are credited to their author, deletes remove credit, neighbours merge', () => {
  let s = normalize([['ann', 5]], 5); // "hello"
  s = applyOp(s, op([5, ' world']), 'bob');
  assert.deepEqual(s, [['ann', 5], ['bob', 6]]);
  s = applyOp(s, op([2, 'XX', 3, -3, 3]), 'cy');
  assert.deepEqual(s, [['ann', 2], ['cy', 2], ['ann', 3], ['bob', 3]]);
  s = applyOp(s, op([2, -2, 6]), 'dee');
  assert.deepEqual(s, [['ann', 5], ['bob', 3]]);
  assert.throws(() => applyOp(s, op([3]), 'x'));
});

test('normalize repairs spans that do not cover the text', () => {
  assert.deepEqual(normalize([['a', 2], ['a', 3]], 5), [['a', 5]]);
  assert.deepEqual(normalize([['a', 9]], 4), [['a', 4]]);
  assert.deepEqual(normalize([['a', 1]], 3), [['a', 1], ['', 2]]);
  assert.deepEqual(normalize(null, 0), []);
});

test('spans stay in step with the text through random ops (per character)', () => {
  for (let seed = 1; seed <= 500; seed++) {
    const r = rng(seed);
    let text = randomText(r, 20);
    let spans = normalize([['0', text.length]], text.length);
    let who = Array.from({ length: text.length }, () => '0'); // authors per code unit
    for (let i = 1; i <= 10; i++) {
      const o = randomOp(r, text);
      const author = String(i % 3);
      // reference: apply per code unit
      const next = [];
      let p = 0;
      for (const c of o.ops) {
        if (typeof c === 'string') for (let k = 0; k < c.length; k++) next.push(author);
        else if (c > 0) { next.push(...who.slice(p, p + c)); p += c; }
        else p -= c;
      }
      who = next;
      text = o.apply(text);
      spans = applyOp(spans, o, author);
      assert.equal(length(spans), text.length, `seed ${seed}`);
      assert.deepEqual(spans.flatMap(([a, n]) => Array(n).fill(a)), who, `seed ${seed}`);
    }
  }
});

test('palette: at least 4.5:1 against white, stable per user', () => {
  for (const c of PALETTE) assert.ok(contrast(c, '#ffffff') >= 4.5, c);
  assert.equal(colorFor('0191a2b4-0000-7000-8000-000000000001'), colorFor('0191a2b4-0000-7000-8000-000000000001'));
  const used = new Set(Array.from({ length: 200 }, (_, i) => colorFor('user-' + i)));
  assert.equal(used.size, PALETTE.length, 'ids spread over the whole palette');
});
