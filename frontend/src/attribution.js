// Authorship spans: a run-length list [[userId, length], …] covering the document in UTF-16 code
// units, the same shape as the snapshot's "attribution" field (DESIGN.md §4). The client keeps
// them in local document coordinates and moves them through every op, local or remote.
import { isRetain, isInsert } from './ot/text-operation.js';

// normalize merges neighbours by the same author, drops empty runs, and makes the total equal
// textLength (a defensive fix for a snapshot whose spans do not cover the text).
export function normalize(spans, textLength) {
  const out = [];
  let total = 0;
  for (const s of spans || []) {
    if (!Array.isArray(s)) continue;
    let len = Math.max(0, Math.floor(Number(s[1]) || 0));
    if (total + len > textLength) len = textLength - total;
    if (len > 0) push(out, String(s[0] ?? ''), len);
    total += len;
  }
  if (total < textLength) push(out, '', textLength - total);
  return out;
}

function push(out, author, len) {
  if (len <= 0) return;
  const last = out[out.length - 1];
  if (last && last[0] === author) last[1] += len;
  else out.push([author, len]);
}

// applyOp returns the spans after op, whose inserts are credited to author.
export function applyOp(spans, op, author) {
  const out = [];
  let i = 0; // index into spans
  let used = 0; // units of spans[i] already consumed
  const take = (n, keep) => {
    while (n > 0) {
      if (i >= spans.length) throw new Error('attribution shorter than the operation');
      const [who, len] = spans[i];
      const k = Math.min(n, len - used);
      if (keep) push(out, who, k);
      used += k;
      n -= k;
      if (used === len) { i++; used = 0; }
    }
  };
  for (const c of op.ops) {
    if (isRetain(c)) take(c, true);
    else if (isInsert(c)) push(out, author, c.length);
    else take(-c, false);
  }
  if (i < spans.length) throw new Error('attribution longer than the operation');
  return out;
}

// applyOpAuthors returns the spans after a composed op (several authors' ops at once): its inserts,
// in order, are credited by the run-length list authors [[userId, length], …]; units the list
// does not cover are credited to nobody.
export function applyOpAuthors(spans, op, authors) {
  const runs = authors.map((a) => [String(a[0] ?? ''), Math.max(0, Math.floor(Number(a[1]) || 0))]);
  let r = 0;
  let usedRun = 0;
  const out = [];
  const credited = applyOp(spans, op, '\u0000'); // inserts marked, then handed out below
  for (const [who, len] of credited) {
    if (who !== '\u0000') {
      push(out, who, len);
      continue;
    }
    let n = len;
    while (n > 0) {
      if (r >= runs.length) {
        push(out, '', n);
        break;
      }
      const k = Math.min(n, runs[r][1] - usedRun);
      push(out, runs[r][0], k);
      n -= k;
      usedRun += k;
      if (usedRun >= runs[r][1]) { r++; usedRun = 0; }
    }
  }
  return out;
}

// length returns the number of code units the spans cover.
export function length(spans) {
  return spans.reduce((n, s) => n + s[1], 0);
}
