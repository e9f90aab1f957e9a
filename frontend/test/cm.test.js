// CodeMirror glue, in Node (no DOM needed for state, history and change sets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EditorState, Transaction } from '@codemirror/state';
import { history, undo, redo } from '@codemirror/commands';
import { changesToOp, opToChanges } from '../src/editor/cm.js';
import { TextOperation } from '../src/ot/text-operation.js';
import { rng, randomText, randomOp } from './helpers.js';

const remote = (op) => ({
  changes: opToChanges(op),
  annotations: [Transaction.remote.of(true), Transaction.addToHistory.of(false)],
});

test('ops and CodeMirror changes convert both ways (UTF-16 positions, "\\r" kept)', () => {
  for (let seed = 1; seed <= 500; seed++) {
    const r = rng(seed);
    const text = randomText(r, 30) + '\r\n' + randomText(r, 5);
    const state = EditorState.create({ doc: text, extensions: EditorState.lineSeparator.of('\n') });
    assert.equal(state.doc.toString(), text);
    const op = randomOp(r, text);
    const tr = state.update({ changes: opToChanges(op) });
    assert.equal(tr.state.doc.toString(), op.apply(text), `seed ${seed}`);
    assert.deepEqual(changesToOp(tr.changes, text.length).toJSON(), op.toJSON(), `seed ${seed}`);
  }
});

test('undo reverts only my own edits; remote text stays', () => {
  let state = EditorState.create({ doc: 'abc', extensions: [history(), EditorState.lineSeparator.of('\n')] });
  const run = (cmd) => cmd({ state, dispatch: (tr) => { state = tr.state; } });
  state = state.update({ changes: { from: 3, insert: ' mine' }, userEvent: 'input.type' }).state;
  state = state.update(remote(TextOperation.fromJSON(['theirs ', 8]))).state;
  assert.equal(state.doc.toString(), 'theirs abc mine');
  assert.equal(run(undo), true);
  assert.equal(state.doc.toString(), 'theirs abc');
  assert.equal(run(undo), false, 'nothing of mine left to undo');
  run(redo);
  assert.equal(state.doc.toString(), 'theirs abc mine');
});
