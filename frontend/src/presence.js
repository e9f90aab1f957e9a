// Presence: the other people in the document and their cursors/selections, kept in LOCAL
// document coordinates and moved through every op (ours and theirs) so cursors do not jump.
import { transformIndex } from './ot/text-operation.js';
import { t } from './i18n.js';

// A peer is one editor instance: a client id of a user. Client ids are chosen by clients and seen
// by everyone, so two users may use the same one; the key holds both.
const keyOf = (user, client) => String(user || '') + '\n' + String(client);

export class Presence {
  constructor(selfClient, selfUser = '') {
    this.self = keyOf(selfUser, selfClient);
    this.peers = new Map(); // user+client → {client, user, name, color, anchor, head} (positions or null)
  }

  get(user, client) {
    return this.peers.get(keyOf(user, client));
  }

  reset() {
    this.peers.clear();
  }

  // upsert adds or updates a peer; positions (local coordinates) are kept when not given, and so
  // is the colour slot (the server sends it with every join, cursor and snapshot peer).
  upsert({ client, user, name, color }, anchor, head) {
    const key = keyOf(user, client);
    if (!client || key === this.self) return;
    const p = this.peers.get(key) || { client, user: String(user || ''), name: '', color: null, anchor: null, head: null };
    // An anonymous reader's name comes from the server in no particular language: each client
    // names guests in its own reader's language (their user ids start with "guest-").
    if (p.user.startsWith('guest-')) p.name = t('Guest');
    else if (name) p.name = String(name);
    if (Number.isInteger(color) && color >= 0) p.color = color;
    if (anchor !== undefined) {
      p.anchor = anchor;
      p.head = head;
    }
    this.peers.set(key, p);
  }

  remove(user, client) {
    this.peers.delete(keyOf(user, client));
  }

  // map moves every known position through op (an op on the local text).
  map(op) {
    for (const p of this.peers.values()) {
      if (p.anchor === null) continue;
      p.anchor = transformIndex(p.anchor, op);
      p.head = transformIndex(p.head, op);
    }
  }

  // people returns one entry per person (a user in two tabs is listed once), sorted by name.
  people() {
    const byUser = new Map();
    for (const p of this.peers.values()) {
      const key = p.user || p.client;
      if (!byUser.has(key)) byUser.set(key, { user: p.user, name: p.name || t('Someone'), color: p.color });
      else if (byUser.get(key).color === null) byUser.get(key).color = p.color;
    }
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

// mapPosition maps a position from server coordinates at some version to local coordinates:
// through the server ops that followed it, then through our pending edits. It returns null
// when the ops it needs are no longer known.
export function mapPosition(pos, serverOps, pending) {
  if (!Number.isInteger(pos) || pos < 0 || serverOps === null) return null;
  let p = pos;
  for (const op of serverOps) p = transformIndex(Math.min(p, op.baseLength), op);
  if (pending) p = transformIndex(Math.min(p, pending.baseLength), pending);
  return p;
}
