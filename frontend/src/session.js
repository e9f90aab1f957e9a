// Session: one live-editing connection for one document (DESIGN.md §4). It owns the OT client,
// the authorship spans and the presence list, speaks the JSON frames over a WebSocket, and
// reconnects with exponential backoff and jitter (1 s → 30 s), resuming with since=<version>.
// It knows nothing of CodeMirror or the DOM: the editor gives it local ops and receives ops to
// apply through `hooks`, which keeps it testable in Node with a fake socket and fake timers.
import { t, tn } from './i18n.js';
import { TextOperation } from './ot/text-operation.js';
import { OTClient, GapError } from './ot/client.js';
import { normalize, applyOp, applyOpAuthors } from './attribution.js';
import { Presence, mapPosition } from './presence.js';
import { colorForSlot, colorFor, absentColor } from './colors.js';

export const READ_ONLY_ROLES = new Set(['translator', 'reviewer', 'viewer']);
const MIN_DELAY = 1000;
const MAX_DELAY = 30000;
const CURSOR_THROTTLE = 100;
const REPLAY_GRACE = 1000; // ms of silence after opening with since that means "nothing to replay"

// Close codes the server ends a connection with when reconnecting would not help
// (docs/protocol.md): the session or token ended, the rights to read the document ended, too many
// connections are open.
export const CLOSE_SIGNED_OUT = 4401;
export const CLOSE_RIGHTS_CHANGED = 4403;
export const CLOSE_TOO_MANY = 4429;

