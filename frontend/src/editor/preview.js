// Preview: debounced POST of the Markdown to the render endpoint; the answer's HTML is
// sanitised by the server (goldmark + bluemonday) and inserted as is. Stale answers are dropped.
const DELAY = 400;

export function previewer(url, el, csrf) {
  let timer = null;
  let latest = 0;
  let inflight = null;
  return (markdown) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++latest;
      if (inflight) inflight.abort();
      inflight = new AbortController();
      try {
        const res = await fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify({ markdown }),
          signal: inflight.signal,
        });
        if (!res.ok) return;
        const body = await res.json();
        if (mine === latest && typeof body.html === 'string') el.innerHTML = body.html;
      } catch {
        // offline or aborted: the next edit tries again
      }
    }, DELAY);
  };
}
