import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localLabel, fullLabel } from '../src/time-label.js';
import { setMessages, uiLocale } from '../src/i18n.js';

test('times are shown in the reader\'s zone, the year only when it is not this one', () => {
  const t = new Date('2025-11-30T14:02:00Z');
  const now = new Date('2025-12-05T09:00:00Z');
  assert.equal(localLabel(t, now, 'UTC'), '30 Nov 14:02');
  assert.equal(localLabel(t, now, 'Europe/Berlin'), '30 Nov 15:02');
  assert.equal(localLabel(t, now, 'Pacific/Auckland'), '1 Dec 03:02');
  assert.equal(localLabel(t, new Date('2026-01-02T00:00:00Z'), 'UTC'), '30 Nov 2025 14:02');
  // New Year's Eve in UTC is already next year in Auckland: the year is judged in the zone.
  const eve = new Date('2025-12-31T20:00:00Z');
  assert.equal(localLabel(eve, new Date('2025-12-31T21:00:00Z'), 'Pacific/Auckland'), '1 Jan 09:00');
  assert.match(fullLabel(t, 'America/New_York'), /Sunday,? 30 November 2025.*09:02.*(EST|GMT-5)/);
});

test('times take the digits the server writes the language in', () => {
  const t = new Date('2025-11-30T14:02:00Z');
  const now = new Date('2025-12-05T09:00:00Z');
  try {
    // Plain Arabic: Latin digits, as the server writes them (i18n.newerNumbering), even in a
    // browser whose CLDR still gives Arabic-Indic ones.
    setMessages({ lang: 'ar', messages: {}, numbering: 'latn' });
    assert.equal(uiLocale(), 'ar-u-nu-latn');
    assert.match(localLabel(t, now, 'UTC'), /^30 \S+ 14:02$/);
    // A language the server writes in other digits gets them here too.
    setMessages({ lang: 'ar', messages: {}, numbering: 'arab' });
    assert.equal(uiLocale(), 'ar-u-nu-arab');
    assert.match(localLabel(t, now, 'UTC'), /^٣٠ \S+ ١٤:٠٢$/);
    assert.match(fullLabel(t, 'UTC'), /٢٠٢٥/);
    setMessages({ lang: 'es', messages: {} });
    assert.equal(uiLocale(), 'es');
    assert.equal(localLabel(t, now, 'UTC'), '30 nov 14:02');
    setMessages({ lang: 'ar', messages: {}, numbering: 'x"; bad' });
    assert.equal(uiLocale(), 'ar', 'a numbering that is not a CLDR name is ignored');
  } finally {
    setMessages({ lang: 'en', messages: {} });
  }
});
