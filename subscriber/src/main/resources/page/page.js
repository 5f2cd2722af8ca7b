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

  // The figures at the top: numbers from /figures (the subscriber's own), written as text only.
  const SVG = 'http://www.w3.org/2000/svg';
  const CHART_WIDTH = 600;
  const CHART_HEIGHT = 64;
  const FIGURES_EVERY_MS = 5000;
  const byId = (id) => document.getElementById(id);
  const chart = byId('chart');
  let figuresSoon = false;

  // A number from the subscriber, or NaN: nothing else is ever shown from /figures.
  function number(value) {
    return typeof value === 'number' ? value : NaN;
  }

  function duration(ms) {
    if (!Number.isFinite(ms)) {
      return '–';
    }
    if (ms < 1000) {
      return Math.round(ms) + ' ms';
    }
    if (ms < 60000) {
      return (ms / 1000).toFixed(1) + ' s';
    }
    if (ms < 3600000) {
      return (ms / 60000).toFixed(1) + ' min';
    }
    return (ms / 3600000).toFixed(1) + ' h';
  }

  // "for 42 s", "for 5 min": how long, from the subscriber's clock, not the browser's.
  function elapsed(ms) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    if (seconds < 120) {
      return seconds + ' s';
    }
    if (seconds < 7200) {
      return Math.floor(seconds / 60) + ' min';
    }
    if (seconds < 172800) {
      return Math.floor(seconds / 3600) + ' h';
    }
    return Math.floor(seconds / 86400) + ' days';
  }

  function drawChart(perMinute) {
    const counts = Array.isArray(perMinute) ? perMinute.map(number).map((n) => (Number.isFinite(n) ? n : 0)) : [];
    const highest = Math.max(1, ...counts);
    const width = CHART_WIDTH / Math.max(1, counts.length);
    const bars = counts.map((count, i) => {
      const bar = document.createElementNS(SVG, 'rect');
      // Visible however small, if there was any article that minute.
      const height = count === 0 ? 0 : Math.max(2, (count / highest) * CHART_HEIGHT);
      bar.setAttribute('x', String(i * width + 1));
      bar.setAttribute('y', String(CHART_HEIGHT - height));
      bar.setAttribute('width', String(width - 2));
      bar.setAttribute('height', String(height));
      const minutesAgo = counts.length - 1 - i;
      bar.dataset.count = String(count);
      bar.dataset.minutesAgo = String(minutesAgo);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = count + (count === 1 ? ' article, ' : ' articles, ')
          + (minutesAgo === 0 ? 'this minute' : minutesAgo + ' min ago');
      bar.append(title);
      return bar;
    });
    chart.replaceChildren(...bars);
  }

  function showFigures(figures) {
    const now = number(figures.now);
    byId('last-minute').textContent = String(number(figures.lastMinute));
    byId('last-hour').textContent = String(number(figures.lastHour));
    drawChart(figures.perMinute);

    const latency = figures.latency;
    const articles = latency ? number(latency.articles) : 0;
    byId('latency-p50').textContent = latency ? duration(number(latency.p50Millis)) : '–';
    byId('latency-p99').textContent = latency ? duration(number(latency.p99Millis)) : '–';
    byId('latency-over').textContent = latency
        ? 'over the last hour: ' + articles + (articles === 1 ? ' article' : ' articles')
        : 'no article in the last hour';

    const connection = byId('connection');
    const since = number(figures.since);
    const connected = figures.connected === true;
    connection.textContent = (connected ? 'connected since ' : 'not connected since ')
        + new Date(since).toLocaleTimeString() + ' (' + elapsed(now - since) + ')';
    connection.className = connected ? 'up' : 'down';
    connection.dataset.since = String(since);

    const days = byId('certificate-days');
    const daysLeft = number(figures.certificateDaysLeft);
    days.textContent = Number.isFinite(daysLeft) ? String(Math.floor(daysLeft)) : 'unknown';
    // As the CertificateExpiresSoon alert: under 14 days.
    days.className = Number.isFinite(daysLeft) && daysLeft < 14 ? 'soon' : '';
    days.dataset.daysLeft = String(daysLeft);
  }

  function refreshFigures() {
    fetch('figures', { cache: 'no-store' })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status))))
        .then(showFigures)
        .catch(() => { /* the next refresh tries again; the status badge tells of a lost subscriber */ });
  }

  // After a burst of articles, one request rather than one per article.
  function refreshFiguresSoon() {
    if (!figuresSoon) {
      figuresSoon = true;
      setTimeout(() => {
        figuresSoon = false;
        refreshFigures();
      }, 250);
    }
  }

  refreshFigures();
  setInterval(refreshFigures, FIGURES_EVERY_MS);

  // EventSource reconnects by itself after an error, sending the last event id it saw.
  const source = new EventSource('events');
  source.addEventListener('open', () => {
    setStatus('live', 'live');
    refreshFiguresSoon();
  });
  source.addEventListener('error', () => setStatus('reconnecting…', 'connecting'));
  source.addEventListener('article', (event) => {
    const article = JSON.parse(event.data);
    show(article);
    // The subscriber's own count, so it survives reloading the page; events arrive in order.
    count.textContent = String(article.number);
    refreshFiguresSoon();
  });
})();
