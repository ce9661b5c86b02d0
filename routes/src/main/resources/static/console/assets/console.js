// Clearway console: live throughput charts as inline SVG (no library), and confirmations for
// destructive forms (data-confirm), since the Content-Security-Policy allows no inline script.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var COLORS = ['#1f6feb', '#e36209', '#2da44e', '#8250df', '#cf222e', '#0a7ea4', '#bf8700', '#57606a', '#d63384', '#6f42c1'];

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }

  // Stacked bars: one bar per minute, one colour per series.
  function draw(figure, series) {
    var old = figure.querySelectorAll('svg, .legend, .empty');
    old.forEach(function (n) { n.remove(); });
    var names = Object.keys(series.counts);
    var minutes = series.minutes.length;
    var totals = [];
    for (var i = 0; i < minutes; i++) {
      totals.push(names.reduce(function (s, n) { return s + series.counts[n][i]; }, 0));
    }
    var max = Math.max.apply(null, totals.concat([1]));
    var W = 600, H = 200, L = 36, B = 18, T = 6;
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none', role: 'img',
      'aria-label': figure.querySelector('figcaption').textContent + ': events per minute' }, figure);
    var bw = (W - L) / minutes;
    [0, 0.5, 1].forEach(function (f) {
      var y = T + (H - B - T) * (1 - f);
      el('line', { x1: L, x2: W, y1: y, y2: y, stroke: '#e3e8ee' }, svg);
      el('text', { x: L - 4, y: y + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#6b7785' }, svg).textContent = Math.round(max * f);
    });
    for (var m = 0; m < minutes; m++) {
      var y0 = H - B;
      names.forEach(function (n, k) {
        var v = series.counts[n][m];
        if (!v) { return; }
        var h = (H - B - T) * v / max;
        y0 -= h;
        var r = el('rect', { x: L + m * bw + 0.5, y: y0, width: Math.max(bw - 1, 1), height: h, fill: COLORS[k % COLORS.length], 'class': 'bar' }, svg);
        el('title', {}, r).textContent = n + ': ' + v + ' at ' + series.minutes[m].substring(11, 16) + 'Z';
      });
    }
    [0, Math.floor(minutes / 2), minutes - 1].forEach(function (m, i) {
      el('text', { x: i === 2 ? W : L + m * bw, y: H - 4, 'font-size': 10, fill: '#6b7785',
        'text-anchor': i === 2 ? 'end' : 'start' }, svg).textContent = series.minutes[m].substring(11, 16) + 'Z';
    });
    var legend = document.createElement('div');
    legend.className = 'legend';
    names.forEach(function (n, k) {
      var total = series.counts[n].reduce(function (a, b) { return a + b; }, 0);
      var item = document.createElement('span');
      var swatch = document.createElement('i');
      swatch.setAttribute('data-color', COLORS[k % COLORS.length]);
      swatch.className = 'sw' + (k % COLORS.length);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(n + ' (' + total + ')'));
      legend.appendChild(item);
    });
    if (!names.length) {
      var empty = document.createElement('p');
      empty.className = 'muted empty';
      empty.textContent = 'No events in the window.';
      figure.appendChild(empty);
    }
    figure.appendChild(legend);
    figure.setAttribute('data-bars', String(svg.querySelectorAll('rect.bar').length));
  }

  function refresh() {
    var figures = document.querySelectorAll('figure[data-chart]');
    if (!figures.length) { return; }
    fetch(figures[0].getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (report) { figures.forEach(function (f) { draw(f, report[f.getAttribute('data-chart')]); }); })
      .catch(function (e) { figures.forEach(function (f) { f.setAttribute('data-error', String(e)); }); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    refresh();
    setInterval(refresh, 15000);
    document.querySelectorAll('form[data-confirm]').forEach(function (f) {
      f.addEventListener('submit', function (ev) {
        if (!window.confirm(f.getAttribute('data-confirm'))) { ev.preventDefault(); }
      });
    });
  });
})();
