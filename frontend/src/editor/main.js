// Commonplace live editor: CodeMirror 6 + an ot.js-compatible client over the live WebSocket.
//
// Page contract (rendered by the server template; keep in step with frontend/templates):
//
//   <meta name="csrf-token" content="…">
//   <div id="live-editor" data-resource="UUID" data-live-url="/api/v1/resources/UUID/live"
//        data-render-url="/api/v1/render" data-user="USER_UUID" data-name="Display Name"
//        data-role="editor|owner|translator|reviewer|viewer" data-lang="en" data-dir="ltr">
//     <textarea id="content-fallback" …>initial markdown (for no-JS users)</textarea>
//   </div>
//   <div class="editor-bar">  (sticky at the top of the editor: state, people, legend)
//     <p id="editor-status" role="status" aria-live="polite"></p>
//     <ul id="editor-peers" aria-labelledby="peers-heading"></ul>
//     <button type="button" id="toggle-authors" aria-pressed="false">Show authors</button>
//     <ul id="editor-legend" hidden></ul>
//     <div id="editor-announce" aria-live="polite"></div>
//   </div>
//   <section id="editor-preview" aria-label="Preview"></section>
//   <section id="editor-checks">  (with data-check-url on #live-editor: the accessibility check)
//     <p id="checks-status" role="status"></p> <ol id="checks-list"></ol>
//   </section>
//
// When this script runs, the textarea is replaced by the editor (content aria-label
// "Lesson text (Markdown)"); #editor-status shows the connection state ("Connecting…",
// "Connected", "Saved", "Offline — N unsent edits.", "Reconnecting in N s…", error notes);
// #toggle-authors toggles authorship colours (aria-pressed, label "Show authors"/"Hide authors");
// #editor-preview receives the server-sanitised HTML from POST data-render-url
// {"markdown": …} → {"html": …}; #editor-peers lists the people here, you first, one <li
// data-user="…" data-color="#rrggbb"> each with a swatch of their colour (the colour of their
// cursor and, with "Show authors", of their text): the server gives every person present a
// colour no one else present has. #editor-legend (shown with the authors) adds the authors of
// the text who are not here. #editor-announce says who joined and left, gathered and politely
// (announcer.js). Live protocol: DESIGN.md §4 / docs/protocol.md.
//
// For browser tests: window.commonplaceEditor = { view, getText(), status(), version(), session, findings() }.
import { t, tn } from '../i18n.js';
import { EditorState, Compartment, Transaction } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { LanguageSupport, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { markdownLanguage, insertNewlineContinueMarkup, deleteMarkupBackward } from '@codemirror/lang-markdown';
import { Session } from '../session.js';
import { Announcer } from '../announcer.js';
import { Identity } from './identity.js';
import { changesToOp, opToChanges, refresh, presenceDecorations, editorTheme } from './cm.js';
import { previewer } from './preview.js';
import { checker, findingsField, setFindings, checksTheme, summary, severityName } from './checks.js';

function wsURL(path) {
  const u = new URL(path, window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.search = '';
  u.hash = '';
  return u.toString();
}

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    const m = new Map();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v) };
  }
}

