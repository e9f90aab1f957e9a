// The translator's page enhanced: each target becomes an editor in which placeholders are
// atomic chips (contenteditable=false, so they are deleted or moved whole, never broken).
// Saving and reviewing go through the JSON API without a page load: Ctrl+Enter (or "Save and
// next") saves and moves to the next segment to translate, Ctrl+Shift+Enter saves and stays,
// Alt+A (or "Approve and next") approves and moves to the next segment waiting for review.
// Memory suggestions are fetched again each time a segment gets the focus and after every
// save (they change as the memory grows), and co-translators' changes and presence arrive by
// polling two cheap endpoints (GET segments?since=<rev> every 4 s, POST presence every 10 s).
// In the one-segment-at-a-time view, "next" follows the page's link to the next segment.
// Without JavaScript the page works with plain forms.
import { t } from '../i18n.js';

import { tokenize, refOf, missing } from './notation.js';

// stateName is a segment state in the reader's language.
const stateName = (state) => ({ initial: t('initial'), translated: t('translated'), reviewed: t('reviewed'), final: t('final') })[state] || state;

const root = document.getElementById('translate');
if (root) init(root);

function init(root) {
  const id = root.dataset.resource;
  const api = '/api/v1/resources/' + id;
  const csrf = document.querySelector('meta[name=csrf-token]')?.content || '';
  const status = document.getElementById('live-status');
  const segs = new Map(); // id → {row, form, editor, textarea, placeholders, suggestions}
  let rev = Number(root.dataset.rev) || 0;
  let focused = '';
  const compact = document.getElementById('segments')?.dataset.compact === 'true';

  const say = (msg) => { if (status) status.textContent = msg; };
  const req = async (method, path, body) => {
    const r = await fetch(path, {
      method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await r.json().catch(() => ({}));
    if (!r.ok) throw Object.assign(new Error(data.error?.text || data.error?.message || r.statusText), { status: r.status });
    return data;
  };

  function chip(ref, placeholders) {
    const span = document.createElement('span');
    span.className = 'ph';
    span.contentEditable = 'false';
    span.dataset.ph = ref;
    const p = placeholders.find((x) => refOf(x) === ref);
    span.textContent = p ? p.display : ref;
    span.title = p ? p.bytes : ref;
    span.setAttribute('aria-label', t('placeholder {name}', { name: p ? p.display : ref }));
    return span;
  }

  function render(editor, value, placeholders) {
    editor.replaceChildren();
    for (const t of tokenize(value, placeholders)) {
      editor.append(t.ph ? chip(t.ph, placeholders) : document.createTextNode(t.text));
    }
  }

  function serialize(node) {
    let out = '';
    for (const n of node.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) out += n.data.replace(/\u00a0/g, ' ');
      else if (n.dataset && n.dataset.ph) out += n.dataset.ph;
      else if (n.nodeName === 'BR') out += '\n';
      else if (n.nodeType === Node.ELEMENT_NODE) out += (n.nodeName === 'DIV' && out ? '\n' : '') + serialize(n);
    }
    return out;
  }

  function palette(s) {
    const miss = missing(s.placeholders, serialize(s.editor));
    s.palette.replaceChildren();
    s.palette.hidden = miss.length === 0;
    if (!miss.length) return;
    const label = document.createElement('span');
    label.textContent = t('Missing placeholders:');
    s.palette.append(label);
    for (const p of miss) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = p.kind === 'open' ? t('{placeholder} (opens)', { placeholder: p.display }) : p.kind === 'close' ? t('{placeholder} (closes)', { placeholder: p.display }) : p.display;
      b.setAttribute('aria-label', t('Insert placeholder {placeholder}', { placeholder: b.textContent }));
      b.addEventListener('click', () => insertChip(s, refOf(p)));
      s.palette.append(b);
    }
  }

  function insertChip(s, ref) {
    s.editor.focus();
    const sel = window.getSelection();
    const node = chip(ref, s.placeholders);
    if (sel.rangeCount && s.editor.contains(sel.anchorNode)) {
      const range = sel.getRangeAt(0);
      range.deleteContents();
      range.insertNode(node);
      range.setStartAfter(node);
      range.collapse(true);
      sel.removeAllRanges();
      sel.addRange(range);
    } else {
      s.editor.append(node);
    }
    sync(s);
  }

  function sync(s) {
    s.textarea.value = serialize(s.editor);
    palette(s);
  }

  function setRow(s, seg) {
    s.row.dataset.state = seg.state;
    s.row.dataset.outdated = String(seg.outdated);
    s.row.classList.toggle('outdated', seg.outdated);
    s.row.className = s.row.className.replace(/state-\w+/, 'state-' + seg.state);
    s.row.querySelector('.badge.state').textContent = stateName(seg.state);
    const ob = s.row.querySelector('.outdated-badge');
    if (ob && !seg.outdated) ob.remove();
    if (!seg.outdated) s.row.querySelector('.source-diff')?.remove();
    if (document.activeElement !== s.editor) {
      s.textarea.value = seg.target;
      render(s.editor, seg.target, s.placeholders);
      palette(s);
    }
  }

  function setProgress(p) {
    if (!p) return;
    const bar = document.getElementById('progress');
    bar.max = p.total;
    bar.value = p.translated;
    bar.textContent = p.percent + '%';
    document.getElementById('progress-text').textContent =
      t('{translated} of {total} segments translated ({percent}%), {reviewed} reviewed, {final} final, {outdated} outdated', p);
    const oc = document.getElementById('outdated-count');
    if (oc) oc.textContent = p.outdated;
  }

  function fail(s, e, what) {
    s.editor.setAttribute('aria-invalid', 'true');
    s.error.textContent = e.message;
    s.error.hidden = false;
    say(what + ': ' + e.message);
  }

  // goNext moves to the next segment matching; the one-at-a-time view asks the server for the
  // page of the next one (after=<segment>&next=open|review, as its no-JS forms do).
  function goNext(s, match) {
    if (compact) {
      const q = new URLSearchParams(location.search);
      for (const k of ['seg', 'suggest', 'done', 'next']) q.delete(k);
      q.set('mode', 'one');
      q.set('after', s.id);
      if (match === waitsForReview) q.set('next', 'review');
      location.assign(location.pathname + '?' + q.toString());
      return;
    }
    const n = nextMatching(s.id, match);
    if (n) {
      n.editor.focus();
      n.row.scrollIntoView({ block: 'center' });
    }
  }

  async function save(s, next) {
    sync(s);
    s.editor.removeAttribute('aria-invalid');
    s.error.hidden = true;
    try {
      const seg = await req('PUT', api + '/segments/' + s.id, { target: s.textarea.value });
      s.editor.blur();
      setRow(s, seg);
      for (const x of segs.values()) x.suggestions = null; // the memory changed
      say(t('Saved segment {n}.', { n: s.n }));
      refresh();
      if (next) goNext(s, isOpen);
      else s.editor.focus();
    } catch (e) {
      fail(s, e, t('Not saved'));
    }
  }

  async function review(s, action, next) {
    const comment = s.form.querySelector('input[name=comment]');
    s.error.hidden = true;
    try {
      const seg = await req('POST', api + '/segments/' + s.id + '/review', { action, comment: comment ? comment.value : '' });
      if (comment && action === 'send_back') comment.value = '';
      setRow(s, seg);
      say(action === 'send_back' ? t('Sent back segment {n}.', { n: s.n }) : t('Approved segment {n}.', { n: s.n }));
      refresh();
      if (next) goNext(s, waitsForReview);
    } catch (e) {
      fail(s, e, t('Not done'));
      if (action === 'send_back' && comment) comment.focus();
    }
  }

  async function suggest(s, force) {
    if (s.suggestions && !force) return;
    try {
      const { suggestions } = await req('GET', api + '/segments/' + s.id + '/suggestions');
      s.suggestions = suggestions;
      const box = document.getElementById('sug-' + s.id);
      box.replaceChildren();
      const again = document.createElement('button');
      again.type = 'button';
      again.className = 'link';
      again.textContent = t('Refresh suggestions');
      again.addEventListener('click', () => suggest(s, true));
      if (!suggestions.length) {
        const p = document.createElement('p');
        p.append(t('No suggestions from the memory.') + ' ', again);
        box.append(p);
        return;
      }
      const h = document.createElement('p');
      h.textContent = t('From the translation memory:');
      const ul = document.createElement('ul');
      suggestions.forEach((g, i) => {
        const li = document.createElement('li');
        const t = document.createElement('span');
        t.lang = root.dataset.targetLang;
        t.dir = root.dataset.targetDir;
        render(t, g.target, s.placeholders);
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'secondary';
        b.textContent = (i === 0 ? t('Use (Alt+1)') : t('Use')) + ` ${g.score}%` + (g.exact ? ' ' + t('exact') : '') + (g.approved ? '' : ' ' + t('unapproved'));
        b.addEventListener('click', () => accept(s, g));
        li.append(t, ' ', b);
        ul.append(li);
      });
      box.append(h, ul, again);
    } catch (e) { /* suggestions are optional */ }
  }

  function accept(s, g) {
    render(s.editor, g.target, s.placeholders);
    sync(s);
    s.editor.focus();
    say(t('Suggestion inserted; press Ctrl+Enter to save.'));
  }

  const isOpen = (s) => s.row.dataset.state === 'initial' || s.row.dataset.outdated === 'true';
  const waitsForReview = (s) => s.row.dataset.state === 'translated';

  function nextMatching(from, match) {
    const rows = [...segs.values()];
    const start = rows.findIndex((x) => x.id === from);
    for (let k = 1; k <= rows.length; k++) {
      const s = rows[(start + k) % rows.length];
      if (s.id !== from && match(s)) return s;
    }
    return null;
  }

  async function refresh() {
    try {
      const data = await req('GET', api + '/segments?since=' + rev);
      if (data.segments.length) for (const x of segs.values()) x.suggestions = null; // the memory may have grown
      for (const seg of data.segments) {
        const s = segs.get(seg.id);
        if (s) setRow(s, seg);
        else if (data.segments.length) { say(t('The source was synced; reload to see the new segments.')); }
      }
      rev = data.rev;
      setProgress(data.progress);
    } catch (e) { /* offline: try again later */ }
  }

  async function presence() {
    try {
      const { peers } = await req('POST', api + '/presence', { segment: focused });
      const ul = document.getElementById('peers');
      ul.replaceChildren();
      for (const s of segs.values()) s.row.querySelector('.presence').textContent = '';
      for (const p of peers) {
        const li = document.createElement('li');
        const who = `${p.name} (@${p.handle})`;
        li.textContent = p.me ? t('{name} (you)', { name: who }) : who;
        ul.append(li);
        const s = p.me ? null : segs.get(p.segment);
        if (s) s.row.querySelector('.presence').textContent = t('{name} is here', { name: p.name });
      }
    } catch (e) { /* presence is a courtesy */ }
  }

  // Load placeholders for every segment, then turn each textarea into an editor.
  req('GET', api + '/segments').then((data) => {
    const byId = new Map(data.segments.map((x) => [x.id, x]));
    let n = 0;
    for (const form of root.querySelectorAll('form.segment-form')) {
      n++;
      const sid = form.dataset.segment;
      const seg = byId.get(sid);
      const textarea = form.querySelector('textarea');
      if (!seg || !textarea) continue;
      const row = document.getElementById('seg-' + sid);
      const editor = document.createElement('div');
      editor.className = 'editor';
      editor.contentEditable = textarea.readOnly ? 'false' : 'true';
      editor.setAttribute('role', 'textbox');
      editor.setAttribute('aria-multiline', 'true');
      editor.setAttribute('aria-label', form.querySelector('label[for="' + textarea.id + '"]').textContent);
      editor.lang = textarea.lang;
      editor.dir = textarea.dir;
      editor.tabIndex = 0;
      editor.id = 'e-' + sid;
      const pal = document.createElement('div');
      pal.className = 'chip-palette';
      const error = document.createElement('p');
      error.className = 'field-error';
      error.setAttribute('role', 'alert');
      error.hidden = true;
      const s = { id: sid, n: row.querySelector('th').firstChild.textContent.trim(), row, form, editor, textarea, palette: pal, error, placeholders: seg.placeholders, suggestions: null };
      segs.set(sid, s);
      render(editor, textarea.value, seg.placeholders);
      textarea.hidden = true;
      textarea.after(editor, pal, error);
      palette(s);
      editor.addEventListener('input', () => sync(s));
      editor.addEventListener('paste', (ev) => {
        ev.preventDefault();
        document.execCommand('insertText', false, ev.clipboardData.getData('text/plain'));
      });
      editor.addEventListener('focus', () => { focused = sid; suggest(s); });
      row.addEventListener('focusin', () => { focused = sid; });
      editor.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); save(s, !ev.shiftKey); return; }
        if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); return; }
        if (ev.key === 'Enter' && ev.shiftKey) { ev.preventDefault(); document.execCommand('insertText', false, '\n'); }
      });
      form.addEventListener('submit', (ev) => {
        sync(s);
        const op = ev.submitter && ev.submitter.value;
        if (op === 'save' || op === 'save_next') { ev.preventDefault(); save(s, op === 'save_next'); }
        if (op === 'approve_next' || op === 'final' || op === 'send_back') {
          ev.preventDefault();
          review(s, op === 'approve_next' ? 'approve' : op, op === 'approve_next');
        }
      });
      if (textarea.autofocus) setTimeout(() => { editor.focus(); row.scrollIntoView({ block: 'center' }); }, 0);
    }
    setProgress(data.progress);
    rev = data.rev;
  });

  document.addEventListener('keydown', (ev) => {
    if (!ev.altKey) return;
    const cur = segs.get(focused);
    const key = ev.key.toLowerCase();
    if (ev.code === 'KeyN' || key === 'n') {
      ev.preventDefault();
      const s = nextMatching(focused, isOpen);
      if (s) { s.editor.focus(); s.row.scrollIntoView({ block: 'center' }); }
    } else if ((ev.code === 'Digit1' || key === '1') && cur?.suggestions?.length) {
      ev.preventDefault();
      accept(cur, cur.suggestions[0]);
    } else if ((ev.code === 'KeyP' || key === 'p') && cur) {
      ev.preventDefault();
      const m = missing(cur.placeholders, serialize(cur.editor));
      if (m.length) insertChip(cur, refOf(m[0]));
    } else if ((ev.code === 'KeyA' || key === 'a') && cur) {
      if (cur.form.querySelector('button[value=approve_next]')) { ev.preventDefault(); review(cur, 'approve', true); }
    }
  });

  setInterval(refresh, 4000);
  presence();
  setInterval(presence, 10000);
}
