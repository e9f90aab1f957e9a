// Generates reference results from ot.js (the `ot` npm package) for the Go differential test
// in collab/otjs_test.go. Deterministic for a given seed.
//
//   node gen.js <seed> <count> [out.json[.gz]]
//
// Every document and operation is built from whole code points, so no surrogate pair is ever
// split (the Go engine rejects such ops by design; ot.js would accept them).
'use strict';

const fs = require('fs');
const zlib = require('zlib');
const ot = require('ot');
const TextOperation = ot.TextOperation;
const Range = ot.Selection.Range;

const seed = parseInt(process.argv[2] || '1', 10);
const count = parseInt(process.argv[3] || '1000', 10);
const out = process.argv[4];

// mulberry32: small seeded PRNG so runs are reproducible.
let state = seed >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (arr) => arr[int(arr.length)];

// Pieces of text, each a whole number of code points: ASCII, JSON specials, emoji (surrogate
// pairs, ZWJ sequences, flags, skin tones), combining marks, Arabic, CJK, line separators.
const pieces = [
  'a', 'b', 'c', 'x', 'y', 'z', ' ', 'Hello', '\n', '\t', '"', '\\', '/', '<', '&', '\u0001', '\u007f',
  '😀', '👍🏽', '👩‍👩‍👧', '🇫🇷', '𝕏', '𠜎', 'é', 'e\u0301', 'ñ', 'ß', 'Ω',
  'مرحبا', 'ال', 'ـ', '漢字', '中', 'ひらがな', '한국어', '\u2028', '\u2029', '\ufeff', '\u200d',
];

function randText(maxPieces) {
  let s = '';
  const n = 1 + int(maxPieces);
  for (let i = 0; i < n; i++) s += pick(pieces);
  return s;
}

// Code-point array to UTF-16 length.
const len16 = (cps) => cps.reduce((n, c) => n + c.length, 0);

// randOp returns a raw (possibly unnormalised) ops array for the document.
function randOp(doc) {
  const cps = Array.from(doc);
  const raw = [];
  let i = 0;
  const maxStep = 1 + int(6);
  while (i < cps.length || rand() < 0.1) {
    const r = rand();
    if (r < 0.2) {
      raw.push(randText(3));
      if (rand() < 0.05) raw.push(''); // ot.js ignores empty inserts
    } else if (i < cps.length) {
      const n = 1 + int(Math.min(maxStep, cps.length - i));
      const units = len16(cps.slice(i, i + n));
      i += n;
      if (r < 0.45) {
        raw.push(-units);
      } else {
        // Sometimes split a retain in two to exercise normalisation.
        if (units > 1 && rand() < 0.1) {
          raw.push(1, units - 1);
        } else {
          raw.push(units);
        }
      }
    } else {
      break;
    }
    if (raw.length > 40) break;
  }
  // Whatever is left is retained (occasionally deleted).
  if (i < cps.length) {
    const units = len16(cps.slice(i));
    raw.push(rand() < 0.2 ? -units : units);
  }
  return raw;
}

function mkCase() {
  const doc = rand() < 0.1 ? '' : randText(12);
  const aRaw = randOp(doc);
  const bRaw = randOp(doc);
  const a = TextOperation.fromJSON(aRaw);
  const b = TextOperation.fromJSON(bRaw);
  const afterA = a.apply(doc);
  const afterB = b.apply(doc);
  const pair = TextOperation.transform(a, b);
  const final1 = pair[1].apply(afterA);
  const final2 = pair[0].apply(afterB);
  if (final1 !== final2) throw new Error('ot.js did not converge?');
  const cRaw = randOp(afterA);
  const c = TextOperation.fromJSON(cRaw);
  const ac = a.compose(c);
  const idx = [];
  for (let k = 0; k < 4; k++) {
    const i = int(doc.length + 3);
    idx.push([i, new Range(i, i).transform(a).anchor, new Range(i, i).transform(b).anchor]);
  }
  return {
    doc,
    a: JSON.stringify(aRaw),
    b: JSON.stringify(bRaw),
    aNorm: JSON.stringify(a),
    bNorm: JSON.stringify(b),
    aBase: a.baseLength,
    aTarget: a.targetLength,
    aNoop: a.isNoop(),
    afterA,
    afterB,
    aPrime: JSON.stringify(pair[0]),
    bPrime: JSON.stringify(pair[1]),
    final: final1,
    c: JSON.stringify(cRaw),
    ac: JSON.stringify(ac),
    afterAC: ac.apply(doc),
    idx,
  };
}

const cases = [];
for (let n = 0; n < count; n++) cases.push(mkCase());
const json = JSON.stringify({ generator: 'ot ' + ot.version, seed, cases });
if (!out) {
  process.stdout.write(json);
} else if (out.endsWith('.gz')) {
  fs.writeFileSync(out, zlib.gzipSync(json, { level: 9 }));
} else {
  fs.writeFileSync(out, json);
}
