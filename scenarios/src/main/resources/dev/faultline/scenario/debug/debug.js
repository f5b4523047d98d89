// faultline debug: the page over one DebugSession (see docs/guides/debug.md). Every request
// carries the run's token; every control posts an action id from the last view and redraws.
(function () {
  var TOKEN = new URLSearchParams(location.search).get('token') || '';
  var view = null, pending = Promise.resolve(), openNodes = {}, lastSave = null;
  window.__flErrors = window.__flErrors || [];
  window.onerror = function (msg, src, line) { window.__flErrors.push(String(msg) + ' @' + line); };

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function button(cls, text, title, onClick) { var b = el('button', cls, text); if (title) b.title = title; b.onclick = onClick; return b; }
  function status(text, err) { var s = document.getElementById('status'); s.textContent = text || ''; s.className = err ? 'err' : ''; }

  function call(method, path, body) {
    var p = fetch(path, { method: method, headers: { 'X-Faultline-Token': TOKEN, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (r) {
        if (!r.ok) { status(r.json.error || 'refused', true); return r; }
        if (r.json.saved) { lastSave = r.json; status('saved ' + r.json.steps + ' steps to ' + r.json.saved + '; replay: ' + r.json.replay); return r; }
        status(''); draw(r.json); return r;
      })
      .catch(function (e) { status(String(e), true); });
    pending = p;
    return p;
  }
  function act(id) { return call('POST', '/api/act', { step: view.step, id: id }); }

  function draw(v) {
    view = v;
    document.getElementById('meta').textContent = v.protocol + (v.variant ? ' variant ' + v.variant : '') + ' \u00b7 step ' + v.step + ' \u00b7 ' + v.actions.length + ' actions enabled' + (v.startedFrom ? ' \u00b7 started from ' + v.startedFrom : '');
    document.getElementById('clock').textContent = 'logical time ' + v.timeTicks;
    var viol = document.getElementById('violation');
    if (v.violation) { viol.className = 'bad'; viol.textContent = '\u2717 ' + v.violation.property + ' broke after step ' + v.violation.afterStep + ' (' + v.violation.action + '): ' + v.violation.message; }
    else { viol.className = 'good'; viol.textContent = 'no property broken on this path'; }
    if (v.error) status(v.error, true);
    document.getElementById('undo').disabled = v.step === 0;
    var rec = document.getElementById('recorded');
    rec.disabled = !v.recorded.next; rec.title = v.recorded.next ? 'take: ' + v.recorded.next : 'no recorded step fits here';
    drawNodes(v); drawMessages(v); drawLinks(v); drawPath(v);
  }

  function summary(st) {
    if (!st) return 'down';
    var keys = ['role', 'status', 'term', 'view', 'commitIndex', 'commit'];
    return keys.filter(function (k) { return st[k] !== undefined && st[k] !== null; }).map(function (k) { return k + ' ' + (typeof st[k] === 'object' ? JSON.stringify(st[k]) : st[k]); }).join(' \u00b7 ');
  }
  function drawNodes(v) {
    var box = document.getElementById('nodes'); box.textContent = '';
    v.nodes.forEach(function (n) {
      var changed = n.previous !== undefined && JSON.stringify(n.previous) !== JSON.stringify(n.state);
      var card = el('div', 'node' + (n.up ? '' : ' down') + (changed ? ' changed' : '')); card.setAttribute('data-node', n.name);
      var head = el('div'); head.appendChild(el('span', 'name', n.name)); head.appendChild(el('span', 'summary', summary(n.state))); card.appendChild(head);
      var acts = el('div', 'acts');
      acts.appendChild(button('show-state', openNodes[n.name] ? 'hide state' : 'state', 'show this node\'s state (changes of the last step highlighted)', function () { openNodes[n.name] = !openNodes[n.name]; draw(view); }));
      [['crash', 'crash'], ['restart', 'restart'], ['isolate', 'isolate']].forEach(function (a) {
        if (n[a[0]] !== null) { var b = button(a[0], a[1], a[1] + ' ' + n.name, function () { act(n[a[0]]); }); b.setAttribute('data-action', v.actions[n[a[0]]].describe); acts.appendChild(b); }
      });
      card.appendChild(acts);
      n.timers.forEach(function (t) {
        var row = el('div', 'timer');
        var label = (t.timer.type || 'timer') + ' [' + t.minTicks + ', ' + t.maxTicks + ']';
        if (t.fire !== null) { var b = button('fire', 'fire', v.actions[t.fire].describe, function () { act(t.fire); }); b.setAttribute('data-action', v.actions[t.fire].describe); row.appendChild(b); }
        else row.appendChild(el('span', null, '(must wait)'));
        row.appendChild(el('span', null, label)); card.appendChild(row);
      });
      if (openNodes[n.name]) card.appendChild(FlStatePanel.render(n.name, n.previous === undefined ? undefined : n.previous, n.state, n.previous === undefined ? 'at the start' : 'before \u2192 after step ' + v.step));
      box.appendChild(card);
    });
  }
  function drawMessages(v) {
    var box = document.getElementById('messages'); box.textContent = '';
    if (!v.messages.length) box.appendChild(el('div', 'fl-same', 'none'));
    v.messages.forEach(function (m) {
      var row = el('div', 'msg');
      [['deliver', 'deliver'], ['drop', 'drop']].forEach(function (a) {
        var b = button(a[0], a[1], m[a[0]] === null ? 'not enabled' : v.actions[m[a[0]]].describe, function () { act(m[a[0]]); });
        b.disabled = m[a[0]] === null; if (m[a[0]] !== null) b.setAttribute('data-action', v.actions[m[a[0]]].describe); row.appendChild(b);
      });
      row.appendChild(el('span', 'route', m.from + '\u2192' + m.to));
      var body = Object.assign({}, m.message); delete body.type;
      row.appendChild(el('code', null, m.type + ' ' + JSON.stringify(body)));
      box.appendChild(row);
    });
  }
  function drawLinks(v) {
    var box = document.getElementById('links'); box.textContent = '';
    box.appendChild(el('div', null, v.blocked.length ? 'cut: ' + v.blocked.join(', ') : 'all links up'));
    var acts = el('div', 'acts');
    if (v.heal !== null) acts.appendChild(button('heal', 'heal all', 'restore every link', function () { act(v.heal); }));
    if (v.blocks.length) {
      var sel = el('select'); sel.id = 'blockSel';
      v.blocks.forEach(function (b) { var o = el('option', null, b.from + '\u219b' + b.to); o.value = b.id; sel.appendChild(o); });
      acts.appendChild(sel); acts.appendChild(button('block', 'cut link', 'cut one direction of a link', function () { act(Number(sel.value)); }));
    }
    v.clock.forEach(function (c) { acts.appendChild(button('clockstep', 'clock +' + c.ticks, 'advance logical time', function () { act(c.id); })); });
    box.appendChild(acts);
  }
  function drawPath(v) {
    var box = document.getElementById('path'); box.textContent = '';
    v.path.forEach(function (p) { box.appendChild(el('li', p.broken ? 'broken' : '', p.describe)); });
  }

  document.getElementById('undo').onclick = function () { call('POST', '/api/undo'); };
  document.getElementById('recorded').onclick = function () { call('POST', '/api/recorded'); };
  document.getElementById('save').onclick = function () { call('POST', '/api/save'); };

  // #drive=cmd,cmd,...: clicks the page's own controls in order, as a person would, then reports
  // what the page shows (for headless browser tests). follow: click the node, timer or message
  // button whose action is the next recorded step; undo, save, recorded: those buttons;
  // open:NODE: open a node's state panel; snap: note the step and broken property (no click).
  function clickFor(cmd) {
    if (cmd === 'follow') {
      var want = view.recorded.next, found = null;
      document.querySelectorAll('[data-action]').forEach(function (b) { if (!found && b.getAttribute('data-action') === want) found = b; });
      if (!found) throw new Error('no button for the next recorded step: ' + want);
      return found;
    }
    if (cmd.indexOf('open:') === 0) return document.querySelector('.node[data-node="' + cmd.slice(5) + '"] button.show-state');
    return document.getElementById(cmd);
  }
  function drive(cmds) {
    var out = { clicks: [], snaps: [] };
    return cmds.reduce(function (p, cmd) {
      return p.then(function () {
        if (cmd === 'snap') { out.snaps.push({ step: view.step, violation: view.violation ? view.violation.property : null, undoEnabled: !document.getElementById('undo').disabled }); return; }
        var b = clickFor(cmd); out.clicks.push(cmd + ' -> ' + (b.getAttribute('data-action') || b.id || b.textContent));
        b.click(); return pending;
      });
    }, Promise.resolve()).then(function () { return out; });
  }
  // What each open state panel shows, field by field: a changed row's "after" value, else its value.
  function panelRows() {
    var out = {};
    document.querySelectorAll('.fl-node').forEach(function (p) {
      var rows = out[p.getAttribute('data-node')] = {};
      p.querySelectorAll('tr').forEach(function (tr) {
        var td = tr.querySelectorAll('td');
        if (td.length) rows[td[0].textContent] = td[td.length - 1].textContent;
      });
    });
    return out;
  }
  function selfTest(extra) {
    var t = { errors: window.__flErrors.slice(), step: view ? view.step : -1, violation: view ? view.violation : null, path: view ? view.path.map(function (p) { return p.describe; }) : [], status: document.getElementById('status').textContent, saved: lastSave, openPanels: document.querySelectorAll('.fl-node').length, changedRows: document.querySelectorAll('.fl-node tr.chg').length, banner: document.getElementById('violation').textContent };
    t.meta = document.getElementById('meta').textContent;
    t.panelRows = panelRows();
    Object.keys(extra || {}).forEach(function (k) { t[k] = extra[k]; });
    document.getElementById('fl-selftest').textContent = JSON.stringify(t);
  }

  var m = /[#&]drive=([^&]*)/.exec(location.hash || '');
  var cmds = m ? decodeURIComponent(m[1]).split(',').reduce(function (all, c) { var r = /^(.*)\*(\d+)$/.exec(c); if (r) { for (var k = 0; k < Number(r[2]); k++) all.push(r[1]); } else if (c) all.push(c); return all; }, []) : [];
  call('GET', '/api/state').then(function () { return drive(cmds); }).then(selfTest).catch(function (e) { window.__flErrors.push(String(e)); selfTest(); });
})();
