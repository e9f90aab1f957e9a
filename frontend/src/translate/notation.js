// Placeholder notation (see translation/doc.go): {1} opens pair 1, {/1} closes it, {2/} is a
// standalone placeholder, {{ and }} are literal braces, \n a soft line break. Pure functions,
// testable in Node.

// tokenize splits a text into [{text}] and [{ph: "{1}"}] tokens.
export function tokenize(s) {
  const out = [];
  let text = '';
  for (let i = 0; i < s.length; ) {
    if (s.startsWith('{{', i)) { text += '{'; i += 2; continue; }
    if (s.startsWith('}}', i)) { text += '}'; i += 2; continue; }
    if (s[i] === '{') {
      const j = s.indexOf('}', i);
      if (j > i && /^(\/?\d+|\d+\/)$/.test(s.slice(i + 1, j))) {
        if (text) { out.push({ text }); text = ''; }
        out.push({ ph: s.slice(i, j + 1) });
        i = j + 1;
        continue;
      }
    }
    text += s[i];
    i++;
  }
  if (text) out.push({ text });
  return out;
}

// escapeText makes plain text safe inside the notation.
export function escapeText(t) {
  return t.replace(/\{/g, '{{').replace(/\}/g, '}}');
}

// refOf is the notation of a placeholder {id, kind}.
export function refOf(p) {
  if (p.kind === 'open') return '{' + p.id + '}';
  if (p.kind === 'close') return '{/' + p.id + '}';
  return '{' + p.id + '/}';
}

// missing lists the placeholders of the source not used in a target.
export function missing(placeholders, target) {
  const used = new Set(tokenize(target).filter((t) => t.ph).map((t) => t.ph));
  return placeholders.filter((p) => !used.has(refOf(p)));
}
