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

// length returns the number of code units the spans cover.
export function length(spans) {
  return spans.reduce((n, s) => n + s[1], 0);
}
