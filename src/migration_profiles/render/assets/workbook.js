/* The area's accessible spreadsheet (XLSX), made in the reader's browser when they ask for it.

   It holds what the page shows: a sheet for each chart with the figures the chart draws (read from the
   chart's table, site.js mpChartRows, as the chart and its CSV are), and the sources' releases, licences
   and caveats from the area's JSON and the site's sources.json. Made by the build for every area, the
   workbooks took as much processor time as the rest of the build's pages, for files few readers open.

   It follows the Analysis Function's checklist for accessible spreadsheets: a cover sheet saying what
   the workbook is, its sources, licences and caveats; a contents sheet; one table per sheet, its title
   in A1 and one header row under it; no merged cells, no empty header cells, no colour carrying meaning;
   and the file's own title, which file browsers and screen readers announce. Text that a spreadsheet
   would run as a formula gets a leading apostrophe, by the same guard as every CSV of the site.

   downloads.js loads this script on the first click; this one then loads the writer, write-excel-file
   (vendor/write-excel-file.min.js, window.writeXlsxFile), and the chart templates, which give each
   chart's unit. tests/test_browser_explore.py opens what this makes with openpyxl. */
(function () {
  "use strict";

  // This script's folder (assets/), read while it first runs.
  var assets = new URL("./", document.currentScript ? document.currentScript.src : window.location.href);
  var MAX_SHEET_NAME = 31;  // Excel's limit
  var OGL = "Open Government Licence v3.0";
  var WRAPPED = 40;  // columns at least this wide wrap their text

  function cell(value, style) {
    value = window.mpNeutralised(value);  // the site's one formula guard (downloads.js)
    if (value === null || value === undefined) { return null; }
    return Object.assign({ value: value, type: typeof value === "number" ? Number : String }, style || {});
  }

  // One table: its title in A1, the header row under it, then the rows; nothing else on the sheet.
  function table(name, title, header, rows, widths) {
    var wrap = widths.map(function (width) {
      return width >= WRAPPED ? { wrap: true, alignVertical: "top" } : null;
    });
    var heading = { fontWeight: "bold", wrap: true, alignVertical: "top" };
    var data = [[cell(title, { fontWeight: "bold", fontSize: 14 })],
                header.map(function (h) { return cell(h, heading); })];
    rows.forEach(function (row) {
      data.push(row.map(function (value, i) { return cell(value, wrap[i]); }));
    });
    return { sheet: name, data: data, stickyRowsCount: 2,
             columns: widths.map(function (width) { return { width: width }; }) };
  }

  // A sheet name Excel accepts (31 characters, none of []:*?/\ or '), unique in the workbook.
  function sheetName(title, used) {
    var cleaned = title.replace(/[\[\]:*?\/\\']/g, " ").trim().slice(0, MAX_SHEET_NAME - 3).trim();
    var name = cleaned, n = 2;
    while (used[name.toLowerCase()]) { name = cleaned + " " + n; n += 1; }
    used[name.toLowerCase()] = true;
    return name;
  }

  function headingText(heading) {  // without the permanent link's mark
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return copy.textContent.trim();
  }

  // Each chart of the page, in its order: its title, unit, the section it is in and its rows. The unit
  // is the chart's axis title, from the chart templates (chart_scripts.py).
  function pageCharts(doc) {
    var units = window.mpChartTemplates.charts;
    return Array.prototype.map.call(doc.querySelectorAll("figure.mp-chart[data-chart]"), function (figure) {
      var block = figure.closest(".mp-chart-block");
      var section = figure.closest("section");
      var heading = section && section.querySelector("h2");
      return { title: block.querySelector(".mp-chart-title").textContent.trim(),
               unit: (units[figure.dataset.chart] || [])[1] || "",
               section: heading ? headingText(heading) : "",
               rows: window.mpChartRows(figure) || [] };
    });
  }

  function coverLines(data, sources) {
    var area = data.area;
    var lines = ["Migration profile of " + area.name + " (" + area.code + ")",
                 "Edition " + data.edition + ", built " + data.built_at.slice(0, 10) + "."];
    if (data.demo) { lines.push("Demonstration data: every figure in this workbook is invented. Do not quote it."); }
    lines.push("Each chart on the area's web page has a sheet here with the figures it draws: one row per " +
               "area or measure and period, the value as a number, its 95% confidence interval where the " +
               "chart shows one, and the figure as the page shows it.",
               "Missing and withheld figures are not in the chart sheets; the page's tables and the CSV and " +
               "JSON downloads give every figure, with the reason where one is missing.",
               "The Contents sheet lists the sheets. The Sources sheet gives each source's publisher, " +
               "release, licence and caveats.",
               "Sources:");
    sources.forEach(function (s) {
      lines.push(s.title + ", " + s.publisher + ". Release " + (s.release || "unknown") +
                 (s.release_date ? ", published " + s.release_date + ". " : "; publication date not known. ") +
                 "Licence: " + s.licence + ". " + s.landing_page);
    });
    lines.push("This compilation is published under the " + OGL + ", unless a source above says otherwise.");
    return lines;
  }

  // The area JSON names each source's caveats by id; their words are in the site's sources.json.
  function withCaveats(data, cited) {
    return data.sources.map(function (s) {
      var words = {};
      ((cited[s.id] || {}).caveats || []).forEach(function (c) { words[c.id] = c.text; });
      return Object.assign({}, s, { caveats: s.caveats.map(function (id) {
        if (!(id in words)) { throw new Error("no words for caveat " + id + " of source " + s.id); }
        return words[id];
      }) });
    });
  }

  // The sheets of the workbook and the file's title, from the area's JSON (pages.area_json), the site's
  // sources.json (pages.write_sources_json) and the page's charts.
  window.mpAreaWorkbook = function (data, sourcesJson, doc) {
    var sources = withCaveats(data, sourcesJson.sources);
    var cover = coverLines(data, sources);
    var sheets = [{ sheet: "Cover", columns: [{ width: 110 }],
                    data: cover.map(function (line, i) {
                      return [cell(line, i === 0 ? { fontWeight: "bold", fontSize: 14 } : { wrap: true, alignVertical: "top" })];
                    }) }];
    var used = { cover: true, contents: true, sources: true };
    var charts = pageCharts(doc || document).map(function (chart) {
      return Object.assign({ name: sheetName(chart.title, used) }, chart);
    });
    sheets.push(table("Contents", "Contents of this workbook", ["Sheet", "What it holds"],
                      [["Sources", "Each source's release, licence and caveats"]].concat(charts.map(function (c) {
                        return [c.name, c.section + ": " + c.title + " (" + c.unit + ")"];
                      })), [32, 90]));
    var caveatRows = [];
    sources.forEach(function (s) {
      // An empty cell would leave a reader unsure whether the date was left out: say it is not known.
      var base = [s.title, s.publisher, s.release, s.release_date || "not known", s.licence];
      if (!s.caveats.length) { caveatRows.push(base.concat([""])); }
      s.caveats.forEach(function (text) { caveatRows.push(base.concat([text])); });
    });
    sheets.push(table("Sources", "Sources, releases, licences and caveats",
                      ["Source", "Publisher", "Release", "Published", "Licence", "Caveat"], caveatRows,
                      [40, 30, 16, 12, 30, 80]));
    charts.forEach(function (c) {
      sheets.push(table(c.name, c.title + ": the figures the chart draws",
                        ["Area or measure", "Period", "Value (" + c.unit + ")", "95% interval, lower",
                         "95% interval, upper", "Figure as shown"],
                        c.rows.map(function (r) {
                          return [r.series, r.period_label, r.value, r.ci_lower, r.ci_upper, r.text];
                        }), [40, 24, 14, 14, 14, 24]));
    });
    return { sheets: sheets, title: cover[0] };
  };

  function xmlText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // write-excel-file writes no document properties; this "feature" (its way of adding parts to the
  // file) adds the core properties part with the file's title, its content type and its relationship.
  function titleFeature(title) {
    var part = "docProps/core.xml";
    return { files: {
      transform: {
        "[Content_Types].xml": { insert: function () {
          return '<Override PartName="/' + part + '" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>';
        } },
        "_rels/.rels": { insert: function () {
          return '<Relationship Id="rId-mp-core" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="' + part + '"/>';
        } }
      },
      write: { files: function () {
        var files = {};
        files[part] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
          'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>' + xmlText(title) +
          "</dc:title></cp:coreProperties>";
        return files;
      } }
    } };
  }

  // The workbook as a Blob.
  window.mpAreaWorkbookBlob = function (data, sourcesJson, doc) {
    var book = window.mpAreaWorkbook(data, sourcesJson, doc);
    return window.writeXlsxFile(book.sheets, { features: [titleFeature(book.title)] }).toBlob();
  };

  // The spreadsheet of this page's area, whose JSON is at `url`, once the sources' caveats (the JSON's
  // caveats_at, relative to it), the writer and the chart templates are loaded (site.js's mpLoadScript).
  window.mpAreaWorkbookFile = function (url) {
    return window.mpFetchJson(url).then(function (data) {
      var scripts = ["vendor/write-excel-file.min.js", "chart-templates.js"].map(function (name) {
        return window.mpLoadScript(new URL(name, assets).href);
      });
      return Promise.all([window.mpFetchJson(new URL(data.caveats_at, url).href)].concat(scripts)).then(function (loaded) {
        return window.mpAreaWorkbookBlob(data, loaded[0], document);
      });
    });
  };
})();
