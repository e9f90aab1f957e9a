// Times for people, in their own time zone. Pages render every moment as
// <time datetime="…Z" data-local>30 Nov 2025 14:02 UTC</time> (readable without JavaScript);
// localtime.js rewrites the text with these.
import { uiLocale } from './i18n.js';

function parts(fmt, date) {
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

// localLabel is "30 Nov 14:02" for a moment of the current year (judged in the zone), and
// "30 Nov 2024 14:02" otherwise. timeZone defaults to the reader's.
export function localLabel(date, now = new Date(), timeZone = undefined) {
  const fmt = new Intl.DateTimeFormat(uiLocale(), {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
  });
  const p = parts(fmt, date);
  const year = p.year === parts(fmt, now).year ? '' : ` ${p.year}`;
  return `${p.day} ${p.month}${year} ${p.hour}:${p.minute}`;
}

// fullLabel is the same moment in full with the zone's name, for a tooltip.
export function fullLabel(date, timeZone = undefined) {
  return new Intl.DateTimeFormat(uiLocale(), {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23', timeZoneName: 'short', timeZone,
  }).format(date);
}

// localise rewrites every <time data-local> under root; the UTC text stays in the title.
export function localise(root, now = new Date()) {
  for (const el of root.querySelectorAll('time[data-local]')) {
    const d = new Date(el.getAttribute('datetime'));
    if (Number.isNaN(d.getTime()) || el.dataset.localised) continue;
    el.dataset.localised = '1';
    el.title = fullLabel(d);
    el.textContent = localLabel(d, now);
  }
}
