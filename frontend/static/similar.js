// The "already exists" hint of the new-resource form: as a title is typed,
// ask the server which similar resources exist and show its (escaped,
// server-rendered) answer. Without JavaScript the same hint appears when
// the form is submitted.
(function () {
  var hint = document.getElementById("similar-hint");
  var title = document.getElementById("title");
  var lang = document.getElementById("language");
  if (!hint || !title || !window.fetch) return;
  var timer = null, last = "";
  function ask() {
    var t = title.value.trim();
    var q = "title=" + encodeURIComponent(t) + "&language=" + encodeURIComponent(lang ? lang.value.trim() : "");
    if (t.length < 4 || q === last) return;
    last = q;
    fetch(hint.getAttribute("data-similar") + "?" + q, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (q === last) hint.innerHTML = html; })
      .catch(function () {});
  }
  function soon() { clearTimeout(timer); timer = setTimeout(ask, 350); }
  title.addEventListener("input", soon);
  if (lang) lang.addEventListener("change", soon);
})();