export function backoffDelay(attempt, random = Math.random) {
  const cap = Math.min(MAX_DELAY, MIN_DELAY * 2 ** Math.min(attempt, 15));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export class Session {
  // opts: url (ws(s)://host/path without query), clientId, user, name, role, text (initial local
  // text), restore (saved unsent state from a reload, see saveState), nextSeq, WebSocket, timers
  // ({setTimeout, clearTimeout}), random, isOnline (() => boolean), hooks:
  //   applyRemote(op)  apply an op (local coordinates) to the editor as a remote change
  //   getText()        the editor's text, for a consistency check
  //   selection()      {anchor, head} of the local selection
  //   changed(what)    something visible changed: 'status' | 'peers' | 'decorations' | 'role'
  //   persistSeq(n)    store the next seq (sessionStorage) so a reload never reuses one
  constructor(opts) {
    this.url = opts.url;
    this.clientId = opts.clientId;
    this.user = opts.user || '';
    this.name = opts.name || '';
    this.role = opts.role || 'viewer';
    this.WebSocket = opts.WebSocket || globalThis.WebSocket;
    this.timers = opts.timers || globalThis;
    this.random = opts.random || Math.random;
    this.isOnline = opts.isOnline || (() => true);
    this.hooks = opts.hooks;
    this.names = new Map([[this.user, this.name]]);
    const r = opts.restore;
    this.client = new OTClient({
      text: r ? r.serverText : opts.text || '',
      revision: r ? r.revision : null,
      nextSeq: Math.max(opts.nextSeq || 1, r ? r.nextSeq || 1 : 1),
      send: (f) => this._sendFrame(f),
      onSeq: (n) => this.hooks.persistSeq && this.hooks.persistSeq(n),
    });
    this.attribution = normalize([[this.user, 0]], (opts.text || '').length);
    if (r) this._restore(r);
    this.presence = new Presence(this.clientId, this.user);
    this.color = null; // our colour slot in this document, from the server
    this.ws = null;
    this.ready = false; // connected and in step with the server
    this.everConnected = false;
    this.attempt = 0;
    this.retryAt = null;
    this.retryTimer = null;
    this.replayTimer = null;
    this.cursorTimer = null;
    this.cursorDirty = false;
    this.message = '';
    this.savedOnce = false;
    this.badOps = 0;
    this.fresh = false; // next connect asks for a snapshot (no since)
    this.stopped = false;
    this.ended = 0; // CLOSE_SIGNED_OUT or CLOSE_RIGHTS_CHANGED once the server ended our rights
  }

  get readOnly() {
    return this.ended !== 0 || READ_ONLY_ROLES.has(this.role);
  }

  get version() {
    return this.client.revision;
  }

  // ---- connection ----

  start() {
    this.stopped = false;
    this.ended = 0;
    this._connect();
  }

  stop() {
    this.stopped = true;
    this._clearRetry();
    if (this.ws) this.ws.close();
  }

  // goOffline / goOnline follow the window's offline/online events.
  goOffline() {
    this._clearRetry();
    if (this.ws) this._drop();
    this._changed('status');
  }

  goOnline() {
    this.attempt = 0;
    this._clearRetry();
    if (!this.ws) this._connect();
  }

  _connect() {
    if (this.stopped || this.ws) return;
    this._clearRetry();
    if (!this.isOnline()) {
      this._changed('status');
      return;
    }
    // batch=1: frames queued together arrive as one JSON array; compose=1: while we may not edit,
    // a large room sends the ops of a short tick composed into one (docs/protocol.md).
    let q = '?client=' + encodeURIComponent(this.clientId) + '&batch=1&compose=1';
    const since = !this.fresh && this.client.revision !== null;
    if (since) q += '&since=' + this.client.revision;
    this.fresh = false;
    const ws = new this.WebSocket(this.url + q);
    this.ws = ws;
    this.gotFrame = false;
    ws.onopen = () => {
      if (ws !== this.ws || !since) return;
      // The server answers since=V with the op frames after V, or with a snapshot when it no
      // longer knows V. Resending before we know which could apply our op twice (once as the
      // resend, once more when rebasing onto the snapshot), so wait for the first frame, or a
      // moment of silence (nothing to replay).
      this.replayTimer = this.timers.setTimeout(() => {
        this.replayTimer = null;
        if (ws === this.ws && !this.ready) this._ready();
      }, REPLAY_GRACE);
    };
    ws.onmessage = (ev) => {
      if (ws !== this.ws) return;
      let data;
      try {
        data = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (!this.gotFrame) {
        this.gotFrame = true;
        this.attempt = 0;
        if (since) {
          // A resume announces everyone here again (join frames); whoever left meanwhile is not.
          this.presence.reset();
          this._changed('peers');
        }
      }
      // We asked for batch=1: frames that were queued together come as one array.
      for (const frame of Array.isArray(data) ? data : [data]) {
        if (ws !== this.ws) return;
        this._frame(frame);
        if (ws === this.ws && !this.ready && since && frame.type !== 'snapshot') this._ready();
      }
    };
    ws.onclose = (ev) => {
      if (ws !== this.ws) return;
      this._drop();
      const code = ev ? ev.code : 0;
      if (code === CLOSE_SIGNED_OUT || code === CLOSE_RIGHTS_CHANGED) {
        this._ended(code);
        return;
      }
      if (code === CLOSE_TOO_MANY) {
        this.message = t('Too many open connections; close some tabs.');
        this._scheduleReconnect(MAX_DELAY);
        return;
      }
      this._scheduleReconnect();
    };
    ws.onerror = () => {};
    this._changed('status');
  }

  _drop() {
    const ws = this.ws;
    if (this.replayTimer) this.timers.clearTimeout(this.replayTimer);
    this.replayTimer = null;
    this.ws = null;
    this.ready = false;
    this.client.disconnected();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch {
        // already closed
      }
    }
  }

  _scheduleReconnect(delay) {
    if (this.stopped) return;
    this._clearRetry();
    if (!this.isOnline()) {
      this._changed('status');
      return;
    }
    const d = delay ?? backoffDelay(this.attempt++, this.random);
    this.retryAt = d;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      this._connect();
    }, d);
    this._changed('status');
  }

  _clearRetry() {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }

  // resync drops the connection and reconnects at once: with since (a version gap) or asking for
  // a fresh snapshot (bad_op, base_unknown), onto which pending edits are rebased.
  resync(fresh) {
    if (fresh) this.fresh = true;
    this._drop();
    this._scheduleReconnect(this.attempt > 0 ? undefined : 0);
    if (this.attempt === 0) this.attempt = 1; // a second resync in a row backs off
  }

  // _ended stops for good: reconnecting would be refused. Unsent edits stay in the editor (and in
  // the tab's saved state, so that after signing in again a reload still sends them).
  _ended(code) {
    this.stopped = true;
    this.ended = code;
    this._clearRetry();
    this.presence.reset();
    this._changed('role');
    this._changed('peers');
    this._changed('decorations');
    this._changed('status');
  }

  _ready() {
    this.ready = true;
    this.everConnected = true;
    this.client.connected();
    this._changed('status');
    if (this.cursorDirty) this._sendCursor();
  }

  _sendFrame(frame) {
    if (!this.ws) return;
    try {
      this.ws.send(JSON.stringify(frame));
    } catch {
      // the close handler reconnects
    }
  }

  // ---- frames from the server ----

  _frame(f) {
    try {
      switch (f.type) {
        case 'snapshot': return this._snapshot(f);
        case 'op': return this._op(f);
        case 'ack': return this._ack(f);
        case 'cursor': return this._cursor(f);
        case 'join':
          this._learn(f);
          this.presence.upsert(f);
          return this._changed('peers');
        case 'leave':
          this.presence.remove(f.user, f.client);
          this._changed('peers');
          return this._changed('decorations');
        case 'peers': return this._peers(f);
        case 'role': return this._role(f);
        case 'you':
          this._setColor(f.color);
          return undefined;
        case 'error': return this._error(f);
        default: return undefined;
      }
    } catch (e) {
      if (e instanceof GapError) return this.resync(false);
      throw e;
    }
  }

  _snapshot(f) {
    const text = typeof f.text === 'string' ? f.text : '';
    const version = Number(f.version) || 0;
    if (f.role && f.role !== this.role) {
      this.role = f.role;
      this._changed('role');
    }
    if (this.readOnly) this._revertPending(); // a viewer has nothing to send
    const { local, rebased } = this.client.snapshot(version, text);
    let attr = normalize(f.attribution, text.length);
    if (rebased) attr = applyOp(attr, rebased, this.user);
    this.attribution = attr;
    this.presence.reset();
    this._setColor(f.color);
    if (!local.isNoop()) this.hooks.applyRemote(local);
    const expected = rebased ? rebased.apply(text) : text;
    const actual = this.hooks.getText();
    if (actual !== expected) {
      // Should not happen; if it does, make the editor show exactly what we believe it holds.
      this.hooks.applyRemote(new TextOperation().delete(actual.length).insert(expected));
    }
    for (const p of Array.isArray(f.peers) ? f.peers : []) {
      this._learn(p);
      this._placePeer({ version, ...p }); // positions without a version refer to the snapshot
    }
    this._ready();
    this._changed('peers');
    this._changed('decorations');
  }

  _op(f) {
    const version = Number(f.version);
    // Our own op replayed: the same client id of the same user (another user may use our id).
    if (f.client === this.clientId && String(f.author || '') === this.user && this.client.isOwn(f.seq)) {
      // our own op replayed after a reconnect: it was applied, so it counts as the ack
      return this._ack({ seq: f.seq, version });
    }
    const op = TextOperation.fromJSON(f.ops);
    // A composed op (several versions at once, "from" set) credits its inserts to "authors".
    const from = Number.isInteger(f.from) ? f.from : version - 1;
    const local = this.client.applyServer(version, op, from);
    if (!local) return;
    this.attribution = Number.isInteger(f.from)
      ? applyOpAuthors(this.attribution, local, Array.isArray(f.authors) ? f.authors : [])
      : applyOp(this.attribution, local, String(f.author || ''));
    this.presence.map(local);
    this.hooks.applyRemote(local);
    this._changed('decorations');
  }

  _ack(f) {
    if (!this.client.serverAck(f.seq, Number(f.version))) return;
    this.badOps = 0;
    this.savedOnce = true;
    this.message = '';
    this._changed('status');
    if (this.cursorDirty) this._sendCursor();
  }

  // _peers applies the joins and leaves a large room gathers into one frame: leaves first.
  _peers(f) {
    for (const p of Array.isArray(f.leave) ? f.leave : []) this.presence.remove(p.user, p.client);
    for (const p of Array.isArray(f.join) ? f.join : []) {
      this._learn(p);
      this.presence.upsert(p);
    }
    this._changed('peers');
    this._changed('decorations');
  }

  // _role follows a change of our rights while connected. A downgrade makes the editor read-only at
  // once; an op already on its way gets its ack or a forbidden error, which undoes what is pending.
  _role(f) {
    if (!f.role || f.role === this.role) return;
    this.role = String(f.role);
    this.message = this.readOnly ? t('Your role changed.') : '';
    this._changed('role');
    this._changed('status');
  }

  _cursor(f) {
    if (f.client === this.clientId && String(f.user || '') === this.user) return;
    this._learn(f);
    this._placePeer(f);
    this._changed('peers');
    this._changed('decorations');
  }

  _placePeer(p) {
    let anchor = null, head = null;
    if (Number.isInteger(p.anchor) && Number.isInteger(p.head) && Number.isInteger(p.version)) {
      const ops = this.client.serverOpsSince(p.version);
      const pending = this.client.pending();
      anchor = mapPosition(p.anchor, ops, pending);
      head = mapPosition(p.head, ops, pending);
      if (anchor === null || head === null) anchor = head = null;
    }
    this.presence.upsert(p, anchor, head);
  }

  _learn(p) {
    if (p && p.user && p.name) this.names.set(String(p.user), String(p.name));
  }

  _error(f) {
    switch (f.code) {
      case 'forbidden':
        this.role = 'viewer';
        this._revertPending();
        this.message = t('You can follow but not edit.');
        this._changed('role');
        break;
      case 'too_large':
        this._revertPending();
        this.message = t('That change is too large to save; it was undone.');
        break;
      case 'rate_limited':
        this.message = t('Saving slowed down; retrying…');
        this.client.disconnected();
        this.timers.setTimeout(() => {
          if (this.ready) this.client.connected();
        }, 2000);
        break;
      case 'base_unknown':
        this.resync(true);
        break;
      default: // bad_op, bad_message and anything new
        this.badOps++;
        if (this.badOps >= 2) {
          this._revertPending();
          this.badOps = 0;
          this.message = t('An edit could not be saved and was undone.');
        } else {
          this.message = 'Resynchronising…';
          this.resync(true);
        }
    }
    this._changed('status');
  }

  _revertPending() {
    const inv = this.client.discardPending();
    if (!inv || inv.isNoop()) return;
    this.attribution = applyOp(this.attribution, inv, '');
    this.presence.map(inv);
    this.hooks.applyRemote(inv);
    this._changed('decorations');
  }

  // ---- from the editor ----

  // local takes one local edit transaction as an op on the editor's text before it.
  local(op) {
    if (op.isNoop()) return;
    this.client.applyClient(op);
    this.attribution = applyOp(this.attribution, op, this.user);
    this.presence.map(op);
    this.message = '';
    this._changed('status');
  }

  // cursorMoved asks for our selection to be sent, at most every 100 ms.
  cursorMoved() {
    this.cursorDirty = true;
    if (this.cursorTimer !== null) return;
    this.cursorTimer = this.timers.setTimeout(() => {
      this.cursorTimer = null;
      this._sendCursor();
    }, CURSOR_THROTTLE);
  }

  _sendCursor() {
    // Positions are only meaningful to others at a server version: send them when the local
    // text equals the server text (nothing pending); otherwise after the ack.
    if (!this.ready || this.client.state !== 'synchronized' || this.client.revision === null) return;
    const sel = this.hooks.selection();
    this.cursorDirty = false;
    this._sendFrame({ type: 'cursor', base: this.client.revision, anchor: sel.anchor, head: sel.head });
  }

  // ---- state for the page ----

  unsent() {
    return this.client.unsent;
  }

  nameOf(user) {
    return this.names.get(user) || '';
  }

  _setColor(slot) {
    if (!Number.isInteger(slot) || slot < 0 || slot === this.color) return;
    this.color = slot;
    this._changed('peers');
    this._changed('decorations');
  }

  // colorOf is the colour a person is painted in: ours and present people's from the slots the
  // server assigned (distinct while present), and for authors not here one that no present
  // person has.
  colorOf(user) {
    user = String(user || '');
    const used = new Set();
    let found = null;
    if (this.color !== null) {
      used.add(this.color);
      if (user === this.user) found = this.color;
    }
    for (const p of this.presence.peers.values()) {
      if (p.color === null) continue;
      used.add(p.color);
      if (p.user === user && found === null) found = p.color;
    }
    if (found !== null) return colorForSlot(found);
    if (used.size === 0) return colorFor(user); // a server without slots
    return absentColor(user, used);
  }

  statusText() {
    const n = this.client.unsent;
    if (this.ended === CLOSE_SIGNED_OUT) {
      return t('Signed out. Sign in again to keep editing.') + (n > 0 ? ' ' + tn('{n} unsent edit is kept in this tab.', '{n} unsent edits are kept in this tab.', n) : '');
    }
    if (this.ended === CLOSE_RIGHTS_CHANGED) {
      return t('You no longer have access to this document.') + (n > 0 ? ' ' + tn('{n} unsent edit could not be saved.', '{n} unsent edits could not be saved.', n) : '');
    }
    let s;
    if (this.ready) {
      if (this.readOnly) s = t('Connected. You can follow but not edit.');
      else if (n > 0) s = t('Saving…');
      else s = this.savedOnce ? t('Saved') : t('Connected');
    } else if (!this.everConnected && this.ws) {
      s = t('Connecting…');
    } else {
      s = n > 0 ? tn('Offline — {n} unsent edit.', 'Offline — {n} unsent edits.', n) : t('Offline.');
      if (!this.isOnline()) s += ' ' + t('Waiting for the network…');
      else if (this.retryAt !== null) s += ' ' + t('Reconnecting in {seconds} s…', { seconds: Math.max(1, Math.round(this.retryAt / 1000)) });
      else if (this.ws) s += ' ' + t('Reconnecting…');
    }
    if (this.message && !(this.readOnly && this.message === t('You can follow but not edit.'))) s += ' ' + this.message;
    return s;
  }

  // saveState returns what a reload in the same tab needs to resend unsent edits idempotently
  // (the same client id, the same seq for the same op), or null when nothing is unsent.
  saveState(localText) {
    const c = this.client;
    if (c.revision === null || c.unsent === 0) return null;
    return {
      revision: c.revision,
      serverText: c.serverText,
      text: localText,
      nextSeq: c.nextSeq,
      outstanding: c.outstanding && { seq: c.outstanding.seq, ops: c.outstanding.op.toJSON(), tx: c.outstanding.tx },
      buffer: c.buffer && { ops: c.buffer.op.toJSON(), tx: c.buffer.tx },
      attribution: this.attribution,
    };
  }

  // validRestore tells whether saved state is self-consistent (its edits lead from the server
  // text to the saved text), so a damaged or foreign entry is never replayed.
  static validRestore(r) {
    try {
      if (!r || !Number.isInteger(r.revision) || typeof r.serverText !== 'string' || typeof r.text !== 'string') return false;
      let t = r.serverText;
      if (r.outstanding) t = TextOperation.fromJSON(r.outstanding.ops).apply(t);
      if (r.buffer) t = TextOperation.fromJSON(r.buffer.ops).apply(t);
      return t === r.text && (!r.outstanding || Number.isInteger(r.outstanding.seq));
    } catch {
      return false;
    }
  }

  _restore(r) {
    const c = this.client;
    if (r.outstanding) c.outstanding = { op: TextOperation.fromJSON(r.outstanding.ops), seq: r.outstanding.seq, tx: r.outstanding.tx || 1, sent: false };
    if (r.buffer) {
      const op = TextOperation.fromJSON(r.buffer.ops);
      if (c.outstanding) c.buffer = { op, tx: r.buffer.tx || 1 };
      else c.outstanding = { op, seq: c._takeSeq(), tx: r.buffer.tx || 1, sent: false };
    }
    this.attribution = normalize(r.attribution, r.text.length);
  }

  _changed(what) {
    if (this.hooks.changed) this.hooks.changed(what);
  }
}
