/* The site's own script: draws charts as they come near the screen, finds areas, filters the area list.
   Everything comes from the site itself: the Vega runtime (assets/vega.js), the chart templates (each
   chart's figures are in its table on the page), and the area index. Nothing is fetched from anywhere else, and nothing is loaded on a page that has
   no chart or until a reader starts typing in "Find an area". */
(function () {
  "use strict";

  // The site's root is the folder above this script's (assets/). Read while the script first runs, so
  // it holds whichever site tool wrote the page and however that tool rewrote the page's own paths.
  var scriptSource = document.currentScript ? document.currentScript.src : "";

  function siteBase() {
    if (scriptSource) { return new URL("../", scriptSource); }
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* no config: stay relative */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  var loading = {};
  var loaded = {};
  function loadScript(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { loaded[url] = true; resolve(); };
        script.onerror = function () { reject(new Error("could not load " + url)); };
        document.head.appendChild(script);
      });
    }
    return loading[url];
  }
  // For downloads.js and workbook.js, which load the spreadsheet's code when a reader first asks for one.
  window.mpLoadScript = loadScript;

  // The same script, run before this returns: only for printing (drawForPrint), which cannot wait.
  // A synchronous request holds up the page, which is why nothing else uses it; the browser usually
  // has the file in its cache already. From file:// the request is refused: false, and the caller
  // does without. A script still loading the usual way runs again when it arrives: each of the
  // site's scripts only sets a global, so running twice does no harm.
  function loadScriptNow(url) {
    if (loaded[url]) { return true; }
    try {
      var request = new XMLHttpRequest();
      request.open("GET", url, false);
      request.send();
      if (request.status !== 200) { return false; }
      var script = document.createElement("script");
      script.text = request.responseText;  // an inline script runs as it is inserted
      document.head.appendChild(script);
    } catch (error) {
      return false;
    }
    loaded[url] = true;
    if (!loading[url]) { loading[url] = Promise.resolve(); }
    return true;
  }

  // ------------------------------------------------------------------------------------------ charts

  // Vega for other scripts of the site that draw (maps.js): loaded once, only when something draws.
  // It is the Vega runtime alone: every spec the site draws is already Vega (charts.py, maps.js).
  window.mpLoadVega = function () { return loadScript(new URL("assets/vega.js", siteBase()).href); };

  // Draw a Vega spec into `canvas` as SVG. The drawing goes into a child hidden from screen readers:
  // the canvas keeps role=img and its one description, which is read instead of every tick.
  // Resolves to the Vega view, which downloads.js turns into SVG and PNG files.
  // One drawing at a time, each in a task of its own: several charts coming into view together would
  // otherwise be drawn in one long task that keeps the page from answering a tap or a key.
  var drawing = Promise.resolve();
  function nextTask() { return new Promise(function (resolve) { window.setTimeout(resolve, 0); }); }

  // `wanted`, if given, is asked again when the drawing's turn comes (printing may have drawn it).
  window.mpDrawVega = function (canvas, spec, wanted) {
    var drawn = drawing.then(nextTask).then(function () {
      if (wanted && !wanted()) { return null; }
      var target = document.createElement("div");
      target.setAttribute("aria-hidden", "true");
      canvas.appendChild(target);
      var view = new window.vega.View(window.vega.parse(spec), { renderer: "svg", container: target, hover: true });
      return view.runAsync().then(function () { return view; });
    });
    drawing = drawn.catch(function () { /* the next drawing goes ahead */ });
    return drawn;
  };

  // For printing, which cannot wait (drawForPrint, and maps.js's): Vega run now if it has not arrived,
  // and a drawing begun at once, not queued; it settles in microtasks, before the page is laid out.
  window.mpLoadVegaNow = function () { return loadScriptNow(new URL("assets/vega.js", siteBase()).href); };
  window.mpDrawVegaNow = function (canvas, spec) {
    var target = document.createElement("div");
    target.setAttribute("aria-hidden", "true");
    canvas.appendChild(target);
    var view = new window.vega.View(window.vega.parse(spec), { renderer: "svg", container: target, hover: true });
    return view.runAsync().then(function () { return view; });
  };

  function chartFailed(canvas, error) {
    canvas.dataset.drawn = "failed";
    canvas.textContent = "The chart could not be drawn; the same figures are in the table below it.";
    console.error(error);
  }

  // A chart's Vega spec: its shape from the templates (chart_scripts.py) with its axis title put back,
  // and the area's rows as the named data set the shape leaves empty.
  function chartSpec(templates, chartId, rows) {
    var entry = templates.charts[chartId];
    if (!entry) { return null; }
    var spec = JSON.parse(JSON.stringify(templates.shapes[entry[0]]), function (key, value) {
      return value === templates.title ? entry[1] : value;
    });
    spec.data.forEach(function (data) { if (data.name === templates.dataset) { data.values = rows; } });
    return spec;
  }

  var chartScripts = ["assets/vega.js", "assets/chart-templates.js"];

  // A chart's figures, read from its table under it (chart_table.py), the page's one copy of them:
  // what the table shows is what the chart draws and what its CSV holds (downloads.js). A cell is the
  // figure as text, which starts with the number itself (published figures are rounded as they are
  // shown), or says why there is none; on a chart with a band, "(lower to upper)" follows it.
  var FIGURE = /^-?[\d,]+(?:\.\d+)?/;
  var INTERVAL = / \((-?[\d,]+(?:\.\d+)?)%? to (-?[\d,]+(?:\.\d+)?)%?\)$/;
  function number(text) { return Number(text.replace(/,/g, "")); }

  window.mpChartRows = function (figure) {
    var block = figure.closest(".mp-chart-block");
    var table = block && block.querySelector(".mp-chart-data table");
    if (!table || !table.tHead || !table.tBodies.length) { return null; }
    var series = Array.prototype.slice.call(table.tHead.rows[0].cells, 1).map(function (th) { return th.textContent; });
    var periods = Array.prototype.slice.call(table.tBodies[0].rows);
    var bar = table.hasAttribute("data-period");  // categories down the side, the area's figure first
    var xs = (table.dataset.x || "").split("\n");  // a line chart's axis label for each row, in order
    var rows = [];
    function figureOf(td) {
      var text = td.textContent, lower = null, upper = null;
      var interval = INTERVAL.exec(text);
      if (interval) { text = text.slice(0, interval.index); lower = number(interval[1]); upper = number(interval[2]); }
      var found = FIGURE.exec(text);
      return found ? { value: number(found[0]), text: text, ci_lower: lower, ci_upper: upper } : null;
    }
    // A series break's note is in a span after the period's name.
    function label(tr) { var first = tr.cells[0].firstChild; return first && first.nodeType === 3 ? first.nodeValue : ""; }
    if (bar) {
      periods.forEach(function (tr, i) {
        var f = tr.cells[1] && figureOf(tr.cells[1]);
        if (f) { rows.push({ series: label(tr), order: i, value: f.value, text: f.text, period_label: table.dataset.period }); }
      });
      return rows;
    }
    // Series by series, each in time order (the table's): the order Python writes the rows in.
    series.forEach(function (name, j) {
      periods.forEach(function (tr, i) {
        var f = tr.cells[j + 1] && figureOf(tr.cells[j + 1]);
        if (!f) { return; }
        rows.push({ series: name, order: j, x: xs[i], period_label: label(tr), position: i,
                    value: f.value, ci_lower: f.ci_lower, ci_upper: f.ci_upper, text: f.text });
      });
    });
    return rows;
  };

  // A chart's spec, or null while Vega or the templates are not yet loaded.
  function readySpec(figure) {
    if (!window.mpChartTemplates || !window.vega) { return null; }
    var rows = window.mpChartRows(figure);
    if (!rows) { throw new Error("no table for chart " + figure.dataset.chart); }
    var spec = chartSpec(window.mpChartTemplates, figure.dataset.chart, rows);
    if (!spec) { throw new Error("no template for chart " + figure.dataset.chart); }
    return spec;
  }

  function chartDrawn(figure, canvas, view) {
    canvas.dataset.drawn = "yes";
    // For downloads.js (SVG and PNG of the chart): which chart was drawn, and its Vega view.
    figure.dispatchEvent(new CustomEvent("mp-chart-drawn", { bubbles: true, detail: { view: view } }));
  }

  function drawChart(figure) {
    var canvas = figure.querySelector(".mp-chart-canvas");
    if (!canvas || canvas.dataset.drawn) { return; }
    canvas.dataset.drawn = "loading";
    var base = siteBase();
    Promise.all(chartScripts.map(function (url) { return loadScript(new URL(url, base).href); })).then(function () {
      // Printing may have drawn it meanwhile (drawForPrint).
      var stillLoading = function () { return canvas.dataset.drawn === "loading"; };
      if (!stillLoading()) { return null; }
      var spec = readySpec(figure);
      if (!spec) { throw new Error("no chart " + figure.dataset.chart); }
      return window.mpDrawVega(canvas, spec, stillLoading).then(function (view) {
        if (view) { chartDrawn(figure, canvas, view); }
      });
    }).catch(function (error) { chartFailed(canvas, error); });
  }

  function printAsTable(figure) {
    var block = figure.closest(".mp-chart-block");
    if (!block) { return; }
    block.classList.add("mp-print-table");
    var table = block.querySelector("details.mp-chart-data");
    if (table) { table.open = true; }  // a closed disclosure's content is not laid out, even on paper
  }

  // A paper copy has every chart: each theme's "Show N more charts" box is opened for printing, before
  // its charts are drawn (a closed box's content is not laid out, so a chart drawn in it would have no
  // width), and closed again afterwards, as the reader left it. Material opens every disclosure for
  // printing too, but in a handler that may run after this one.
  var openedForPrint = [];
  function openMoreChartsForPrint() {
    document.querySelectorAll("details.mp-theme-more:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  }
  function closeAfterPrint() {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
  }
  window.addEventListener("afterprint", closeAfterPrint);
  if (window.matchMedia) {
    var printMedia = window.matchMedia("print");
    var onPrintEnd = function (event) { if (!event.matches) { closeAfterPrint(); } };
    if (printMedia.addEventListener) { printMedia.addEventListener("change", onPrintEnd); }
    else if (printMedia.addListener) { printMedia.addListener(onPrintEnd); }
  }

  // Printing (Ctrl+P) lays the page out for paper as soon as the "beforeprint" handlers return, so a
  // chart drawn in a later task, as drawChart does, is a blank box on paper. Here each chart not yet
  // drawn is drawn at once: its scripts are run now if they have not arrived (loadScriptNow), and
  // Vega's run is promises that settle before the browser goes on (microtasks run as the handler
  // returns), with nothing to fetch and no timer. A chart that cannot be drawn (a page opened from
  // file://, a failed chart) prints as its table instead of an empty box.
  function drawForPrint(figures) {
    openMoreChartsForPrint();
    var base = siteBase();
    var ready = null;
    figures.forEach(function (figure) {
      var canvas = figure.querySelector(".mp-chart-canvas");
      if (!canvas || canvas.dataset.drawn === "yes" || canvas.dataset.drawn === "print") { return; }
      if (canvas.dataset.drawn === "failed") { printAsTable(figure); return; }
      if (ready === null) {
        ready = chartScripts.every(function (url) { return loadScriptNow(new URL(url, base).href); });
      }
      var spec = null;
      try { spec = ready ? readySpec(figure) : null; } catch (error) { spec = null; }
      if (!spec) { printAsTable(figure); return; }
      canvas.dataset.drawn = "print";
      var failed = function (error) { chartFailed(canvas, error); printAsTable(figure); };
      try {
        window.mpDrawVegaNow(canvas, spec).then(function (view) { chartDrawn(figure, canvas, view); }).catch(failed);
      } catch (error) { failed(error); }
    });
  }

  // Each figure is drawn by `draw` when it comes near the screen; when the page is printed, `drawForPrint`
  // draws every one still undrawn at once, since printing lays the page out as soon as "beforeprint"
  // returns. Chromium sends "beforeprint"; some browsers only switch the print media query. Charts here,
  // maps in maps.js.
  window.mpDrawWhenNear = function (figures, draw, drawForPrint) {
    var print = function () { drawForPrint(figures); };
    window.addEventListener("beforeprint", print);
    if (window.matchMedia) {
      var media = window.matchMedia("print");
      var onChange = function (event) { if (event.matches) { print(); } };
      if (media.addEventListener) { media.addEventListener("change", onChange); } else if (media.addListener) { media.addListener(onChange); }
    }
    if (!("IntersectionObserver" in window)) { figures.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "300px 0px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  };

  function drawCharts() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.mp-chart"));
    if (figures.length) { window.mpDrawWhenNear(figures, drawChart, drawForPrint); }
  }

  // ------------------------------------------------------------------------------- finding an area

  // "St. Helens", "St Helens" and "st-helens" all become "st helens"; accents are dropped.
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim();
  }

  var areaIndex = null;
  function loadAreaIndex() {
    if (!areaIndex) {
      areaIndex = fetch(new URL("assets/area-index.json", siteBase()).href)
        .then(function (response) { if (!response.ok) { throw new Error("area index " + response.status); } return response.json(); })
        .then(function (entries) {
          entries.forEach(function (e) { e.key = fold(e.n); e.code = e.c.toLowerCase(); });
          return entries;
        });
    }
    return areaIndex;
  }

  // Best first: the code itself, a name that is the query, a name that starts with it, a word that
  // starts with it, then anywhere in the name; current areas before former ones.
  function rank(entries, query) {
    var q = fold(query);
    if (!q) { return []; }
    var scored = [];
    entries.forEach(function (e) {
      var score = -1;
      if (e.code === q.replace(/ /g, "")) { score = 0; }
      else if (e.key === q) { score = 1; }
      else if (e.key.indexOf(q) === 0) { score = 2; }
      else if ((" " + e.key).indexOf(" " + q) !== -1) { score = 3; }
      else if (e.key.indexOf(q) !== -1 || e.code.indexOf(q) === 0) { score = 4; }
      if (score >= 0) { scored.push([score + (e.f ? 0.5 : 0), e]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1].n.localeCompare(b[1].n); });
    return scored.slice(0, 10).map(function (s) { return s[1]; });
  }

  function describe(e) {
    if (e.k === "code") { return "former code, now " + e.s; }
    return e.f ? "merged into " + e.f + (e.y ? " in " + e.y : "") : (e.r || "");
  }

  function setUpFinder(root) {
    if (root.dataset.ready === "yes") { return; }
    root.dataset.ready = "yes";
    var input = root.querySelector("input[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-mp-finder-status]");
    var matches = [];
    var active = -1;

    function open(url) { window.location.href = new URL(url, siteBase()).href; }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      active = index;
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render() {
      list.textContent = "";
      matches.forEach(function (e, i) {
        var option = document.createElement("li");
        option.id = input.id + "-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "mp-finder-name";
        name.textContent = e.n;
        var detail = document.createElement("span");
        detail.className = "mp-finder-detail";
        detail.textContent = e.c + (describe(e) ? " · " + describe(e) : "");
        option.appendChild(name);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(detail);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); open(e.p); });
        list.appendChild(option);
      });
      var shown = matches.length > 0;
      list.hidden = !shown;
      input.setAttribute("aria-expanded", shown ? "true" : "false");
      active = -1;
      if (status) {
        status.textContent = input.value.trim() === "" ? "" :
          (shown ? matches.length + (matches.length === 1 ? " area found" : " areas found") : "No area found");
      }
    }

    function update() {
      var query = input.value;
      loadAreaIndex().then(function (entries) {
        if (input.value !== query) { return; }
        matches = rank(entries, query);
        render();
      }).catch(function (error) { console.error(error); });
    }

    input.addEventListener("input", update);
    input.addEventListener("focus", function () { loadAreaIndex().catch(function () {}); });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && matches.length) { render(); }
        highlight(Math.min(active + 1, matches.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
      } else if (event.key === "Enter") {
        event.preventDefault();
        // Enter opens the highlighted area, or else the best match for what was typed.
        var query = input.value;
        loadAreaIndex().then(function (entries) {
          var found = active >= 0 ? matches[active] : rank(entries, query)[0];
          if (found) { open(found.p); } else if (status) { status.textContent = "No area found"; }
        });
      }
    });
  }

  function setUpFinders() {
    document.querySelectorAll("[data-mp-finder]").forEach(setUpFinder);
  }

  // ----------------------------------------------------------------------------- the Areas list

  function filterAreas() {
    var input = document.getElementById("mp-area-filter");
    if (!input || input.dataset.ready === "yes") {
      return;
    }
    input.dataset.ready = "yes";
    var count = document.getElementById("mp-area-count");
    var items = Array.prototype.slice.call(document.querySelectorAll(".mp-area-list li"));
    items.forEach(function (item) { item.dataset.key = fold(item.textContent) + " " + item.textContent.toLowerCase(); });
    function apply() {
      var query = fold(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var match = query === "" || item.dataset.key.indexOf(query) !== -1;
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

  // A table wider than the page scrolls sideways inside Material's wrapper: give the wrapper a name and
  // a place in the tab order, so a keyboard can scroll it too (WCAG 2.1.1). Widths are read when a
  // ResizeObserver reports them, after the browser's own layout: read at once, they forced a layout of
  // their own (Material has just wrapped every table), a second's work on a phone for York's page. It also
  // reports a table in a disclosure when the disclosure is opened. All widths are read before any change.
  function markScrollable(wraps) {
    var wide = wraps.map(function (wrap) { return wrap.scrollWidth > wrap.clientWidth + 1; });
    wraps.forEach(function (wrap, i) {
      if (!wide[i]) {
        if (wrap.dataset.mpScrolls) {
          delete wrap.dataset.mpScrolls;
          ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
        }
        return;
      }
      var caption = wrap.querySelector("caption");
      wrap.dataset.mpScrolls = "yes";
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent : "Table, scrolls sideways");
    });
  }

  function scrollableTables() {
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".md-typeset__scrollwrap"));
    if (!wraps.length) { return; }
    if (!("ResizeObserver" in window)) { markScrollable(wraps); return; }
    var observer = new ResizeObserver(function (entries) {
      markScrollable(entries.map(function (entry) { return entry.target; }));
    });
    wraps.forEach(function (wrap) { observer.observe(wrap); });
  }

  // Material's search panel is a dialog without a name (Lighthouse's aria-dialog-name).
  function nameSearchDialog() {
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search this site");
    });
  }

  function onPage() {
    nameSearchDialog();
    scrollableTables();
    drawCharts();
    setUpFinders();
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
