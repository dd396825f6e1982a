// The operator console: polls the daemon's JSON API every few seconds and draws the page with plain DOM calls
// (textContent only: nothing the daemon answers is parsed as HTML). The admin token lives in this variable only.
(function () {
  'use strict';
  var REFRESH_MS = 3000;
  var API = 'api/';
  var adminToken = '';
  var streamsKnown = '';
  var drawn = { state: null, history: null };

  function $(id) { return document.getElementById(id); }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function badge(text, cls) { return el('span', text, 'badge ' + (cls || text)); }

  function cell(row, content, cls) {
    var td = el('td', null, cls);
    if (content instanceof Node) { td.appendChild(content); } else if (content !== undefined && content !== null) { td.textContent = String(content); }
    row.appendChild(td);
    return td;
  }

  function time(iso) {
    if (!iso) { return '—'; }
    var d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function duration(ms) {
    if (ms === undefined || ms === null) { return '—'; }
    var s = ms / 1000;
    if (s < 120) { return s.toFixed(s < 10 ? 1 : 0) + ' s'; }
    if (s < 7200) { return Math.round(s / 60) + ' min'; }
    return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
  }

  function dropped(d) {
    var keys = d ? Object.keys(d) : [];
    if (!keys.length) { return '0'; }
    var total = 0;
    var parts = keys.map(function (k) { total += d[k]; return k + ': ' + d[k]; });
    return total + ' (' + parts.join(', ') + ')';
  }

  function sum(o, f) {
    var t = 0;
    Object.keys(o || {}).forEach(function (k) { t += (o[k][f] || 0); });
    return t;
  }

  function perSink(sinks) {
    var keys = Object.keys(sinks || {});
    if (!keys.length) { return '—'; }
    return keys.map(function (k) {
      var s = sinks[k];
      var text = k + ': ' + ((s.delivered || 0) + (s.redelivered || 0));
      if (s.deadLettered) { text += ' (' + s.deadLettered + ' dead-lettered)'; }
      return text;
    }).join(', ');
  }

  function fill(tbody, rows) {
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    rows.forEach(function (r) { tbody.appendChild(r); });
  }

  // --- reading -----------------------------------------------------------------------------------------------

  function getJson(path) {
    return fetch(API + path, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error(path + ': HTTP ' + r.status); }
      return r.json();
    });
  }

  function refresh() {
    var q = [];
    if ($('filter-stream').value) { q.push('stream=' + encodeURIComponent($('filter-stream').value)); }
    if ($('filter-outcome').value) { q.push('outcome=' + encodeURIComponent($('filter-outcome').value)); }
    return Promise.all([getJson('state'), getJson('history' + (q.length ? '?' + q.join('&') : ''))])
      .then(function (both) {
        // redrawn only when something changed: a button stays put between polls
        var stateKey = JSON.stringify([both[0].streams, both[0].sinks, both[0].config]);
        var historyKey = JSON.stringify(both[1].runs || []);
        if (stateKey !== drawn.state) { drawState(both[0]); drawn.state = stateKey; }
        if (!both[0].adminTokenSet) {
          $('token-state').textContent = 'actions are off: the daemon has no wiz.admin-token (WIZ_ADMIN_TOKEN)';
        }
        if (historyKey !== drawn.history) { drawHistory(both[1].runs || []); drawn.history = historyKey; }
        $('meta').textContent = 'version ' + both[0].version + ' · up since ' + time(both[0].startedAt)
          + ' · updated ' + new Date().toLocaleTimeString();
        $('meta').className = 'muted';
      })
      .catch(function (e) {
        $('meta').textContent = 'cannot reach the daemon: ' + e.message;
        $('meta').className = 'result bad';
      });
  }

  function drawState(s) {
    var rows = s.streams.map(function (st) {
      var r = el('tr');
      r.dataset.stream = st.name;
      var run = st.lastRun;
      cell(r, st.name + (st.crawl !== st.name ? ' (from ' + st.crawl + ')' : ''));
      var outcome = el('span');
      if (st.running) {
        outcome.appendChild(badge('running', 'running'));
        outcome.appendChild(el('span', ' ' + st.running.fetched + ' fetched', 'muted'));
      }
      if (run) {
        if (st.running) { outcome.appendChild(el('span', ' · last ', 'muted')); }
        outcome.appendChild(badge(run.outcome));
      } else if (!st.running) {
        outcome.appendChild(badge('no run yet', 'none'));
      }
      cell(r, outcome, 'outcome');
      cell(r, run ? run.trigger : '—', 'trigger');
      cell(r, run ? time(run.start) : '—', 'time');
      cell(r, run ? duration(run.durationMs) : '—');
      cell(r, run ? run.fetched : '—', 'num fetched');
      cell(r, run ? dropped(run.dropped) : '—', 'dropped');
      cell(r, run ? perSink(run.sinks) : '—', 'delivered');
      var next = el('span', st.nextRun ? time(st.nextRun) : 'not scheduled');
      if (st.nextFullRun) { next.title = 'next full resync ' + time(st.nextFullRun); }
      cell(r, next);
      cell(r, st.watermark || '—', 'wrap watermark');
      var actions = el('span');
      if (st.crawl === st.name) {
        actions.appendChild(actionButton('Sync now', 'sync', { stream: st.name, full: 'false' }));
        actions.appendChild(document.createTextNode(' '));
        actions.appendChild(actionButton('Full', 'sync', { stream: st.name, full: 'true' }));
      } else {
        actions.appendChild(el('span', 'with ' + st.crawl, 'muted'));
      }
      cell(r, actions, 'actions');
      return r;
    });
    fill($('streams').tBodies[0], rows);

    fill($('sinks').tBodies[0], s.sinks.map(function (k) {
      var r = el('tr');
      r.dataset.sink = k.name;
      cell(r, k.name);
      var last = el('span');
      if (k.lastDelivery) {
        last.appendChild(badge(k.lastDelivery.outcome === 'ok' ? 'took everything' : 'left records behind',
          k.lastDelivery.outcome === 'ok' ? 'ok' : 'failed'));
        last.appendChild(el('span', ' ' + k.lastDelivery.stream + ' · ' + time(k.lastDelivery.at)
          + (k.lastDelivery.error ? ' · ' + k.lastDelivery.error : ''), 'muted'));
      } else {
        last.appendChild(badge('none since start', 'none'));
      }
      cell(r, last, 'wrap last-delivery');
      var waiting = Object.keys(k.deadLettersByStream).filter(function (st) { return k.deadLettersByStream[st] > 0; })
        .map(function (st) { return st + ': ' + k.deadLettersByStream[st]; });
      var dl = cell(r, String(k.deadLetters), 'num dead-letters');
      if (waiting.length) { dl.title = waiting.join(', '); }
      cell(r, actionButton('Replay dead letters', 'replay', { sink: k.name }));
      return r;
    }));

    var names = s.streams.map(function (st) { return st.name; }).join(',');
    if (names !== streamsKnown) {
      streamsKnown = names;
      var sel = $('filter-stream');
      var chosen = sel.value;
      while (sel.options.length > 1) { sel.remove(1); }
      s.streams.forEach(function (st) { sel.appendChild(el('option', st.name)); });
      sel.value = chosen;
    }

    fill($('config').tBodies[0], s.config.map(function (c) {
      var r = el('tr');
      cell(r, c.key);
      cell(r, c.value + (c['default'] ? '  (default)' : ''), 'wrap');
      cell(r, c.env, 'muted');
      return r;
    }));
  }

  function drawHistory(runs) {
    $('history-empty').hidden = runs.length > 0;
    fill($('history').tBodies[0], runs.map(function (run) {
      var r = el('tr');
      r.dataset.stream = run.stream;
      r.dataset.outcome = run.outcome;
      cell(r, time(run.start), 'time');
      cell(r, run.stream, 'stream');
      cell(r, run.trigger || '—', 'trigger');
      cell(r, run.mode || '—');
      cell(r, badge(run.outcome), 'outcome');
      cell(r, duration(run.durationMs));
      cell(r, run.fetched === undefined ? '—' : run.fetched, 'num fetched');
      cell(r, dropped(run.dropped), 'dropped');
      cell(r, run.delivered === undefined ? '—' : run.delivered, 'num delivered');
      cell(r, sum(run.sinks, 'deadLettered'), 'num dead-lettered');
      var failedSinks = Object.keys(run.failedSinks || {}).map(function (k) { return k + ': ' + run.failedSinks[k]; });
      cell(r, run.error || failedSinks.join('; ') || '', 'wrap error');
      return r;
    }));
    drawChart(runs.slice(0, 30).reverse());
  }

  function drawChart(runs) {
    var NS = 'http://www.w3.org/2000/svg';
    var svg = $('chart');
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var W = 640, H = 140, left = 44, bottom = 18, top = 8;
    var max = 0;
    runs.forEach(function (r) { max = Math.max(max, r.delivered || 0); });
    function add(tag, attrs, text) {
      var e = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) { e.textContent = text; }
      svg.appendChild(e);
      return e;
    }
    add('line', { x1: left, y1: H - bottom, x2: W, y2: H - bottom });
    add('text', { x: left - 4, y: top + 8, 'text-anchor': 'end' }, String(max));
    add('text', { x: left - 4, y: H - bottom, 'text-anchor': 'end' }, '0');
    if (!runs.length) {
      add('text', { x: left + 8, y: H / 2 }, 'no runs yet');
      return;
    }
    var slot = (W - left) / 30;
    runs.forEach(function (r, i) {
      var h = max ? Math.round((r.delivered || 0) / max * (H - bottom - top)) : 0;
      var bar = add('rect', { 'class': 'bar ' + r.outcome, x: left + i * slot + 2, y: H - bottom - h,
        width: Math.max(2, slot - 4), height: h, 'data-delivered': r.delivered || 0 });
      var title = document.createElementNS(NS, 'title');
      title.textContent = r.stream + ' ' + time(r.start) + ': ' + (r.delivered || 0) + ' delivered, ' + r.outcome;
      bar.appendChild(title);
    });
    add('text', { x: left, y: H - 4 }, time(runs[0].start));
    add('text', { x: W, y: H - 4, 'text-anchor': 'end' }, time(runs[runs.length - 1].start));
  }

  // --- acting ------------------------------------------------------------------------------------------------

  function actionButton(label, action, params) {
    var b = el('button', label);
    b.type = 'button';
    b.dataset.action = action;
    Object.keys(params).forEach(function (k) { b.dataset[k] = params[k]; });
    return b;
  }

  function show(text, kind) {
    var box = $('action-result');
    box.hidden = false;
    box.className = 'result ' + kind;
    box.textContent = text;
  }

  function post(path) {
    var headers = {};
    if (adminToken) { headers.Authorization = 'Bearer ' + adminToken; }
    return fetch(API + path, { method: 'POST', headers: headers, cache: 'no-store' }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, body: body }; });
    });
  }

  function explain(what, a) {
    if (a.status === 401) { show(what + ': refused (401): ' + (a.body.message || 'the admin token is needed'), 'bad'); return false; }
    if (a.status === 409) {
      var running = (a.body.running || []).map(function (r) {
        return r.stream + (r.runId ? ' (run ' + r.runId + ', ' + r.trigger + ')' : '');
      }).join(', ');
      show(what + ': a run is already under way' + (running ? ': ' + running : '') + '. Not queued: try again when it has ended.', 'busy');
      return false;
    }
    if (a.status >= 400) { show(what + ': ' + (a.body.message || 'HTTP ' + a.status), 'bad'); return false; }
    return true;
  }

  function sync(stream, full) {
    var what = (full === 'true' ? 'Full sync' : 'Sync now') + ' of ' + stream;
    return post('sync?stream=' + encodeURIComponent(stream) + '&full=' + full).then(function (a) {
      if (explain(what, a)) { show(what + ': started (' + (a.body.started || []).join(', ') + ')', 'ok'); }
    });
  }

  function replay(sink) {
    var what = 'Replay of ' + sink + "'s dead letters";
    return post('replay?sink=' + encodeURIComponent(sink)).then(function (a) {
      if (explain(what, a)) { show(what + ': ' + a.body.message, 'ok'); }
    });
  }

  function testConnection() {
    show('Testing the connections…', 'busy');
    var table = $('test-table');
    return post('test-connection').then(function (a) {
      if (!explain('Test connection', a)) { table.hidden = true; return; }
      fill(table.tBodies[0], a.body.checks.map(function (c) {
        var r = el('tr', null, c.result === 'OK' ? 'pass' : c.result === 'FAIL' ? 'fail' : 'skip');
        cell(r, c.check);
        cell(r, badge(c.result, c.result === '--' ? 'dash' : c.result), 'result');
        cell(r, c.detail, 'wrap');
        return r;
      }));
      table.hidden = false;
      show('Test connection: ' + a.body.message, a.body.passed ? 'ok' : 'bad');
    });
  }

  document.addEventListener('click', function (ev) {
    var b = ev.target.closest ? ev.target.closest('button[data-action]') : null;
    if (!b) { return; }
    b.disabled = true;
    var done = function () { b.disabled = false; refresh(); };
    var p = b.dataset.action === 'sync' ? sync(b.dataset.stream, b.dataset.full) : replay(b.dataset.sink);
    p.catch(function (e) { show('The daemon did not answer: ' + e.message, 'bad'); }).then(done);
  });

  $('test-connection').addEventListener('click', function () {
    var b = $('test-connection');
    b.disabled = true;
    testConnection().catch(function (e) { show('The daemon did not answer: ' + e.message, 'bad'); })
      .then(function () { b.disabled = false; });
  });

  $('token-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    adminToken = $('token').value.trim();
    $('token').value = '';
    $('token-state').textContent = adminToken ? 'token set for this page' : 'no token: actions will be refused';
  });

  $('token-forget').addEventListener('click', function () {
    adminToken = '';
    $('token-state').textContent = 'no token: actions will be refused';
  });

  $('filter-stream').addEventListener('change', refresh);
  $('filter-outcome').addEventListener('change', refresh);

  refresh();
  setInterval(refresh, REFRESH_MS);
}());
