// Interface strings of the browser bundle (issue 14). The page carries its language's messages
// in <script type="application/json" id="ui-messages">{"lang": "es", "messages": {id: text or
// {one, other, …}}}</script> (the server writes it from the catalogues, i18n/po); ids are the
// English text, so without that element (tests, an old page) the English is shown. The ids are
// found in these sources by `commonplace ui-strings extract`: call t('…') and tn('…', '…', n)
// with literal strings.

let cache = null;

function data() {
  if (cache) return cache;
  cache = { lang: 'en', messages: {}, numbering: '' };
  const el = typeof document !== 'undefined' ? document.getElementById('ui-messages') : null;
  if (el) {
    try {
      const d = JSON.parse(el.textContent);
      cache = { lang: d.lang || 'en', messages: d.messages || {}, numbering: d.numbering || '' };
    } catch {
      // a broken element leaves the English
    }
  }
  return cache;
}

// uiLocale is the interface language for Intl; the English is British ("licence", 24-hour times).
// It asks for the digits the server writes the language's numbers in (the page's "numbering",
// i18n.Locale.Numbering), so that one page does not mix two sets of digits: browsers on a CLDR
// older than 42 still give plain Arabic Arabic-Indic digits, where the server writes Latin ones.
export function uiLocale() {
  const { lang, numbering = '' } = data();
  const l = lang === 'en' ? 'en-GB' : lang;
  return /^[a-z]{3,8}$/.test(numbering) ? `${l}-u-nu-${numbering}` : l;
}

function fill(s, vars) {
  if (!vars) return s;
  return s.replace(/\{([a-z][a-z0-9_]*)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

// t translates a message and fills its {placeholders}.
export function t(id, vars) {
  const m = data().messages[id];
  return fill(typeof m === 'string' && m ? m : id, vars);
}

// tn translates a message that depends on a count, by CLDR's plural rules; {n} is the count.
export function tn(one, other, n, vars) {
  const m = data().messages[one];
  let s;
  if (m && typeof m === 'object') {
    const cat = new Intl.PluralRules(uiLocale()).select(n);
    s = m[cat] || m.other;
  }
  if (!s) s = n === 1 ? one : other;
  return fill(s, { n: new Intl.NumberFormat(uiLocale()).format(n), ...vars });
}

// setMessages replaces the messages (tests).
export function setMessages(d) {
  cache = d;
}
