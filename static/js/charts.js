// Draws every <canvas data-chart="<id of a JSON block>"> with Chart.js (sehati/core/charts.py).
// The numbers are also in the table after each chart; without JavaScript only the table shows.
(function () {
  "use strict";
  var COLOURS = ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d", "#ffc107"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var cfg = JSON.parse(source.textContent);
    var horizontal = cfg.kind === "horizontalBar";
    var type = horizontal ? "bar" : cfg.kind;
    var datasets = cfg.series.map(function (s, i) {
      var colour = COLOURS[i % COLOURS.length];
      var ds = { label: s.label, data: s.values, borderColor: colour, backgroundColor: colour };
      if (cfg.kind === "doughnut") {
        ds.backgroundColor = s.values.map(function (_v, j) { return COLOURS[j % COLOURS.length]; });
      }
      if (s.line) {
        ds.type = "line";
        ds.backgroundColor = "transparent";
        ds.borderDash = [6, 4];
      }
      if (type === "line") {
        ds.backgroundColor = "transparent";
        ds.spanGaps = true;
      }
      return ds;
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      plugins: {
        legend: { display: datasets.length > 1 || cfg.kind === "doughnut" },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var value = horizontal ? ctx.parsed.x : ctx.parsed.y;
              if (cfg.kind === "doughnut") { value = ctx.parsed; }
              return ctx.dataset.label + ": " + value + (cfg.unit ? " " + cfg.unit : "");
            }
          }
        }
      }
    };
    if (cfg.kind !== "doughnut") {
      var valueAxis = { beginAtZero: true };
      // Counts get whole-number ticks (no 0.1, 0.2 … on small numbers).
      var allWhole = cfg.series.every(function (s) {
        return s.values.every(function (v) { return v === null || Number.isInteger(v); });
      });
      if (allWhole) { valueAxis.ticks = { precision: 0 }; }
      if (cfg.yMax !== null && cfg.yMax !== undefined) { valueAxis.max = cfg.yMax; }
      options.scales = horizontal ? { x: valueAxis } : { y: valueAxis };
    }
    new window.Chart(canvas, { type: type, data: { labels: cfg.labels, datasets: datasets }, options: options });
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
