/* Downloads made in the reader's browser. Each chart's figures as CSV, read from the chart's table on
   the page (site.js, mpChartRows), and, once Vega has drawn it, the chart as SVG and PNG
   (view.toSVG, view.toImageURL). The area's figures as CSV, from its published JSON
   (data/areas/<area>.json), and its spreadsheet (workbook.js). The build writes none of these files:
   thirty CSVs an area were a quarter of the site's files, the area CSVs held the same figures as the
   JSON beside them in a quarter of the site's megabytes, images few readers ask for would take minutes
   to render, and the spreadsheets took as much processor time as the rest of the pages.
   Without scripts the page still has every chart's figures, in the table under the chart, and every
   figure in the area's JSON at the top of the page.
   site.js announces each drawn chart with an "mp-chart-drawn" event carrying its Vega view.
   The compare page loads this script too, for mpAreaFigures. */
(function () {
  "use strict";

  // The site's root is the folder above this script's (assets/), read while the script first runs.
  var base = new URL("../", document.currentScript ? document.currentScript.src : window.location.href);

  // The columns of a chart's CSV and the row field each comes from: the same file as
  // downloads.chart_csv would write (CHART_CSV_FIELDS), tested against it.
  var COLUMNS = [["series", "series"], ["period", "period_label"], ["value", "value"],
                 ["ci_lower", "ci_lower"], ["ci_upper", "ci_upper"], ["figure_as_shown", "text"]];
  // Text a spreadsheet would run as a formula gets a leading apostrophe (spreadsheet_safe.py): in the
  // CSVs here and in the spreadsheet (workbook.js).
  var FORMULA_START = /^[=+\-@\t\r]/;
  window.mpNeutralised = function (value) {
    return typeof value === "string" && FORMULA_START.test(value) ? "'" + value : value;
  };

  function cell(value) {
    if (value === null || value === undefined) { return ""; }
    if (typeof value !== "string") { return String(value); }
    value = window.mpNeutralised(value);
    return /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  // The chart's figures as CSV text, one line per point or bar, as the chart draws them.
  window.mpChartCsv = function (figure) {
    var rows = window.mpChartRows ? window.mpChartRows(figure) : null;
    if (!rows) { throw new Error("no table for chart " + figure.dataset.chart); }
    var lines = [COLUMNS.map(function (c) { return c[0]; }).join(",")];
    rows.forEach(function (row) {
      lines.push(COLUMNS.map(function (c) { return cell(row[c[1]]); }).join(","));
    });
    return lines.join("\n") + "\n";
  };

  // An area's JSON writes what figures share once (pages.area_json): a figure's period, and its
  // source, release and file, are rows of `periods` and `snapshots` that it names by index. Each
  // figure put back together as one object, as pages.area_figures does (compare.js reads these too).
  window.mpAreaFigures = function (data) {
    var columns = data.figure_columns, figures = [];
    var periods = data.periods.map(function (values) {
      var period = {};
      data.period_columns.forEach(function (column, i) { period[column] = values[i]; });
      return period;
    });
    Object.keys(data.figures).forEach(function (id) {
      data.figures[id].forEach(function (values) {
        var figure = { indicator_id: id };
        columns.forEach(function (column, i) { figure[column] = values[i]; });
        Object.assign(figure, periods[figure.period], data.snapshots[figure.snapshot]);
        delete figure.period;
        delete figure.snapshot;
        figure.unit = data.units[id];
        figure.status_text = data.status_texts[figure.status] || "";
        figures.push(figure);
      });
    });
    return figures;
  };

  // The columns of the area's CSV: the same file as pages.area_csv would write (AREA_CSV_FIELDS),
  // tested against it. A missing figure is an empty value with its status.
  var AREA_COLUMNS = ["area_code", "area_name", "indicator_id", "period_label", "period_start", "period_end",
                      "value", "ci_lower", "ci_upper", "unit", "status", "source_id", "release",
                      "snapshot_sha256"];

  window.mpAreaCsv = function (data) {
    var area = { area_code: data.area.code, area_name: data.area.name };
    var lines = [AREA_COLUMNS.join(",")];
    window.mpAreaFigures(data).forEach(function (figure) {
      lines.push(AREA_COLUMNS.map(function (column) {
        return cell(column in area ? area[column] : figure[column]);
      }).join(","));
    });
    return lines.join("\n") + "\n";
  };

  function save(url, name) {
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    save(url, name);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "mp-link-button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  // Under every chart, a line of its downloads, CSV from the start (its figures are on the page). Written
  // here, not in the page: without this script there is nothing to download, and the same line under
  // each of York's 52 charts was 9 KB of its HTML. "Download" and, for screen readers, the chart's title.
  // Files are named by the page's area, given once on the page (with its own downloads), and the chart.
  var area = document.querySelector(".mp-area-files[data-area]");
  document.querySelectorAll("figure.mp-chart[data-chart]").forEach(function (figure) {
    var block = figure.closest(".mp-chart-block");
    var title = block && block.querySelector(".mp-chart-title");
    var holder = document.createElement("p");
    holder.className = "mp-chart-downloads";
    holder.dataset.chart = figure.dataset.chart;
    holder.dataset.name = (area ? area.dataset.area + "-" : "") + figure.dataset.chart;
    holder.appendChild(document.createTextNode("Download"));
    var hidden = document.createElement("span");
    hidden.className = "mp-sr-only";
    hidden.textContent = " " + (title ? title.textContent : figure.dataset.chart);
    holder.appendChild(hidden);
    holder.appendChild(document.createTextNode(": "));
    var name = holder.dataset.name;
    holder.appendChild(button("CSV", function () {
      saveBlob(new Blob([window.mpChartCsv(figure)], { type: "text/csv;charset=utf-8" }), name + ".csv");
    }));
    figure.insertAdjacentElement("afterend", holder);
  });

  // A JSON file of the site, or an error naming it (workbook.js uses it too).
  window.mpFetchJson = function (url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("could not load " + url); }
      return response.json();
    });
  };

  // The area's spreadsheet (workbook.js, loaded on the first click: most readers never ask for one)
  // and its CSV, each made from its JSON, fetched only when a reader asks.
  document.querySelectorAll(".mp-area-files[data-area]").forEach(function (holder) {
    var area = holder.dataset.area;
    var json = new URL("data/areas/" + area + ".json", base).href;
    function failed(error) { console.error(error); }
    holder.appendChild(button("spreadsheet (XLSX)", function () {
      window.mpLoadScript(new URL("assets/workbook.js", base).href).then(function () {
        return window.mpAreaWorkbookFile(json);
      }).then(function (blob) { saveBlob(blob, area + ".xlsx"); }).catch(failed);
    }));
    holder.appendChild(document.createTextNode(" · "));
    holder.appendChild(button("CSV", function () {
      window.mpFetchJson(json).then(function (data) {
        saveBlob(new Blob([window.mpAreaCsv(data)], { type: "text/csv;charset=utf-8" }), area + ".csv");
      }).catch(failed);
    }));
    holder.appendChild(document.createTextNode(" · "));
    holder.hidden = false;
  });

  document.addEventListener("mp-chart-drawn", function (event) {
    var figure = event.target;
    var view = event.detail && event.detail.view;
    var holder = document.querySelector('.mp-chart-downloads[data-chart="' + figure.dataset.chart + '"]');
    if (!view || !holder || holder.dataset.images === "yes") { return; }
    holder.dataset.images = "yes";
    var name = holder.dataset.name;
    holder.appendChild(document.createTextNode(" · "));
    holder.appendChild(button("SVG", function () {
      view.toSVG().then(function (svg) { saveBlob(new Blob([svg], { type: "image/svg+xml" }), name + ".svg"); });
    }));
    holder.appendChild(document.createTextNode(" · "));
    holder.appendChild(button("PNG", function () {
      view.toImageURL("png", 2).then(function (url) { save(url, name + ".png"); });
    }));
  });
})();
