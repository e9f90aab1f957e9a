// Colours per person, derived from the user id so every client paints a person the same way.
// Each palette entry reaches at least 4.5:1 against white, so a name label drawn in white on the
// colour (and the colour used as text on white) is readable (WCAG AA); tints for authorship
// backgrounds are the same colour at low opacity.
export const PALETTE = [
  '#b3261e', '#1a5fb4', '#26734d', '#8a3ffc', '#a3480f', '#0b6e79',
  '#b0186f', '#5b5f00', '#3a4fc4', '#7a4a00', '#6d3a9c', '#00696f',
];

// FNV-1a over UTF-16 code units: small, stable, good enough to spread ids over the palette.
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function colorFor(userId) {
  return PALETTE[hash(String(userId || '')) % PALETTE.length];
}

// tintFor returns a translucent background for authorship marks and remote selections.
export function tintFor(userId) {
  return colorFor(userId) + '33';
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
