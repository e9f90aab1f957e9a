// Placeholder notation (see translation/doc.go): {1} opens pair 1, {/1} closes it, {2/} is a
// standalone placeholder, \n a soft line break. A brace is a placeholder only when it names one
// of the segment's placeholders; any other brace ($x_{i}$, {{name}}, a lone "{") is plain text,
// so text needs no escaping. Pure functions, testable in Node.

// refOf is the notation of a placeholder {id, kind}.
export function refOf(p) {
  if (p.kind === 'open') return '{' + p.id + '}';
  if (p.kind === 'close') return '{/' + p.id + '}';
  return '{' + p.id + '/}';
}

// tokenize splits a text into [{text}] and [{ph: "{1}"}] tokens; only the refs of placeholders
// (the segment's list) are placeholders.
export function tokenize(s, placeholders) {
  const refs = new Set((placeholders || []).map(refOf));
  const out = [];
  let text = '';
  for (let i = 0; i < s.length; ) {
    if (s[i] === '{') {
      const j = s.indexOf('}', i);
      if (j > i && refs.has(s.slice(i, j + 1))) {
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

// missing lists the placeholders of the source not used in a target.
export function missing(placeholders, target) {
  const used = new Set(tokenize(target, placeholders).filter((t) => t.ph).map((t) => t.ph));
  return placeholders.filter((p) => !used.has(refOf(p)));
}
