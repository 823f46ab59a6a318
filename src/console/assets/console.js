// gatehouse console: keeps the approvals page live by polling its JSON feed every few seconds.
// New requests are added and decided ones removed; cards already on the page are left alone, so
// a reason being typed is never lost. The markup comes from the server, already escaped.
/* global document, fetch, setTimeout */
'use strict';
(function () {
  const INTERVAL_MS = 3000;
  const status = document.getElementById('live-status');
  const pending = document.getElementById('pending');
  if (!status || !pending) return;
  const feed = status.getAttribute('data-feed');
  const empty = document.getElementById('pending-empty');
  const count = document.getElementById('pending-count');
  const recent = document.getElementById('recent');

  function fragment(markup) {
    const template = document.createElement('template');
    template.innerHTML = markup;
    return template.content;
  }

  function cards() {
    return Array.from(pending.querySelectorAll('article.request'));
  }

  function apply(data) {
    const wanted = new Set(data.pending.map((p) => p.id));
    for (const card of cards()) if (!wanted.has(card.dataset.id)) card.remove();
    const present = new Set(cards().map((card) => card.dataset.id));
    for (const p of data.pending) {
      if (present.has(p.id)) continue;
      const content = fragment(p.html);
      const card = content.querySelector('article.request');
      if (card) card.classList.add('arrived');
      pending.appendChild(content);
    }
    count.textContent = String(data.pending.length);
    empty.hidden = data.pending.length > 0;
    recent.replaceChildren(fragment(data.recent));
    document.title = (data.pending.length > 0 ? '(' + data.pending.length + ') ' : '') + 'Approvals · gatehouse';
    status.textContent = 'Live: updated ' + new Date(data.at).toLocaleTimeString() + '.';
    status.classList.remove('stale');
  }

  async function poll() {
    try {
      const response = await fetch(feed, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (response.status === 401 || response.status === 403) {
        status.textContent = 'You are signed out. Reload the page to sign in again.';
        status.classList.add('stale');
        return;
      }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      apply(await response.json());
    } catch {
      status.textContent = 'Lost contact with gatehouse; retrying…';
      status.classList.add('stale');
    }
    setTimeout(poll, INTERVAL_MS);
  }

  setTimeout(poll, INTERVAL_MS);
})();
