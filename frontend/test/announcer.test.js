import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Announcer, list } from '../src/announcer.js';
import { FakeTimers } from './fake-server.js';

const people = (...names) => names.map((n) => ({ user: 'u-' + n, name: n }));

test('joins and leaves are said once, gathered, and quiet for who was already there', () => {
  const timers = new FakeTimers();
  const said = [];
  const a = new Announcer({ say: (s) => said.push(s), timers, delay: 2000 });
  a.update(people('Ana', 'Bo')); // the editor opens: nothing to say
  timers.runAll();
  assert.deepEqual(said, []);
  a.update(people('Ana', 'Bo', 'Cy'));
  a.update(people('Ana', 'Bo', 'Cy', 'Di'));
  a.update(people('Ana', 'Bo', 'Cy', 'Di')); // a cursor moved: no change
  timers.runAll();
  assert.deepEqual(said, ['Cy and Di joined.']);
  a.update(people('Bo', 'Cy', 'Di'));
  timers.runAll();
  assert.deepEqual(said.at(-1), 'Ana left.');
});

test('someone who leaves and comes back within the moment is not announced', () => {
  const timers = new FakeTimers();
  const said = [];
  const a = new Announcer({ say: (s) => said.push(s), timers });
  a.update(people('Ana'));
  a.update(people());
  a.update(people('Ana'));
  timers.runAll();
  assert.deepEqual(said, []);
  a.update(people('Ana', 'Bo'));
  a.update(people('Ana'));
  timers.runAll();
  assert.deepEqual(said, []);
});

test('names read naturally', () => {
  assert.equal(list(['Bo']), 'Bo');
  assert.equal(list(['Bo', 'Ana']), 'Ana and Bo');
  assert.equal(list(['Cy', 'Ana', 'Bo']), 'Ana, Bo and Cy');
  assert.equal(list(['A', 'B', 'C', 'D', 'E', 'F']), 'A, B, C and 3 others');
});
