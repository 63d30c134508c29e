// The console's script: a file of its own, as the Content-Security-Policy runs no inline script.
(() => {
  // absolute, from the origin: a page opened as http://user:pass@host/ would otherwise pass the
  // credentials on in relative URLs, which fetch refuses
  const base = location.origin + (location.pathname.endsWith('/') ? location.pathname : location.pathname + '/');
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
  // per chart: the figures of each interval, by pool, against the times in seconds (uPlot's time axis)
  const charts = { throughput: { digits: 1 }, latency: { digits: 2 }, queue: { digits: 0 } };
  const times = [];
  const order = [];
  const previous = {};
  const cards = {};
  const HISTORY = 120;
  // the operator acts on pools; a viewer sees no action buttons (and the server refuses a viewer's actions anyway)
  let mayAct = false;

  // Every value reaches the page through textContent: nothing a program or pool name holds can become markup.
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // [field, label, value]: the field names the element (data-field), the label is for people
  const counters = [
    ['kind', 'kind', 'kind'],
    ['workers', 'workers', p => p.idleWorkers + ' idle / ' + p.activeWorkers + ' active / ' + p.totalWorkers + ' total'],
    ['limits', 'limits', p => 'min ' + p.minWorkers + ', max ' + p.maxWorkers],
    ['acceptedRequests', 'accepted', 'acceptedRequests'],
    ['queue', 'queue', p => p.queueLength + ' now, ' + p.maxQueueLength + ' max'],
    ['maxActiveWorkers', 'max active', 'maxActiveWorkers'],
    ['maxReachedCount', 'max reached', 'maxReachedCount'],
    ['slowRequests', 'slow requests', 'slowRequests'],
    ['failures', 'failures', p => 'timeout ' + p.failures.timeout + ', died ' + p.failures.workerDied + ', protocol ' +
      p.failures.protocolError + ', overloaded ' + p.failures.overloaded + ', other ' + p.failures.other],
    ['restarts', 'restarts', 'restarts'],
    ['latency', 'latency', p => p.meanLatencyMillis.toFixed(2) + ' ms mean, ' + p.p99LatencyMillis.toFixed(2) + ' ms p99'],
    ['startTime', 'started', p => new Date(p.startTime).toLocaleString()]
  ];

  // Destructive actions ask first; a dismissed question sends nothing.
  function action(method, path, card, question) {
    if (!window.confirm(question)) {
      card.message.textContent = 'cancelled';
      return Promise.resolve();
    }
    return fetch(base + 'api/pools/' + path, { method, credentials: 'same-origin' }).then(async r => {
      const body = r.status === 202 ? null : await r.json().catch(() => null);
      card.message.textContent = r.ok ? method + ' ' + path + ': done' : (body && body.detail) || ('failed: ' + r.status);
    }).catch(e => { card.message.textContent = method + ' ' + path + ' failed: ' + e.message; });
  }

  function card(pool) {
    if (cards[pool.name]) return cards[pool.name];
    const root = el('section', { class: 'pool', id: 'pool-' + pool.name, 'data-pool': pool.name });
    const title = el('h2');
    title.appendChild(el('span', {}, pool.name));
    const state = el('span', { class: 'state', 'data-field': 'state' });
    const reason = el('span', { class: 'reason', 'data-field': 'stateReason' });
    title.append(state, reason);
    const grid = el('div', { class: 'counters' });
    const fields = {};
    for (const [name, label] of counters) {
      const row = el('div');
      row.append(el('span', {}, label + ': '));
      fields[name] = el('span', { 'data-field': name });
      row.appendChild(fields[name]);
      grid.appendChild(row);
    }
    const c = { root, state, reason, fields, message: el('span', { class: 'message', 'data-field': 'message', role: 'status' }), rows: {} };
    const actions = el('div', { class: 'actions' });
    const restart = el('button', { 'data-action': 'restart', 'aria-label': 'drain and restart pool ' + pool.name }, 'drain and restart');
    const sizeId = 'size-' + pool.name;
    const sizeLabel = el('label', { for: sizeId }, 'max workers');
    const size = el('input', { type: 'number', min: '1', max: String(pool.maxWorkers), value: String(pool.maxWorkers),
      id: sizeId, 'data-input': 'size' });
    const resize = el('button', { 'data-action': 'resize', 'aria-label': 'resize pool ' + pool.name }, 'resize');
    if (mayAct) {
      actions.append(restart, sizeLabel, size, resize);
      restart.addEventListener('click', () => action('POST', encodeURIComponent(pool.name) + '/restart', c,
        'Drain and restart pool ' + pool.name + '? Requests in flight finish; every worker is replaced.'));
      resize.addEventListener('click', () => action('PUT', encodeURIComponent(pool.name) + '/size?maxWorkers=' + encodeURIComponent(size.value), c,
        'Resize pool ' + pool.name + ' to at most ' + size.value + ' workers? Workers above that end after their current request.'));
    }
    actions.append(c.message);
    const table = el('table', { 'data-table': 'workers' });
    const head = el('tr');
    ['pid', 'state', 'started', 'requests', 'current or last request', 'script', 'user', 'duration ms', 'CPU %', 'memory MB', '']
      .forEach(h => head.appendChild(el('th', {}, h)));
    table.appendChild(el('thead')).appendChild(head);
    c.tbody = el('tbody');
    table.appendChild(c.tbody);
    root.append(title, grid, actions, table);
    document.getElementById('pools').appendChild(root);
    cards[pool.name] = c;
    return c;
  }

  function workerRow(c, pool, w) {
    let row = c.rows[w.pid];
    if (!row) {
      const tr = el('tr', { 'data-pid': String(w.pid) });
      const cells = {};
      for (const name of ['pid', 'state', 'started', 'requests', 'uri', 'script', 'user', 'duration', 'cpu', 'memory']) {
        cells[name] = el('td', name === 'uri' || name === 'script' ? { class: 'uri', 'data-cell': name } : { 'data-cell': name });
        tr.appendChild(cells[name]);
      }
      const td = el('td');
      if (mayAct) {
        const recycle = el('button', { 'data-action': 'recycle', 'aria-label': 'recycle worker ' + w.pid }, 'recycle');
        recycle.addEventListener('click', () => action('POST', encodeURIComponent(pool.name) + '/workers/' + w.pid + '/recycle', c,
          'Recycle worker ' + w.pid + ' of pool ' + pool.name + '? It ends after its current request; a new one takes its place.'));
        td.appendChild(recycle);
      }
      tr.appendChild(td);
      c.tbody.appendChild(tr);
      row = c.rows[w.pid] = { tr, cells };
    }
    const set = (name, text) => { if (row.cells[name].textContent !== text) row.cells[name].textContent = text; };
    set('pid', String(w.pid));
    set('state', w.state);
    set('started', new Date(w.startTime).toLocaleTimeString());
    set('requests', String(w.requestsServed));
    const request = w.requestMethod ? w.requestMethod + ' ' + w.requestUri : w.requestUri;
    set('uri', request);
    row.cells.uri.title = request + (w.contentLength > 0 ? ' (' + w.contentLength + ' bytes)' : '');
    set('script', w.script || '');
    row.cells.script.title = w.script || '';
    set('user', w.user || '');
    set('duration', String(w.durationMillis));
    set('cpu', w.cpuPercent.toFixed(1));
    set('memory', (w.residentBytes / 1048576).toFixed(1));
  }

  // A remote pool's backends: state (and why it is out), load, share, and its last health check.
  function backendRows(c, pool) {
    const backends = pool.backends || [];
    if (!c.backends && backends.length === 0) return;
    if (!c.backends) {
      const table = el('table', { 'data-table': 'backends' });
      const head = el('tr');
      ['backend', 'state', 'weight', 'in flight', 'connections', 'share %', 'answered', 'failed', 'last check']
        .forEach(h => head.appendChild(el('th', {}, h)));
      table.appendChild(el('thead')).appendChild(head);
      c.backends = { tbody: el('tbody'), rows: {} };
      table.appendChild(c.backends.tbody);
      c.root.insertBefore(table, c.root.querySelector('[data-table="workers"]'));
    }
    const seen = new Set(backends.map(b => b.address));
    for (const address of Object.keys(c.backends.rows)) {
      if (!seen.has(address)) { c.backends.rows[address].remove(); delete c.backends.rows[address]; }
    }
    for (const b of backends) {
      let tr = c.backends.rows[b.address];
      if (!tr) {
        tr = el('tr', { 'data-backend': b.address });
        ['address', 'state', 'weight', 'outstanding', 'connections', 'share', 'requests', 'failures', 'check']
          .forEach(name => tr.appendChild(el('td', { 'data-cell': name })));
        c.backends.tbody.appendChild(tr);
        c.backends.rows[b.address] = tr;
      }
      const check = b.lastCheck;
      const values = [b.address, b.state, String(b.weight), String(b.outstanding), String(b.connections),
        (b.share * 100).toFixed(1), String(b.requests), String(b.failures),
        check ? (check.passed ? 'passed' : 'failed') + ' ' + new Date(check.at).toLocaleTimeString() + ', ' + check.millis +
          ' ms: ' + check.detail : 'none'];
      values.forEach((text, i) => { if (tr.children[i].textContent !== text) tr.children[i].textContent = text; });
      tr.className = b.up ? '' : 'down';
    }
  }

  function render(snapshot) {
    const t = new Date(snapshot.time).getTime();
    const figures = {};
    for (const pool of snapshot.pools) {
      const c = card(pool);
      c.state.textContent = pool.state;
      c.state.className = 'state ' + pool.state;
      c.reason.textContent = pool.stateReason || '';
      for (const [name, , source] of counters) {
        const text = String(typeof source === 'function' ? source(pool) : pool[source]);
        if (c.fields[name].textContent !== text) c.fields[name].textContent = text;
      }
      const seen = new Set(pool.workers.map(w => String(w.pid)));
      for (const pid of Object.keys(c.rows)) {
        if (!seen.has(pid)) { c.rows[pid].tr.remove(); delete c.rows[pid]; }
      }
      pool.workers.forEach(w => workerRow(c, pool, w));
      backendRows(c, pool);
      figures[pool.name] = interval(pool, t);
    }
    record(t / 1000, figures);
    if (window.uPlot) Object.keys(charts).forEach(draw);
  }

  // Per-interval figures from cumulative ones: requests/s from accepted; mean latency from mean x count.
  function interval(pool, t) {
    const before = previous[pool.name];
    previous[pool.name] = { t, accepted: pool.acceptedRequests, total: pool.meanLatencyMillis * pool.acceptedRequests };
    if (!before || t <= before.t) return null;
    const requests = pool.acceptedRequests - before.accepted;
    return {
      throughput: Math.max(0, requests / ((t - before.t) / 1000)),
      latency: requests > 0 ? Math.max(0, (previous[pool.name].total - before.total) / requests) : 0,
      queue: pool.queueLength
    };
  }

  // One column per snapshot; a pool seen for the first time gets empty values for the times before it.
  function record(seconds, figures) {
    for (const name of Object.keys(figures).sort()) {
      if (order.includes(name)) continue;
      order.push(name);
      for (const chart of Object.values(charts)) {
        chart.values = chart.values || {};
        chart.values[name] = times.map(() => null);
      }
    }
    times.push(seconds);
    for (const [key, chart] of Object.entries(charts)) {
      for (const name of order) {
        chart.values[name].push(figures[name] ? figures[name][key] : null);
        if (chart.values[name].length > HISTORY) chart.values[name].shift();
      }
    }
    if (times.length > HISTORY) times.shift();
  }

  function plotWidth(figure) {
    return Math.max(200, figure.clientWidth - 16);
  }

  // uPlot draws the chart (crisp at any pixel ratio), the time axis, and the values under the cursor in its legend.
  function draw(key) {
    const chart = charts[key];
    const figure = document.getElementById('chart-' + key);
    const value = (u, v) => v == null ? '--' : v.toFixed(chart.digits);
    if (!chart.plot) {
      chart.plot = new uPlot({
        width: plotWidth(figure), height: 160,
        // always the last HISTORY seconds, so the time axis keeps its scale while the history fills
        scales: {
          x: { time: true, range: (u, min, max) => [(max ?? Date.now() / 1000) - HISTORY, max ?? Date.now() / 1000] },
          y: { range: (u, min, max) => [0, Math.max(1, max)] }
        },
        axes: [{}, { size: 50 }],
        cursor: { drag: { x: false, y: false } },
        series: [{ label: 'time', value: (u, v) => v == null ? '--' : new Date(v * 1000).toLocaleTimeString() }]
      }, [[]], figure.querySelector('.plot'));
      chart.plot.root.querySelector('canvas').setAttribute('role', 'img');
      chart.plot.root.querySelector('canvas').setAttribute('aria-label',
        document.getElementById('title-' + key).textContent + ', per pool, over the last ' + HISTORY + ' seconds');
    }
    while (chart.plot.series.length - 1 < order.length) {
      const name = order[chart.plot.series.length - 1];
      chart.plot.addSeries({ label: name, stroke: colors[(chart.plot.series.length - 1) % colors.length], width: 1.5, value });
    }
    chart.plot.setData([times.slice(), ...order.map(name => chart.values[name].slice())]);
    document.getElementById('summary-' + key).textContent = 'now: ' + order.map(name => {
      const values = chart.values[name];
      return name + ' ' + value(null, values[values.length - 1]);
    }).join(', ');
  }

  window.addEventListener('resize', () => {
    for (const [key, chart] of Object.entries(charts)) {
      if (chart.plot) chart.plot.setSize({ width: plotWidth(document.getElementById('chart-' + key)), height: 160 });
    }
  });

  // The charting library comes from this application (no network beyond it), under the console's own address.
  function loadLibrary() {
    document.head.appendChild(el('link', { rel: 'stylesheet', href: base + 'lib/uPlot.min.css' }));
    const script = el('script', { src: base + 'lib/uPlot.iife.min.js' });
    script.addEventListener('error', () => {
      for (const key of Object.keys(charts)) {
        document.getElementById('summary-' + key).textContent = 'the charting library did not load';
      }
    });
    document.head.appendChild(script);
  }

  function follow() {
    const live = document.getElementById('live');
    const events = new EventSource(base + 'api/events');
    events.addEventListener('pools', e => {
      const snapshot = JSON.parse(e.data);
      live.className = 'live';
      live.textContent = 'live: updated ' + new Date(snapshot.time).toLocaleTimeString();
      render(snapshot);
    });
    events.onerror = () => { live.className = 'live down'; live.textContent = 'disconnected; retrying...'; };
  }

  // Every node's pools, where the nodes share a data grid: shown once there is more than this node.
  // An action on another node's pool goes through this node to that node's own admin API.
  function followNodes() {
    const section = document.getElementById('cluster');
    const rows = document.getElementById('nodes');
    const message = document.getElementById('cluster-message');
    const refresh = () => fetch(base + 'api/nodes', { credentials: 'same-origin' })
      .then(r => r.ok ? r.json() : Promise.reject(new Error(String(r.status))))
      .then(nodes => {
        section.hidden = nodes.length < 2;
        rows.replaceChildren();
        if (section.hidden) return;
        for (const node of nodes) {
          for (const pool of node.pools) {
            const tr = el('tr', { 'data-node': node.node, 'data-pool': pool.name });
            tr.append(el('td', {}, node.node + (node.self ? ' (this node)' : '')), el('td', {}, pool.name), el('td', {}, pool.kind),
              el('td', { 'data-field': 'state' }, pool.state), el('td', {}, pool.activeWorkers + ' active / ' + pool.totalWorkers + ' total'),
              el('td', {}, String(pool.acceptedRequests)), el('td', {}, new Date(node.published).toLocaleTimeString()));
            const cell = el('td');
            if (mayAct) {
              const restart = el('button', { 'data-action': 'restart', 'aria-label': 'drain and restart pool ' + pool.name + ' on node ' + node.node }, 'drain and restart');
              restart.addEventListener('click', () => {
                if (!window.confirm('Drain and restart pool ' + pool.name + ' on node ' + node.node + '?')) return;
                const path = 'api/nodes/' + encodeURIComponent(node.node) + '/pools/' + encodeURIComponent(pool.name) + '/restart';
                fetch(base + path, { method: 'POST', credentials: 'same-origin' })
                  .then(r => { message.textContent = node.node + ' ' + pool.name + ': ' + (r.ok ? 'restarting' : 'failed: ' + r.status); })
                  .catch(e => { message.textContent = node.node + ' ' + pool.name + ' failed: ' + e.message; });
              });
              cell.appendChild(restart);
            }
            tr.appendChild(cell);
            rows.appendChild(tr);
          }
        }
      })
      .catch(e => { message.textContent = 'cluster view unavailable (' + e.message + ')'; });
    refresh();
    setInterval(refresh, 2000);
  }

  loadLibrary();
  // who is signed in decides whether the pools get action buttons, so it comes before the first snapshot
  fetch(base + 'api/session', { credentials: 'same-origin' }).then(r => r.ok ? r.json() : Promise.reject(new Error(String(r.status))))
    .then(session => {
      mayAct = session.mayAct === true;
      const line = document.getElementById('session');
      line.dataset.role = session.role;
      line.textContent = 'signed in as ' + session.user + (mayAct ? ' (operator)' : ' (viewer: read only)');
    })
    .catch(e => { document.getElementById('session').textContent = 'session unknown (' + e.message + '): read only'; })
    .finally(() => { follow(); followNodes(); });
})();
