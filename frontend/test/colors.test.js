import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PALETTE, TINT_ALPHA, TEXT_INK, colorForSlot, absentColor, tint, blend, contrast } from '../src/colors.js';

test('text on every tint and white on every colour keep 4.5:1', () => {
  for (const c of PALETTE) {
    assert.ok(contrast('#ffffff', c) >= 4.5, `white on ${c}`);
    const bg = blend(c, TINT_ALPHA);
    assert.ok(contrast(TEXT_INK, bg) >= 4.5, `${TEXT_INK} on ${c} tint (${bg}): ${contrast(TEXT_INK, bg).toFixed(2)}`);
    // two overlapping tints (an author's text under a remote selection) stay readable too
    const twice = blend(c, TINT_ALPHA, blend(c, TINT_ALPHA));
    assert.ok(contrast(TEXT_INK, twice) >= 4.5, `${TEXT_INK} on a doubled ${c} tint`);
  }
  assert.equal(tint('#1a5fb4'), '#1a5fb433');
  assert.equal(blend('#000000', 0.5), '#808080');
});

test('slots map to distinct colours; the palette matches the server\'s slot count', () => {
  assert.equal(new Set(PALETTE).size, PALETTE.length);
  const slots = Array.from({ length: PALETTE.length }, (_, i) => colorForSlot(i));
  assert.equal(new Set(slots).size, PALETTE.length);
  assert.equal(colorForSlot(PALETTE.length + 1), PALETTE[1]);
  const hub = readFileSync(new URL('../../collab/hub/options.go', import.meta.url), 'utf8');
  assert.match(hub, new RegExp(`o\\.Colors = ${PALETTE.length}\\b`), 'collab/hub Options.Colors default = PALETTE.length');
});

test('authors who are not here never take a present person\'s colour', () => {
  const used = new Set([0, 1, 2, 5]);
  for (let i = 0; i < 200; i++) {
    const c = absentColor('user-' + i, used);
    assert.ok(![...used].map(colorForSlot).includes(c), c);
  }
  const all = new Set(PALETTE.map((_, i) => i));
  assert.ok(PALETTE.includes(absentColor('x', all)), 'a full palette still gives a colour');
});
