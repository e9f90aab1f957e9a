// TextOperation: the operation type of the live editing protocol, wire-compatible with ot.js
// (DESIGN.md §4). An operation is an array over the whole document at its base version:
// positive integer = retain n, string = insert, negative integer = delete n. Lengths count UTF-16
// code units, which is what JavaScript string indices and CodeMirror positions already count.
// transform() keeps ot.js' tie-breaking: when both sides insert at the same place, the FIRST
// argument's insert comes first (the client passes its own pending op first, as ot.js does, and
// the server transforms an incoming client op as the first argument too, so both sides agree).

export const isRetain = (c) => typeof c === 'number' && c > 0;
export const isInsert = (c) => typeof c === 'string';
export const isDelete = (c) => typeof c === 'number' && c < 0;

export class TextOperation {
  constructor() {
    this.ops = [];
    this.baseLength = 0;
    this.targetLength = 0;
  }

  retain(n) {
    if (!Number.isInteger(n) || n < 0) throw new Error('retain expects a non-negative integer');
    if (n === 0) return this;
    this.baseLength += n;
    this.targetLength += n;
    const ops = this.ops;
    if (isRetain(ops[ops.length - 1])) ops[ops.length - 1] += n;
    else ops.push(n);
    return this;
  }

  insert(s) {
    if (typeof s !== 'string') throw new Error('insert expects a string');
    if (s === '') return this;
    this.targetLength += s.length;
    const ops = this.ops;
    const last = ops.length - 1;
    if (isInsert(ops[last])) {
      ops[last] += s;
    } else if (isDelete(ops[last])) {
      // Keep the canonical order insert-before-delete, as ot.js does.
      if (isInsert(ops[last - 1])) ops[last - 1] += s;
      else {
        ops.push(ops[last]);
        ops[last] = s;
      }
    } else {
      ops.push(s);
    }
    return this;
  }

  delete(n) {
    if (typeof n === 'string') n = n.length;
    if (!Number.isInteger(n)) throw new Error('delete expects an integer or a string');
    if (n === 0) return this;
    if (n > 0) n = -n;
    this.baseLength -= n;
    const ops = this.ops;
    if (isDelete(ops[ops.length - 1])) ops[ops.length - 1] += n;
    else ops.push(n);
    return this;
  }

  isNoop() {
    return this.ops.length === 0 || (this.ops.length === 1 && isRetain(this.ops[0]));
  }

  equals(other) {
    if (this.baseLength !== other.baseLength || this.targetLength !== other.targetLength) return false;
    if (this.ops.length !== other.ops.length) return false;
    return this.ops.every((c, i) => c === other.ops[i]);
  }

  toJSON() {
    return this.ops;
  }

  static fromJSON(ops) {
    if (!Array.isArray(ops)) throw new Error('operation must be an array');
    const o = new TextOperation();
    for (const c of ops) {
      if (isRetain(c)) o.retain(c);
      else if (isInsert(c)) o.insert(c);
      else if (isDelete(c)) o.delete(c);
      else throw new Error('unknown operation component: ' + JSON.stringify(c));
    }
    return o;
  }

  apply(str) {
    if (str.length !== this.baseLength) throw new Error("operation's base length differs from the text's length");
    const out = [];
    let i = 0;
    for (const c of this.ops) {
      if (isRetain(c)) {
        out.push(str.slice(i, i + c));
        i += c;
      } else if (isInsert(c)) out.push(c);
      else i -= c;
    }
    return out.join('');
  }

  // invert returns the operation that undoes this one, given the text it applied to.
  invert(str) {
    const inv = new TextOperation();
    let i = 0;
    for (const c of this.ops) {
      if (isRetain(c)) {
        inv.retain(c);
        i += c;
      } else if (isInsert(c)) inv.delete(c.length);
      else {
        inv.insert(str.slice(i, i - c));
        i -= c;
      }
    }
    return inv;
  }

  // compose returns one operation with the effect of this followed by b.
  compose(b) {
    if (this.targetLength !== b.baseLength) throw new Error('compose: lengths do not match');
    const res = new TextOperation();
    const o1 = this.ops, o2 = b.ops;
    let i1 = 0, i2 = 0;
    let a = o1[i1++], c = o2[i2++];
    for (;;) {
      if (a === undefined && c === undefined) break;
      if (isDelete(a)) { res.delete(a); a = o1[i1++]; continue; }
      if (isInsert(c)) { res.insert(c); c = o2[i2++]; continue; }
      if (a === undefined) throw new Error('compose: first operation is too short');
      if (c === undefined) throw new Error('compose: first operation is too long');
      const la = isRetain(a) ? a : a.length; // a is a retain or an insert here
      const lc = isRetain(c) ? c : -c; // c is a retain or a delete here
      const n = Math.min(la, lc);
      if (isRetain(c)) {
        if (isRetain(a)) res.retain(n);
        else res.insert(a.slice(0, n));
      } else if (isRetain(a)) {
        res.delete(n);
      } // insert then delete: both vanish
      if (la === n) a = o1[i1++];
      else a = isRetain(a) ? a - n : a.slice(n);
      if (lc === n) c = o2[i2++];
      else c = isRetain(c) ? c - n : c + n;
    }
    return res;
  }

  // transform(a, b) returns [a', b'] such that b' after a equals a' after b. Ties (both insert
  // at one place) put a's insert first.
  static transform(a, b) {
    if (a.baseLength !== b.baseLength) throw new Error('transform: base lengths differ');
    const ap = new TextOperation(), bp = new TextOperation();
    const o1 = a.ops, o2 = b.ops;
    let i1 = 0, i2 = 0;
    let x = o1[i1++], y = o2[i2++];
    for (;;) {
      if (x === undefined && y === undefined) break;
      if (isInsert(x)) { ap.insert(x); bp.retain(x.length); x = o1[i1++]; continue; }
      if (isInsert(y)) { ap.retain(y.length); bp.insert(y); y = o2[i2++]; continue; }
      if (x === undefined) throw new Error('transform: first operation is too short');
      if (y === undefined) throw new Error('transform: first operation is too long');
      const lx = Math.abs(x), ly = Math.abs(y);
      const n = Math.min(lx, ly);
      if (isRetain(x) && isRetain(y)) { ap.retain(n); bp.retain(n); }
      else if (isDelete(x) && isRetain(y)) ap.delete(n);
      else if (isRetain(x) && isDelete(y)) bp.delete(n);
      // delete against delete: both already gone
      x = lx === n ? o1[i1++] : x - Math.sign(x) * n;
      y = ly === n ? o2[i2++] : y - Math.sign(y) * n;
    }
    return [ap, bp];
  }
}

// transformIndex maps a position through op with ot.js semantics (Selection.Range.transform):
// an insert exactly at the position pushes it forward; a delete covering it pulls it to the
// start of the deleted range.
export function transformIndex(index, op) {
  let rest = index;
  let out = index;
  for (const c of op.ops) {
    if (isRetain(c)) rest -= c;
    else if (isInsert(c)) out += c.length;
    else {
      out -= Math.min(rest, -c);
      rest += c;
    }
    if (rest < 0) break;
  }
  return out;
}
