import test from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, refOf, missing } from '../src/translate/notation.js';

const phs = [{ id: '1', kind: 'open' }, { id: '1', kind: 'close' }, { id: '2', kind: 'standalone' }];

test('tokenize splits declared placeholders; other braces are text', () => {
  assert.deepEqual(tokenize('Lee {1}más{/1} {{x}} {2/}', phs), [
    { text: 'Lee ' }, { ph: '{1}' }, { text: 'más' }, { ph: '{/1}' }, { text: ' {{x}} ' }, { ph: '{2/}' },
  ]);
  assert.deepEqual(tokenize('$x_{i}$ {3/} {abc}', phs), [{ text: '$x_{i}$ {3/} {abc}' }]);
  assert.deepEqual(tokenize('{1}', []), [{ text: '{1}' }]);
});

test('missing lists unused placeholders', () => {
  assert.deepEqual(phs.map(refOf), ['{1}', '{/1}', '{2/}']);
  assert.deepEqual(missing(phs, 'x {1}y{/1}').map(refOf), ['{2/}']);
  assert.deepEqual(missing(phs, '{1}{/1}{2/}'), []);
});
