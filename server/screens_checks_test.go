package server_test

import "fmt"

// screenChecks is the script the screens test runs on a page as the browser shows it now. It
// returns what breaks reflow, target size and zoom (WCAG 2.2 1.4.10, 2.5.8, 1.4.4):
//
//   - wide: the page scrolls sideways (scrollWidth > clientWidth); it names the outermost
//     elements that stick out of the viewport, and blocks whose text runs past it.
//   - scrollers: an element that scrolls sideways on its own (a wide table, the family graph)
//     must be reachable with the keyboard (tabindex=0) and named (aria-label/labelledby), so
//     that someone without a mouse can scroll it and knows what it is. A container holding an
//     editable text (the live editor) scrolls with the caret and is exempt.
//   - targets: every link, button, field, summary and [role=button] on screen is at least
//     24×24 CSS px, or passes the spacing exception (a 24 px circle centred on it meets no
//     other target and no other small target's circle), or is a link inside running text (its
//     block holds other text than its targets: the inline exception).
//   - clipped: an element that hides its overflow (overflow hidden/clip) while its text needs
//     more room than it has, i.e. text cut off. Visually hidden text (1 px boxes) is meant so.
const screenChecks = `(() => {
  const se = document.scrollingElement, vw = se.clientWidth;
  const short = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) return s + '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].slice(0, 3).join('.');
    return s;
  };
  const path = el => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(short(e));
      if (e.id) break;
    }
    return parts.join(' > ');
  };
  const css = el => getComputedStyle(el);
  // Visually hidden on purpose: a box of at most 1 px that clips, or inside one.
  const hidden = el => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const r = e.getBoundingClientRect(), s = css(e);
      if ((r.width <= 1 || r.height <= 1) && (s.overflow !== 'visible' || s.clip !== 'auto')) return true;
    }
    return false;
  };
  const shown = el => {
    if (el.closest('[hidden], [aria-hidden=true]')) return false;
    const r = el.getBoundingClientRect(), s = css(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden') return false;
    return r.bottom + window.scrollY > 0; // the skip link waits above the page until focused
  };
  const scrollsX = s => s.overflowX === 'auto' || s.overflowX === 'scroll';
  const out = {scrollWidth: se.scrollWidth, clientWidth: vw, wide: [], scrollers: [], targets: [], clipped: []};

  // Reflow: what makes the page wider than the window.
  if (se.scrollWidth > vw) {
    const boxes = [], runs = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || hidden(el)) continue;
      let contained = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (css(p).overflowX !== 'visible') { contained = true; break; }
      }
      if (contained) continue;
      const out1 = r.right > vw + 0.5 || r.left < -0.5;
      const pr = el.parentElement.getBoundingClientRect();
      const parentOut = pr.right > vw + 0.5 || pr.left < -0.5;
      if (out1 && !parentOut) boxes.push(el);
      else if (!out1 && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && css(el).overflowX === 'visible' &&
               r.left + el.scrollWidth > vw + 0.5) runs.push(el);
    }
    for (const el of boxes) { const r = el.getBoundingClientRect(); out.wide.push(path(el) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right)); }
    for (const el of runs) {
      if (!runs.some(o => o !== el && el.contains(o)) && !boxes.some(o => el.contains(o))) out.wide.push(path(el) + ' text runs to ' + Math.round(el.getBoundingClientRect().left + el.scrollWidth));
    }
  }

  // Containers that scroll sideways on their own.
  for (const el of document.body.querySelectorAll('*')) {
    if (/^(TEXTAREA|INPUT|SELECT)$/.test(el.tagName) || !scrollsX(css(el)) || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.querySelector('[contenteditable=true]')) continue;
    const focusable = el.hasAttribute('tabindex') && el.tabIndex >= 0;
    // A formula is its own name: role math, read out as MathML.
    const named = el.tagName === 'math' || (el.getAttribute('aria-label') || '').trim() !== '' || (el.getAttribute('aria-labelledby') || '').trim() !== '';
    if (!focusable || !named) out.scrollers.push(path(el) + (focusable ? '' : ' not focusable') + (named ? '' : ' unnamed'));
  }

  // Targets.
  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')]
    .filter(el => shown(el) && !hidden(el));
  const inText = el => {
    if (el.tagName !== 'A') return false;
    let b = el.parentElement;
    while (b && css(b).display.startsWith('inline')) b = b.parentElement;
    if (!b || !/^(P|LI|TD|TH|DD|DT|FIGCAPTION|CAPTION|BLOCKQUOTE)$/.test(b.tagName)) return false;
    let own = b.textContent;
    for (const t of b.querySelectorAll('a, button')) own = own.replace(t.textContent, '');
    return /[\p{L}\p{N}]/u.test(own);
  };
  // A link that wraps (or that bidi splits, an arrow beside right-to-left text) is several boxes;
  // its largest one is where people aim, the others still count as obstacles for its neighbours.
  const frags = all.map(el => [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0));
  const small = all.map(el => { const r = el.getBoundingClientRect(); return r.width < 23.5 || r.height < 23.5; });
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const distToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  all.forEach((el, i) => {
    if (!small[i] || inText(el)) return;
    let clash = null, at = null;
    const own = frags[i].slice().sort((a, b) => b.width * b.height - a.width * a.height).slice(0, 1);
    for (const r of own) {
      const c = centre(r);
      all.forEach((o, j) => {
        if (clash || j === i || o.contains(el) || el.contains(o)) return;
        for (const ro of frags[j]) {
          const d = distToRect(c, ro);
          if (d < 12 - 0.01) { clash = [o, d]; at = r; return; }
          if (small[j] && !inText(o)) {
            const co = centre(ro), dc = Math.hypot(c[0] - co[0], c[1] - co[1]);
            if (dc < 24 - 0.01) { clash = [o, dc / 2]; at = r; return; }
          }
        }
      });
      if (clash) break;
    }
    if (clash) out.targets.push(path(el) + ' ' + Math.round(at.width) + 'x' + Math.round(at.height) + ' (' + JSON.stringify(el.textContent.trim().slice(0, 30)) + ') ' +
      clash[1].toFixed(1) + ' px from ' + path(clash[0]) + ' (' + JSON.stringify(clash[0].textContent.trim().slice(0, 30)) + ')');
  });

  // Text cut off by a box that hides its overflow.
  for (const el of document.body.querySelectorAll('*')) {
    const s = css(el);
    const clips = /hidden|clip/.test(s.overflowX + ' ' + s.overflowY) || s.textOverflow === 'ellipsis';
    if (!clips || hidden(el) || !shown(el) || !(el.textContent || '').trim()) continue;
    const cutX = s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
    const cutY = s.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1;
    if ((cutX && !scrollsX(s)) || (cutY && !/auto|scroll/.test(s.overflowY))) {
      out.clipped.push(path(el) + ' shows ' + el.clientWidth + 'x' + el.clientHeight + ' of ' + el.scrollWidth + 'x' + el.scrollHeight);
    }
  }
  return out;
})()`

