// diff returns a TextOperation turning text a into text b. It is used only when the client must
// rebase unsent local edits onto a fresh snapshot (the server no longer knew our base): the
// server's change is recovered as diff(knownServerText, snapshotText) and our pending edits are
// transformed over it, so the user's own words are kept. Works on code points so an operation
// never splits a surrogate pair (the server rejects those). Myers' O(ND) algorithm, bounded:
// past maxEdits the changed middle is replaced as one block (still correct, only coarser).
import { TextOperation } from './text-operation.js';

export function diff(a, b, maxEdits = 1000) {
  const op = new TextOperation();
  if (a === b) return op.retain(a.length);
  const A = Array.from(a), B = Array.from(b);
  let pre = 0;
  while (pre < A.length && pre < B.length && A[pre] === B[pre]) pre++;
  let suf = 0;
  while (suf < A.length - pre && suf < B.length - pre && A[A.length - 1 - suf] === B[B.length - 1 - suf]) suf++;
  const units = (arr, from, to) => { let n = 0; for (let i = from; i < to; i++) n += arr[i].length; return n; };
  op.retain(units(A, 0, pre));
  const x = A.slice(pre, A.length - suf), y = B.slice(pre, B.length - suf);
  const script = myers(x, y, maxEdits);
  if (script === null) {
    op.delete(units(x, 0, x.length));
    op.insert(y.join(''));
  } else {
    for (const [kind, from, to] of script) {
      if (kind === '=') op.retain(units(x, from, to));
      else if (kind === '-') op.delete(units(x, from, to));
      else op.insert(y.slice(from, to).join(''));
    }
  }
  op.retain(units(A, A.length - suf, A.length));
  return op;
}

// myers returns a list of [kind, from, to] runs ('=' and '-' index x, '+' indexes y), or null
// when more than maxEdits edits would be needed.
function myers(x, y, maxEdits) {
  const n = x.length, m = y.length;
  const max = Math.min(n + m, maxEdits);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let i;
      if (k === -d || (k !== d && v[off + k - 1] < v[off + k + 1])) i = v[off + k + 1];
      else i = v[off + k - 1] + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) { i++; j++; }
      v[off + k] = i;
      if (i >= n && j >= m) return backtrack(trace, off, n, m, d);
    }
  }
  return null;
}

function backtrack(trace, off, n, m, dEnd) {
  const steps = []; // collected from the end: [kind, index]
  let i = n, j = m;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d];
    const k = i - j;
    const down = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]);
    const pk = down ? k + 1 : k - 1;
    const pi = v[off + pk];
    const mi = down ? pi : pi + 1; // where the snake after this edit starts
    while (i > mi) { i--; j--; steps.push(['=', i]); }
    if (down) { j--; steps.push(['+', j]); }
    else { i--; steps.push(['-', i]); }
  }
  while (i > 0) { i--; j--; steps.push(['=', i]); }
  steps.reverse();
  const runs = [];
  for (const [kind, idx] of steps) {
    const last = runs[runs.length - 1];
    if (last && last[0] === kind && last[2] === idx) last[2] = idx + 1;
    else runs.push([kind, idx, idx + 1]);
  }
  return runs;
}
