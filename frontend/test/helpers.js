// Shared test helpers: a seeded random generator and random texts/operations.
import { TextOperation } from '../src/ot/text-operation.js';

export function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const ALPHABET = ['a', 'b', 'c', ' ', '\n', 'é', '😀', 'ع', 'x', 'y'];

export function randomText(r, max = 20) {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

// randomOp makes a random op on text that never splits a surrogate pair.
export function randomOp(r, text) {
  const cps = Array.from(text);
  const op = new TextOperation();
  let i = 0;
  while (i < cps.length) {
    const n = 1 + Math.floor(r() * Math.min(5, cps.length - i));
    const units = cps.slice(i, i + n).join('').length;
    const p = r();
    if (p < 0.2) op.insert(randomText(r, 4));
    if (p < 0.55) op.retain(units);
    else if (p < 0.8) op.delete(units);
    else op.retain(units);
    i += n;
  }
  if (r() < 0.4) op.insert(randomText(r, 4));
  return op;
}
