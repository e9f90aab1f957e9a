import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeSet } from '@codemirror/state';
import { mapFindings, summary } from '../src/editor/checks.js';

const finding = (from, to, severity = 'error') => ({ start: { offset16: from }, end: { offset16: to }, severity });

test('findings move with the text typed while the check was on its way', () => {
  // The text sent was "ab ![](x.png) cd" (image at 3..13); then "XYZ" was typed at 0 and "!" at the end.
  let since = ChangeSet.empty(16);
  since = since.compose(ChangeSet.of({ from: 0, insert: 'XYZ' }, 16));
  since = since.compose(ChangeSet.of({ from: 19, insert: '!' }, 19));
  const [f] = mapFindings([finding(3, 13)], since);
  assert.equal(f.from, 6);
  assert.equal(f.to, 16);
  const [g] = mapFindings([finding(3, 13)], null);
  assert.deepEqual([g.from, g.to], [3, 13]);
});

test('a spot deleted since collapses instead of pointing elsewhere', () => {
  const since = ChangeSet.of({ from: 2, to: 14 }, 16);
  const [f] = mapFindings([finding(3, 13)], since);
  assert.equal(f.from, 2);
  assert.equal(f.to, 2);
});

test('the summary counts by severity', () => {
  assert.equal(summary([]), 'No accessibility problems found.');
  assert.equal(summary([finding(0, 1)]), '1 accessibility problem: 1 error.');
  assert.equal(summary([finding(0, 1), finding(1, 2, 'warning'), finding(2, 3, 'warning')]), '3 accessibility problems: 1 error, 2 warnings.');
});
