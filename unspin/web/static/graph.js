/* Outlet network graph for the Outlets page.
 *
 * Reads #outlet-graph-data (JSON), draws a force-directed SVG graph into
 * #outlet-graph and shows the clicked outlet in #outlet-detail.
 * Every string in the data is untrusted: it only ever reaches the DOM via
 * textContent or setAttribute on inert attributes, never as markup, so the
 * page can keep a strict CSP (no inline styles, no eval).
 */
(() => {
  'use strict';

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const ROLES = ['origin', 'rewriter', 'mixed', 'other'];
  const MIN_SCALE = 0.1;
  const MAX_SCALE = 8;
  const LABELLED_MAX = 60; // above this many nodes only the biggest keep visible labels

  // ---- small DOM helpers (text only, never markup) ----
  // append() turns string arguments into Text nodes, never into markup.
  function el(tag, cls, ...kids) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    e.append(...kids);
    return e;
  }
  function svgEl(tag, attrs, text) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const k of Object.keys(attrs || {})) e.setAttribute(k, String(attrs[k]));
    if (text != null) e.textContent = text;
    return e;
  }
  // <bdi> keeps RTL overrides in a hostile name from reordering the text around it.
  const bdi = (text) => el('bdi', '', text);
  const clear = (node) => node.replaceChildren();
  const str = (v, fallback) =>
    typeof v === 'string' ? v : (typeof v === 'number' && Number.isFinite(v) ? String(v) : fallback);
  const num = (v, fallback) => {
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  // SVG <text> has no <bdi>; FSI…PDI isolates the same way.
  const isolate = (s) => '\u2068' + s + '\u2069';
  function truncate(s, max) {
    const cps = Array.from(s); // code points, so surrogate pairs are never split
    return cps.length > max ? cps.slice(0, max - 1).join('') + '\u2026' : s;
  }
  // Only relative app paths become links. "//host", "/\host" and paths with
  // whitespace or control characters (which URL parsing strips) could reach another origin.
  function safeHref(h) {
    return typeof h === 'string' && h.charAt(0) === '/' && !/^\/[/\\]/.test(h) &&
      !/[\u0000-\u0020\u007f\\]/.test(h);
  }

  // ---- data: validate and index; never trust the shape ----
  function normalise(raw) {
    const nodes = [];
    const index = new Map(); // Map, not an object: ids like "__proto__" stay harmless
    for (const rn of (raw && Array.isArray(raw.nodes)) ? raw.nodes : []) {
      if (!rn || typeof rn !== 'object') continue;
      const id = str(rn.id, null);
      if (id === null || index.has(id)) continue; // first occurrence wins
      index.set(id, nodes.length);
      nodes.push({
        id,
        label: str(rn.label, '') || id || '(unnamed)',
        articles: num(rn.articles, 0),
        role: ROLES.includes(rn.role) ? rn.role : 'other',
        group: Number.isInteger(rn.group) ? rn.group : null,
        stories: (Array.isArray(rn.stories) ? rn.stories : []).filter((s) => s && typeof s === 'object'),
        indicators: (Array.isArray(rn.indicators) ? rn.indicators : []).filter((s) => s && typeof s === 'object'),
        edges: [], x: 0, y: 0, r: 0,
      });
    }
    const edges = [];
    for (const re of (raw && Array.isArray(raw.edges)) ? raw.edges : []) {
      if (!re || typeof re !== 'object') continue;
      const s = index.get(str(re.source, null));
      const t = index.get(str(re.target, null));
      if (s === undefined || t === undefined || s === t) continue; // unknown ids and self-loops
      const weight = num(re.weight, 1) || 1;
      const label = str(re.label, '') || (weight + (weight === 1 ? ' link' : ' links'));
      nodes[s].edges.push(edges.length);
      nodes[t].edges.push(edges.length);
      edges.push({ s, t, weight, label });
    }
    return { nodes, edges, index };
  }

  // ---- layout: deterministic Fruchterman-Reingold with gravity and collision ----
  function layout(nodes, edges, W, H) {
    const n = nodes.length;
    if (!n) return;
    let seed = 0x2545f491;
    const rand = () => { // LCG: same data, same picture
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    // Big graphs get a larger virtual canvas (the fitted view zooms out) and smaller discs.
    const grow = Math.max(1, Math.sqrt((n * 2500) / (W * H)));
    W *= grow; H *= grow;
    const rMax = clamp(Math.sqrt((W * H) / n) * 0.35, 8, 30);
    const maxA = nodes.reduce((m, nd) => Math.max(m, nd.articles), 1);
    const perRoot = Math.min(2.5, (rMax - 4) / Math.sqrt(maxA)); // r - 4 stays proportional to sqrt(articles)
    for (const nd of nodes) nd.r = 4 + perRoot * Math.sqrt(nd.articles);
    const cx = W / 2, cy = H / 2;
    const x = new Float64Array(n), y = new Float64Array(n);
    const dx = new Float64Array(n), dy = new Float64Array(n);
    const r = nodes.map((nd) => nd.r);
    // Sunflower spiral start: evenly spread, no two nodes on the same spot.
    const R0 = Math.min(W, H) * 0.4;
    for (let i = 0; i < n; i++) {
      const rad = R0 * Math.sqrt((i + 0.5) / n) * (0.9 + 0.2 * rand());
      x[i] = cx + rad * Math.cos(i * 2.39996323) * W / Math.min(W, H);
      y[i] = cy + rad * Math.sin(i * 2.39996323) * H / Math.min(W, H);
    }
    const k2 = (W * H) / n * 0.3; // ideal edge length squared
    const k = Math.sqrt(k2);
    // Gravity that, alone against repulsion, holds a uniform disc of radius ~R0.
    const gravity = 0.5 * (n * k2) / (R0 * R0);
    // Per-axis gravity: a wide box gets a wide ellipse instead of a disc.
    const gx = gravity * Math.min(W, H) / W, gy = gravity * Math.min(W, H) / H;
    const springW = edges.map((e) => Math.min(3, 0.5 + 0.5 * Math.log2(1 + e.weight)));
    // The pair loop is O(n²): spend a fixed budget of pair visits, so big graphs get fewer rounds.
    const iters = Math.min(300, Math.max(10, Math.floor(2e7 / (n * n))));
    const t0 = Math.min(W, H) / 6;
    for (let it = 0; it < iters; it++) {
      const temp = t0 * (1 - it / iters) + 0.5;
      dx.fill(0); dy.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let ddx = x[i] - x[j], ddy = y[i] - y[j];
          let d2 = ddx * ddx + ddy * ddy;
          if (d2 < 1e-6) { ddx = rand() - 0.5; ddy = rand() - 0.5; d2 = ddx * ddx + ddy * ddy; }
          const d = Math.sqrt(d2);
          let f = k2 / d2; // k²/d along the unit vector
          const minD = r[i] + r[j] + 14;
          if (d < minD) f += (minD - d) / d; // push overlapping discs apart
          dx[i] += ddx * f; dy[i] += ddy * f;
          dx[j] -= ddx * f; dy[j] -= ddy * f;
        }
      }
      edges.forEach((e, ei) => {
        const ddx = x[e.s] - x[e.t], ddy = y[e.s] - y[e.t];
        const f = Math.sqrt(ddx * ddx + ddy * ddy) / k * springW[ei]; // d²/k, heavier edges pull harder
        dx[e.s] -= ddx * f; dy[e.s] -= ddy * f;
        dx[e.t] += ddx * f; dy[e.t] += ddy * f;
      });
      for (let i = 0; i < n; i++) {
        dx[i] -= (x[i] - cx) * gx;
        dy[i] -= (y[i] - cy) * gy;
        const len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
        if (len > 0) {
          const step = Math.min(len, temp) / len; // cooling caps each move
          x[i] += dx[i] * step;
          y[i] += dy[i] * step;
        }
      }
    }
    nodes.forEach((nd, i) => { nd.x = x[i]; nd.y = y[i]; });
  }

  // View that fits every node (and its label) into the viewBox.
  function fitView(nodes, W, H) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const nd of nodes) {
      x0 = Math.min(x0, nd.x - nd.r - 30); x1 = Math.max(x1, nd.x + nd.r + 30);
      y0 = Math.min(y0, nd.y - nd.r - 6); y1 = Math.max(y1, nd.y + nd.r + 20);
    }
    const s = clamp(Math.min(W / (x1 - x0), H / (y1 - y0)), MIN_SCALE, 1);
    return { s, tx: W / 2 - s * (x0 + x1) / 2, ty: H / 2 - s * (y0 + y1) / 2 };
  }

  function setReady(n) {
    document.documentElement.setAttribute('data-graph-ready', String(n));
  }

  // ---- drawing and interaction ----
  function render(container, panel, data) {
    const { nodes, edges, index } = data;
    clear(container);
    if (!nodes.length) return void container.appendChild(el('p', 'graph-empty', 'No outlets to draw.'));

    const bar = el('div', 'graph-controls');
    const button = (text, label, fn) => {
      const b = bar.appendChild(el('button', 'graph-btn', text));
      b.type = 'button';
      b.setAttribute('aria-label', label);
      b.addEventListener('click', fn);
    };
    button('+', 'Zoom in', () => zoomAt(W / 2, H / 2, 1.25));
    button('\u2212', 'Zoom out', () => zoomAt(W / 2, H / 2, 0.8));
    button('reset', 'Reset view', () => { view = Object.assign({}, home); applyView(); });
    bar.appendChild(el('span', 'graph-legend', ...ROLES.map((role) =>
      el('span', 'graph-legend-item', el('span', 'graph-swatch role-' + role), role))));
    container.appendChild(bar);

    const svg = svgEl('svg', { class: 'graph-svg', role: 'group', 'aria-label': 'Outlet network' });
    container.appendChild(svg);
    // Lay out in the svg's own pixel size, so the fitted view is ~1:1 on screen.
    const box = svg.getBoundingClientRect();
    const W = Math.round(box.width) || 960, H = Math.round(box.height) || 480;
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    layout(nodes, edges, W, H);
    const home = fitView(nodes, W, H);
    let view = Object.assign({}, home);

    const viewport = svg.appendChild(svgEl('g', { class: 'graph-viewport' }));
    const edgeLayer = viewport.appendChild(svgEl('g', { class: 'graph-edges' }));
    const nodeLayer = viewport.appendChild(svgEl('g', { class: 'graph-nodes' }));

    const edgeEls = edges.map((e) => {
      const line = edgeLayer.appendChild(svgEl('line', {
        class: 'graph-edge', 'stroke-width': Math.min(8, 0.8 + Math.log2(1 + e.weight)).toFixed(2),
      }));
      line.appendChild(svgEl('title', null, nodes[e.s].label + ' \u2192 ' + nodes[e.t].label + ': ' + e.label));
      return line;
    });

    // In big graphs only the largest outlets get a permanent label; the rest show on hover/focus/selection.
    const labelled = new Set(nodes.map((_, i) => i)
      .sort((a, b) => nodes[b].articles - nodes[a].articles).slice(0, LABELLED_MAX));
    const nodeEls = nodes.map((nd, i) => {
      const g = nodeLayer.appendChild(svgEl('g', {
        class: 'graph-node role-' + nd.role, tabindex: 0, role: 'button', 'data-index': i, 'aria-label': nd.label,
      }));
      g.append(svgEl('title', null, nd.label), svgEl('circle', { r: nd.r.toFixed(1) }),
        svgEl('text', { class: labelled.has(i) ? 'graph-label' : 'graph-label minor', y: (nd.r + 12).toFixed(1) },
          isolate(truncate(nd.label, 32))));
      return g;
    });

    function placeEdge(ei) {
      const e = edges[ei], a = nodes[e.s], b = nodes[e.t], line = edgeEls[ei];
      line.setAttribute('x1', a.x.toFixed(1)); line.setAttribute('y1', a.y.toFixed(1));
      line.setAttribute('x2', b.x.toFixed(1)); line.setAttribute('y2', b.y.toFixed(1));
    }
    function placeNode(i) {
      const nd = nodes[i];
      nodeEls[i].setAttribute('transform', 'translate(' + nd.x.toFixed(1) + ' ' + nd.y.toFixed(1) + ')');
      for (const ei of nd.edges) placeEdge(ei); // edges follow a dragged node
    }
    function applyView() {
      viewport.setAttribute('transform',
        'translate(' + view.tx.toFixed(2) + ' ' + view.ty.toFixed(2) + ') scale(' + view.s.toFixed(4) + ')');
    }
    // Zoom keeping the viewBox point (px, py) fixed on screen.
    function zoomAt(px, py, factor) {
      const s = clamp(view.s * factor, MIN_SCALE, MAX_SCALE);
      view.tx = px - (px - view.tx) * s / view.s;
      view.ty = py - (py - view.ty) * s / view.s;
      view.s = s;
      applyView();
    }
    function toView(ev) { // client pixels -> viewBox units
      const m = svg.getScreenCTM();
      return m ? new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse()) : { x: W / 2, y: H / 2 };
    }
    nodes.forEach((_, i) => placeNode(i));
    applyView();

    // ---- selection and detail panel ----
    function neighboursOf(i) {
      return nodes[i].edges.map((ei) => ({ e: edges[ei], other: edges[ei].s === i ? edges[ei].t : edges[ei].s }));
    }
    function select(i, fromPanel) {
      const near = new Set(neighboursOf(i).map((x) => x.other));
      const inc = new Set(nodes[i].edges);
      nodeEls.forEach((g, j) => {
        g.classList.toggle('selected', j === i);
        g.classList.toggle('neighbour', near.has(j) && j !== i);
        g.classList.toggle('dimmed', j !== i && !near.has(j));
        g.setAttribute('aria-pressed', String(j === i));
      });
      edgeEls.forEach((line, ei) => {
        line.classList.toggle('highlight', inc.has(ei));
        line.classList.toggle('dimmed', !inc.has(ei));
      });
      showDetail(i, fromPanel);
    }
    function clearSelection() {
      for (const g of nodeEls) {
        g.classList.remove('selected', 'neighbour', 'dimmed');
        g.setAttribute('aria-pressed', 'false');
      }
      for (const line of edgeEls) line.classList.remove('highlight', 'dimmed');
      showHint();
    }
    function showHint() {
      panel.replaceChildren(el('p', 'graph-detail-hint', 'Select an outlet in the graph to see its details.'));
    }
    function nodeButton(i) { // a name in the panel that selects its node
      const b = el('button', 'graph-link', bdi(nodes[i].label));
      b.type = 'button';
      b.addEventListener('click', () => select(i, true));
      return b;
    }
    function section(title, items, empty) {
      panel.append(el('h3', 'graph-detail-section', title),
        items.length ? el('ul', 'graph-detail-list', ...items) : el('p', 'graph-detail-empty', empty));
    }
    function showDetail(i, focusHeading) {
      const nd = nodes[i];
      clear(panel);
      const h = el('h2', 'graph-detail-title', bdi(nd.label));
      h.tabIndex = -1;
      panel.append(h,
        el('p', 'graph-detail-meta', nd.articles + (nd.articles === 1 ? ' article' : ' articles')),
        el('p', 'graph-detail-meta', el('span', 'graph-swatch role-' + nd.role),
          'Role: ' + nd.role + (nd.group !== null ? ' \u00b7 group ' + nd.group : '')));

      section('Neighbours', neighboursOf(i).sort((a, b) => b.e.weight - a.e.weight).map(({ e, other }) => {
        const dir = el('span', 'graph-dir', e.s === i ? '\u2192 ' : '\u2190 ');
        dir.setAttribute('title', e.s === i ? 'from this outlet' : 'to this outlet');
        return el('li', '', dir, nodeButton(other), ' \u2014 ' + e.label);
      }), 'No linked outlets.');

      section('Stories', nd.stories.map((s) => {
        const title = bdi(str(s.title, '') || str(s.href, '') || '(untitled)');
        if (!safeHref(s.href)) return el('li', '', title); // shown, but not clickable
        const a = el('a', '', title);
        a.setAttribute('href', s.href);
        return el('li', '', a);
      }), 'No stories.');

      section('Indicators', nd.indicators.map((ind) => {
        const li = el('li', '', bdi(str(ind.kind, '?')), ': ', bdi(str(ind.value, '')));
        const shared = (Array.isArray(ind.shared_with) ? ind.shared_with : [])
          .map((v) => str(v, null)).filter((v) => v !== null);
        shared.forEach((name, n) => {
          li.append(n ? ', ' : ' \u2014 shared with ');
          const j = index.get(name);
          li.appendChild(j === undefined ? bdi(name) : nodeButton(j));
        });
        return li;
      }), 'No shared indicators.');

      if (focusHeading) h.focus(); // the clicked panel button is gone; keep keyboard focus in the panel
    }

    // ---- pointer: drag node, pan background, click selects/clears ----
    let drag = null;
    svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      const g = ev.target.closest ? ev.target.closest('.graph-node') : null;
      const p = toView(ev);
      if (g) {
        const i = Number(g.getAttribute('data-index'));
        drag = { node: i, cx: ev.clientX, cy: ev.clientY, moved: false,
          ox: nodes[i].x - (p.x - view.tx) / view.s, oy: nodes[i].y - (p.y - view.ty) / view.s };
      } else {
        drag = { node: -1, cx: ev.clientX, cy: ev.clientY, moved: false, px: p.x, py: p.y, tx: view.tx, ty: view.ty };
      }
      try { svg.setPointerCapture(ev.pointerId); } catch (err) { /* pointer already gone: drag ends at pointerup anyway */ }
    });
    svg.addEventListener('pointermove', (ev) => {
      if (!drag) return;
      // A few pixels of jitter still count as a click.
      if (!drag.moved && Math.hypot(ev.clientX - drag.cx, ev.clientY - drag.cy) < 4) return;
      drag.moved = true;
      svg.classList.add('dragging');
      const p = toView(ev);
      if (drag.node >= 0) {
        const nd = nodes[drag.node];
        nd.x = (p.x - view.tx) / view.s + drag.ox;
        nd.y = (p.y - view.ty) / view.s + drag.oy;
        placeNode(drag.node);
      } else {
        view.tx = drag.tx + p.x - drag.px;
        view.ty = drag.ty + p.y - drag.py;
        applyView();
      }
    });
    svg.addEventListener('pointerup', () => {
      const d = drag;
      drag = null;
      svg.classList.remove('dragging');
      if (!d || d.moved) return;
      if (d.node >= 0) select(d.node, false); else clearSelection();
    });
    svg.addEventListener('pointercancel', () => { drag = null; svg.classList.remove('dragging'); });
    svg.addEventListener('wheel', (ev) => {
      ev.preventDefault(); // zoom the graph, not the page
      const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
      const p = toView(ev);
      zoomAt(p.x, p.y, Math.exp(-ev.deltaY * unit * 0.0015));
    }, { passive: false });
    svg.addEventListener('keydown', (ev) => {
      const g = ev.target.closest ? ev.target.closest('.graph-node') : null;
      if (g && (ev.key === 'Enter' || ev.key === ' ')) {
        ev.preventDefault(); // Space would scroll the page
        select(Number(g.getAttribute('data-index')), false);
      } else if (ev.key === 'Escape') {
        clearSelection();
      }
    });

    showHint();
  }

  function init() {
    const container = document.getElementById('outlet-graph');
    if (!container) return;
    // The panel is optional: without it details go to a detached element.
    const panel = document.getElementById('outlet-detail') || document.createElement('aside');
    const dataEl = document.getElementById('outlet-graph-data');
    let raw;
    try {
      raw = JSON.parse(dataEl ? dataEl.textContent : 'null');
    } catch (err) {
      container.replaceChildren(el('p', 'graph-empty', 'The outlet graph data could not be read.'));
      setReady(0);
      return;
    }
    const data = normalise(raw);
    render(container, panel, data);
    setReady(data.nodes.length);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
