// OTClient: the ot.js client state machine (Synchronized → AwaitingConfirm → AwaitingWithBuffer),
// with what the Commonplace protocol adds: sequence numbers for idempotent resends, a count of
// the user's edit transactions not yet acknowledged, the known server text (needed to rebase
// onto a fresh snapshot), and a short history of server ops (to map remote cursors that refer
// to a slightly older version). It is pure: no sockets, no timers, no DOM.
//
// Rules that keep data safe:
//   - at most one op in flight ("outstanding"); later local edits compose into "buffer";
//   - an op gets its seq once, when it becomes outstanding; a resend after a reconnect sends the
//     same op (transformed to the current base) with the same seq and never mixes in newer edits;
//   - a snapshot replaces our view of the server: pending edits are rebased onto it with a diff
//     and go out again as a new op with a new seq.
import { TextOperation } from './text-operation.js';
import { diff } from './diff.js';

const HISTORY = 64; // server ops kept for mapping cursors from older versions

export class OTClient {
  // text: the local text at start (also taken as the server text until a snapshot says
  // otherwise); revision: the server version of that text, or null when unknown; nextSeq: the
  // next sequence number (persisted by the caller across reloads); send(frame) transmits an op
  // frame; onSeq(nextSeq) lets the caller persist the counter.
  constructor({ text = '', revision = null, nextSeq = 1, send = () => {}, onSeq = () => {} } = {}) {
    this.serverText = text;
    this.revision = revision;
    this.nextSeq = nextSeq;
    this.outstanding = null; // {op, seq, tx, sent}
    this.buffer = null; // {op, tx}
    this.canSend = false;
    this.history = []; // [{version, op}] server ops in server coordinates
    this._send = send;
    this._onSeq = onSeq;
  }

  get state() {
    if (!this.outstanding) return 'synchronized';
    return this.buffer ? 'awaitingWithBuffer' : 'awaitingConfirm';
  }

  // unsent counts the local edit transactions not yet acknowledged by the server.
  get unsent() {
    return (this.outstanding ? this.outstanding.tx : 0) + (this.buffer ? this.buffer.tx : 0);
  }

  // pending returns the composition of all unacknowledged local edits (server text → local
  // text), or null.
  pending() {
    const o = this.outstanding && this.outstanding.op;
    const b = this.buffer && this.buffer.op;
    if (o && b) return o.compose(b);
    return o || b || null;
  }

  // applyClient records a local edit (an op on the current local text).
  applyClient(op) {
    if (op.isNoop()) return;
    if (!this.outstanding) {
      this.outstanding = { op, seq: this._takeSeq(), tx: 1, sent: false };
      this._flush();
    } else if (!this.buffer) {
      this.buffer = { op, tx: 1 };
    } else {
      this.buffer = { op: this.buffer.op.compose(op), tx: this.buffer.tx + 1 };
    }
  }

  // applyServer takes another client's op that turns version `from` (by default version - 1;
  // earlier for ops a large room composed into one) into `version`, and returns it transformed to
  // apply to the local text; it returns null for a version already seen. A version gap throws
  // GapError: the caller must resync.
  applyServer(version, op, from = version - 1) {
    if (this.revision === null) throw new GapError('op before snapshot');
    if (version <= this.revision) return null;
    if (from !== this.revision || from >= version) throw new GapError(`expected an op from version ${this.revision}, got ${from}→${version}`);
    this.serverText = op.apply(this.serverText);
    this._record(version, op, from);
    this.revision = version;
    let local = op;
    if (this.outstanding) {
      const [o, l] = TextOperation.transform(this.outstanding.op, local);
      this.outstanding.op = o;
      local = l;
    }
    if (this.buffer) {
      const [b, l] = TextOperation.transform(this.buffer.op, local);
      this.buffer.op = b;
      local = l;
    }
    return local;
  }

  // isOwn tells whether a replayed op frame is our outstanding op (then call serverAck).
  isOwn(seq) {
    return !!this.outstanding && this.outstanding.seq === seq;
  }

  // serverAck confirms the outstanding op. Acks for any other seq (a second ack for a resend the
  // replay already confirmed) are ignored and return false. A version gap throws GapError.
  serverAck(seq, version) {
    if (!this.outstanding || this.outstanding.seq !== seq) return false;
    if (this.revision !== null && version <= this.revision) return false;
    if (this.revision === null || version !== this.revision + 1) throw new GapError(`ack for version ${version} after ${this.revision}`);
    const { op } = this.outstanding;
    this.serverText = op.apply(this.serverText);
    this._record(version, op, version - 1);
    this.revision = version;
    this.outstanding = null;
    if (this.buffer) {
      this.outstanding = { op: this.buffer.op, seq: this._takeSeq(), tx: this.buffer.tx, sent: false };
      this.buffer = null;
      this._flush();
    }
    return true;
  }

  // connected is called once the socket is usable at a known revision (after the snapshot, or
  // right after opening with since=revision): the outstanding op is (re)sent with its own seq.
  connected() {
    this.canSend = true;
    if (this.outstanding) this.outstanding.sent = false;
    this._flush();
  }

  disconnected() {
    this.canSend = false;
  }

  // snapshot adopts the server's text at version and returns the op to apply to the local text
  // so that it becomes snapshot text + our unacknowledged edits (rebased), plus that pending op
  // as it now stands on the snapshot (for attribution), or null when nothing was pending.
  snapshot(version, text) {
    const pending = this.pending();
    const tx = this.unsent;
    const serverChange = diff(this.serverText, text);
    let local = serverChange;
    let rebased = null;
    this.outstanding = null;
    this.buffer = null;
    if (pending) {
      [rebased, local] = TextOperation.transform(pending, serverChange);
      if (rebased.isNoop()) rebased = null;
    }
    this.serverText = text;
    this.revision = version;
    this.history = [];
    if (rebased) this.outstanding = { op: rebased, seq: this._takeSeq(), tx: Math.max(tx, 1), sent: false };
    return { local, rebased };
  }

  // discardPending drops every unacknowledged edit and returns the op that turns the local text
  // back into the server text (used when the server refuses our edits for good).
  discardPending() {
    const p = this.pending();
    this.outstanding = null;
    this.buffer = null;
    return p ? p.invert(this.serverText) : null;
  }

  // serverOpsSince returns the server ops after version up to the current revision, or null when
  // they are no longer in memory (or version falls inside ops that arrived composed).
  serverOpsSince(version) {
    if (this.revision === null || version > this.revision) return null;
    const ops = [];
    for (let i = this.history.length - 1, at = this.revision; at > version; i--) {
      if (i < 0 || this.history[i].version !== at || this.history[i].from < version) return null;
      ops.unshift(this.history[i].op);
      at = this.history[i].from;
    }
    return ops;
  }

  _record(version, op, from) {
    this.history.push({ version, from, op });
    if (this.history.length > HISTORY) this.history.shift();
  }

  _takeSeq() {
    const s = this.nextSeq++;
    this._onSeq(this.nextSeq);
    return s;
  }

  _flush() {
    const o = this.outstanding;
    if (!o || o.sent || !this.canSend || this.revision === null) return;
    o.sent = true;
    this._send({ type: 'op', base: this.revision, seq: o.seq, ops: o.op.toJSON() });
  }
}

export class GapError extends Error {}
