// CodeMirror glue: conversions between CodeMirror change sets and TextOperations, and the
// decorations for remote cursors/selections and authorship colours, drawn from the Session.
import { t } from '../i18n.js';
import { StateEffect } from '@codemirror/state';
import { EditorView, Decoration, ViewPlugin, WidgetType } from '@codemirror/view';
import { TextOperation, isRetain, isInsert } from '../ot/text-operation.js';
import { tint } from '../colors.js';

// changesToOp turns one transaction's changes into an op on the text before it. CodeMirror
// positions count UTF-16 code units, as the protocol does.
export function changesToOp(changes, docLength) {
  const op = new TextOperation();
  let pos = 0;
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    op.retain(fromA - pos);
    op.insert(inserted.toString());
    op.delete(toA - fromA);
    pos = toA;
  });
  return op.retain(docLength - pos);
}

// opToChanges turns an op into a CodeMirror change spec (positions in the text before it).
export function opToChanges(op) {
  const changes = [];
  let pos = 0;
  for (const c of op.ops) {
    if (isRetain(c)) pos += c;
    else if (isInsert(c)) changes.push({ from: pos, insert: c });
    else {
      changes.push({ from: pos, to: pos - c });
      pos -= c;
    }
  }
  return changes;
}

// refresh asks the decorations to be rebuilt (a cursor moved, a peer left, authors toggled).
export const refresh = StateEffect.define();

class CaretWidget extends WidgetType {
  constructor(name, color) {
    super();
    this.name = name;
    this.color = color;
  }
  eq(o) {
    return o.name === this.name && o.color === this.color;
  }
  toDOM() {
    const caret = document.createElement('span');
    caret.className = 'cm-remote-caret';
    caret.style.borderInlineStartColor = this.color;
    caret.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'cm-remote-name';
    label.style.backgroundColor = this.color;
    label.textContent = this.name;
    caret.appendChild(label);
    return caret;
  }
  ignoreEvent() {
    return true;
  }
}

// presenceDecorations draws remote cursors always and authorship marks when ui.showAuthors.
export function presenceDecorations(session, ui) {
  const markCache = new Map();
  const authorMark = (user) => {
    let m = markCache.get(user);
    if (!m) {
      const name = user === session.user ? t('{name} (you)', { name: session.name }) : session.nameOf(user) || t('Earlier author');
      m = Decoration.mark({
        class: 'cm-author',
        attributes: { style: `background-color:${tint(session.colorOf(user))}`, title: name },
      });
      markCache.set(user, m);
    }
    return m;
  };

  const build = (view) => {
    const len = view.state.doc.length;
    const ranges = [];
    const spans = session.attribution;
    if (ui.showAuthors && spans.reduce((n, s) => n + s[1], 0) === len) {
      markCache.clear(); // names and colours may have changed since (people come and go)
      const vis = view.visibleRanges;
      let pos = 0;
      for (const [user, n] of spans) {
        const from = pos, to = pos + n;
        pos = to;
        if (!user) continue;
        for (const r of vis) {
          const a = Math.max(from, r.from), b = Math.min(to, r.to);
          if (a < b) ranges.push(authorMark(user).range(a, b));
        }
      }
    }
    for (const p of session.presence.peers.values()) {
      if (p.anchor === null) continue;
      const anchor = Math.min(p.anchor, len), head = Math.min(p.head, len);
      const color = session.colorOf(p.user);
      if (anchor !== head) {
        ranges.push(Decoration.mark({
          class: 'cm-remote-selection',
          attributes: { style: `background-color:${tint(color)}` },
        }).range(Math.min(anchor, head), Math.max(anchor, head)));
      }
      ranges.push(Decoration.widget({ widget: new CaretWidget(p.name || 'Someone', color), side: 1 }).range(head));
    }
    return Decoration.set(ranges, true);
  };

  return ViewPlugin.fromClass(
    class {
      constructor(view) {
        this.decorations = build(view);
      }
      update(u) {
        if (u.docChanged || u.viewportChanged || u.transactions.some((tr) => tr.effects.some((e) => e.is(refresh)))) {
          this.decorations = build(u.view);
        }
      }
    },
    { decorations: (v) => v.decorations },
  );
}

export const editorTheme = EditorView.theme({
  '&': { border: '1px solid #767676', borderRadius: '4px', backgroundColor: '#fff', color: '#1b1b1b' },
  '&.cm-focused': { outline: '3px solid #1a5fb4', outlineOffset: '2px' },
  '.cm-scroller': { minHeight: '16em', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5' },
  '.cm-content': { padding: '0.5em 0' },
  '.cm-remote-caret': {
    position: 'relative',
    borderLeft: '2px solid',
    marginLeft: '-1px',
    marginRight: '-1px',
    pointerEvents: 'none',
  },
  '.cm-remote-name': {
    position: 'absolute',
    top: '-1.35em',
    insetInlineStart: '-2px',
    fontSize: '0.75em',
    lineHeight: '1.3',
    padding: '0 3px',
    borderRadius: '3px',
    color: '#fff',
    whiteSpace: 'nowrap',
    fontFamily: 'system-ui, sans-serif',
    zIndex: '1',
  },
});
