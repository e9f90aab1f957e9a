// Accessibility checks while people write (issue 14): a debounced POST of the text to the
// resource's check endpoint (the server runs the same checker as the report — one
// implementation, see docs/decisions.md), findings underlined in the editor and listed beside
// the preview, each with a button that moves the cursor to its spot.
import { t, tn } from '../i18n.js';
import { StateEffect, StateField, ChangeSet } from '@codemirror/state';
import { EditorView, Decoration } from '@codemirror/view';

const DELAY = 700;

// setFindings replaces the underlined spots; positions are in the current document.
export const setFindings = StateEffect.define();

// findingsField keeps the underlines where their text moves as people type.
export const findingsField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setFindings)) {
        const len = tr.state.doc.length;
        const ranges = [];
        for (const f of e.value) {
          const from = Math.min(f.from, len), to = Math.min(Math.max(f.to, f.from), len);
          if (from < to) {
            ranges.push(Decoration.mark({
              class: `cm-a11y cm-a11y-${f.severity}`,
              attributes: { title: `${f.title}: ${f.message}` },
            }).range(from, to));
          }
        }
        marks = Decoration.set(ranges, true);
      }
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export const checksTheme = EditorView.theme({
  '.cm-a11y': { textDecoration: 'underline wavy #b35c00', textDecorationSkipInk: 'none', textUnderlineOffset: '3px' },
  '.cm-a11y-error': { textDecorationColor: '#a4000f' },
});

// mapFindings moves findings reported for the text as it was sent to where their text is now,
// through the changes made since (a ChangeSet from the sent text to the current one).
export function mapFindings(findings, changes) {
  return findings.map((f) => ({
    ...f,
    from: changes ? changes.mapPos(f.start.offset16, 1) : f.start.offset16,
    to: changes ? changes.mapPos(f.end.offset16, -1) : f.end.offset16,
  }));
}

// severityName names a finding's severity in the reader's language.
export function severityName(severity) {
  switch (severity) {
    case 'error': return t('error');
    case 'warning': return t('warning');
    case 'notice': return t('notice');
    default: return severity;
  }
}

// summary reads like "2 accessibility problems: 1 error, 1 warning."
export function summary(findings) {
  if (findings.length === 0) return t('No accessibility problems found.');
  const n = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) n[f.severity] = (n[f.severity] || 0) + 1;
  const parts = [];
  if (n.error) parts.push(tn('{n} error', '{n} errors', n.error));
  if (n.warning) parts.push(tn('{n} warning', '{n} warnings', n.warning));
  if (n.notice) parts.push(tn('{n} notice', '{n} notices', n.notice));
  return tn('{n} accessibility problem: {list}.', '{n} accessibility problems: {list}.', findings.length, { list: parts.join(t(', ')) });
}

// checker returns check(view): call it after every change; it posts the text when typing
// pauses and calls show(findings, dismissedCount) with positions in the current document.
export function checker(url, csrf, show) {
  let timer = null;
  let latest = 0;
  let inflight = null;
  let since = null; // changes since the latest request was sent
  const check = (view) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++latest;
      if (inflight) inflight.abort();
      inflight = new AbortController();
      since = ChangeSet.empty(view.state.doc.length);
      try {
        const res = await fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify({ markdown: view.state.doc.toString() }),
          signal: inflight.signal,
        });
        if (!res.ok || mine !== latest) return;
        const body = await res.json();
        if (mine !== latest || !Array.isArray(body.findings)) return;
        show(mapFindings(body.findings, since), (body.dismissed || []).length);
      } catch {
        // offline or aborted: the next edit tries again
      }
    }, DELAY);
  };
  // track is told of every change, to map the answer onto the text as it is by then.
  check.track = (changes) => {
    if (since) since = since.compose(changes);
  };
  return check;
}
