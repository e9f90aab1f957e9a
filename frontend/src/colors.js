// Colours per person. The server gives every person present in a document a slot that no other
// present person has (collab/hub/colors.go; its palette size, Options.Colors, is PALETTE.length),
// and every client paints slot n with PALETTE[n]. Authors who are not here (their text is still
// in the document) get a palette colour no present person uses, picked from their id.
//
// Each palette entry reaches at least 4.5:1 against white, so a name label drawn in white on
// the colour (and the colour used as text on white) is readable (WCAG AA). Authorship and
// selection backgrounds are the colour at TINT_ALPHA over white, and the editor's text
// (TEXT_INK) on such a tint keeps at least 4.5:1 too.
export const PALETTE = [
  '#b3261e', '#1a5fb4', '#26734d', '#8a3ffc', '#a3480f', '#0b6e79',
  '#b0186f', '#5b5f00', '#3a4fc4', '#7a4a00', '#6d3a9c', '#00696f',
];
export const TINT_ALPHA = 0.2;
export const TEXT_INK = '#1b1b1b';

// FNV-1a over UTF-16 code units: small, stable, good enough to spread ids over the palette.
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// colorForSlot is the colour of a slot the server assigned (slots past the palette wrap round).
export function colorForSlot(slot) {
  const n = PALETTE.length;
  return PALETTE[((Math.trunc(slot) % n) + n) % n];
}

// colorFor derives a colour from a user id alone: for servers that send no slot.
export function colorFor(userId) {
  return PALETTE[hash(String(userId || '')) % PALETTE.length];
}

// absentColor is the colour of an author who is not here: one of the palette entries whose slot
// no present person holds (usedSlots: a Set of slots), chosen by their id.
export function absentColor(userId, usedSlots) {
  const free = PALETTE.filter((_, i) => !usedSlots.has(i));
  const pool = free.length ? free : PALETTE;
  return pool[hash(String(userId || '')) % pool.length];
}

// tint is the translucent background for authorship marks and remote selections.
export function tint(color) {
  return color + Math.round(TINT_ALPHA * 255).toString(16).padStart(2, '0');
}

// tintFor is tint(colorFor(userId)), kept for callers without slots.
export function tintFor(userId) {
  return tint(colorFor(userId));
}

// blend is color at alpha over the opaque background bg, as #rrggbb.
export function blend(color, alpha, bg = '#ffffff') {
  const c = parseInt(color.slice(1, 7), 16);
  const b = parseInt(bg.slice(1, 7), 16);
  const ch = (shift) => Math.round(((c >> shift) & 255) * alpha + ((b >> shift) & 255) * (1 - alpha));
  return '#' + [16, 8, 0].map((s) => ch(s).toString(16).padStart(2, '0')).join('');
}

function luminance(hex) {
  const n = parseInt(hex.slice(1, 7), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

// contrast returns the WCAG contrast ratio of two #rrggbb colours.
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
