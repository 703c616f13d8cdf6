/* Draws every chart on the page from its embedded Vega-Lite spec, and filters the area list.
   Vega, Vega-Lite and vega-embed come from the site itself (vega.js); nothing is fetched elsewhere. */
(function () {
  "use strict";

  // The folder this script was loaded from (the site's assets/), known only while it first runs.
  var assets = document.currentScript ? document.currentScript.src.replace(/[^\/]*$/, "") : "";

  // Each area page loads its own assets/charts/<area>.js. A site tool that rewrites the page's script
  // paths (Zensical did) can leave that request pointing nowhere: the rows are then loaded from beside
  // this script, and the charts drawn once they arrive.
  var tried = {};  // each area's rows are fetched this way at most once
  function loadRows(figures, then) {
    var missing = {};
    figures.forEach(function (figure) {
      var area = figure.dataset.area;
      if (area && !(window.mpChartSpecs || {})[area] && !tried[area]) { missing[area] = true; }
    });
    var areas = Object.keys(missing);
    if (!areas.length || !assets) { return false; }
    areas.forEach(function (area) {
      tried[area] = true;
      var script = document.createElement("script");
      script.src = assets + "charts/" + encodeURIComponent(area) + ".js";
      script.onload = then;
      document.head.appendChild(script);
    });
    return true;
  }

  // A chart's spec: its compiled template (assets/chart-templates.js, the same for every area) with
  // the area's rows and description (assets/charts/<area>.js, loaded by the page before this script).
  // The rows come column by column; Vega-Lite wants one object per row.
  function chartSpec(area, chart) {
    var templates = window.mpChartTemplates || { charts: {} };
    var entry = ((window.mpChartSpecs || {})[area] || {})[chart];
    var template = templates.charts[chart];
    if (!entry || !template) {
      return null;
    }
    var keys = entry.rows.keys;
    var rows = entry.rows.values.map(function (values) {
      var row = {};
      keys.forEach(function (key, i) { row[key] = values[i]; });
      return row;
    });
    var spec = Object.assign({}, template, { description: entry.description, datasets: {} });
    spec.datasets[templates.dataset] = rows;
    return spec;
  }

  function drawCharts() {
    var figures = document.querySelectorAll("figure.mp-chart");
    if (loadRows(figures, drawCharts)) {
      return;
    }
    figures.forEach(function (figure) {
      var canvas = figure.querySelector(".mp-chart-canvas");
      var spec = chartSpec(figure.dataset.area, figure.dataset.chart);
      if (!canvas || !spec || canvas.dataset.drawn === "yes" || typeof window.vegaEmbed !== "function") {
        return;
      }
      canvas.dataset.drawn = "yes";
      // Draw into a child: Vega gives its own container role=graphics-document, which would replace
      // the canvas's role=img and make screen readers walk every tick instead of reading the alt text.
      var target = document.createElement("div");
      canvas.appendChild(target);
      window.vegaEmbed(target, spec, { renderer: "svg", actions: false }).then(function (result) {
        // For downloads.js (SVG and PNG of the chart): which chart was drawn, and its Vega view.
        figure.dispatchEvent(new CustomEvent("mp-chart-drawn", { bubbles: true, detail: { view: result.view } }));
      }).catch(function (error) {
        canvas.dataset.drawn = "failed";
        canvas.textContent = "The chart could not be drawn; the same figures are in the table below.";
        console.error(error);
      });
    });
  }

  function filterAreas() {
    var input = document.getElementById("mp-area-filter");
    if (!input || input.dataset.ready === "yes") {
      return;
    }
    input.dataset.ready = "yes";
    var count = document.getElementById("mp-area-count");
    var items = Array.prototype.slice.call(document.querySelectorAll(".mp-area-list li"));
    function apply() {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        var match = query === "" || item.textContent.toLowerCase().indexOf(query) !== -1;
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      document.querySelectorAll(".mp-area-list").forEach(function (list) {
        var heading = list.previousElementSibling;
        var any = list.querySelector("li:not([hidden])") !== null;
        list.hidden = !any;
        if (heading && heading.tagName === "H2") { heading.hidden = !any; }
      });
      if (count) { count.textContent = shown + " of " + items.length + " areas shown"; }
    }
    input.addEventListener("input", apply);
    apply();
  }

  function onPage() {
    drawCharts();
    filterAreas();
  }

  // Material's instant navigation swaps pages without a reload and announces it on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
