/* page.js - the script of casegraph's .html page (src/export_html.c).
 *
 * Reads the graph from the <script type="application/json" id="cg-data">
 * block and wires up the Graphviz SVG above it: pan (drag) and zoom (wheel
 * and buttons), a search that highlights matching nodes, a panel with a
 * clicked node's fields and edges or a clicked edge's fields, note and
 * sources, a time axis of the dated edges and the result table.  Node I of
 * the graph's list is the SVG element "cg-n-I", edge I is "cg-e-I".
 *
 * Graph text is only ever put into the page with textContent (never
 * innerHTML), and only http: and https: urls become links.  No library, no
 * network: the page must work from a file, offline.
 */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cg-data').textContent);
  var G = data.graph;
  var nodes = G.nodes, edges = G.edges;
  var nodeIx = new Map(), srcById = new Map();
  nodes.forEach(function (n, i) { nodeIx.set(n.id, i); });
  G.sources.forEach(function (s) { srcById.set(s.id, s); });
  var NODE_FIXED = ['id', 'kind', 'name', 'aliases'];
  var EDGE_FIXED = ['from', 'to', 'type', 'date', 'source', 'note'];
  var SRC_FIXED = ['id', 'title', 'publisher', 'date', 'url', 'file', 'note'];
  var panel = document.getElementById('cg-panel');

  /* ---- small DOM helpers: text only ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function show(v) {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return v.map(show).join(', ');
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }
  function fields(pairs) {
    var dl = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || (Array.isArray(p[1]) && !p[1].length)) return;
      dl.appendChild(el('dt', null, p[0]));
      var dd = el('dd');
      if (p[1] instanceof Node) dd.appendChild(p[1]); else dd.textContent = show(p[1]);
      dl.appendChild(dd);
    });
    return dl;
  }
  function extra(obj, fixed) {
    return Object.keys(obj).filter(function (k) { return fixed.indexOf(k) < 0; })
      .map(function (k) { return [k, obj[k]]; });
  }
  function button(text, fn) {
    var b = el('button', 'cg-link', text);
    b.type = 'button';
    b.addEventListener('click', fn);
    return b;
  }
  function nodeName(i) { return nodes[i].name; }
  function words(t) { return String(t).replace(/_/g, ' '); }
  function edgeText(i) {
    var e = edges[i];
    return nodeName(nodeIx.get(e.from)) + ' ' + words(e.type) + ' ' + nodeName(nodeIx.get(e.to)) +
      (e.date ? ' (' + e.date + ')' : '');
  }
  /* a url as a link when it is http: or https:, else as inert text */
  function urlNode(url) {
    var u = null;
    try { u = new URL(url); } catch (err) { u = null; }
    if (u && (u.protocol === 'http:' || u.protocol === 'https:')) {
      var a = el('a', null, url);
      a.href = u.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      return a;
    }
    return el('span', 'cg-url-dead', url);
  }
  function sourceItem(id) {
    var s = srcById.get(id) || { id: id };
    var li = el('li', 'cg-src');
    li.appendChild(el('strong', null, s.title || s.id));
    var meta = [s.publisher, s.date].filter(Boolean).join(', ');
    li.appendChild(el('span', 'cg-meta', (meta ? ' \u2014 ' + meta : '') + ' [' + s.id + ']'));
    if (s.url) { li.appendChild(el('br')); li.appendChild(urlNode(s.url)); }
    if (s.file) li.appendChild(el('div', 'cg-meta', 'file: ' + s.file));
    if (s.note) li.appendChild(el('div', 'cg-note', s.note));
    extra(s, SRC_FIXED).forEach(function (p) { li.appendChild(el('div', 'cg-meta', p[0] + ': ' + show(p[1]))); });
    return li;
  }
  function sourceList(e) {
    var ul = el('ul');
    if (!e.source.length) ul.appendChild(el('li', 'cg-none', 'no source'));
    e.source.forEach(function (id) { ul.appendChild(sourceItem(id)); });
    return ul;
  }

  /* ---- selection and highlight in the diagram ---- */
  function svgNode(i) { return document.getElementById('cg-n-' + i); }
  function svgEdge(i) { return document.getElementById('cg-e-' + i); }
  function setClass(elem, cls, on) { if (elem) elem.classList.toggle(cls, on); }
  var selected = null;
  function select(elem) {
    if (selected) selected.classList.remove('cg-sel');
    selected = elem;
    if (elem) elem.classList.add('cg-sel');
  }
  var marks = [];
  function highlightEdge(i, on) {
    setClass(svgEdge(i), 'cg-hl', on);
    if (marks[i]) setClass(marks[i], 'cg-hl', on);
    var row = document.getElementById('cg-row-' + i);
    if (row) setClass(row, 'cg-hl', on);
  }
  function hoverable(elem, i) {
    elem.addEventListener('mouseenter', function () { highlightEdge(i, true); });
    elem.addEventListener('mouseleave', function () { highlightEdge(i, false); });
  }

  /* ---- the panel ---- */
  function showNode(i) {
    var n = nodes[i];
    panel.replaceChildren();
    panel.appendChild(el('h2', null, n.name));
    panel.appendChild(fields([['id', n.id], ['kind', n.kind], ['name', n.name], ['aliases', n.aliases]]
      .concat(extra(n, NODE_FIXED))));
    var mine = [];
    edges.forEach(function (e, k) { if (e.from === n.id || e.to === n.id) mine.push(k); });
    panel.appendChild(el('h3', null, 'Edges (' + mine.length + ')'));
    var ul = el('ul', 'cg-edges');
    if (!mine.length) ul.appendChild(el('li', 'cg-none', 'no edge in this result'));
    mine.forEach(function (k) {
      var li = el('li');
      li.appendChild(button(edgeText(k), function () { showEdge(k); }));
      if (edges[k].note) li.appendChild(el('div', 'cg-note', edges[k].note));
      li.appendChild(sourceList(edges[k]));
      hoverable(li, k);
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    select(svgNode(i));
  }
  function showEdge(i) {
    var e = edges[i], f = nodeIx.get(e.from), t = nodeIx.get(e.to);
    panel.replaceChildren();
    panel.appendChild(el('h2', null, edgeText(i)));
    panel.appendChild(fields([
      ['from', button(nodeName(f), function () { showNode(f); })],
      ['type', e.type],
      ['to', button(nodeName(t), function () { showNode(t); })],
      ['date', e.date]].concat(extra(e, EDGE_FIXED))));
    if (e.note !== undefined) {
      panel.appendChild(el('h3', null, 'Note'));
      panel.appendChild(el('div', 'cg-note', show(e.note)));
    }
    panel.appendChild(el('h3', null, 'Sources (' + e.source.length + ')'));
    panel.appendChild(sourceList(e));
    select(svgEdge(i));
  }

  /* ---- pan and zoom: the SVG's viewBox, kept to the view's proportions ---- */
  var view = document.getElementById('cg-diagram');
  var svg = view.querySelector('svg');
  var base = null, vb = null;
  function apply() { svg.setAttribute('viewBox', [vb.x, vb.y, vb.w, vb.h].join(' ')); }
  function fit() {
    var cw = view.clientWidth || 1, ch = view.clientHeight || 1;
    var w = base.w, h = base.h;
    if (w / h < cw / ch) w = h * cw / ch; else h = w * ch / cw;
    vb = { x: base.x - (w - base.w) / 2, y: base.y - (h - base.h) / 2, w: w, h: h };
    apply();
  }
  function zoomAt(px, py, factor) {
    var cw = view.clientWidth || 1, ch = view.clientHeight || 1;
    var w = vb.w / factor;
    if (w < base.w / 100 || w > base.w * 10) return;
    var sx = vb.x + px * vb.w / cw, sy = vb.y + py * vb.h / ch;
    vb.w = w; vb.h = vb.h / factor;
    vb.x = sx - px * vb.w / cw; vb.y = sy - py * vb.h / ch;
    apply();
  }
  var drag = null, moved = false;
  if (svg) {
    var b = svg.viewBox.baseVal;
    base = b && b.width ? { x: b.x, y: b.y, w: b.width, h: b.height } : { x: 0, y: 0, w: 100, h: 100 };
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    fit();
    window.addEventListener('resize', fit);
    view.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var r = view.getBoundingClientRect();
      zoomAt(ev.clientX - r.left, ev.clientY - r.top, ev.deltaY < 0 ? 1.2 : 1 / 1.2);
    }, { passive: false });
    view.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y };
      moved = false;
    });
    window.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      moved = true;
      view.classList.add('cg-dragging');
      vb.x = drag.vx - dx * vb.w / (view.clientWidth || 1);
      vb.y = drag.vy - dy * vb.h / (view.clientHeight || 1);
      apply();
    });
    window.addEventListener('pointerup', function () { drag = null; view.classList.remove('cg-dragging'); });
    view.addEventListener('click', function (ev) {
      if (moved) { moved = false; return; }
      var g = ev.target.closest && ev.target.closest('g.node, g.edge');
      var m = g && /^cg-([ne])-(\d+)$/.exec(g.id);
      if (!m) return;
      if (m[1] === 'n') showNode(+m[2]); else showEdge(+m[2]);
    });
    edges.forEach(function (e, i) { var s = svgEdge(i); if (s) hoverable(s, i); });
  }
  function zoomButton(id, factor) {
    document.getElementById(id).addEventListener('click', function () {
      if (!svg) return;
      if (!factor) { fit(); return; }
      zoomAt(view.clientWidth / 2, view.clientHeight / 2, factor);
    });
  }
  zoomButton('cg-zoom-in', 1.25);
  zoomButton('cg-zoom-out', 1 / 1.25);
  zoomButton('cg-fit', 0);

  /* ---- search: nodes whose id, name or an alias holds the text ---- */
  var search = document.getElementById('cg-search'), count = document.getElementById('cg-count');
  var hay = nodes.map(function (n) { return [n.id, n.name].concat(n.aliases).join('\n').toLowerCase(); });
  function runSearch() {
    var q = search.value.trim().toLowerCase(), found = [];
    hay.forEach(function (h, i) {
      var on = q !== '' && h.indexOf(q) >= 0;
      if (on) found.push(i);
      setClass(svgNode(i), 'cg-match', on);
    });
    count.textContent = q === '' ? '' : found.length + (found.length === 1 ? ' matching node' : ' matching nodes');
    return found;
  }
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter') return;
    var found = runSearch();
    if (found.length) showNode(found[0]);
  });

  /* ---- the time axis: each dated edge as the interval its date covers ---- */
  function utc(y, m, d) { var t = new Date(0); t.setUTCFullYear(y, m, d); return t.getTime(); }
  function interval(d) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(d || '');
    if (!m) return null;
    var y = +m[1];
    if (m[3]) return [utc(y, +m[2] - 1, +m[3]), utc(y, +m[2] - 1, +m[3] + 1), 'day'];
    if (m[2]) return [utc(y, +m[2] - 1, 1), utc(y, +m[2], 1), 'month'];
    return [utc(y, 0, 1), utc(y + 1, 0, 1), 'year'];
  }
  function timeAxis() {
    var axis = document.getElementById('cg-axis');
    var ev = [];
    edges.forEach(function (e, i) { var iv = interval(e.date); if (iv) ev.push({ i: i, s: iv[0], e: iv[1], p: iv[2] }); });
    if (!ev.length) { axis.appendChild(el('p', 'cg-none', 'No dated edge in this result.')); return; }
    var lo = Math.min.apply(null, ev.map(function (x) { return x.s; }));
    var hi = Math.max.apply(null, ev.map(function (x) { return x.e; }));
    var span = hi - lo, pad = span * 0.02;
    lo -= pad; span += 2 * pad;
    function pct(t) { return (t - lo) / span * 100; }
    ev.sort(function (a, b) { return a.s - b.s || a.e - b.e || a.i - b.i; });
    /* the first lane free at the event's start; past MAX_LANES events
       overlap in the lane that frees first */
    var lanes = [], MAX_LANES = 40;
    ev.forEach(function (x) {
      var left = pct(x.s), width = Math.max(pct(x.e) - left, 0.6), lane = 0;
      while (lane < lanes.length && lanes[lane] > left) lane++;
      if (lane >= MAX_LANES) {
        lane = 0;
        for (var k = 1; k < lanes.length; k++) if (lanes[k] < lanes[lane]) lane = k;
      }
      lanes[lane] = left + width + 0.2;
      var m = el('div', 'cg-mark cg-' + x.p);
      m.style.left = left + '%';
      m.style.width = width + '%';
      m.style.top = (6 + lane * 12) + 'px';
      m.title = edgeText(x.i);
      m.dataset.edge = String(x.i);
      m.addEventListener('click', function () { showEdge(x.i); });
      hoverable(m, x.i);
      marks[x.i] = m;
      axis.appendChild(m);
    });
    axis.style.height = (6 + lanes.length * 12 + 22) + 'px';
    /* ticks: months when the span is short, else years (at most ~20) */
    var y0 = new Date(lo).getUTCFullYear(), y1 = new Date(lo + span).getUTCFullYear();
    var ticks = [];
    if (y1 - y0 <= 2) {
      for (var y = y0; y <= y1; y++)
        for (var mo = 0; mo < 12; mo += (y1 - y0 ? 3 : 1)) ticks.push([utc(y, mo, 1), y + '-' + String(mo + 1).padStart(2, '0')]);
    } else {
      var step = Math.max(1, Math.ceil((y1 - y0) / 20));
      for (var yy = y0; yy <= y1; yy += step) ticks.push([utc(yy, 0, 1), String(yy)]);
    }
    ticks.forEach(function (t) {
      var p = pct(t[0]);
      if (p < 0 || p > 100) return;
      var tk = el('div', 'cg-tick');
      tk.style.left = p + '%';
      tk.appendChild(el('span', null, t[1]));
      axis.insertBefore(tk, axis.firstChild);
    });
  }

  /* ---- the result table (for an export: the edges), PAGE_ROWS rows at a
     time: a big result stays quick to open ---- */
  var PAGE_ROWS = 1000;
  function table(cols, rows, edgeRows) {
    var box = el('div'), t = el('table'), head = el('tr');
    cols.forEach(function (c) { head.appendChild(el('th', null, c)); });
    t.appendChild(el('thead')).appendChild(head);
    var body = el('tbody'), shown = 0;
    t.appendChild(body);
    box.appendChild(t);
    var more = button('', function () { addRows(); });
    function addRows() {
      var end = Math.min(rows.length, shown + PAGE_ROWS);
      for (var k = shown; k < end; k++) body.appendChild(row(rows[k], k));
      shown = end;
      more.textContent = 'show ' + Math.min(PAGE_ROWS, rows.length - shown) + ' more of ' +
        (rows.length - shown) + ' rows left';
      if (shown >= rows.length && more.parentNode) more.remove();
    }
    function row(r, k) {
      var tr = el('tr');
      r.forEach(function (v) { tr.appendChild(el('td', null, show(v))); });
      if (edgeRows) {
        tr.className = 'cg-row';
        tr.id = 'cg-row-' + k;
        tr.addEventListener('click', function () { showEdge(k); });
        hoverable(tr, k);
      }
      return tr;
    }
    box.appendChild(more);
    addRows();
    return box;
  }
  function resultTable() {
    var box = document.getElementById('cg-table');
    if (data.tables === null) {
      if (!edges.length) { box.appendChild(el('p', 'cg-none', 'No edge.')); return; }
      box.appendChild(table(['from', 'type', 'to', 'date', 'source'], edges.map(function (e) {
        return [nodeName(nodeIx.get(e.from)), e.type, nodeName(nodeIx.get(e.to)), e.date, e.source];
      }), true));
      return;
    }
    data.tables.forEach(function (tb) {
      box.appendChild(table(tb.cols, tb.rows, false));
      box.appendChild(el('p', 'cg-none', tb.rows.length + (tb.rows.length === 1 ? ' row' : ' rows')));
    });
  }

  document.title = data.name + ' \u2014 casegraph';
  document.getElementById('cg-title').textContent = data.name;
  timeAxis();
  resultTable();
  document.documentElement.dataset.ready = '1';
})();
