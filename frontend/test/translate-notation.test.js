import test from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, escapeText, refOf, missing } from '../src/translate/notation.js';

test('tokenize splits placeholders and unescapes braces', () => {
  assert.deepEqual(tokenize('Lee {1}más{/1} {{x}} {2/}'), [
    { text: 'Lee ' }, { ph: '{1}' }, { text: 'más' }, { ph: '{/1}' }, { text: ' {x} ' }, { ph: '{2/}' },
  ]);
  assert.deepEqual(tokenize('{abc}'), [{ text: '{abc}' }]);
});

test('escapeText round-trips through tokenize', () => {
  const s = 'a {b} c';
  assert.deepEqual(tokenize(escapeText(s)), [{ text: s }]);
});

test('missing lists unused placeholders', () => {
  const phs = [{ id: '1', kind: 'open' }, { id: '1', kind: 'close' }, { id: '2', kind: 'standalone' }];
  assert.deepEqual(phs.map(refOf), ['{1}', '{/1}', '{2/}']);
  assert.deepEqual(missing(phs, 'x {1}y{/1}').map(refOf), ['{2/}']);
  assert.deepEqual(missing(phs, '{1}{/1}{2/}'), []);
});
