'use strict';
// The article page: one row per article event from /events, newest first.
// Article text comes from whoever may publish to the broker, so it only ever enters the page as
// text (textContent), never as HTML.
(() => {
  const MAX_ROWS = 200; // a page left open for days must not grow without bound

  const rows = document.getElementById('articles');
  const count = document.getElementById('count');
  const status = document.getElementById('status');
  const empty = document.getElementById('empty');
  const shown = new Set();

  function cell(className, text) {
    const td = document.createElement('td');
    td.className = className;
    td.textContent = text;
    return td;
  }

  function timeCell(article) {
    const published = new Date(article.publishedAt);
    const time = document.createElement('time');
    time.dateTime = article.publishedAt;
    time.textContent = published.toLocaleTimeString();
    time.title = 'published ' + published.toLocaleString() + ', received ' + new Date(article.receivedAt).toLocaleString();
    const td = document.createElement('td');
    td.className = 'time';
    td.append(time);
    return td;
  }

  function show(article) {
    // The same article again: a replay after reconnecting to a subscriber that did not get our Last-Event-ID.
    if (shown.has(article.id)) {
      return;
    }
    shown.add(article.id);
    const row = document.createElement('tr');
    row.dataset.id = article.id;
    row.append(timeCell(article), cell('newspaper', article.newspaper), cell('section', article.section),
        cell('title', article.title));
    rows.prepend(row);
    while (rows.rows.length > MAX_ROWS) {
      shown.delete(rows.lastElementChild.dataset.id);
      rows.lastElementChild.remove();
    }
    empty.hidden = true;
  }

  function setStatus(text, className) {
    status.textContent = text;
    status.className = className;
  }

  // EventSource reconnects by itself after an error, sending the last event id it saw.
  const source = new EventSource('events');
  source.addEventListener('open', () => setStatus('live', 'live'));
  source.addEventListener('error', () => setStatus('reconnecting…', 'connecting'));
  source.addEventListener('article', (event) => {
    const article = JSON.parse(event.data);
    show(article);
    // The subscriber's own count, so it survives reloading the page; events arrive in order.
    count.textContent = String(article.number);
  });
})();