function start() {
  const root = document.getElementById('live-editor');
  if (!root || root.dataset.started) return;
  root.dataset.started = '1';
  const d = root.dataset;
  const fallback = document.getElementById('content-fallback');
  const statusEl = document.getElementById('editor-status');
  const toggle = document.getElementById('toggle-authors');
  const previewEl = document.getElementById('editor-preview');
  const peersEl = document.getElementById('editor-peers');
  const legendEl = document.getElementById('editor-legend');
  const announceEl = document.getElementById('editor-announce');
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

  const identity = new Identity(storage(), d.resource || d.liveUrl || 'doc');
  const restore = Session.validRestore(identity.restore) ? identity.restore : null;
  const initialText = restore ? restore.text : fallback ? fallback.value : '';
  const ui = { showAuthors: false };
  let view = null;

  const session = new Session({
    url: wsURL(d.liveUrl),
    clientId: identity.clientId,
    user: d.user || '',
    name: d.name || '',
    role: d.role || 'viewer',
    text: initialText,
    restore,
    nextSeq: identity.nextSeq,
    isOnline: () => navigator.onLine !== false,
    hooks: {
      applyRemote(op) {
        view.dispatch({
          changes: opToChanges(op),
          annotations: [Transaction.remote.of(true), Transaction.addToHistory.of(false)],
        });
      },
      getText: () => view.state.doc.toString(),
      selection() {
        const m = view.state.selection.main;
        return { anchor: m.anchor, head: m.head };
      },
      persistSeq: (n) => identity.persistSeq(n),
      changed(what) {
        if (what === 'status') showStatus();
        else if (what === 'peers') showPeers();
        else if (what === 'role') setReadOnly();
        else if (what === 'decorations') {
          view.dispatch({ effects: refresh.of(null) });
          if (ui.showAuthors) showLegend();
        }
      },
    },
  });

  const readOnly = new Compartment();
  const roConfig = () => {
    const ro = session.readOnly;
    return [EditorState.readOnly.of(ro), EditorView.contentAttributes.of({ 'aria-readonly': ro ? 'true' : 'false' })];
  };
  const render = previewEl && d.renderUrl ? previewer(d.renderUrl, previewEl, csrf) : () => {};
  const checksList = document.getElementById('checks-list');
  const checksStatus = document.getElementById('checks-status');
  let findings = [];
  const check = d.checkUrl && checksList ? checker(d.checkUrl, csrf, showFindings) : null;

  view = new EditorView({
    state: EditorState.create({
      doc: initialText,
      extensions: [
        EditorState.lineSeparator.of('\n'), // keep "\r" as text: our length must equal the server's
        history(),
        keymap.of([
          { key: 'Enter', run: insertNewlineContinueMarkup },
          { key: 'Backspace', run: deleteMarkupBackward },
          ...defaultKeymap,
          ...historyKeymap,
        ]), // Tab is not bound: keyboard users can leave the editor
        new LanguageSupport(markdownLanguage),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': t('Lesson text (Markdown)'), lang: d.lang || '' }),
        EditorView.editorAttributes.of({ dir: d.dir === 'rtl' ? 'rtl' : 'ltr' }),
        EditorView.perLineTextDirection.of(true),
        readOnly.of(roConfig()),
        presenceDecorations(session, ui),
        findingsField,
        checksTheme,
        editorTheme,
      ],
    }),
    // Local edits reach the session before the view updates, so the decorations that the view
    // rebuilds during the update already see the new authorship spans.
    dispatchTransactions(trs, v) {
      for (const tr of trs) {
        if (tr.docChanged && !tr.annotation(Transaction.remote)) {
          session.local(changesToOp(tr.changes, tr.startState.doc.length));
        }
        if (tr.docChanged && check) check.track(tr.changes);
      }
      v.update(trs);
      if (trs.some((tr) => tr.docChanged)) {
        render(v.state.doc.toString());
        if (check) check(v);
      }
      if (trs.some((tr) => (tr.selection || tr.docChanged) && !tr.annotation(Transaction.remote))) session.cursorMoved();
    },
  });

  if (fallback) fallback.replaceWith(view.dom);
  else root.appendChild(view.dom);

  // goTo selects a finding's spot and puts the keyboard focus there.
  function goTo(f) {
    const len = view.state.doc.length;
    const from = Math.min(f.from, len), to = Math.min(Math.max(f.to, f.from), len);
    view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
    view.focus();
  }

  // showFindings underlines the spots and lists them; the status (a polite live region) speaks
  // only when the summary changes, not after every pause in typing.
  function showFindings(list, dismissed) {
    findings = list;
    view.dispatch({ effects: setFindings.of(list) });
    checksList.replaceChildren(...list.map((f) => {
      const li = document.createElement('li');
      li.className = `check sev-${f.severity}`;
      li.dataset.rule = f.rule;
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'link check-goto';
      go.textContent = t('Line {line}: {title}', { line: f.start.line, title: f.title });
      go.addEventListener('click', () => goTo(f));
      const msg = document.createElement('span');
      msg.textContent = ' ' + t('({severity}) — {message}', { severity: severityName(f.severity), message: f.message });
      const more = document.createElement('details');
      const sum = document.createElement('summary');
      sum.textContent = t('Why it matters and how to fix it');
      const why = document.createElement('p');
      why.textContent = f.why;
      const fix = document.createElement('p');
      fix.textContent = f.fix;
      more.append(sum, why, fix);
      li.append(go, msg, more);
      return li;
    }));
    let text = summary(list);
    if (dismissed) text += ' ' + tn('{n} dismissed.', '{n} dismissed.', dismissed);
    if (checksStatus && checksStatus.textContent !== text) checksStatus.textContent = text;
  }

  function setReadOnly() {
    view.dispatch({ effects: readOnly.reconfigure(roConfig()) });
    showStatus();
  }

  // The status is a live region: "Saving…" appears only when saving takes a while, so a screen
  // reader is not told "Saving… Saved" on every keystroke.
  let statusText = '';
  let savingTimer = null;
  function showStatus() {
    const s = session.statusText();
    if (s === t('Saving…') && statusText !== s) {
      if (savingTimer === null) savingTimer = setTimeout(() => { savingTimer = null; setStatus(session.statusText()); }, 1500);
      return;
    }
    setStatus(s);
  }
  function setStatus(s) {
    if (s === statusText) return;
    statusText = s;
    if (statusEl) statusEl.textContent = s;
  }

  // personItem is one person of the people list or the legend: a swatch of their colour and
  // their name (the swatch is decoration: the name says who it is).
  function personItem(user, name, color) {
    const li = document.createElement('li');
    li.dataset.user = user;
    li.dataset.color = color;
    const dot = document.createElement('span');
    dot.className = 'peer-color';
    dot.setAttribute('aria-hidden', 'true');
    dot.style.backgroundColor = color;
    li.append(dot, name);
    return li;
  }

  const announcer = announceEl ? new Announcer({ say: (text) => { announceEl.textContent = text; } }) : null;

  function showPeers() {
    const others = session.presence.people().filter((p) => p.user !== session.user || !session.user);
    if (announcer && session.ready) announcer.update(others);
    if (!peersEl) return;
    const me = personItem(session.user, d.name ? t('{name} (you)', { name: d.name }) : t('You'), session.colorOf(session.user));
    me.classList.add('me');
    peersEl.replaceChildren(me, ...others.map((p) => personItem(p.user, p.name, session.colorOf(p.user))));
    if (ui.showAuthors) showLegend();
  }

  // showLegend lists the authors of the text who are not here, with the colour of their text.
  function showLegend() {
    if (!legendEl) return;
    const here = new Set([session.user, ...session.presence.people().map((p) => p.user)]);
    const absent = [...new Set(session.attribution.map(([user]) => user))].filter((u) => u && !here.has(u));
    legendEl.replaceChildren(...absent.map((u) => personItem(u, session.nameOf(u) || t('An earlier author'), session.colorOf(u))));
    legendEl.hidden = !ui.showAuthors || absent.length === 0;
  }

  if (toggle) {
    toggle.addEventListener('click', () => {
      ui.showAuthors = !ui.showAuthors;
      toggle.setAttribute('aria-pressed', String(ui.showAuthors));
      toggle.textContent = ui.showAuthors ? t('Hide authors') : t('Show authors');
      view.dispatch({ effects: refresh.of(null) });
      showLegend();
    });
  }

  window.addEventListener('online', () => session.goOnline());
  window.addEventListener('offline', () => session.goOffline());
  window.addEventListener('beforeunload', (e) => {
    if (session.unsent() > 0) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
  window.addEventListener('pagehide', () => identity.release(session.saveState(view.state.doc.toString())));
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) identity.claim();
  });

  window.commonplaceEditor = {
    view,
    findings: () => findings,
    session,
    getText: () => view.state.doc.toString(),
    status: () => statusText,
    version: () => session.version,
    color: () => session.colorOf(session.user),
  };

  showStatus();
  showPeers();
  session.start();
  if (previewEl && !previewEl.hasChildNodes()) render(initialText);
  if (check) check(view);
  // The report page links here with #at=FROM-TO (UTF-16 offsets): start there.
  const at = /^#at=(\d+)-(\d+)$/.exec(window.location.hash);
  if (at) goTo({ from: Number(at[1]), to: Number(at[2]) });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
