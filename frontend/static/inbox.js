// Keeps the inbox count in the navigation current without a reload: it asks
// for the unread count when the page comes back into view and every minute.
// The count is rendered by the server, so this is only an enhancement.
(function () {
  var link = document.getElementById('inbox-count');
  if (!link || !window.fetch) return;
  var count = link.querySelector('.count');
  var busy = false;
  function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    fetch('/api/v1/notifications?unread=true&limit=1', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body || typeof body.unread !== 'number') return;
        count.textContent = body.unread >= 100 ? '99+' : String(body.unread);
        link.hidden = body.unread === 0;
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  document.addEventListener('visibilitychange', refresh);
  window.addEventListener('focus', refresh);
  window.addEventListener('pageshow', refresh);
  setInterval(refresh, 60000);
})();
