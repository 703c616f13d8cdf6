/* The compare page: two to four areas side by side, built in the browser from the site's own files
   (data/areas/<code>.json, data/compare.json, data/area-list.json). The choice lives in the address
   (?areas=CODE,CODE), so a comparison can be bookmarked and shared. Nothing is fetched elsewhere.
   Differences are worded by comparison.py's rule (the summaries' rule), which tests check against this. */
(function () {
  "use strict";

  var MAX = 4;

  function intervalsOverlap(a, b) { return a[0] <= b[1] && b[0] <= a[1]; }

  function interval(row) {
    return row.ci_lower === null || row.ci_lower === undefined || row.ci_upper === null ||
      row.ci_upper === undefined ? null : [row.ci_lower, row.ci_upper];
  }

  // The same rule as comparison.difference: a key of rule.words, or null.
  function difference(row, other) {
    if (row.value === null || row.value === undefined || other.value === null || other.value === undefined) {
      return null;
    }
    if (row.value === other.value) { return "same"; }
    var mine = interval(row), theirs = interval(other);
    if (mine && theirs && intervalsOverlap(mine, theirs)) { return "not_significant"; }
    return row.value > other.value ? "higher" : "lower";
  }

  function formatNumber(value, ind) {
    var text = Number(value).toLocaleString("en-GB", {
      minimumFractionDigits: ind.decimals, maximumFractionDigits: ind.decimals });
    return text + (ind.percent ? "%" : "");
  }

  function formatFigure(row, ind) {
    if (row.value === null || row.value === undefined) { return row.status_text || "not available"; }
    return formatNumber(row.value, ind) + (row.status === "provisional" ? " (provisional)" : "");
  }

  function formatInterval(row, ind) {
    var ci = interval(row);
    if (!ci) { return ""; }
    if (ind.percent || ind.decimals) { return formatNumber(ci[0], ind) + " to " + formatNumber(ci[1], ind); }
    return "±" + formatNumber((ci[1] - ci[0]) / 2, ind);
  }

  // An area's JSON writes what figures share once (pages.area_json); assets/downloads.js, loaded
  // before this script, puts each figure back together as one object (window.mpAreaFigures).
  function figuresOf(data) {
    return Object.assign({}, data, { figures: window.mpAreaFigures(data) });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }  // text from files is data, never markup
    return node;
  }

  function chosenFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var codes = (params.get("areas") || "").split(",").map(function (c) { return c.trim().toUpperCase(); });
    return codes.filter(function (c, i) { return /^[A-Z][0-9]{8}$/.test(c) && codes.indexOf(c) === i; })
      .slice(0, MAX);
  }

  function writeUrl(codes) {
    var params = new URLSearchParams(window.location.search);
    if (codes.length) { params.set("areas", codes.join(",")); } else { params.delete("areas"); }
    var query = params.toString().replace(/%2C/g, ",");
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function normalise(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  function latestCommon(areas, id) {
    // The latest period for which every chosen area has a figure of this indicator (value or reason).
    var byArea = areas.map(function (a) {
      var rows = {};
      a.figures.forEach(function (f) { if (f.indicator_id === id) { rows[f.period_label] = f; } });
      return rows;
    });
    var first = areas[0].figures.filter(function (f) { return f.indicator_id === id; });
    for (var i = first.length - 1; i >= 0; i -= 1) {
      var label = first[i].period_label;
      if (byArea.every(function (rows) { return rows[label]; })) {
        return byArea.map(function (rows) { return rows[label]; });
      }
    }
    return null;
  }

  function differenceText(rows, areas, ind, words) {
    var parts = [];
    for (var i = 1; i < rows.length; i += 1) {
      var key = difference(rows[i], rows[0]);
      if (key === null) { continue; }
      var word = words[key];
      var sentence = key === "not_significant" ? areas[i].area.name + ": " + word + " from " + areas[0].area.name
        : key === "same" ? areas[i].area.name + ": " + word + " as " + areas[0].area.name
          : areas[i].area.name + ": " + word + " than " + areas[0].area.name;
      if ((key === "higher" || key === "lower") && interval(rows[i]) && interval(rows[0])) {
        sentence += " (intervals do not overlap)";
      }
      parts.push(sentence);
    }
    return parts.length ? parts : ["no comparison: a figure is missing"];
  }

  function render(result, areas, settings) {
    result.textContent = "";
    if (areas.length < 2) {
      result.appendChild(el("p", {}, "Choose at least two areas to compare them."));
      return;
    }
    result.appendChild(el("p", {}, settings.rule.explanation));
    var themes = [];
    settings.indicators.forEach(function (ind) {
      var rows = latestCommon(areas, ind.id);
      if (!rows || rows.every(function (r) { return r.value === null; })) { return; }
      var theme = themes.length && themes[themes.length - 1].id === ind.theme ? themes[themes.length - 1] : null;
      if (!theme) { theme = { id: ind.theme, title: ind.theme_title, rows: [] }; themes.push(theme); }
      theme.rows.push({ ind: ind, rows: rows });
    });
    themes.forEach(function (theme) {
      result.appendChild(el("h2", { id: "compare-" + theme.id }, theme.title));
      var wrap = el("div", { class: "mp-compare-scroll", tabindex: "0", role: "region",
        "aria-label": theme.title + ": comparison table" });
      var table = el("table");  // no class: the theme styles it like every other table
      table.appendChild(el("caption", {}, theme.title + ": " + areas.map(function (a) { return a.area.name; })
        .join(", ")));
      var head = el("tr");
      head.appendChild(el("th", { scope: "col" }, "Measure"));
      head.appendChild(el("th", { scope: "col" }, "Period"));
      areas.forEach(function (a) { head.appendChild(el("th", { scope: "col" }, a.area.name)); });
      head.appendChild(el("th", { scope: "col" }, "Against " + areas[0].area.name));
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      theme.rows.forEach(function (item) {
        var tr = el("tr", { "data-indicator": item.ind.id });
        tr.appendChild(el("th", { scope: "row" }, item.ind.title));
        // data-label: on a phone each row reflows into a block whose cells name their column (site.css).
        tr.appendChild(el("td", { "data-label": "Period" }, item.rows[0].period_label));
        item.rows.forEach(function (row, i) {
          var ci = formatInterval(row, item.ind);
          tr.appendChild(el("td", { class: "mp-num", "data-label": areas[i].area.name },
            formatFigure(row, item.ind) + (ci ? " (" + ci + ")" : "")));
        });
        var cell = el("td", { class: "mp-difference", "data-label": "Against " + areas[0].area.name });
        var said = differenceText(item.rows, areas, item.ind, settings.rule.words);
        if (said.length === 1) {
          cell.textContent = said[0];
        } else {
          var list = el("ul");
          said.forEach(function (text) { list.appendChild(el("li", {}, text)); });
          cell.appendChild(list);
        }
        tr.appendChild(cell);
        body.appendChild(tr);
      });
      table.appendChild(body);
      wrap.appendChild(table);
      result.appendChild(wrap);
    });
  }

  function start() {
    var root = document.getElementById("mp-compare");
    if (!root || root.dataset.ready === "yes") { return; }
    root.dataset.ready = "yes";
    var base = root.dataset.base;  // the site root, relative to this page
    var input = document.getElementById("mp-compare-input");
    var options = document.getElementById("mp-compare-options");
    var chosenList = document.getElementById("mp-compare-chosen");
    var status = document.getElementById("mp-compare-status");
    var suggest = document.getElementById("mp-compare-suggest");
    var result = document.getElementById("mp-compare-result");
    var cache = {};
    var list = [], settings = null;

    function load(url) {
      return fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
        return r.json();
      });
    }

    function areaData(code) {
      cache[code] = cache[code] || load(base + "data/areas/" + code + ".json").then(figuresOf);
      return cache[code];
    }

    function nameOf(code) {
      var found = list.filter(function (a) { return a.code === code; })[0];
      return found ? found.name : code;
    }

    function update(codes, message) {
      writeUrl(codes);
      chosenList.textContent = "";
      codes.forEach(function (code) {
        var li = el("li");
        li.appendChild(el("span", {}, nameOf(code) + " (" + code + ") "));
        var remove = el("button", { type: "button", class: "md-button", "data-code": code,
          "aria-label": "Remove " + nameOf(code) }, "Remove");
        remove.addEventListener("click", function () {
          update(chosenFromUrl().filter(function (c) { return c !== code; }), "Removed " + nameOf(code) + ".");
          input.focus();
        });
        li.appendChild(remove);
        chosenList.appendChild(li);
      });
      input.disabled = codes.length >= MAX;
      status.textContent = (message ? message + " " : "") + codes.length + " of at most " + MAX + " areas chosen.";
      Promise.all(codes.map(areaData)).then(function (areas) {
        render(result, areas, settings);
      }).catch(function (error) {
        result.textContent = "";
        result.appendChild(el("p", {}, "An area could not be loaded: " + error.message));
      });
      showSuggestions(codes);
    }

    function add(code) {
      var codes = chosenFromUrl();
      if (codes.indexOf(code) !== -1) { status.textContent = nameOf(code) + " is already chosen."; return; }
      if (codes.length >= MAX) { status.textContent = "At most " + MAX + " areas can be compared."; return; }
      update(codes.concat([code]), "Added " + nameOf(code) + ".");
    }

    function showSuggestions(codes) {
      var region = new URLSearchParams(window.location.search).get("region");
      suggest.textContent = "";
      if (!region) { return; }
      var councils = list.filter(function (a) { return a.region_code === region && codes.indexOf(a.code) === -1; });
      if (!councils.length) { return; }
      suggest.appendChild(el("h2", { id: "compare-region" }, "Add a council in " + councils[0].region_name));
      var ul = el("ul", { class: "mp-compare-suggestions" });
      councils.forEach(function (a) {
        var li = el("li");
        var button = el("button", { type: "button", class: "md-button" }, "Add " + a.name);
        button.addEventListener("click", function () { add(a.code); });
        li.appendChild(button);
        ul.appendChild(li);
      });
      suggest.appendChild(ul);
    }

    function findArea(text) {
      var coded = /([A-Za-z][0-9]{8})\)?\s*$/.exec(text);  // "York (E06000014)", as the list offers it
      if (coded) { text = coded[1]; }
      var wanted = normalise(text);
      if (!wanted) { return null; }
      return list.filter(function (a) { return a.code.toLowerCase() === wanted; })[0] ||
        list.filter(function (a) { return normalise(a.name) === wanted; })[0] ||
        list.filter(function (a) { return normalise(a.name).indexOf(wanted) === 0; })[0] || null;
    }

    document.getElementById("mp-compare-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var found = findArea(input.value);
      if (!found) { status.textContent = "No area matches \u201c" + input.value + "\u201d."; return; }
      input.value = "";
      add(found.code);
    });

    Promise.all([load(base + "data/area-list.json"), load(base + "data/compare.json")]).then(function (loaded) {
      list = loaded[0];
      settings = loaded[1];
      list.forEach(function (a) { options.appendChild(el("option", { value: a.name + " (" + a.code + ")" })); });
      update(chosenFromUrl().filter(function (c) { return list.some(function (a) { return a.code === c; }); }));
    }).catch(function (error) {
      status.textContent = "The list of areas could not be loaded: " + error.message;
    });
  }

  window.mpCompare = { difference: difference, formatNumber: formatNumber, formatInterval: formatInterval };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
