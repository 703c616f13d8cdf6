/* Draws each choropleth map on the page (figure.mp-map) with Vega-Lite, from the site's own files:
   data/maps/boundaries.topo.json and data/maps/values.json (written by maps.py). The figure says which
   indicator, which region (none: every council) and which area to outline. Nothing is fetched elsewhere. */
(function () {
  "use strict";

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

  function spec(base, map, region, highlight, columns) {
    var rows = Object.keys(map.areas).map(function (code) {
      var a = map.areas[code];
      return { code: code, name: a.name, region: a.region, text: a.text, interval: a.interval, cls: a.class };
    });
    var named = map.classes.slice(0, -1);
    var colours = named.length === 3 ? INTERVAL_COLOURS : QUINTILE_COLOURS;
    var filter = region ? "datum.region === " + JSON.stringify(region) : "isValid(datum.cls)";
    var layers = [{
      mark: { type: "geoshape", stroke: "#4d4d4d", strokeWidth: 0.4 },
      encoding: {
        color: { field: "cls", type: "nominal", title: map.title + ", " + map.period,
          scale: { domain: map.classes, range: colours.concat([NO_FIGURE_COLOUR]) },
          legend: { orient: "bottom", direction: "vertical", columns: columns, labelLimit: 0, titleLimit: 0,
            symbolType: "square", symbolStrokeColor: "#4d4d4d", symbolStrokeWidth: 0.6, labelFontSize: 12,
            titleFontSize: 12 } },
        tooltip: [{ field: "name", title: "Area" }, { field: "text", title: map.title },
          { field: "interval", title: "95% interval" }, { field: "cls", title: "Class" }]
      }
    }];
    if (highlight) {
      layers.push({
        transform: [{ filter: "datum.properties.areacd === " + JSON.stringify(highlight) }],
        mark: { type: "geoshape", filled: false, stroke: "#000000", strokeWidth: 3 }
      });
    }
    return {
      description: map.title + " by local authority",
      width: "container", height: region ? 320 : 520,
      data: { url: base + "data/maps/boundaries.topo.json", format: { type: "topojson", feature: "ltla" } },
      transform: [
        { lookup: "properties.areacd", from: { data: { values: rows }, key: "code",
          fields: ["name", "region", "text", "interval", "cls"] } },
        { filter: filter }
      ],
      projection: { type: "mercator" },
      layer: layers,
      // aria: false: no roles or labels on each shape (the outline layer's had no title, axe's svg-img-alt).
      config: { view: { stroke: null }, font: "inherit", aria: false }
    };
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
  function smallAreaSpec(collection, key, columns) {
    var layer = collection.layers.filter(function (l) { return l.key === key; })[0];
    var spec = smallAreaShapes(collection, layer, key, columns);
    if (!layer.withheld) { return spec; }
    return {
      description: spec.description, width: spec.width, height: spec.height, data: spec.data,
      projection: spec.projection, config: spec.config,
      // The canvas is the image (role=img, with its label); the layers' marks add no roles of their own.
      layer: [{ mark: Object.assign({ aria: false }, spec.mark), encoding: spec.encoding },
        { transform: [{ filter: "datum.properties.withheld" }],
          mark: { type: "text", text: "[c]", fontSize: 12, fontWeight: "bold", color: "#1a1a1a", aria: false },
          encoding: { longitude: { field: "properties.x", type: "quantitative" },
            latitude: { field: "properties.y", type: "quantitative" } } }]
    };
  }

  function smallAreaShapes(collection, layer, key, columns) {
    return {
      description: layer.title + " by small area",
      width: "container", height: 340,
      data: { values: collection.features },
      projection: { type: "identity", reflectY: true },
      mark: { type: "geoshape", stroke: "#4d4d4d", strokeWidth: 0.5 },
      encoding: {
        color: { field: "properties." + key + "_class", type: "nominal", title: layer.title + ", " + layer.period,
          scale: { domain: layer.classes,
            range: layer.groups === undefined ? QUINTILE_COLOURS.concat([NO_FIGURE_COLOUR]) : localColours(layer) },
          legend: { orient: "bottom", direction: "vertical", columns: columns, labelLimit: 0, titleLimit: 0,
            symbolType: "square", symbolStrokeColor: "#4d4d4d", symbolStrokeWidth: 0.6, labelFontSize: 12,
            titleFontSize: 12 } },
        tooltip: [{ field: "properties.name", title: "Small area" },
          { field: "properties." + key + "_text", title: layer.title },
          { field: "properties." + key + "_class", title: "Group" }]
      },
      config: { view: { stroke: null }, font: "inherit", aria: false }
    };
  }

  function specFor(figure) {
    var base = figure.dataset.base;
    // The legend's classes in two columns where the map is wide enough: half the legend's height.
    var columns = figure.clientWidth >= 500 ? 2 : 1;
    if (figure.dataset.kind === "msoa") {
      var file = figure.dataset.file || "data/msoa/" + figure.dataset.area + ".json";
      return load(base + file).then(function (collection) {
        return smallAreaSpec(collection, figure.dataset.layer, columns);
      });
    }
    return load(base + "data/maps/values.json").then(function (values) {
      var map = values.indicators.filter(function (m) { return m.id === figure.dataset.indicator; })[0];
      if (!map) { throw new Error("no map of " + figure.dataset.indicator); }
      return spec(base, map, figure.dataset.region, figure.dataset.highlight, columns);
    });
  }

  // Vega is loaded by site.js (window.mpLoadVega) only on pages that draw something.
  function draw() {
    var figures = document.querySelectorAll("figure.mp-map");
    if (!figures.length) { return; }
    var ready = typeof window.vegaEmbed === "function" ? Promise.resolve()
      : (window.mpLoadVega ? window.mpLoadVega() : Promise.reject(new Error("Vega is not loaded")));
    ready.then(function () { figures.forEach(drawMap); }, function (error) { console.error(error); });
  }

  function drawMap(figure) {
    var canvas = figure.querySelector(".mp-map-canvas");
    if (!canvas || canvas.dataset.drawn === "yes" || typeof window.vegaEmbed !== "function") { return; }
    canvas.dataset.drawn = "yes";
    specFor(figure).then(function (built) {
      // Vega's own role stays off the role=img canvas, and the drawing is hidden from screen readers:
      // the canvas's label is the map's one description, read once (as the charts do, site.js).
      var target = document.createElement("div");
      target.setAttribute("aria-hidden", "true");
      canvas.appendChild(target);
      return window.vegaEmbed(target, built, { renderer: "svg", actions: false });
    }).then(function (result) {
      figure.dispatchEvent(new CustomEvent("mp-chart-drawn", { bubbles: true, detail: { view: result.view } }));
    }).catch(function (error) {
      canvas.dataset.drawn = "failed";
      canvas.textContent = "The map could not be drawn; the same figures are in the table below.";
      console.error(error);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(draw);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
