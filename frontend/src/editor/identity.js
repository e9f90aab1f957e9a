// Client identity per tab and resource, kept in sessionStorage so a reload in the same tab
// reconnects as the same client and resends its unsent op with the same seq (idempotent on the
// server). A "claimed" flag guards against a duplicated tab (browsers copy sessionStorage into
// the copy): a tab that finds the identity still claimed by a live page takes a fresh one.

function randomId(cryptoObj) {
  const b = new Uint8Array(16);
  if (cryptoObj && cryptoObj.getRandomValues) cryptoObj.getRandomValues(b);
  else for (let i = 0; i < b.length; i++) b[i] = Math.floor(Math.random() * 256);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export class Identity {
  constructor(storage, resource, cryptoObj = globalThis.crypto) {
    this.storage = storage;
    this.key = 'commonplace.live.' + resource;
    let saved = null;
    try {
      saved = JSON.parse(storage.getItem(this.key) || 'null');
    } catch {
      saved = null;
    }
    if (saved && typeof saved.client === 'string' && saved.client && !saved.claimed) {
      this.clientId = saved.client;
      this.nextSeq = Number.isInteger(saved.seq) && saved.seq > 0 ? saved.seq : 1;
      this.restore = saved.pending || null;
    } else {
      this.clientId = randomId(cryptoObj);
      this.nextSeq = 1;
      this.restore = null;
    }
    this.claim();
  }

  _write(v) {
    try {
      this.storage.setItem(this.key, JSON.stringify(v));
    } catch {
      // storage full or disabled: we lose only idempotent resends across a reload
    }
  }

  claim() {
    this._write({ client: this.clientId, seq: this.nextSeq, claimed: true });
  }

  persistSeq(n) {
    this.nextSeq = n;
    this.claim();
  }

  // release is called when the page goes away; pending is Session.saveState().
  release(pending) {
    this._write({ client: this.clientId, seq: this.nextSeq, claimed: false, pending: pending || undefined });
  }
}
