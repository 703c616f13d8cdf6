/* Draws each choropleth map on the page (figure.mp-map) with Vega, from the site's own files:
   data/maps/boundaries[/<region>].topo.json and data/maps/<indicator>[/<region>].json (written by maps.py). The figure says which
   indicator, which region (none: every council) and which area to outline. Nothing is fetched elsewhere. */
(function () {
  "use strict";
  // A page with several maps includes this script once for each: the first does the work.
  if (window.mpMapsLoaded) { return; }
  window.mpMapsLoaded = true;

  var INTERVAL_COLOURS = ["#1d4e89", "#c6d4e6", "#a34700"];
  var QUINTILE_COLOURS = ["#eef3fa", "#bcd0e8", "#7ea6d3", "#3d72b3", "#1d4e89"];
  var NO_FIGURE_COLOUR = "#bfbfbf";  // grey, apart from the lightest blue
  var WITHHELD_COLOUR = "#f0b36b";  // orange, apart from the blues and the grey; always labelled [c]
  var loaded = {};

  function load(url) {
    loaded[url] = loaded[url] || fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
    return loaded[url];
  }

  // Each spec is written in Vega, not Vega-Lite: the site ships the Vega runtime without the Vega-Lite
  // compiler (pages.py, vega_bundle). They are what Vega-Lite compiled the maps' earlier specs to.

  // A field of the datum, by its dotted path, as a Vega expression.
  function field(path) {
    return "datum" + path.split(".").map(function (k) { return "[" + JSON.stringify(k) + "]"; }).join("");
  }

  // A tooltip of [title, field path] pairs; a missing value shows as nothing.
  function tooltip(pairs) {
    return { signal: "{" + pairs.map(function (p) {
      return JSON.stringify(p[0]) + ": isValid(" + field(p[1]) + ") ? " + field(p[1]) + " : ''";
    }).join(", ") + "}" };
  }

  // aria: false here and on every mark: no roles or labels on each shape (axe's svg-img-alt); the
  // canvas's label is the map's one description.
  // The title is the measure and then its period, each broken into lines that fit the drawing (Vega does
  // not wrap a title), so on a phone it is not cut off at the drawing's edge.
  function legend(title, period, fit) {
    return { fill: "color", title: wrapped(title + ",", fit.chars).concat(wrapped(period, fit.chars)),
      orient: "bottom", direction: "vertical", columns: fit.columns,
      labelLimit: 0, titleLimit: 0, symbolType: "square", symbolStrokeColor: "#4d4d4d", symbolStrokeWidth: 0.6, labelFontSize: 12,
      titleFontSize: 12, aria: false };
  }

  // `text` in lines of at most `chars` characters, broken between words (a longer word keeps its line).
  function wrapped(text, chars) {
    var lines = [];
    String(text).split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= chars) { lines[last] += " " + word; } else { lines.push(word); }
    });
    return lines;
  }

  // The chart's width is its container's; the projection fits the shapes drawn into it.
  function frame(description, height, data, projection, scale, legendTitle, period, fit, marks) {
    var width = "isFinite(containerSize()[0]) ? containerSize()[0] : 300";
    return {
      $schema: "https://vega.github.io/schema/vega/v6.json",
      description: description,
      autosize: { type: "fit-x", contains: "padding" },
      padding: 5, height: height, style: "view",
      data: data,
      projections: [Object.assign({ name: "projection", size: { signal: "[width, height]" },
        fit: { signal: "data('shapes')" } }, projection)],
      signals: [{ name: "width", init: width, on: [{ update: width, events: "window:resize" }] }],
      scales: [Object.assign({ name: "color", type: "ordinal" }, scale)],
      legends: [legend(legendTitle, period, fit)],
      marks: marks,
      config: { style: { "guide-label": { font: "inherit" }, "guide-title": { font: "inherit" },
        text: { font: "inherit" }, view: { stroke: null } } }
    };
  }

  function shapeMark(data, update) {
    return { type: "shape", aria: false, from: { data: data }, encode: { update: update },
      transform: [{ type: "geoshape", projection: "projection" }] };
  }

  function spec(topology, map, region, highlight, fit) {
    var rows = Object.keys(map.areas).map(function (code) {
      var a = map.areas[code];
      return { code: code, name: a.name, region: a.region, text: a.text, interval: a.interval, cls: a.class };
    });
    var named = map.classes.slice(0, -1);
    var colours = named.length === 3 ? INTERVAL_COLOURS : QUINTILE_COLOURS;
    var filter = region ? "datum.region === " + JSON.stringify(region) : "isValid(datum.cls)";
    var data = [
      { name: "areas", values: rows },
      { name: "shapes", values: topology, format: { type: "topojson", feature: "ltla" },
        transform: [
          { type: "lookup", from: "areas", key: "code", fields: ["properties.areacd"],
            values: ["name", "region", "text", "interval", "cls"] },
          { type: "filter", expr: filter }] }
    ];
    var marks = [shapeMark("shapes", {
      stroke: { value: "#4d4d4d" }, strokeWidth: { value: 0.4 }, fill: { scale: "color", field: "cls" },
      tooltip: tooltip([["Area", "name"], [map.title, "text"], ["95% interval", "interval"], ["Class", "cls"]])
    })];
    if (highlight) {
      data.push({ name: "outline", source: "shapes", transform: [
        { type: "filter", expr: "datum.properties.areacd === " + JSON.stringify(highlight) }] });
      marks.push(shapeMark("outline", { stroke: { value: "#000000" }, strokeWidth: { value: 3 },
        fill: { value: "transparent" } }));
    }
    return frame(map.title + " by local authority", region ? 320 : 520, data, { type: "mercator" },
      { domain: map.classes, range: colours.concat([NO_FIGURE_COLOUR]) }, map.title, map.period, fit,
      marks);
  }

  // Colours for a local-data map's classes (local_maps.py): up to five groups spread over the blues,
  // then withheld and not covered.
  function localColours(layer) {
    var picked = [];
    for (var i = 0; i < layer.groups; i++) {
      picked.push(QUINTILE_COLOURS[layer.groups === 1 ? 2 : Math.round(i * 4 / (layer.groups - 1))]);
    }
    return picked.concat([WITHHELD_COLOUR, NO_FIGURE_COLOUR]);
  }

  // A council's small areas (msoa_maps.py, local_maps.py): shapes in British National Grid metres,
  // drawn as they are. Withheld local counts also carry the marker [c] written on the shape.
  function smallAreaSpec(collection, key, fit) {
    var layer = collection.layers.filter(function (l) { return l.key === key; })[0];
    var data = [{ name: "shapes", values: collection.features }];
    var marks = [shapeMark("shapes", {
      stroke: { value: "#4d4d4d" }, strokeWidth: { value: 0.5 },
      fill: { scale: "color", field: "properties." + key + "_class" },
      tooltip: tooltip([["Small area", "properties.name"], [layer.title, "properties." + key + "_text"],
        ["Group", "properties." + key + "_class"]])
    })];
    if (layer.withheld) {
      data.push({ name: "withheld", source: "shapes", transform: [
        { type: "filter", expr: "datum.properties.withheld" },
        { type: "geopoint", projection: "projection", fields: ["properties.x", "properties.y"], as: ["px", "py"] }] });
      marks.push({ type: "text", aria: false, from: { data: "withheld" }, encode: { update: {
        x: { field: "px" }, y: { field: "py" }, text: { value: "[c]" }, fontSize: { value: 12 },
        fontWeight: { value: "bold" }, fill: { value: "#1a1a1a" }, align: { value: "center" },
        baseline: { value: "middle" } } } });
    }
    var range = layer.groups === undefined ? QUINTILE_COLOURS.concat([NO_FIGURE_COLOUR]) : localColours(layer);
    return frame(layer.title + " by small area", 340, data, { type: "identity", reflectY: true },
      { domain: layer.classes, range: range }, layer.title, layer.period, fit, marks);
  }

  // The files a map is drawn from (throws for a figure that names no map).
  function filesFor(figure) {
    var base = figure.dataset.base;
    if (figure.dataset.kind === "msoa") {
      return [base + (figure.dataset.file || "data/msoa/" + figure.dataset.area + ".json")];
    }
    // The indicator's own file (maps.py), or its region's part of it, not values.json with every indicator.
    var indicator = figure.dataset.indicator, region = figure.dataset.region;
    if (!/^[a-z0-9_]+$/.test(indicator || "") || !/^[A-Z0-9]*$/.test(region || "")) {
      throw new Error("no map of " + indicator + " " + region);
    }
    var values = "data/maps/" + indicator + (region ? "/" + region : "") + ".json";
    // A region's map loads its councils' shapes alone (maps.py, region_cut), not every council's.
    return [base + values, base + "data/maps/boundaries" + (region ? "/" + region : "") + ".topo.json"];
  }

  // The map's spec from its files' contents, in filesFor's order.
  function specFrom(figure, files) {
    // The legend's classes in two columns where the map is wide enough: half the legend's height. Its
    // title's lines fit the width at about 7 px a character of 12 px text, less the padding.
    var fit = { columns: figure.clientWidth >= 500 ? 2 : 1, chars: Math.max(16, Math.floor((figure.clientWidth - 16) / 7)) };
    if (figure.dataset.kind === "msoa") { return smallAreaSpec(files[0], figure.dataset.layer, fit); }
    return spec(files[1], files[0], figure.dataset.region, figure.dataset.highlight, fit);
  }

  function specFor(figure) {
    try {
      return Promise.all(filesFor(figure).map(load)).then(function (files) { return specFrom(figure, files); });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // A file read before this returns, for printing only (drawForPrint); null if it cannot be
  // (from file:// the request is refused). Kept, so a drawing begun the usual way uses it too.
  function loadNow(url) {
    if (loaded[url] && loaded[url].value !== undefined) { return loaded[url].value; }
    try {
      var request = new XMLHttpRequest();
      request.open("GET", url, false);
      request.send();
      if (request.status !== 200) { return null; }
      var value = JSON.parse(request.responseText);
      loaded[url] = Promise.resolve(value);
      loaded[url].value = value;
      return value;
    } catch (error) {
      return null;
    }
  }

  // Vega is loaded and drawn by site.js (window.mpLoadVega, mpDrawVega), once, only on pages that draw.
  // Both scripts are deferred and site.js comes last, so it may not have run yet: it will have by
  // DOMContentLoaded.
  function siteScript() {
    if (window.mpDrawVega) { return Promise.resolve(); }
    return new Promise(function (resolve, reject) {
      window.addEventListener("DOMContentLoaded", function () {
        if (window.mpDrawVega) { resolve(); } else { reject(new Error("site.js is not loaded")); }
      });
    });
  }

  // Each map is drawn when it comes near the screen, as the charts are (site.js's mpDrawWhenNear), so a
  // page whose maps are far below loads neither Vega nor the maps' files until a reader scrolls to them;
  // printing draws every map still undrawn at once.
  function draw() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.mp-map"));
    if (!figures.length) { return; }
    siteScript().then(function () {
      window.mpDrawWhenNear(figures, drawMap, function (all) { all.forEach(drawForPrint); });
    }, function () {
      figures.forEach(drawMap);  // without site.js each map says it could not be drawn (drawMap)
    });
  }

  function mapDrawn(figure, canvas, view) {
    canvas.dataset.drawn = "yes";
    figure.dispatchEvent(new CustomEvent("mp-chart-drawn", { bubbles: true, detail: { view: view } }));
  }

  function mapFailed(canvas, error) {
    canvas.dataset.drawn = "failed";
    canvas.textContent = "The map could not be drawn; the same figures are in the table below.";
    console.error(error);
  }

  function drawMap(figure) {
    var canvas = figure.querySelector(".mp-map-canvas");
    if (!canvas || canvas.dataset.drawn) { return; }
    canvas.dataset.drawn = "loading";
    // Printing may draw it meanwhile (drawForPrint): then this drawing is not wanted.
    var stillLoading = function () { return canvas.dataset.drawn === "loading"; };
    Promise.all([siteScript().then(function () { return window.mpLoadVega(); }), specFor(figure)]).then(function (done) {
      return stillLoading() ? window.mpDrawVega(canvas, done[1], stillLoading) : null;
    }).then(function (view) {
      if (view) { mapDrawn(figure, canvas, view); }
    }).catch(function (error) { mapFailed(canvas, error); });
  }

  // Drawn now, for paper: the map's files and Vega are read at once if they have not arrived.
  function drawForPrint(figure) {
    var canvas = figure.querySelector(".mp-map-canvas");
    if (!canvas || (canvas.dataset.drawn && canvas.dataset.drawn !== "loading")) { return; }
    if (!window.mpDrawVegaNow || !window.mpLoadVegaNow()) { return; }
    try {
      var files = filesFor(figure).map(loadNow);
      if (files.some(function (file) { return file === null; })) { return; }
      var mapSpec = specFrom(figure, files);
      canvas.dataset.drawn = "print";
      window.mpDrawVegaNow(canvas, mapSpec).then(function (view) { mapDrawn(figure, canvas, view); })
        .catch(function (error) { mapFailed(canvas, error); });
    } catch (error) {
      mapFailed(canvas, error);
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(draw);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
