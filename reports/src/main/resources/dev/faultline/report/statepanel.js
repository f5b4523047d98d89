// Node state panels, shared by the report and the debugger: a node's state (the JSON its
// NodeState.describe() gives) as rows of dotted field paths, before and after a step, the changed
// rows highlighted and first, the unchanged ones folded away.
var FlStatePanel = (function () {
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  // {"log":{"entries":{"5":"t2 put x"}}} -> [["log.entries.5", "t2 put x"]]; arrays and scalars stay whole.
  function flatten(v, prefix, out) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length) {
      Object.keys(v).forEach(function (k) { flatten(v[k], prefix ? prefix + '.' + k : k, out); });
    } else out.push([prefix, v === undefined ? '' : JSON.stringify(v)]);
    return out;
  }
  function rowsOf(state) { var m = {}; if (state) flatten(state, '', []).forEach(function (r) { m[r[0]] = r[1]; }); return m; }
  // One node's panel. before/after: its state objects (null: down, undefined: not recorded).
  function render(node, before, after, title) {
    var box = el('div', 'fl-node'); box.setAttribute('data-node', node);
    var head = el('div', 'fl-node-head', node + (title ? '  ' + title : ''));
    box.appendChild(head);
    if (after === null || (after === undefined && before === null)) { box.appendChild(el('div', 'fl-down', before ? 'down after this step (crashed)' : 'down')); return box; }
    var b = rowsOf(before), a = rowsOf(after), keys = [];
    Object.keys(a).forEach(function (k) { keys.push(k); });
    Object.keys(b).forEach(function (k) { if (!(k in a)) keys.push(k); });
    var changed = keys.filter(function (k) { return before !== undefined && b[k] !== a[k]; });
    var same = keys.filter(function (k) { return changed.indexOf(k) < 0; });
    var tb = el('table', 'fl-state');
    if (changed.length) {
      var hr = el('tr'); hr.appendChild(el('th', null, 'field')); hr.appendChild(el('th', null, 'before')); hr.appendChild(el('th', null, 'after')); tb.appendChild(hr);
      changed.forEach(function (k) { var tr = el('tr', 'chg'); tr.appendChild(el('td', null, k)); tr.appendChild(el('td', 'old', k in b ? b[k] : '\u2014')); tr.appendChild(el('td', 'new', k in a ? a[k] : '\u2014')); tb.appendChild(tr); });
      box.appendChild(tb);
    } else if (before !== undefined && before !== null) box.appendChild(el('div', 'fl-same', 'unchanged by this step'));
    var rest = el('details', 'fl-rest'); rest.appendChild(el('summary', null, (changed.length ? 'unchanged fields' : 'state') + ' (' + same.length + ')'));
    if (!changed.length) rest.open = true;
    var tb2 = el('table', 'fl-state');
    same.forEach(function (k) { var tr = el('tr'); tr.appendChild(el('td', null, k)); tr.appendChild(el('td', null, a[k])); tb2.appendChild(tr); });
    rest.appendChild(tb2); box.appendChild(rest);
    return box;
  }
  return { flatten: flatten, render: render };
})();
