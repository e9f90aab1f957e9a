// Differential tests: our TextOperation against the ot package (ot.js) itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { TextOperation, transformIndex } from '../src/ot/text-operation.js';
import { rng, randomText, randomOp } from './helpers.js';

const require = createRequire(import.meta.url);
const ot = require('ot');

const theirs = (op) => ot.TextOperation.fromJSON(op.toJSON());

test('apply, compose and transform match ot.js on random operations', () => {
  for (let seed = 1; seed <= 2000; seed++) {
    const r = rng(seed);
    const text = randomText(r, 30);
    const a = randomOp(r, text);
    const b = randomOp(r, text);
    assert.deepEqual(a.toJSON(), theirs(a).toJSON(), `normal form, seed ${seed}`);
    assert.equal(a.apply(text), theirs(a).apply(text), `apply, seed ${seed}`);

    const [ap, bp] = TextOperation.transform(a, b);
    const [tap, tbp] = ot.TextOperation.transform(theirs(a), theirs(b));
    assert.deepEqual(ap.toJSON(), tap.toJSON(), `transform a', seed ${seed}`);
    assert.deepEqual(bp.toJSON(), tbp.toJSON(), `transform b', seed ${seed}`);
    assert.equal(bp.apply(a.apply(text)), ap.apply(b.apply(text)), `convergence, seed ${seed}`);

    const c = randomOp(r, a.apply(text));
    const ac = a.compose(c);
    assert.deepEqual(ac.toJSON(), theirs(a).compose(theirs(c)).toJSON(), `compose, seed ${seed}`);
    assert.equal(ac.apply(text), c.apply(a.apply(text)), `compose law, seed ${seed}`);

    assert.equal(a.invert(text).apply(a.apply(text)), text, `invert, seed ${seed}`);

    const pos = Math.floor(r() * (text.length + 1));
    const range = new ot.Selection.Range(pos, pos).transform(theirs(a));
    assert.equal(transformIndex(pos, a), range.head, `transformIndex, seed ${seed}`);
  }
});

test('ties: the first argument inserts first, as in ot.js', () => {
  const a = TextOperation.fromJSON([1, 'A', 1]);
  const b = TextOperation.fromJSON([1, 'B', 1]);
  const [ap, bp] = TextOperation.transform(a, b);
  assert.equal(bp.apply(a.apply('xy')), 'xABy');
  assert.equal(ap.apply(b.apply('xy')), 'xABy');
});

test('fromJSON rejects what is not an operation', () => {
  for (const bad of [[0], [1.5], [null], [{}], 'abc', [true]]) {
    assert.throws(() => TextOperation.fromJSON(bad), undefined, JSON.stringify(bad));
  }
  assert.throws(() => TextOperation.fromJSON([3]).apply('ab'));
});

test('lengths are UTF-16 code units', () => {
  const op = TextOperation.fromJSON([1, -2, 'é']);
  assert.equal(op.baseLength, 3);
  assert.equal(op.apply('a😀'), 'aé');
});