// screenReport is what screenChecks returns.
type screenReport struct {
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Wide        []string `json:"wide"`
	Scrollers   []string `json:"scrollers"`
	Targets     []string `json:"targets"`
	Clipped     []string `json:"clipped"`
}

// problems lists the report's failures, at most a few of each kind.
func (r screenReport) problems() []string {
	var out []string
	add := func(kind string, list []string) {
		for i, s := range list {
			if i == 5 {
				out = append(out, kind+": … and more")
				break
			}
			out = append(out, kind+": "+s)
		}
	}
	if r.ScrollWidth > r.ClientWidth {
		out = append(out, fmt.Sprintf("scrolls sideways: %d > %d", r.ScrollWidth, r.ClientWidth))
		add("wider than the window", r.Wide)
	}
	add("scrolls without keyboard or name", r.Scrollers)
	add("target under 24×24", r.Targets)
	add("text cut off", r.Clipped)
	return out
}

// openAll opens every <details> (the Download menu, settings) so their content is checked too.
const openAll = `document.querySelectorAll('details').forEach(d => d.open = true); true`

// axeTags are the axe-core tags the screens test runs: the WCAG 2.2 A/AA rules and best practice.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']`

// axeWCAG22 runs axe-core with the rules of axeTags.
const axeWCAG22 = `axe.run(document, {runOnly: {type: 'tag', values: ` + axeTags + `},
  resultTypes: ['violations']}).then(r => r.violations)`

// axeDefaultsLeftOut names the rules axe-core runs by default that axeTags leave out. There are
// none in axe-core 4.14 (only AAA and deprecated rules, which are off by default, fall outside);
// the screens test checks that a newer axe-core keeps it so, since it is the suite's sweep.
const axeDefaultsLeftOut = `axe._audit.rules.filter(r => r.enabled && !r.tags.some(t => ` + axeTags + `.includes(t))).map(r => r.id)`
