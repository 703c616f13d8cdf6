/* Draws every chart on the page from its embedded Vega-Lite spec, and filters the area list.
   Vega, Vega-Lite and vega-embed come from the site itself (vega.js); nothing is fetched elsewhere. */
(function () {
  "use strict";

  function drawCharts() {
    var figures = document.querySelectorAll("figure.mp-chart");
    figures.forEach(function (figure) {
      var canvas = figure.querySelector(".mp-chart-canvas");
      // Each area's specs come from assets/charts/<area>.js, loaded by the page before this script.
      var specs = (window.mpChartSpecs || {})[figure.dataset.area] || {};
      var spec = specs[figure.dataset.chart];
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
