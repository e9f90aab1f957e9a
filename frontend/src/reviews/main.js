// The review queue enhanced: Approve and Send back go through the JSON API without a page load,
// the segment leaves the list, the counts follow, and the focus moves to the next segment's
// Approve button (its description reads the source and the translation). Alt+A approves the
// segment the focus is in (or the first) and moves on. Without JavaScript every button posts
// its form and the page comes back.
import { t, tn } from '../i18n.js';
const root = document.getElementById('segment-queue');
if (root) init(root);

function init(root) {
  const csrf = document.querySelector('meta[name=csrf-token]')?.content || '';
  const status = document.getElementById('queue-status');
  const say = (msg) => { if (status) status.textContent = msg; };

  async function review(form, action) {
    const comment = form.querySelector('input[name=comment]');
    const error = form.querySelector('.field-error');
    const item = form.closest('.review-item');
    if (item.getAttribute('aria-busy') === 'true') return; // already on its way
    const url = `/api/v1/resources/${form.dataset.resource}/segments/${encodeURIComponent(form.dataset.segment)}/review`;
    item.setAttribute('aria-busy', 'true');
    try {
      const r = await fetch(url, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
        body: JSON.stringify({ action, comment: comment.value }),
      });
      const data = await r.json().catch(() => ({}));
      if (!r.ok) throw new Error(data.error?.text || data.error?.message || r.statusText);
      done(item, action === 'send_back' ? t('Sent back.') : t('Approved.'));
    } catch (e) {
      item.removeAttribute('aria-busy');
      error.textContent = e.message;
      error.hidden = false;
      comment.setAttribute('aria-invalid', 'true');
      if (!comment.getAttribute('aria-describedby').includes(error.id)) {
        comment.setAttribute('aria-describedby', comment.getAttribute('aria-describedby') + ' ' + error.id);
      }
      comment.focus();
    }
  }

  // done takes a reviewed segment out of the list and moves the focus on.
  function done(item, what) {
    const items = [...root.querySelectorAll('.review-item')];
    const at = items.indexOf(item);
    const next = items[at + 1] || items[at - 1];
    const group = item.closest('.review-group');
    item.remove();
    const w = group.querySelector('.waiting');
    const left = Number(w.dataset.waiting) - 1;
    w.dataset.waiting = String(left);
    w.textContent = t('{n} waiting', { n: left });
    if (!group.querySelector('.review-item')) {
      if (left > 0) {
        // More wait on the translator's page: leave the link to them.
        group.querySelector('ol')?.remove();
      } else {
        group.remove();
      }
    }
    const total = document.getElementById('segments-total');
    let count = 0;
    if (total) {
      count = Math.max(0, Number(total.textContent) - 1);
      total.textContent = String(count);
    }
    if (next) {
      next.querySelector('button.approve')?.focus();
      say(what + ' ' + tn('{n} waiting.', '{n} waiting.', count));
      return;
    }
    if (!root.querySelector('.review-item')) {
      const proposals = document.getElementById('proposals-h');
      if (!root.querySelector('.review-group')) root.remove();
      if (!proposals) {
        document.getElementById('queue-summary')?.remove();
        document.getElementById('queue-empty').hidden = false;
      }
      const heading = document.querySelector('main h1');
      heading.tabIndex = -1;
      heading.focus();
      say(what + ' ' + t('Nothing else waits for you.'));
    }
  }

  root.addEventListener('submit', (ev) => {
    const form = ev.target.closest('form.review-form');
    const action = ev.submitter?.value;
    if (!form || (action !== 'approve' && action !== 'send_back')) return;
    ev.preventDefault();
    review(form, action);
  });

  document.addEventListener('keydown', (ev) => {
    if (!ev.altKey || ev.ctrlKey || ev.metaKey || !(ev.code === 'KeyA' || ev.key.toLowerCase() === 'a')) return;
    const item = document.activeElement?.closest?.('.review-item') || root.querySelector('.review-item');
    if (!item) return;
    ev.preventDefault();
    review(item.querySelector('form.review-form'), 'approve');
  });
}
