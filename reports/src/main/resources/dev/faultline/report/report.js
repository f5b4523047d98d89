// Faultline space-time diagram. Reads the columnar data in #fl-data and draws it on a canvas,
// culling to the visible time window so traces of 100,000 events stay responsive.
(function () {
  'use strict';
  var t0ms = performance.now();
  // Large pages carry their data gzip-compressed (base64): unpack it with the browser's own
  // DecompressionStream, then draw. Small pages carry plain JSON and draw synchronously.
  var dataEl = document.getElementById('fl-data');
  if (dataEl.type === 'application/json') main(JSON.parse(dataEl.textContent));
  else inflate(dataEl.textContent.trim()).then(function (text) { main(JSON.parse(text)); }).catch(function (e) {
    window.__flErrors.push('cannot unpack the report data: ' + (e && e.stack || e));
    document.getElementById('fl-selftest').textContent = JSON.stringify({ errors: window.__flErrors });
  });

  function inflate(base64) {
    var bin = atob(base64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  }

  function main(D) {
  var M = D.meta || {};
  var S = D.strings;
  var TYPES = D.types;
  var LANES = D.lanes;

  function undelta(a) { var r = new Float64Array(a.length), s = 0; for (var i = 0; i < a.length; i++) { s += a[i]; r[i] = s; } return r; }
  function ints(a) { return Int32Array.from(a); }

  // ---- messages ----
  var ms = undelta(D.m.s), md = D.m.d, mf = ints(D.m.f), mt = ints(D.m.t), mty = ints(D.m.ty);
  var mst = ints(D.m.st), mfl = ints(D.m.fl), mid = undelta(D.m.id), mb = ints(D.m.b), mev = undelta(D.m.ev), mee = D.m.ee || [];
  var nMsg = ms.length, me = new Float64Array(nMsg);
  var firstTick = M.firstTick || 0, lastTick = Math.max(M.lastTick || 0, firstTick + 1);
  for (var i = 0; i < nMsg; i++) me[i] = md[i] < 0 ? -1 : ms[i] + md[i];
  // Short arrows are found by binary search on the send tick; long ones (held, slow) are few and
  // always checked, so culling never misses an arrow that crosses the window.
  var LONG = Math.max(1, (lastTick - firstTick) * 0.01), longIdx = [];
  for (i = 0; i < nMsg; i++) if (me[i] - ms[i] > LONG) longIdx.push(i);
  var ST = { DELIVERED: 0, RANDOM: 1, PARTITION: 2, DOWN: 3, FAULT: 4, FLIGHT: 7 };
  var F_HELD = 1, F_DUP = 2;

  // ---- points ----
  var pt = undelta(D.p.t), pl = ints(D.p.l), pk = ints(D.p.k), px = ints(D.p.x), pev = undelta(D.p.ev), nPt = pt.length;
  var PK = { TIMER: 0, CRASH: 1, RESTART: 2, CLOCK: 3, PERSIST: 4, NETWORK: 5 };

  // ---- bands, ops, partitions ----
  var B = D.b, nBand = B.l.length, O = D.ops, nOp = O.l.length, PARTS = D.parts || [];
  var EX = D.expl || null;

  // Crash..restart intervals per lane (the lifeline is drawn dashed while down).
  var down = LANES.map(function () { return []; });
  for (i = 0; i < nPt; i++) {
    if (pk[i] === PK.CRASH && pl[i] >= 0) down[pl[i]].push([pt[i], lastTick]);
    if (pk[i] === PK.RESTART && pl[i] >= 0) { var dl = down[pl[i]]; if (dl.length && dl[dl.length - 1][1] === lastTick) dl[dl.length - 1][1] = pt[i]; }
  }
  // Band keys present per lane, stacked above the lifeline.
  var laneKeys = LANES.map(function () { return []; });
  for (i = 0; i < nBand; i++) if (laneKeys[B.l[i]].indexOf(B.k[i]) < 0) laneKeys[B.l[i]].push(B.k[i]);
  laneKeys.forEach(function (k) { k.sort(function (a, b) { return a - b; }); });

  // ---- colours ----
  var PALETTE = ['#1f77b4', '#2ca02c', '#ff7f0e', '#0e8fa0', '#8c564b', '#d6479f', '#9c8f00', '#393b79', '#637939', '#843c39', '#7b4173', '#3182bd', '#31a354', '#756bb1', '#636363'];
  function typeColor(t) { return PALETTE[t % PALETTE.length]; }
  var C = { held: '#8e44ad', part: '#d62728', down: '#7f7f7f', cross: '#d62728', viol: '#d62728', crash: '#d62728', restart: '#2ca02c', clock: '#e67e22', clockBad: '#d62728', timer: '#9aa3b5', persist: '#4c78a8', net: '#16a085' };
  var OPC = ['#2ca02c', '#9aa0aa', '#e69a00', '#e69a00'];
  function hashHue(s) { var h = 0; for (var j = 0; j < s.length; j++) h = (h * 31 + s.charCodeAt(j)) | 0; return Math.abs(h) % 360; }
  var ROLE = { leader: '#f2b134', primary: '#f2b134', candidate: '#8ec1ee', precandidate: '#bcd9f2', 'pre-candidate': '#bcd9f2', follower: '#dfe3ea', backup: '#cfe8c9', idle: '#eceff3', down: '#c7c7c7' };
  function bandColor(key, value) {
    // Protocols may add a reason ("leader (won election ...)"): the first word names the role.
    var r = ROLE[String(value).toLowerCase()] || ROLE[String(value).toLowerCase().split(/[\s(:,]/)[0]];
    if (r) return r;
    var n = Number(value);
    if (value !== '' && isFinite(n)) return n % 2 === 0 ? '#dbe6f5' : '#c4d5ee';
    return 'hsl(' + hashHue(key + '=' + value) + ',55%,85%)';
  }

  // ---- view state ----
  var cv = document.getElementById('plot'), ctx = cv.getContext('2d'), wrap = document.getElementById('plotWrap');
  var tip = document.getElementById('tip');
  var view = { t0: firstTick - (lastTick - firstTick) * 0.01, t1: lastTick + (lastTick - firstTick) * 0.01 };
  var hiddenLane = new Uint8Array(LANES.length), hiddenType = new Uint8Array(TYPES.length);
  var layers = { timers: true, persist: true, bands: true, ops: true, partitions: true, clock: true };
  var selected = null, focusAtStart = false, probeAtStart = false, probe = null, stateProbeAtStart = false, stateProbe = null;
  var LEFT = 78, RIGHT = 14, TOP = 30;
  var W = 0, H = 0, laneY = new Float64Array(LANES.length), laneTop = new Float64Array(LANES.length), laneH = new Float64Array(LANES.length), rows = [];

  readHash();

  function X(t) { return LEFT + (t - view.t0) / (view.t1 - view.t0) * (W - LEFT - RIGHT); }
  function T(x) { return view.t0 + (x - LEFT) / (W - LEFT - RIGHT) * (view.t1 - view.t0); }

  function layout() {
    var dpr = window.devicePixelRatio || 1;
    rows = D.order.filter(function (l) { return !hiddenLane[l]; });
    var avail = Math.max(200, wrap.clientHeight - TOP - 8);
    var need = 0, want = [];
    rows.forEach(function (l) { var h = 30 + (layers.bands ? laneKeys[l].length * 11 : 0); want.push(h); need += h; });
    var scale = need > 0 && need < avail ? Math.min(avail / need, 4) : 1;
    var y = TOP;
    laneY.fill(-1);
    rows.forEach(function (l, r) {
      var h = want[r] * scale;
      laneTop[l] = y; laneH[l] = h; laneY[l] = y + h - Math.max(14, Math.min(22, h * 0.3));
      y += h;
    });
    W = wrap.clientWidth; H = Math.max(y + 8, wrap.clientHeight);
    cv.width = Math.round(W * dpr); cv.height = Math.round(H * dpr);
    cv.style.width = W + 'px'; cv.style.height = H + 'px';
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  function lowerBound(a, v) { var lo = 0, hi = a.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; } return lo; }
  function upperBound(a, v) { var lo = 0, hi = a.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] <= v) lo = mid + 1; else hi = mid; } return lo; }

  function msgStyle(i) {
    var fl = mfl[i], st = mst[i];
    if (fl & F_HELD) return 'held';
    if (fl & F_DUP) return 'dup';
    if (st === ST.PARTITION) return 'part';
    if (st === ST.DOWN) return 'down';
    if (st === ST.RANDOM || st === ST.FAULT) return 'drop';
    if (st === ST.FLIGHT) return 'flight';
    return 'ok';
  }
  var DASH = { ok: [], drop: [5, 3], dup: [1.5, 2.5], held: [10, 4], part: [3, 3], down: [2, 3], flight: [6, 4] };
  function strokeFor(style, type) {
    if (style === 'held') return C.held;
    if (style === 'part') return C.part;
    if (style === 'down') return C.down;
    return typeColor(type);
  }
  function isDropped(i) { var s = mst[i]; return s >= 1 && s <= 4; }
  var DROP_NAME = { 1: 'dropped (random loss)', 2: 'dropped (partition)', 3: 'dropped (receiver down)', 4: 'dropped (fault)' };

  // Screen coordinates of drawn things, for hit testing.
  var hx1 = new Float32Array(nMsg), hy1 = new Float32Array(nMsg), hx2 = new Float32Array(nMsg), hy2 = new Float32Array(nMsg), hid = new Int32Array(nMsg), nHit = 0;
  var hitPts = [], hitOps = [], hitBands = [], hitParts = [];
  var stats = {};

  function arrowEnds(i) {
    var x1 = X(ms[i]), y1 = laneY[mf[i]], y2t = laneY[mt[i]];
    var e = me[i];
    if (e < 0 || (isDropped(i) && e === ms[i])) {
      // Never arrived (lost at once, or still in flight when the run ended): a short stub.
      return [x1, y1, x1 + 16, y1 + (y2t - y1) * 0.45];
    }
    return [x1, y1, X(e), y2t];
  }

  function draw() {
    var start = performance.now();
    layout();
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H);
    var span = view.t1 - view.t0, plotW = W - LEFT - RIGHT;
    hitPts = []; hitOps = []; hitBands = []; hitParts = []; nHit = 0;
    ctx.save();
    ctx.beginPath(); ctx.rect(LEFT, 0, plotW, H); ctx.clip();
    drawGrid();
    var partsDrawn = layers.partitions ? drawPartitions() : 0;
    drawFocusBands();
    var clockBands = layers.clock ? drawClockBands() : 0;
    drawLifelines();
    // Arrows first: bands and operations sit on top so dense traffic never hides a role change.
    var arrows = drawMessages();
    var bandsDrawn = layers.bands ? drawBands() : 0;
    var opsDrawn = layers.ops ? drawOps() : 0;
    var ptsDrawn = drawPoints();
    drawViolation();
    ctx.restore();
    drawLaneLabels();
    drawAxis();
    stats = { arrows: arrows, lifelines: rows.length, ops: opsDrawn, points: ptsDrawn, bands: bandsDrawn, partitions: partsDrawn, clockBands: clockBands, drawMs: Math.round(performance.now() - start) };
    document.getElementById('range').textContent = 'ticks ' + Math.round(view.t0) + ' \u2013 ' + Math.round(view.t1) + '  \u00b7  ' + arrows + ' arrows in view  \u00b7  ' + stats.drawMs + ' ms';
    selfTest();
  }

  function niceStep(raw) { var p = Math.pow(10, Math.floor(Math.log10(raw))); var f = raw / p; return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p; }

  function drawGrid() {
    var step = Math.max(1, niceStep((view.t1 - view.t0) / Math.max(1, (W - LEFT) / 95)));
    ctx.strokeStyle = '#eef0f4'; ctx.lineWidth = 1; ctx.beginPath();
    for (var t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) { var x = Math.round(X(t)) + 0.5; ctx.moveTo(x, TOP); ctx.lineTo(x, H); }
    ctx.stroke();
    rows.forEach(function (l, r) { if (r % 2) { ctx.fillStyle = 'rgba(240,243,248,0.45)'; ctx.fillRect(LEFT, laneTop[l], W, laneH[l]); } });
  }

  function drawAxis() {
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, TOP - 4);
    var step = Math.max(1, niceStep((view.t1 - view.t0) / Math.max(1, (W - LEFT) / 95)));
    ctx.fillStyle = '#4a5263'; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center';
    ctx.strokeStyle = '#9aa3b5'; ctx.beginPath(); ctx.moveTo(LEFT, TOP - 6); ctx.lineTo(W - RIGHT, TOP - 6); ctx.stroke();
    for (var t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
      var x = X(t); if (x < LEFT - 1) continue;
      ctx.beginPath(); ctx.moveTo(x, TOP - 10); ctx.lineTo(x, TOP - 6); ctx.stroke();
      ctx.fillText(String(Math.round(t)), x, TOP - 13);
    }
    ctx.textAlign = 'left'; ctx.fillText('tick', 6, TOP - 13);
  }

  function drawLaneLabels() {
    ctx.fillStyle = '#fff'; ctx.fillRect(0, TOP - 4, LEFT - 2, H);
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    rows.forEach(function (l) {
      var name = LANES[l], client = /^c[0-9]+$/.test(name);
      ctx.font = 'bold 12px system-ui, sans-serif'; ctx.fillStyle = client ? '#1d6b45' : '#1d2330';
      ctx.fillText(name, LEFT - 10, laneY[l]);
      if (client) { ctx.font = '10px system-ui, sans-serif'; ctx.fillStyle = '#6b7385'; ctx.fillText('client p' + (Number(name.slice(1)) - 1), LEFT - 10, laneY[l] + 12); }
      if (layers.bands) laneKeys[l].forEach(function (k, j) { ctx.font = '9px system-ui, sans-serif'; ctx.fillStyle = '#8a93a6'; ctx.fillText(D.bandKeys[k], LEFT - 10, bandY(l, j) + 4); });
    });
    ctx.textBaseline = 'alphabetic';
  }

  function bandY(l, j) { return laneY[l] - 10 - (laneKeys[l].length - j) * 11; }

  function drawLifelines() {
    rows.forEach(function (l) {
      var y = Math.round(laneY[l]) + 0.5;
      ctx.strokeStyle = '#8a93a6'; ctx.lineWidth = 1.4; ctx.setLineDash([]);
      ctx.beginPath(); ctx.moveTo(Math.max(LEFT, X(firstTick)), y); ctx.lineTo(Math.min(W, X(lastTick)), y); ctx.stroke();
      down[l].forEach(function (d) {
        var a = Math.max(LEFT, X(d[0])), b = Math.min(W, X(d[1])); if (b < a) return;
        ctx.fillStyle = 'rgba(120,120,120,0.18)'; ctx.fillRect(a, y - 7, b - a, 14);
        ctx.strokeStyle = '#fff'; ctx.lineWidth = 2; ctx.beginPath(); ctx.moveTo(a, y); ctx.lineTo(b, y); ctx.stroke();
        ctx.strokeStyle = '#9a9a9a'; ctx.lineWidth = 1.2; ctx.setLineDash([3, 4]); ctx.beginPath(); ctx.moveTo(a, y); ctx.lineTo(b, y); ctx.stroke(); ctx.setLineDash([]);
      });
    });
  }

  // Partition shading: lanes on the minority side(s) are tinted, one colour per side; one-way
  // blocks tint just the nodes involved. The label at the top says which groups/links.
  var PART_TINT = ['rgba(214,39,40,0.13)', 'rgba(31,119,180,0.13)', 'rgba(230,126,34,0.15)', 'rgba(142,68,173,0.13)'];
  var partGroups = PARTS.map(function (p) {
    var n = LANES.length, blocked = {}, seen = new Int32Array(n).fill(-1), groups = [];
    p.links.forEach(function (k) { blocked[k[0] + ',' + k[1]] = 1; });
    var involved = {}; p.links.forEach(function (k) { involved[k[0]] = 1; involved[k[1]] = 1; });
    // Group only the nodes with a cut link: the others still reach everyone and stay unlisted.
    for (var a = 0; a < n; a++) {
      if (seen[a] >= 0 || !involved[a]) continue;
      var g = [a], q = [a]; seen[a] = groups.length;
      while (q.length) { var u = q.pop(); for (var v = 0; v < n; v++) if (seen[v] < 0 && involved[v] && !blocked[u + ',' + v] && !blocked[v + ',' + u]) { seen[v] = groups.length; g.push(v); q.push(v); } }
      g.sort(function (x, y) { return D.order.indexOf(x) - D.order.indexOf(y); });
      groups.push(g);
    }
    // Only a symmetric cut is shown as sides; one-way blocks are listed as links (s1↛s2).
    var symmetric = p.links.every(function (k) { return blocked[k[1] + ',' + k[0]]; });
    return { groups: symmetric ? groups : [groups.reduce(function (x, y) { return x.concat(y); }, [])], involved: involved };
  });
  function partLabel(p, g) {
    if (g.groups.length > 1) return g.groups.map(function (x) { return '{' + x.map(function (l) { return LANES[l]; }).join(' ') + '}'; }).join(' | ');
    return p.links.map(function (k) { return LANES[k[0]] + '\u219b' + LANES[k[1]]; }).join(', ');
  }
  function drawPartitions() {
    var n = 0;
    PARTS.forEach(function (p, idx) {
      if (p.e < view.t0 || p.s > view.t1) return;
      var a = Math.max(LEFT, X(p.s)), b = Math.min(W, X(p.e)), g = partGroups[idx];
      n++;
      ctx.fillStyle = 'rgba(214,39,40,0.02)'; ctx.fillRect(a, TOP - 4, b - a, H);
      if (g.groups.length > 1) {
        var sorted = g.groups.slice().sort(function (x, y) { return y.length - x.length; });
        sorted.slice(1).forEach(function (grp, k) { ctx.fillStyle = PART_TINT[k % PART_TINT.length]; grp.forEach(function (l) { if (laneY[l] >= 0) ctx.fillRect(a, laneTop[l], b - a, laneH[l]); }); });
      } else {
        // One-way or partial blocks: a lighter tint on the nodes whose links are cut.
        Object.keys(g.involved).forEach(function (l) { if (laneY[l] >= 0) { ctx.fillStyle = 'rgba(214,39,40,0.06)'; ctx.fillRect(a, laneTop[l], b - a, laneH[l]); } });
      }
      ctx.strokeStyle = 'rgba(214,39,40,0.55)'; ctx.lineWidth = 1; ctx.setLineDash([4, 3]);
      ctx.beginPath(); ctx.moveTo(X(p.s), TOP - 4); ctx.lineTo(X(p.s), H); if (p.e < lastTick) { ctx.moveTo(X(p.e), TOP - 4); ctx.lineTo(X(p.e), H); } ctx.stroke(); ctx.setLineDash([]);
      ctx.fillStyle = '#b42222'; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'left';
      var label = 'partition ' + partLabel(p, g);
      if (b - a > 60) ctx.fillText(fit(label, b - a - 6), a + 4, TOP + 9);
      hitParts.push({ a: a, b: b, i: idx });
    });
    return n;
  }

  function fit(text, w) {
    if (ctx.measureText(text).width <= w) return text;
    var lo = 0, hi = text.length;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ctx.measureText(text.slice(0, mid) + '\u2026').width <= w) lo = mid; else hi = mid - 1; }
    return lo > 0 ? text.slice(0, lo) + '\u2026' : '';
  }

  function drawFocusBands() {
    // The time span of the unplaceable operation, across every lifeline: the messages inside it
    // are what made the history impossible.
    for (var o = 0; o < nOp; o++) {
      if (O.mk[o] !== 3 || laneY[O.l[o]] < 0) continue;
      var a = X(O.s[o]), b = X(O.e[o] < 0 ? lastTick : O.e[o]);
      ctx.fillStyle = 'rgba(214,39,40,0.07)'; ctx.fillRect(a, TOP - 4, Math.max(2, b - a), H);
    }
  }

  function drawBands() {
    var n = 0;
    ctx.font = '9px system-ui, sans-serif'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    for (var i = 0; i < nBand; i++) {
      var l = B.l[i]; if (laneY[l] < 0 || B.e[i] < view.t0 || B.s[i] > view.t1) continue;
      // A band still open when the trace ends (e.g. 'leader' set by the very event that broke an
      // invariant) runs on to the right edge instead of collapsing to nothing.
      var a = Math.max(LEFT, X(B.s[i])), b = B.e[i] >= lastTick ? W - RIGHT : Math.min(W, X(B.e[i])), w = b - a, y = bandY(l, laneKeys[l].indexOf(B.k[i]));
      var value = S[B.v[i]], key = D.bandKeys[B.k[i]];
      ctx.fillStyle = bandColor(key, value); ctx.fillRect(a, y, Math.max(1, w - 0.5), 9);
      n++;
      if (w > 18) { ctx.fillStyle = '#333a47'; ctx.fillText(fit(shortBand(key, value), w - 4), a + 2, y + 5); }
      hitBands.push({ a: a, b: b, y: y, i: i });
    }
    ctx.textBaseline = 'alphabetic';
    return n;
  }
  function shortBand(key, value) {
    var k = key.toLowerCase();
    if (k === 'term') return 't' + value; if (k === 'view') return 'v' + value; if (k === 'epoch') return 'e' + value;
    return value;
  }

  function drawOps() {
    var n = 0;
    ctx.font = '10px system-ui, sans-serif'; ctx.textBaseline = 'middle'; ctx.textAlign = 'left';
    for (var o = 0; o < nOp; o++) {
      var l = O.l[o]; if (laneY[l] < 0) continue;
      var s = O.s[o], e = O.e[o] < 0 ? lastTick : O.e[o];
      if (e < view.t0 || s > view.t1) continue;
      var a = X(s), b = Math.max(X(e), a + 3), y = laneY[l] - 7, out = O.o[o], mk = O.mk[o];
      if (out === 3) {
        var gr = ctx.createLinearGradient(a, 0, b, 0); gr.addColorStop(0, 'rgba(230,154,0,0.45)'); gr.addColorStop(1, 'rgba(230,154,0,0.02)');
        ctx.fillStyle = gr;
      } else ctx.fillStyle = out === 0 ? 'rgba(44,160,44,0.30)' : out === 1 ? 'rgba(154,160,170,0.35)' : 'rgba(230,154,0,0.38)';
      ctx.fillRect(a, y, b - a, 14);
      ctx.lineWidth = mk === 3 ? 3 : mk ? 2 : 1;
      ctx.strokeStyle = mk === 3 ? '#d62728' : mk === 1 ? '#1d6b45' : mk === 2 ? '#8e44ad' : OPC[out];
      ctx.setLineDash(mk === 2 ? [4, 2] : out === 3 ? [3, 2] : []);
      ctx.strokeRect(a, y, b - a, 14); ctx.setLineDash([]);
      var label = S[O.x[o]] + (mk === 3 ? '  \u2717 cannot be placed' : mk === 1 ? '  \u2713' : '');
      if (b - a > 24) { ctx.fillStyle = mk === 3 ? '#9b1010' : '#1d2330'; ctx.fillText(fit(label, b - a - 5), a + 3, y + 7.5); }
      else if (mk === 3) {
        // Too narrow to hold its label: write it beside the bar, on whichever side has room.
        var note = '\u2717 ' + S[O.x[o]] + ' cannot be placed', tw = ctx.measureText(note).width;
        ctx.fillStyle = '#9b1010';
        if (b + 4 + tw < W - RIGHT || a - 4 - tw < LEFT) ctx.fillText(note, b + 4, y + 7.5);
        else { ctx.textAlign = 'right'; ctx.fillText(note, a - 4, y + 7.5); ctx.textAlign = 'left'; }
      }
      hitOps.push({ a: a, b: b, y: y, i: o });
      n++;
    }
    ctx.textBaseline = 'alphabetic';
    return n;
  }

  function visibleMessages() {
    var out = [], lo = lowerBound(ms, view.t0 - LONG), hi = upperBound(ms, view.t1);
    for (var i = lo; i < hi; i++) if (visibleMsg(i)) out.push(i);
    for (var k = 0; k < longIdx.length; k++) { var j = longIdx[k]; if (j < lo && visibleMsg(j)) out.push(j); }
    return out;
  }
  function visibleMsg(i) {
    if (hiddenLane[mf[i]] || hiddenLane[mt[i]] || hiddenType[mty[i]]) return false;
    var end = me[i] < 0 ? ms[i] : me[i];
    return ms[i] <= view.t1 && end >= view.t0;
  }

  // While the user drags or wheels over a very dense window, draw a sample of the arrows so the
  // view keeps up; a full draw follows as soon as the interaction pauses.
  var interacting = false, settleTimer = 0, SAMPLE_MAX = 8000;
  function interact() {
    interacting = true;
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () { interacting = false; schedule(); }, 150);
  }

  function drawMessages() {
    var vis = visibleMessages(), n = vis.length;
    if (interacting && n > SAMPLE_MAX) {
      var stride = Math.ceil(n / SAMPLE_MAX), sample = [];
      for (var q = 0; q < n; q += stride) sample.push(vis[q]);
      vis = sample; n = sample.length;
    }
    var groups = {};
    for (var k = 0; k < n; k++) {
      var i = vis[k], st = msgStyle(i), key = st + '|' + (st === 'held' || st === 'part' || st === 'down' ? 0 : mty[i]);
      (groups[key] || (groups[key] = [])).push(i);
    }
    var heads = n < 6000, dense = n > 20000;
    Object.keys(groups).forEach(function (key) {
      var list = groups[key], st = key.split('|')[0];
      var color = strokeFor(st, mty[list[0]]);
      ctx.strokeStyle = color; ctx.fillStyle = color;
      ctx.lineWidth = st === 'held' ? 2 : st === 'part' ? 1.6 : dense ? 0.7 : 1.2;
      ctx.globalAlpha = st === 'flight' ? 0.6 : dense ? 0.55 : 0.9;
      ctx.setLineDash(DASH[st]);
      ctx.beginPath();
      for (var k = 0; k < list.length; k++) {
        var i = list[k], p = arrowEnds(i);
        ctx.moveTo(p[0], p[1]); ctx.lineTo(p[2], p[3]);
        hx1[nHit] = p[0]; hy1[nHit] = p[1]; hx2[nHit] = p[2]; hy2[nHit] = p[3]; hid[nHit] = i; nHit++;
      }
      ctx.stroke(); ctx.setLineDash([]);
      if (heads) {
        ctx.beginPath();
        for (k = 0; k < list.length; k++) { var j = list[k]; if (isDropped(j) || me[j] < 0) continue; var q = arrowEnds(j); head(q[0], q[1], q[2], q[3]); }
        ctx.fill();
      }
      ctx.globalAlpha = 1;
    });
    // Lost messages end in a cross, with the reason when there is room.
    ctx.strokeStyle = C.cross; ctx.lineWidth = 1.8; ctx.beginPath();
    var crosses = [];
    for (k = 0; k < n; k++) { var i2 = vis[k]; if (!isDropped(i2)) continue; var e = arrowEnds(i2); crosses.push([e[2], e[3], i2]); ctx.moveTo(e[2] - 4, e[3] - 4); ctx.lineTo(e[2] + 4, e[3] + 4); ctx.moveTo(e[2] + 4, e[3] - 4); ctx.lineTo(e[2] - 4, e[3] + 4); }
    ctx.stroke();
    if (crosses.length < 400) {
      ctx.font = '9px system-ui, sans-serif'; ctx.fillStyle = '#b42222'; ctx.textAlign = 'left';
      crosses.forEach(function (c) { ctx.fillText(['', 'lost', 'partition', 'down', 'fault'][mst[c[2]]], c[0] + 6, c[1] + 3); });
    }
    if (n < 3000) {
      // Duplicate copies are marked "2x" at their start; held messages "held" along the line.
      ctx.font = '9px system-ui, sans-serif'; ctx.textAlign = 'left';
      for (k = 0; k < n; k++) {
        var m = vis[k], p2;
        if (mfl[m] & F_DUP) { p2 = arrowEnds(m); ctx.fillStyle = typeColor(mty[m]); ctx.fillText('2\u00d7', p2[0] + 3, p2[1] - 3); }
        if (mfl[m] & F_HELD) { p2 = arrowEnds(m); ctx.fillStyle = C.held; ctx.fillText('held ' + (me[m] >= 0 ? (me[m] - ms[m]) + 't' : ''), (p2[0] + p2[2]) / 2 + 4, (p2[1] + p2[3]) / 2 - 3); }
      }
    }
    if (selected && selected.kind === 'msg') {
      var s2 = arrowEnds(selected.i); ctx.strokeStyle = '#111'; ctx.lineWidth = 3; ctx.beginPath(); ctx.moveTo(s2[0], s2[1]); ctx.lineTo(s2[2], s2[3]); ctx.stroke();
    }
    return n;
  }
  function head(x1, y1, x2, y2) {
    var a = Math.atan2(y2 - y1, x2 - x1), s = 7;
    ctx.moveTo(x2, y2); ctx.lineTo(x2 - s * Math.cos(a - 0.4), y2 - s * Math.sin(a - 0.4)); ctx.lineTo(x2 - s * Math.cos(a + 0.4), y2 - s * Math.sin(a + 0.4)); ctx.closePath();
  }

  function drawPoints() {
    var lo = lowerBound(pt, view.t0), hi = upperBound(pt, view.t1), n = 0;
    var dense = hi - lo > 5000;
    ctx.textAlign = 'left';
    for (var i = lo; i < hi; i++) {
      var k = pk[i], l = pl[i];
      if (l >= 0 && laneY[l] < 0) continue;
      if ((k === PK.TIMER && !layers.timers) || (k === PK.PERSIST && !layers.persist) || (k === PK.CLOCK && !layers.clock)) continue;
      var x = X(pt[i]), y = l >= 0 ? laneY[l] : TOP;
      n++;
      hitPts.push({ x: x, y: l >= 0 ? y : null, i: i });
      if (k === PK.TIMER) { ctx.strokeStyle = C.timer; ctx.lineWidth = 1; ctx.beginPath(); ctx.moveTo(x, y - 4); ctx.lineTo(x, y + 4); ctx.stroke(); if (!dense) { ctx.beginPath(); ctx.arc(x, y - 5, 1.8, 0, 7); ctx.fillStyle = C.timer; ctx.fill(); } }
      else if (k === PK.PERSIST) { ctx.fillStyle = C.persist; ctx.fillRect(x - 1.5, y + 3, 3, 3); }
      else if (k === PK.CRASH) { ctx.strokeStyle = C.crash; ctx.lineWidth = 3; ctx.beginPath(); ctx.moveTo(x - 6, y - 6); ctx.lineTo(x + 6, y + 6); ctx.moveTo(x + 6, y - 6); ctx.lineTo(x - 6, y + 6); ctx.stroke(); ctx.fillStyle = C.crash; ctx.font = 'bold 10px system-ui, sans-serif'; ctx.fillText('crash', x + 8, y - 6); }
      else if (k === PK.RESTART) { ctx.fillStyle = C.restart; ctx.beginPath(); ctx.moveTo(x, y - 7); ctx.lineTo(x + 10, y); ctx.lineTo(x, y + 7); ctx.closePath(); ctx.fill(); ctx.font = 'bold 10px system-ui, sans-serif'; ctx.fillText(S[px[i]].indexOf('empty') >= 0 ? 'restart (empty disk)' : 'restart', x + 12, y - 6); }
      else if (k === PK.CLOCK) {
        var txt = S[px[i]], bad = txt.indexOf('OUT OF BOUND') >= 0, off = /offset ([+-]?\d+)/.exec(txt);
        ctx.fillStyle = bad ? C.clockBad : C.clock; ctx.beginPath(); ctx.moveTo(x, y - 7); ctx.lineTo(x + 6, y); ctx.lineTo(x, y + 7); ctx.lineTo(x - 6, y); ctx.closePath(); ctx.fill();
        ctx.font = 'bold 10px system-ui, sans-serif'; ctx.fillText('clock ' + (off ? off[1] : '') + (bad ? ' out of bound' : ''), x + 8, y + 12);
      } else if (k === PK.NETWORK) { ctx.strokeStyle = C.net; ctx.lineWidth = 1; ctx.setLineDash([2, 3]); ctx.beginPath(); ctx.moveTo(x, TOP - 4); ctx.lineTo(x, H); ctx.stroke(); ctx.setLineDash([]); ctx.fillStyle = C.net; ctx.font = '10px system-ui, sans-serif'; ctx.fillText('network', x + 3, H - 6); }
      else { ctx.fillStyle = '#555'; ctx.fillRect(x - 2, y - 2, 4, 4); }
    }
    return n;
  }

  function drawViolation() {
    var v = M.violation; if (!v) return;
    var x = X(v.tick);
    ctx.strokeStyle = C.viol; ctx.lineWidth = 2; ctx.setLineDash([]);
    ctx.beginPath(); ctx.moveTo(x, TOP - 4); ctx.lineTo(x, H); ctx.stroke();
    ctx.fillStyle = C.viol; ctx.font = 'bold 12px system-ui, sans-serif'; ctx.textAlign = x > W - 260 ? 'right' : 'left';
    ctx.fillText('\u2717 ' + (v.property || 'violation') + ' broke here', x + (x > W - 260 ? -5 : 5), TOP + 24);
    ctx.textAlign = 'left';
    if (v.causeLane !== undefined && v.causeLane >= 0 && laneY[v.causeLane] >= 0) {
      ctx.lineWidth = 2.5; ctx.beginPath(); ctx.arc(X(v.causeTick), laneY[v.causeLane], 10, 0, 7); ctx.stroke();
    }
  }

  // ---- header, filters, legend ----
  function el(tag, attrs, text) { var e = document.createElement(tag); if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); if (text !== undefined) e.textContent = text; return e; }
  function header() {
    var meta = document.getElementById('meta'), parts = [];
    function add(label, value) { if (value === undefined || value === null || value === '') return; var s = el('span'); s.appendChild(el('b', null, label + ' ')); s.appendChild(document.createTextNode(String(value))); parts.push(s); }
    add('seed', M.seed); add('from', M.origin); add('scenario', M.scenario); add('protocol', M.protocol); add('variant', M.variant || (M.protocol ? 'correct' : ''));
    add('ticks', firstTick + '\u2013' + (M.lastTick || 0)); add('events', M.events); add('messages', nMsg); add('ops', nOp); add('ended', M.endReason);
    parts.forEach(function (p, k) { if (k) meta.appendChild(document.createTextNode('  \u00b7  ')); meta.appendChild(p); });
    if (M.reproduce) {
      var r = document.getElementById('repro'); r.appendChild(document.createTextNode('reproduce: ')); r.appendChild(el('code', { id: 'reproCmd' }, M.reproduce));
      var b = el('button', null, 'copy'); b.onclick = function () { try { navigator.clipboard.writeText(M.reproduce); b.textContent = 'copied'; } catch (e) { b.textContent = 'select and copy'; } }; r.appendChild(b);
    }
    var vd = document.getElementById('verdicts');
    if (M.checks && M.checks.length) verdictFromChecks(vd); else verdictFromTrace(vd);
    clockWarnings(vd);
    document.getElementById('zviol').disabled = !M.violation && !EX;
  }

  // ---- the verdict: every property checked, with its outcome (from result.json), what broke first ----
  var CHECK_CLASS = { violated: 'bad', held: 'good', inconclusive: 'info', 'not-checked': 'info', declared: 'info', 'no-operations': 'info' };
  var CHECK_MARK = { violated: '\u2717', held: '\u2713', inconclusive: '?', 'not-checked': '\u2013', declared: '!', 'no-operations': '\u2013' };
  function violationPlace(v) { return ' at tick ' + v.tick + (v.afterEvent >= 0 ? ', right after event #' + v.afterEvent + ' (circled)' : ''); }
  // The explanation's details for a history that is NOT linearizable (a linearizable one has no prefix to speak of).
  function linDetails() {
    if (!EX || EX.verdict !== 'not-linearizable') return { text: '', op: -1 };
    var txt = EX.partition ? ' (key ' + EX.partition + ')' : '';
    var u = -1; for (var o = 0; o < nOp; o++) if (O.mk[o] === 3) u = o;
    if (u >= 0) txt += '. Cannot be placed: ' + LANES[O.l[u]] + ' ' + S[O.x[u]] + ' (red, shaded across all lifelines)';
    if (EX.linearizedPrefix) txt += '. Longest linearizable prefix: ' + EX.linearizedPrefix.length + ' ops (green outline' + (EX.stateAfterPrefix !== undefined && EX.stateAfterPrefix !== null ? ', state after it: "' + EX.stateAfterPrefix + '"' : '') + ')';
    if (EX.concurrent && EX.concurrent.length) txt += '. Concurrent with it: ' + EX.concurrent.length + ' ops (purple dashed)';
    return { text: txt, op: u };
  }
  function zoomButton(box, u) { if (u < 0) return; var zb = el('button', null, 'zoom to it'); zb.style.marginLeft = '8px'; zb.onclick = function () { zoomTo(O.s[u], O.e[u] < 0 ? lastTick : O.e[u]); }; box.appendChild(zb); }
  function verdictFromChecks(vd) {
    var bad = M.checks.filter(function (c) { return c.outcome === 'violated'; });
    var unsure = M.checks.some(function (c) { return c.outcome === 'inconclusive'; });
    var head = bad.length ? '\u2717 Violated: ' + bad.map(function (c) { return c.property; }).join(', ')
      : unsure ? '? Inconclusive' : '\u2713 Every property checked held';
    if (M.expect) head += ' \u2014 expected ' + (M.expect === 'pass' ? 'pass' : M.expect + ' violated') + (M.expectationMet === undefined ? '' : M.expectationMet ? ' (as expected)' : ' (NOT as expected)');
    var top = el('div', { 'class': (bad.length ? 'bad' : unsure ? 'info' : 'good') + ' summary', id: 'verdictSummary' });
    top.appendChild(el('b', null, head));
    vd.appendChild(top);
    var list = el('ul', { id: 'checks' }), lin = linDetails();
    M.checks.forEach(function (c) {
      var li = el('li', { 'class': CHECK_CLASS[c.outcome] || 'info' });
      li.appendChild(el('b', null, (CHECK_MARK[c.outcome] || '?') + ' ' + c.property + (c.kind ? ' (' + c.kind + ')' : '') + ': ' + c.outcome.replace('-', ' ')));
      var txt = c.detail ? ' \u2014 ' + c.detail : '';
      if (c.outcome === 'violated' && M.violation && M.violation.property === c.property && M.violation.afterEvent >= 0) txt += ' (right after event #' + M.violation.afterEvent + ', circled)';
      if (c.kind === 'linearizability') txt += lin.text;
      li.appendChild(document.createTextNode(txt));
      if (c.kind === 'linearizability') zoomButton(li, lin.op);
      list.appendChild(li);
    });
    vd.appendChild(list);
  }
  // Clocks that broke their [lower, upper] promise: one line each, and the lane is tinted meanwhile.
  function clockWarnings(vd) {
    (M.clockOutOfBound || []).forEach(function (p) {
      var d = el('div', { 'class': 'bad clockOut' });
      d.appendChild(el('b', null, '\u26a0 Clock out of bound: ' + p.node));
      d.appendChild(document.createTextNode(' from tick ' + p.fromTick + (p.untilTick === null ? ' to the end' : ' to ' + p.untilTick) + ' (error \u00b1' + p.errorTicks + ' beyond the promised uncertainty): its [lower, upper] readings may not contain true time, so leases and timeouts built on them prove nothing there.'));
      vd.appendChild(d);
    });
  }
  function drawClockBands() {
    var n = 0;
    (M.clockOutOfBound || []).forEach(function (p) {
      var l = LANES.indexOf(p.node); if (l < 0 || laneY[l] < 0) return;
      var a = Math.max(LEFT, X(p.fromTick)), b = Math.min(W - RIGHT, X(p.untilTick === null ? view.t1 : p.untilTick)); if (b <= a) return;
      ctx.fillStyle = 'rgba(214,39,40,0.10)'; ctx.fillRect(a, laneTop[l], b - a, laneH[l]);
      ctx.strokeStyle = C.clockBad; ctx.lineWidth = 2; ctx.setLineDash([6, 4]); ctx.beginPath(); ctx.moveTo(a, laneY[l] + 5); ctx.lineTo(b, laneY[l] + 5); ctx.stroke(); ctx.setLineDash([]);
      n++;
    });
    return n;
  }
  // A trace with no result.json beside it: what the trace and the explanation say, nothing more.
  function verdictFromTrace(vd) {
    if (M.violation) {
      var v = M.violation, d = el('div', { 'class': 'bad' });
      d.appendChild(el('b', null, '\u2717 ' + (v.property || 'violation') + ' violated'));
      d.appendChild(document.createTextNode(violationPlace(v) + ': ' + (v.message || '')));
      vd.appendChild(d);
    }
    if (EX) {
      var cls = EX.verdict === 'not-linearizable' ? 'bad' : EX.verdict === 'linearizable' ? 'good' : 'info', e = el('div', { 'class': cls });
      var lin = linDetails();
      e.appendChild(el('b', null, 'Linearizability: ' + EX.verdict));
      e.appendChild(document.createTextNode((EX.verdict === 'linearizable' && EX.operations !== undefined ? ' (' + EX.operations + ' operations)' : '') + lin.text + '.'));
      zoomButton(e, lin.op);
      vd.appendChild(e);
    }
    if (!M.violation && !EX && M.endReason) vd.appendChild(el('div', { 'class': 'info' }, 'No result file beside this trace: only the trace\'s own events were read, and it records no invariant violation (ended: ' + M.endReason + '). Liveness and linearizability are not shown.'));
  }

  function filters() {
    var nf = document.getElementById('nodeFilter');
    D.order.forEach(function (l) { nf.appendChild(check(LANES[l], !hiddenLane[l], function (on) { hiddenLane[l] = on ? 0 : 1; }, null)); });
    var counts = new Int32Array(TYPES.length); for (var i = 0; i < nMsg; i++) counts[mty[i]]++;
    var tf = document.getElementById('typeFilter');
    TYPES.forEach(function (t, k) { tf.appendChild(check(t + ' (' + counts[k] + ')', !hiddenType[k], function (on) { hiddenType[k] = on ? 0 : 1; }, typeColor(k))); });
    var lf = document.getElementById('layerFilter');
    [['bands', 'role/term bands'], ['ops', 'client ops'], ['partitions', 'partitions'], ['timers', 'timers'], ['persist', 'persists'], ['clock', 'clock changes']].forEach(function (p) {
      lf.appendChild(check(p[1], layers[p[0]], function (on) { layers[p[0]] = on; }, null));
    });
  }
  function check(label, on, set, color) {
    var l = el('label'), c = el('input', { type: 'checkbox' }); c.checked = on;
    c.onchange = function () { set(c.checked); schedule(); };
    l.appendChild(c);
    if (color) { var sw = el('span', { 'class': 'sw' }); sw.style.background = color; l.appendChild(sw); }
    l.appendChild(document.createTextNode(label)); return l;
  }

  function legend() {
    var lg = document.getElementById('legend');
    function item(label, paint) {
      var s = el('span'), c = el('canvas', { width: 44, height: 16 }), g = c.getContext('2d'); paint(g); s.appendChild(c); s.appendChild(document.createTextNode(label)); lg.appendChild(s);
    }
    function line(color, dash, width, cross) { return function (g) { g.strokeStyle = color; g.lineWidth = width || 1.3; g.setLineDash(dash); g.beginPath(); g.moveTo(2, 13); g.lineTo(cross ? 32 : 40, 3); g.stroke(); g.setLineDash([]); if (cross) { g.strokeStyle = C.cross; g.lineWidth = 1.8; g.beginPath(); g.moveTo(29, 0); g.lineTo(37, 8); g.moveTo(37, 0); g.lineTo(29, 8); g.stroke(); } }; }
    item('delivered (colour = message type)', line(PALETTE[0], [], 1.3));
    item('lost (random / scripted drop)', line(PALETTE[0], DASH.drop, 1.3, true));
    item('blocked by partition', line(C.part, DASH.part, 1.6, true));
    item('receiver down', line(C.down, DASH.down, 1.3, true));
    item('duplicate copy (2\u00d7)', line(PALETTE[0], DASH.dup, 1.3));
    item('held, delivered stale', line(C.held, DASH.held, 2));
    item('in flight at end', line(PALETTE[0], DASH.flight, 1.3));
    item('crash (lifeline dashed while down)', function (g) { g.strokeStyle = C.crash; g.lineWidth = 3; g.beginPath(); g.moveTo(16, 2); g.lineTo(28, 14); g.moveTo(28, 2); g.lineTo(16, 14); g.stroke(); });
    item('restart', function (g) { g.fillStyle = C.restart; g.beginPath(); g.moveTo(17, 1); g.lineTo(29, 8); g.lineTo(17, 15); g.fill(); });
    item('clock change (red: out of bound)', function (g) { g.fillStyle = C.clock; g.beginPath(); g.moveTo(22, 1); g.lineTo(28, 8); g.lineTo(22, 15); g.lineTo(16, 8); g.fill(); });
    item('timer fired', function (g) { g.strokeStyle = C.timer; g.beginPath(); g.moveTo(22, 4); g.lineTo(22, 13); g.stroke(); });
    item('persist', function (g) { g.fillStyle = C.persist; g.fillRect(20, 9, 4, 4); });
    item('partition (tinted: cut-off side)', function (g) { g.fillStyle = PART_TINT[0]; g.fillRect(2, 0, 40, 16); });
    item('role / term bands', function (g) { g.fillStyle = ROLE.leader; g.fillRect(2, 4, 20, 9); g.fillStyle = ROLE.follower; g.fillRect(22, 4, 20, 9); });
    item('op ok', opSwatch('rgba(44,160,44,0.30)', OPC[0], 1, []));
    item('op fail', opSwatch('rgba(154,160,170,0.35)', OPC[1], 1, []));
    item('op info / never completed', opSwatch('rgba(230,154,0,0.38)', OPC[2], 1, [3, 2]));
    item('cannot be placed', opSwatch('rgba(44,160,44,0.30)', '#d62728', 3, []));
    item('linearizable prefix', opSwatch('rgba(44,160,44,0.30)', '#1d6b45', 2, []));
    item('concurrent with it', opSwatch('rgba(44,160,44,0.30)', '#8e44ad', 2, [4, 2]));
    item('invariant broke (cause circled)', function (g) { g.strokeStyle = C.viol; g.lineWidth = 2; g.beginPath(); g.moveTo(22, 0); g.lineTo(22, 16); g.stroke(); });
  }
  function opSwatch(fill, stroke, w, dash) { return function (g) { g.fillStyle = fill; g.fillRect(3, 2, 38, 12); g.strokeStyle = stroke; g.lineWidth = w; g.setLineDash(dash); g.strokeRect(3, 2, 38, 12); }; }

  // ---- details ----
  function stateAt(l, t) {
    var out = [];
    for (var i = 0; i < nBand; i++) if (B.l[i] === l && B.s[i] <= t && t < B.e[i]) out.push(D.bandKeys[B.k[i]] + '=' + S[B.v[i]]);
    return out.join(' ');
  }
  function splitBody(s) { var sp = s.indexOf(' '); return sp < 0 ? [s, ''] : [s.slice(0, sp), s.slice(sp + 1)]; }
  function pretty(json) { try { return JSON.stringify(JSON.parse(json), null, 1); } catch (e) { return json; } }
  function describe(h) {
    var rowsOut = [], title = '', body = '';
    if (h.kind === 'msg') {
      var i = h.i, st = mst[i];
      title = TYPES[mty[i]] + '  ' + LANES[mf[i]] + ' \u2192 ' + LANES[mt[i]];
      rowsOut.push(['message id', mid[i]], ['trace event', '#' + mev[i]], ['sent', 'tick ' + ms[i]]);
      if (st === ST.DELIVERED) rowsOut.push(['delivered', 'tick ' + me[i] + ' (after ' + (me[i] - ms[i]) + ' ticks)']);
      else if (st === ST.FLIGHT) rowsOut.push(['status', 'never delivered (in flight when the run ended)']);
      else rowsOut.push(['status', DROP_NAME[st] + ' at tick ' + me[i]]);
      if (mfl[i] & F_HELD) rowsOut.push(['held', 'held back by the network, delivered stale']);
      if (mfl[i] & F_DUP) rowsOut.push(['duplicate', 'an extra copy made by the network']);
      rowsOut.push(['sender state', stateAt(mf[i], ms[i]) || '\u2014']);
      if (me[i] >= 0) rowsOut.push(['receiver state', stateAt(mt[i], me[i]) || '\u2014']);
      body = pretty(splitBody(S[mb[i]])[1]);
    } else if (h.kind === 'pt') {
      var k = pk[h.i];
      title = ['timer', 'crash', 'restart', 'clock change', 'persist', 'network change', 'event'][k] + (pl[h.i] >= 0 ? ' on ' + LANES[pl[h.i]] : '');
      rowsOut.push(['tick', pt[h.i]], ['trace event', '#' + pev[h.i]]);
      if (pl[h.i] >= 0) rowsOut.push(['state', stateAt(pl[h.i], pt[h.i]) || '\u2014']);
      body = k === PK.TIMER ? splitBody(S[px[h.i]])[0] + ' ' + pretty(splitBody(S[px[h.i]])[1]) : S[px[h.i]];
    } else if (h.kind === 'op') {
      var o = h.i, outc = ['ok', 'fail', 'info (indeterminate)', 'never completed (indeterminate)'][O.o[o]];
      title = LANES[O.l[o]] + ': ' + S[O.x[o]];
      rowsOut.push(['outcome', outc], ['invoked', 'tick ' + O.s[o] + ' (history event ' + O.inv[o] + ')']);
      if (O.e[o] >= 0) rowsOut.push(['completed', 'tick ' + O.e[o] + ' (history event ' + O.cmp[o] + ')']);
      if (O.mk[o]) rowsOut.push(['linearizability', ['', 'in the longest linearizable prefix', 'concurrent with the op that cannot be placed', 'CANNOT BE PLACED: no order of the ops so far explains its result'][O.mk[o]]]);
    } else if (h.kind === 'band') {
      var b = h.i; title = LANES[B.l[b]] + ': ' + D.bandKeys[B.k[b]] + ' = ' + S[B.v[b]];
      rowsOut.push(['from', 'tick ' + B.s[b]], ['until', 'tick ' + B.e[b]]);
    } else if (h.kind === 'part') {
      var p = PARTS[h.i]; title = 'partition';
      rowsOut.push(['ticks', p.s + ' \u2013 ' + p.e], ['sides', partLabel(p, partGroups[h.i])], ['description', p.d]);
      body = 'blocked links:\n' + p.links.map(function (k) { return LANES[k[0]] + ' \u219b ' + LANES[k[1]]; }).join('\n');
    }
    return { title: title, rows: rowsOut, body: body };
  }
  function showDetails(h) {
    var d = document.getElementById('detailBody'); d.textContent = '';
    if (!h) { d.textContent = 'Hover or click an arrow, an operation, a band or a marker.'; return; }
    var x = describe(h); d.appendChild(el('h2', null, x.title));
    var tb = el('table'); x.rows.forEach(function (r) { var tr = el('tr'); tr.appendChild(el('td', null, r[0])); tr.appendChild(el('td', null, String(r[1]))); tb.appendChild(tr); });
    d.appendChild(tb); if (x.body) d.appendChild(el('pre', null, x.body));
    stateSection(d, h);
  }

  // ---- node states (states.jsonl beside the trace, see NodeStateLog) ----
  // STATES: one record per step that changed a node, {i, n, changed: {node: state|null}}, in
  // trace order; a "baseline" record (n = 0) first when only the window before the end was kept.
  var STATES = D.states || [], stI = STATES.map(function (r) { return r.i; }), stCheck = [{}];
  var CHECK_EVERY = 256;
  // Every node's state after the first k records (memoised every CHECK_EVERY records).
  function foldTo(k) {
    var c = Math.min(Math.floor(k / CHECK_EVERY), stCheck.length - 1);
    var acc = Object.assign({}, stCheck[c]);
    for (var j = c * CHECK_EVERY; j < k; j++) {
      Object.assign(acc, STATES[j].changed);
      if ((j + 1) % CHECK_EVERY === 0 && stCheck.length === (j + 1) / CHECK_EVERY) stCheck.push(Object.assign({}, acc));
    }
    return acc;
  }
  // The states before and after the step that holds trace event ev, or null if not recorded there.
  function statesAround(ev) {
    if (!STATES.length || ev === undefined || ev < 0) return null;
    var k = upperBound(stI, ev) - 1;
    if (k < 0) return null;
    var rec = STATES[k], inStep = rec.n > 0 && ev < rec.i + rec.n;
    var before = foldTo(inStep ? k : k + 1);
    var after = inStep ? Object.assign(Object.assign({}, before), rec.changed) : before;
    return { before: before, after: after, step: inStep ? rec : null };
  }
  // The (node, event) pairs whose states a hovered or clicked item shows.
  function stateTargets(h) {
    if (h.kind === 'msg') { var t = [[LANES[mf[h.i]], mev[h.i], 'at the send']]; if (mee[h.i] >= 0) t.push([LANES[mt[h.i]], mee[h.i], mst[h.i] === ST.DELIVERED ? 'at the delivery' : 'at the drop']); return t; }
    if (h.kind === 'pt' && pl[h.i] >= 0) return [[LANES[pl[h.i]], pev[h.i], '']];
    return [];
  }
  function stateSection(d, h) {
    if (!STATES.length) return;
    var targets = stateTargets(h);
    if (!targets.length) return;
    var sec = el('div'); sec.id = 'stateSection'; sec.appendChild(el('h2', null, 'Node state'));
    targets.forEach(function (t) {
      var s = statesAround(t[1]);
      if (!s) { sec.appendChild(el('div', { class: 'fl-same' }, t[0] + ': state not recorded at event #' + t[1] + ' (long trace: only the events before the end are kept)')); return; }
      var where = (t[2] ? t[2] + ', ' : '') + (s.step ? 'step of events #' + s.step.i + '\u2013#' + (s.step.i + s.step.n - 1) : 'a step that changed no state');
      if (!(t[0] in s.after) && !(t[0] in s.before)) return;
      sec.appendChild(FlStatePanel.render(t[0], s.step ? s.before[t[0]] : s.after[t[0]], s.after[t[0]], where));
    });
    d.appendChild(sec);
  }
  // #stateprobe: click the violation's cause (or the last event with a state) as a user would, and
  // report what the node-state panel shows.
  function runStateProbe() {
    var ev = M.violation && M.violation.afterEvent >= 0 ? M.violation.afterEvent : (STATES.length ? STATES[STATES.length - 1].i : -1), h = null;
    for (var k = 0; k < nPt && !h; k++) if (pev[k] === ev && pl[k] >= 0) h = { kind: 'pt', i: k };
    for (k = 0; k < nMsg && !h; k++) if (mee[k] === ev) h = { kind: 'msg', i: k };
    if (!h) { stateProbe = { event: ev, found: false }; return; }
    var at = clickPoint(h), clicked = false;
    if (at) {
      // A real click where the item is drawn: the canvas's own mouse handlers pick what is there.
      var r = cv.getBoundingClientRect(), opts = { clientX: r.left + at[0], clientY: r.top + at[1], bubbles: true };
      cv.dispatchEvent(new MouseEvent('mousedown', opts)); window.dispatchEvent(new MouseEvent('mouseup', opts));
      clicked = selected !== null && selected.kind === h.kind && selected.i === h.i;
    }
    if (!clicked) { selected = h; showDetails(h); }
    var sec = document.getElementById('stateSection');
    if (sec) { var box = document.getElementById('details'); box.scrollTop = Math.max(0, sec.offsetTop - box.offsetTop - 8); }
    stateProbe = { event: ev, found: true, clicked: clicked, nodes: sec ? Array.prototype.map.call(sec.querySelectorAll('.fl-node'), function (n) { return n.getAttribute('data-node'); }) : [], changedRows: sec ? sec.querySelectorAll('tr.chg').length : 0, text: sec ? sec.textContent : '' };
  }
  // Where item h is drawn on the canvas (a marker, or the middle of an arrow), or null if it is not.
  function clickPoint(h) {
    var k;
    if (h.kind === 'pt') for (k = 0; k < hitPts.length; k++) { var p = hitPts[k]; if (p.i === h.i) return [p.x, p.y === null ? H - 10 : p.y]; }
    if (h.kind === 'msg') for (k = 0; k < nHit; k++) if (hid[k] === h.i) return [(hx1[k] + hx2[k]) / 2, (hy1[k] + hy2[k]) / 2];
    return null;
  }
  function segDist(px0, py0, x1, y1, x2, y2) { var dx = x2 - x1, dy = y2 - y1, L = dx * dx + dy * dy, t = L ? ((px0 - x1) * dx + (py0 - y1) * dy) / L : 0; t = Math.max(0, Math.min(1, t)); var ex = x1 + t * dx - px0, ey = y1 + t * dy - py0; return Math.sqrt(ex * ex + ey * ey); }
  function hitTest(x, y) {
    var best = null, bd = 7;
    hitPts.forEach(function (p) { var d = p.y === null ? Math.abs(p.x - x) + (y > H - 20 ? 0 : 4) : Math.hypot(p.x - x, p.y - y); if (d < bd) { bd = d; best = { kind: 'pt', i: p.i }; } });
    if (best) return best;
    bd = 5;
    for (var k = 0; k < nHit; k++) {
      if (x < Math.min(hx1[k], hx2[k]) - 5 || x > Math.max(hx1[k], hx2[k]) + 5) continue;
      var d = segDist(x, y, hx1[k], hy1[k], hx2[k], hy2[k]); if (d < bd) { bd = d; best = { kind: 'msg', i: hid[k] }; }
    }
    if (best) return best;
    for (k = 0; k < hitOps.length; k++) { var o = hitOps[k]; if (x >= o.a && x <= o.b && y >= o.y && y <= o.y + 14) return { kind: 'op', i: o.i }; }
    for (k = 0; k < hitBands.length; k++) { var b = hitBands[k]; if (x >= b.a && x <= b.b && y >= b.y && y <= b.y + 9) return { kind: 'band', i: b.i }; }
    if (y < TOP + 14) for (k = 0; k < hitParts.length; k++) { var p = hitParts[k]; if (x >= p.a && x <= p.b) return { kind: 'part', i: p.i }; }
    return null;
  }

  // ---- interaction ----
  var pending = false;
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; draw(); }); } }
  function clampView() {
    var full = lastTick - firstTick, minSpan = 2;
    var span = Math.max(minSpan, Math.min(view.t1 - view.t0, full * 1.5 + 10));
    var c = (view.t0 + view.t1) / 2; c = Math.max(firstTick - full * 0.25, Math.min(lastTick + full * 0.25, c));
    view.t0 = c - span / 2; view.t1 = c + span / 2;
  }
  function zoomAt(x, factor) { var t = T(x); view.t0 = t - (t - view.t0) * factor; view.t1 = t + (view.t1 - t) * factor; clampView(); schedule(); }
  function zoomTo(a, b) { var pad = Math.max(5, (b - a) * 0.12); view.t0 = a - pad; view.t1 = b + pad; clampView(); schedule(); }
  function fitAll() { var pad = (lastTick - firstTick) * 0.01; view.t0 = firstTick - pad; view.t1 = lastTick + pad; clampView(); schedule(); }
  // "Where it broke": the unplaceable op with the ops it conflicts with and the last op of the
  // linearizable prefix (whose messages usually explain it), or the invariant's breaking event.
  function zoomProblem() {
    var a = Infinity, b = -Infinity, lastPrefix = -1;
    for (var o = 0; o < nOp; o++) {
      if (O.mk[o] === 2 || O.mk[o] === 3) { a = Math.min(a, O.s[o]); b = Math.max(b, O.e[o] < 0 ? lastTick : O.e[o]); }
      if (O.mk[o] === 1 && (lastPrefix < 0 || O.inv[o] > O.inv[lastPrefix])) lastPrefix = o;
    }
    if (a !== Infinity) {
      if (lastPrefix >= 0) { a = Math.min(a, O.s[lastPrefix]); b = Math.max(b, O.e[lastPrefix] < 0 ? b : O.e[lastPrefix]); }
      return zoomTo(a, b);
    }
    if (M.violation) {
      var ctxTicks = Math.max(20, (lastTick - firstTick) * 0.03);
      var from = M.violation.causeTick !== undefined ? Math.min(M.violation.causeTick, M.violation.tick) : M.violation.tick;
      zoomTo(from - ctxTicks, M.violation.tick + ctxTicks / 4);
    }
  }
  cv.addEventListener('wheel', function (e) {
    e.preventDefault();
    interact();
    var r = cv.getBoundingClientRect();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) { var dt = (e.deltaX || e.deltaY) / (W - LEFT) * (view.t1 - view.t0); view.t0 += dt; view.t1 += dt; clampView(); schedule(); }
    else zoomAt(e.clientX - r.left, Math.exp(e.deltaY * 0.0015));
  }, { passive: false });
  var drag = null;
  cv.addEventListener('mousedown', function (e) { drag = { x: e.clientX, t0: view.t0, t1: view.t1, moved: false }; cv.classList.add('dragging'); });
  window.addEventListener('mouseup', function (e) {
    if (!drag) return; cv.classList.remove('dragging');
    if (!drag.moved) { var r = cv.getBoundingClientRect(); selected = hitTest(e.clientX - r.left, e.clientY - r.top); showDetails(selected); schedule(); }
    drag = null;
  });
  window.addEventListener('mousemove', function (e) {
    var r = cv.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top;
    if (drag) {
      if (Math.abs(e.clientX - drag.x) > 3) drag.moved = true;
      interact();
      var dt = (e.clientX - drag.x) / (W - LEFT - RIGHT) * (drag.t1 - drag.t0);
      view.t0 = drag.t0 - dt; view.t1 = drag.t1 - dt; clampView(); schedule(); tip.style.display = 'none'; return;
    }
    if (x < 0 || y < 0 || x > W || y > H) { tip.style.display = 'none'; return; }
    var h = hitTest(x, y);
    if (!h) { tip.style.display = 'none'; return; }
    var d = describe(h);
    tip.textContent = d.title + '\n' + d.rows.slice(0, 5).map(function (r2) { return r2[0] + ': ' + r2[1]; }).join('\n') + (d.body ? '\n' + d.body.slice(0, 300) : '');
    tip.style.display = 'block';
    tip.style.left = Math.min(x + 14, W - 430) + 'px'; tip.style.top = (y + 14 + wrap.scrollTop * 0) + 'px';
    if (!selected) showDetails(h);
  });
  cv.addEventListener('dblclick', function (e) { var r = cv.getBoundingClientRect(); zoomAt(e.clientX - r.left, 0.4); });
  window.addEventListener('keydown', function (e) {
    if (e.target && e.target.tagName === 'INPUT') return;
    var span = view.t1 - view.t0;
    if (e.key === '+' || e.key === '=') zoomAt((LEFT + W) / 2, 0.7);
    else if (e.key === '-') zoomAt((LEFT + W) / 2, 1 / 0.7);
    else if (e.key === '0') fitAll();
    else if (e.key === 'v') zoomProblem();
    else if (e.key === 'ArrowLeft') { view.t0 -= span * 0.2; view.t1 -= span * 0.2; clampView(); schedule(); }
    else if (e.key === 'ArrowRight') { view.t0 += span * 0.2; view.t1 += span * 0.2; clampView(); schedule(); }
    else if (e.key === 'Escape') { selected = null; showDetails(null); schedule(); }
  });
  document.getElementById('zin').onclick = function () { zoomAt((LEFT + W) / 2, 0.6); };
  document.getElementById('zout').onclick = function () { zoomAt((LEFT + W) / 2, 1 / 0.6); };
  document.getElementById('zfit').onclick = fitAll;
  document.getElementById('zviol').onclick = zoomProblem;
  window.addEventListener('resize', schedule);

  // The URL fragment can set the initial view: #t0=100&t1=400&hide=s1,c2&hideTypes=Ping&off=timers
  function readHash() {
    var h = (location.hash || '').replace(/^#/, '');
    if (!h) return;
    h.split('&').forEach(function (kv) {
      var p = kv.split('='), k = p[0], v = decodeURIComponent(p[1] || '');
      if (k === 't0') view.t0 = Number(v); else if (k === 't1') view.t1 = Number(v);
      else if (k === 'hide') v.split(',').forEach(function (n) { var l = LANES.indexOf(n); if (l >= 0) hiddenLane[l] = 1; });
      else if (k === 'hideTypes') v.split(',').forEach(function (n) { var t = TYPES.indexOf(n); if (t >= 0) hiddenType[t] = 1; });
      else if (k === 'off') v.split(',').forEach(function (n) { if (n in layers) layers[n] = false; });
      else if (k === 'focus') focusAtStart = true;
      else if (k === 'probe') probeAtStart = true;
      else if (k === 'stateprobe') stateProbeAtStart = true;
    });
  }

  // #probe: hover the middle of the longest drawn arrow, as a user would, and report what the
  // details panel then says (lets a headless test check hit testing and the details text).
  function runProbe() {
    var best = -1, bestLen = -1;
    for (var k = 0; k < nHit; k++) { var len = Math.hypot(hx2[k] - hx1[k], hy2[k] - hy1[k]); if (len > bestLen) { bestLen = len; best = k; } }
    if (best < 0) return;
    var x = (hx1[best] + hx2[best]) / 2, y = (hy1[best] + hy2[best]) / 2, h = hitTest(x, y);
    showDetails(h);
    probe = { expectedMsgId: mid[hid[best]], kind: h ? h.kind : null, msgId: h && h.kind === 'msg' ? mid[h.i] : null, details: document.getElementById('detailBody').textContent };
    selfTest();
  }

  // The page reports what it drew (and any script error) so a headless browser test can check it.
  var firstDraw = null;
  // The header as the browser shows it: the meta line, then each verdict line with its colour class.
  function headerLines() {
    var rows = [{ cls: 'meta', text: document.getElementById('meta').textContent }];
    document.querySelectorAll('#verdicts > div, #verdicts li').forEach(function (e) { rows.push({ cls: e.className, text: e.textContent, visible: e.getBoundingClientRect().height > 0 }); });
    return rows;
  }
  function selfTest() {
    if (firstDraw === null) firstDraw = Math.round(performance.now());
    var out = { errors: window.__flErrors.slice(), header: headerLines(), probe: probe, states: STATES.length, stateProbe: stateProbe, arrows: stats.arrows, lifelines: stats.lifelines, ops: stats.ops, points: stats.points, bands: stats.bands, partitions: stats.partitions, clockBands: stats.clockBands, messages: nMsg, firstDrawMs: firstDraw, setupMs: setupMs, drawMs: stats.drawMs };
    document.getElementById('fl-selftest').textContent = JSON.stringify(out);
  }

  var setupMs = 0;
  try {
    header(); filters(); legend();
    setupMs = Math.round(performance.now() - t0ms);
    layout();
    if (focusAtStart) zoomProblem();
    draw();
    if (probeAtStart) runProbe();
    if (stateProbeAtStart) { runStateProbe(); selfTest(); }
  } catch (e) {
    window.__flErrors.push(String(e && e.stack || e));
    selfTest();
  }
  }
})();
