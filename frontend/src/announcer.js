// Announcer tells screen-reader users who joined and left a document, through a polite live
// region, without chatter: people (not tabs) are compared, the people already there when the
// editor opens are not announced, changes are gathered for a moment and said in one sentence,
// and someone who leaves and comes back within that moment (a reload, a dropped connection) is
// not announced at all.
import { t, tn, uiLocale } from './i18n.js';
export class Announcer {
  // say(text) writes the sentence to the live region; timers {setTimeout, clearTimeout}.
  constructor({ say, timers = globalThis, delay = 2000 }) {
    this.say = say;
    this.timers = timers;
    this.delay = delay;
    this.known = null; // Map key → name of the people here, once the first list came
    this.joined = new Map();
    this.left = new Map();
    this.timer = null;
  }

  // update takes the people here now (excluding oneself): [{user, name}].
  update(people) {
    const now = new Map(people.map((p) => [p.user || p.name, p.name || t('Someone')]));
    if (this.known === null) {
      this.known = now;
      return;
    }
    for (const [k, name] of now) {
      if (this.known.has(k)) continue;
      if (this.left.has(k)) this.left.delete(k); // back within the moment: say nothing
      else this.joined.set(k, name);
    }
    for (const [k, name] of this.known) {
      if (now.has(k)) continue;
      if (this.joined.has(k)) this.joined.delete(k);
      else this.left.set(k, name);
    }
    this.known = now;
    if (this.joined.size + this.left.size === 0) {
      this._cancel();
      return;
    }
    if (this.timer === null) this.timer = this.timers.setTimeout(() => this._flush(), this.delay);
  }

  _cancel() {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  _flush() {
    this.timer = null;
    const parts = [];
    if (this.joined.size) parts.push(t('{names} joined.', { names: list([...this.joined.values()]) }));
    if (this.left.size) parts.push(t('{names} left.', { names: list([...this.left.values()]) }));
    this.joined.clear();
    this.left.clear();
    if (parts.length) this.say(parts.join(' '));
  }
}

// list joins names as people read them: "Ana", "Ana and Bo", "Ana, Bo and Cy"; more than four
// become "Ana, Bo, Cy and 3 others".
export function list(names) {
  names = [...names].sort((a, b) => a.localeCompare(b));
  if (names.length > 4) names = [...names.slice(0, 3), tn('{n} other', '{n} others', names.length - 3)];
  return new Intl.ListFormat(uiLocale(), { style: 'long', type: 'conjunction' }).format(names);
}
