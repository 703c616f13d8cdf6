"""Write the generated Markdown, the per-area downloads and the site's own assets.

Everything here is a pure function of published figures, declarations and snapshot facts. The
output is plain Markdown and JSON; turning it into HTML is MkDocs' job (site.py).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from importlib import resources
from operator import itemgetter
from pathlib import Path

import jinja2
import vl_convert

from migration_profiles.acquire.releases import is_overdue
from migration_profiles.render import (
    area_finder,
    chart_scripts,
    chart_table,
    charts,
    explore,
    local_maps,
    maps,
    msoa_maps,
    postprocess,
    spreadsheet_safe,
)
from migration_profiles.render.area_page import page_parts
from migration_profiles.render.glossary import GENERAL_TERMS
from migration_profiles.render.pdf import SITE_FOLDER, file_name
from migration_profiles.render.profiles import (
    BuildContext,
    FigureIndex,
    build_profile,
    citation,
    local_authority_codes,
)
from migration_profiles.render.templating import environment, keep_compiled
from migration_profiles.stages.indicators import INDICATORS, THEMES
from migration_profiles.stages.indicators.catalogue import CHARTS, NO_RATE
from migration_profiles.util import atomic, forked
from migration_profiles.util.errors import ProfilesError

Progress = Callable[[int, int], None]


# vl-convert bundles Vega from the modules it carries under these addresses (its own import map; nothing is
# fetched). Its default import of "vega" has no namespace (window.vega comes out null) and pulls in
# vega-embed and Vega-Lite, so the runtime is put together here from Vega's own packages, with the
# transforms the site's charts and maps use: data (filter, lookup, aggregate...) and encoding (scales,
# axes, legends). Left out: force, hierarchy, label, regression, voronoi, word clouds and crossfilter,
# which Vega's full build adds.
# The bundler keeps a package whole (each transform registers itself as it is defined), so the maps' three
# geographic transforms are written here (LEAN_GEO) instead of importing vega-geo, whose contours, density
# and graticules no map draws and whose projections package brings every projection d3 has: 39 KB less.
MODULE = "https://cdn.jsdelivr.net/npm/{name}@{version}/+esm.js"
VEGA_PACKAGES = {  # the versions vl-convert 1.9 carries for Vega 6.2
    "vega-view": "6.1.0", "vega-parser": "7.1.0", "vega-dataflow": "6.1.0", "vega-transforms": "5.1.0",
    "vega-view-transforms": "5.1.0", "vega-encode": "5.1.0", "d3-geo": "3.1.1",
}
# The transforms a map spec names (assets/maps.js): "projection" (made by the parser from the spec's
# projections), "geoshape" and "geopoint". After vega-geo 5.1's Projection, GeoShape and GeoPoint
# (BSD-3-Clause, Copyright (c) 2015-2023, University of Washington Interactive Data Lab), for the two
# projections the maps use: Mercator for councils, identity (British National Grid metres) for small areas.
LEAN_GEO = """
const PROJECTIONS = {{ mercator: geoMercator, identity: geoIdentity }};
const PROPERTIES = ["clipAngle", "clipExtent", "scale", "translate", "center", "rotate", "parallels",
                    "precision", "reflectX", "reflectY"];
function featurize(f) {{
  return f.type === "FeatureCollection" ? f.features
    : [].concat(f).filter(d => d != null)
      .map(d => d.type === "Feature" ? d : {{ type: "Feature", geometry: d }});
}}
function geoJSON(data) {{
  data = [].concat(data);
  return data.length === 1 ? data[0]
    : {{ type: "FeatureCollection", features: data.reduce((a, f) => a.concat(featurize(f)), []) }};
}}
class Projection extends Transform {{
  constructor(params) {{ super(null, params); this.modified(true); }}
  transform(_, pulse) {{
    let proj = this.value;
    const fresh = !proj || _.modified("type");
    if (fresh) {{
      const make = PROJECTIONS[(_.type || "mercator").toLowerCase()];
      if (!make) throw new Error("Unsupported projection type: " + _.type);
      this.value = proj = make();
      proj.type = _.type;
      proj.path = geoPath().projection(proj);
    }}
    PROPERTIES.forEach(prop => {{
      const wanted = fresh ? _[prop] != null : _.modified(prop);
      if (wanted && typeof proj[prop] === "function") proj[prop](_[prop]);
    }});
    if (_.pointRadius != null) proj.path.pointRadius(_.pointRadius);
    if (_.fit) {{
      const data = geoJSON(_.fit);
      _.extent ? proj.fitExtent(_.extent, data) : _.size ? proj.fitSize(_.size, data) : 0;
    }}
    return pulse.fork(pulse.NO_SOURCE | pulse.NO_FIELDS);
  }}
}}
class GeoShape extends Transform {{
  constructor(params) {{ super(null, params); }}
  transform(_, pulse) {{
    const out = pulse.fork(pulse.ALL), as = _.as || "shape";
    let shape = this.value, flag = out.ADD;
    if (!shape || _.modified()) {{
      const path = (_.projection && _.projection.path) || geoPath(), get = _.field || (t => t.datum);
      this.value = shape = t => path(get(t));
      shape.context = context => {{ path.context(context); return shape; }};
      out.materialize().reflow();
      flag = out.SOURCE;
    }}
    out.visit(flag, t => {{ t[as] = shape; }});
    return out.modifies(as);
  }}
}}
GeoShape.Definition = {{ type: "GeoShape", metadata: {{ modifies: true, nomod: true }}, params: [
  {{ name: "projection", type: "projection" }}, {{ name: "field", type: "field", default: "datum" }},
  {{ name: "as", type: "string", default: "shape" }}] }};
class GeoPoint extends Transform {{
  constructor(params) {{ super(null, params); }}
  transform(_, pulse) {{
    const proj = _.projection, lon = _.fields[0], lat = _.fields[1], as = _.as || ["x", "y"];
    const set = t => {{
      const xy = proj([lon(t), lat(t)]);
      t[as[0]] = xy ? xy[0] : undefined;
      t[as[1]] = xy ? xy[1] : undefined;
    }};
    if (_.modified()) {{
      pulse = pulse.materialize().reflow(true).visit(pulse.SOURCE, set);
    }} else {{
      const changed = pulse.modified(lon.fields) || pulse.modified(lat.fields);
      pulse.visit(changed ? pulse.ADD_MOD : pulse.ADD, set);
    }}
    return pulse.modifies(as);
  }}
}}
GeoPoint.Definition = {{ type: "GeoPoint", metadata: {{ modifies: true }}, params: [
  {{ name: "projection", type: "projection", required: true }},
  {{ name: "fields", type: "field", array: true, required: true, length: 2 }},
  {{ name: "as", type: "string", array: true, length: 2, default: ["x", "y"] }}] }};
"""
LEAN_VEGA = """import {{ View }} from "{vega-view}";
import {{ parse }} from "{vega-parser}";
import {{ transforms, Transform }} from "{vega-dataflow}";
import * as tx from "{vega-transforms}";
import * as vtx from "{vega-view-transforms}";
import * as encode from "{vega-encode}";
import {{ geoIdentity, geoMercator, geoPath }} from "{d3-geo}";
""" + LEAN_GEO + """
const geo = {{ projection: Projection, geoshape: GeoShape, geopoint: GeoPoint }};
Object.assign(transforms, tx, vtx, encode, geo);
window.vega = {{ View: View, parse: parse }};
"""
# With another vl-convert, whose packages have other versions: Vega's full build, by its namespace.
FULL_VEGA = 'import * as vegaRuntime from "{module}";\nwindow.vega = vegaRuntime;\n'


def vega_bundle(cache_dir: Path) -> bytes:
    """The Vega runtime alone, as a plain script that sets window.vega (View and parse).

    The charts are compiled to Vega at build time (charts.py) and the maps are written in Vega
    (assets/maps.js), so no page needs the Vega-Lite compiler or vega-embed: 455 KB instead of 898 KB.
    """
    lean = LEAN_VEGA.format(**{name: MODULE.format(name=name, version=version)
                               for name, version in VEGA_PACKAGES.items()})
    full = FULL_VEGA.format(module=MODULE.format(name="vega", version=vl_convert.get_vega_version()))
    # Named by what it is made from, so a change to the recipe is not hidden by an older bundle.
    recipe = hashlib.sha256((lean + full).encode()).hexdigest()[:12]
    cached = cache_dir / f"vega-runtime-{vl_convert.__version__}-{recipe}.js"
    if not cached.exists():
        try:
            bundle = vl_convert.javascript_bundle(lean)
        except Exception:  # vl-convert raises a bare Exception with Deno's message
            try:
                bundle = vl_convert.javascript_bundle(full)
            except Exception as error:
                raise ProfilesError(f"could not bundle Vega {vl_convert.get_vega_version()} with vl-convert "
                                    f"{vl_convert.__version__}; has it moved Vega's modules? {error}"
                                    ) from error
        atomic.write_text(cached, "(function(){\n" + bundle + "\n})();\n")
    return cached.read_bytes()


# The site's own scripts, which explain themselves in comments: a reader's browser gets them without the
# comments and indentation, which were 40% of them.
OWN_SCRIPTS = ("site.js", "maps.js", "downloads.js", "compare.js", "workbook.js")


def minified(script: str, cache_dir: Path) -> str:
    """`script` as vl-convert's bundler (swc) writes it back: the same code, names kept, without comments
    or indentation. Kept in `cache_dir` by what it is made from; served as written if the bundler fails."""
    key = hashlib.sha256(f"{vl_convert.__version__}\n{script}".encode()).hexdigest()[:16]
    cached = cache_dir / f"script-{key}.js"
    if not cached.exists():
        try:
            atomic.write_text(cached, vl_convert.javascript_bundle(script))
        except Exception:  # vl-convert raises a bare Exception with Deno's message
            return script
    return cached.read_text(encoding="utf-8")


# The site's icon in a browser's tab: a bar chart in the theme's indigo.
FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
           'fill="#3f51b5"/><path d="M3 13V8h2v5zm4 0V3h2v10zm4 0V6h2v7z" fill="#fff"/></svg>\n')


def minified_css(css: str) -> str:
    """One of our own stylesheets without its comments and indentation, each rule as written: the
    comments are for the next engineer, not for every reader's download."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return "\n".join(line.strip() for line in css.splitlines() if line.strip()) + "\n"


def own_scripts(cache_dir: Path) -> dict[str, str]:
    """The site's own scripts as served (minified), by file name."""
    source = resources.files("migration_profiles.render").joinpath("assets")
    return {name: minified(source.joinpath(name).read_text(encoding="utf-8"), cache_dir)
            for name in OWN_SCRIPTS}


def write_assets(docs: Path, cache_dir: Path) -> None:
    """Site-wide scripts and styles. vega.js is not on every page: site.js loads it, with the chart
    templates, only on a page that has a chart or a map and only when one comes near the screen."""
    assets = docs / "assets"
    atomic.write_bytes(assets / "vega.js", vega_bundle(cache_dir))
    atomic.write_text(assets / "favicon.svg", FAVICON)
    source = resources.files("migration_profiles.render").joinpath("assets")
    # The legend icons are drawn from the charts' own palette, dashes and markers (charts.py); the rules that
    # name a reflowing table's columns are written beside the tables' code (chart_table.py).
    styles = {name: source.joinpath(name).read_text(encoding="utf-8") for name in ("site.css", "explore.css")}
    styles["site.css"] += charts.legend_css() + chart_table.reflow_css()
    for name, css in styles.items():  # over explore.write_assets' copy of explore.css
        atomic.write_text(assets / name, minified_css(css))
    for name, script in own_scripts(cache_dir).items():  # over explore.write_assets' copies
        atomic.write_text(assets / name, script)
    # Other projects' scripts, as their authors published them, with their licences (assets/vendor).
    for vendored in source.joinpath("vendor").iterdir():
        atomic.write_bytes(assets / "vendor" / vendored.name, vendored.read_bytes())


def copy_hand_written(src: Path, docs: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, docs, dirs_exist_ok=True)


PROVENANCE = ("source_id", "release", "snapshot_sha256")
# A period in the area JSON: one row of these in `periods`, named by its index in each figure's row.
PERIOD_COLUMNS = ("period_label", "period_start", "period_end")
# One figure in the area JSON: a row of these, under its indicator (see area_json).
FIGURE_COLUMNS = ("period", "value", "ci_lower", "ci_upper", "status", "snapshot")
# Where the area JSON's sources find their caveats' words: the same for every area, so written once
# per site (write_sources_json), from the area JSON's folder (data/areas/).
SOURCES_JSON = "sources.json"  # in data/
CAVEATS_AT = f"../{SOURCES_JSON}"


def area_json(profile: dict) -> str:
    """The area's figures as JSON, each written once with nothing it shares with other figures.

    `figures` holds each indicator's figures as rows of FIGURE_COLUMNS (named once, in
    `figure_columns`), in the order of the page. Which source, release and file a figure comes from is
    written once per file in `snapshots`, and each row names its entry there (`snapshot`); its period
    likewise names a row of `periods` (PERIOD_COLUMNS), which dozens of indicators share; each
    indicator's unit is in `units` and each status's wording in `status_texts`. Written as one object
    per figure, the keys and a 64-character hash repeated on every figure were two thirds of the file,
    and the periods' labels and dates a third of what was left.

    Each source is cited with its release, file and licence, and names its caveats by id: their words
    are the same for every area, so they are in one file for the whole site (`caveats_at`, written by
    write_sources_json), not in each of 380. `area_figures` puts each figure back together."""
    entries: dict[tuple, int] = {}
    periods: dict[tuple, int] = {}
    units: dict[str, str] = {}
    status_texts: dict[str, str] = {}
    figures: dict[str, list] = {}
    # One C call per figure for its row, its provenance, its period and what it is looked up by.
    provenance, period_of = itemgetter(*PROVENANCE), itemgetter(*PERIOD_COLUMNS)
    row_of = itemgetter(*FIGURE_COLUMNS[1:-1])
    keys = itemgetter("indicator_id", "status", "status_text", "unit")
    for figure in profile["figures"]:
        indicator, status, status_text, unit = keys(figure)
        rows = figures.get(indicator)
        if rows is None:
            rows = figures[indicator] = []
            units[indicator] = unit
        status_texts[status] = status_text
        rows.append([periods.setdefault(period_of(figure), len(periods)), *row_of(figure),
                     entries.setdefault(provenance(figure), len(entries))])
    payload = {k: profile[k] for k in ("area", "edition", "built_at", "demo")}
    payload["sources"] = [{**{k: v for k, v in s.items() if k != "caveats"},
                           "caveats": [c["id"] for c in s["caveats"]]} for s in profile["sources"]]
    payload["caveats_at"] = CAVEATS_AT
    payload["local"] = [{k: v for k, v in b.items() if k != "map"} for b in profile["local"]]  # no page HTML
    payload["snapshots"] = [dict(zip(PROVENANCE, key, strict=True)) for key in entries]
    payload.update(units=units, status_texts=status_texts, period_columns=list(PERIOD_COLUMNS),
                   periods=[list(key) for key in periods], figure_columns=list(FIGURE_COLUMNS),
                   figures=figures)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def area_figures(data: dict) -> list[dict]:
    """Every figure of an area JSON (area_json) as one object, with its indicator, period, unit,
    status wording, source, release and file hash: what compare.js does in the browser."""
    columns = data["figure_columns"]
    periods = [dict(zip(data["period_columns"], period, strict=True)) for period in data["periods"]]
    figures = []
    for indicator, rows in data["figures"].items():
        for row in rows:
            figure = {"indicator_id": indicator, **dict(zip(columns, row, strict=True))}
            figure.update(periods[figure.pop("period")])
            figure.update(data["snapshots"][figure.pop("snapshot")], unit=data["units"][indicator],
                          status_text=data["status_texts"][figure["status"]])
            figures.append(figure)
    return figures


def write_sources_json(docs: Path, context: BuildContext) -> None:
    """Every source's citation with its caveats' words, once for the site: the area JSON files name
    their sources' caveats by id and point here (CAVEATS_AT). Only the sources this audience may see,
    as on the sources page."""
    payload = {"sources": {s.id: citation(context, s.id) for s in context.shown_sources()}}
    atomic.write_text(docs / postprocess.LINKED / "data" / SOURCES_JSON,
                      json.dumps(payload, ensure_ascii=False, indent=1))


LOCAL_CSV_FIELDS = ["area_code", "dataset", "provider", "classification", "period", "table", "category",
                    "count"]


def local_csv(profile: dict) -> str:
    """The area's local tables as published (withheld counts as the marker), one line per cell."""
    rows = ([profile["area"]["code"], block["title"], block["provider"], block["classification"],
             block["period"], table["caption"], " / ".join(row["labels"]), row["shown"]]
            for block in profile["local"] for table in block["tables"] for row in table["rows"])
    return spreadsheet_safe.csv_text(LOCAL_CSV_FIELDS, rows)


# What forked page workers need; set in the parent just before the pool starts, so the workers
# share it through fork instead of receiving a pickled copy of every figure.
_JOB: dict = {}


def area_page(profile: dict, pdf_href: str, boxes: dict[str, str], explore_blocks: dict | None = None) -> str:
    """An area's page with its blocks in place (page_parts): what a reader's page holds, before
    the site tool turns the Markdown parts of it into HTML."""
    markdown, blocks = page_parts(profile, pdf_href, boxes, explore_blocks)
    # The chart tables' markers stay: they are filled when the page is written (_write_area).
    return postprocess.splice(markdown, blocks, f"areas/{profile['area']['code']}.md", missing_ok=True)


def _write_area(code: str) -> dict:
    job = _JOB
    profile = build_profile(code, job["index"], job["geography"], job["context"])
    job["index"].forget(code)  # the profile holds what the page needs of it
    # From the page's own folder (areas/<code>/): the link is HTML, which MkDocs does not rewrite.
    pdf_href = f"../../{job['pdf_folder']}/{job['pdf_name'](profile['area'])}" if job["pdf_links"] else ""
    region_map, region_table = job["blocks"].region_map(code)
    msoa_map, msoa_tables = job["blocks"].msoa_map(code, profile["area"]["name"])
    explore_blocks = {"package": job["blocks"].package, "region_map": region_map, "msoa_map": msoa_map}
    page, blocks = page_parts(profile, pdf_href, job["source_boxes"], explore_blocks)
    docs = job["docs"]
    markdown = docs / "areas" / f"{code}.md"
    markdown.write_text(page, encoding="utf-8")
    tables = {chart["id"]: str(job["table_html"](chart))
              for theme in profile["themes"] for chart in theme["charts"]}
    if region_table:
        tables["region-map"] = region_table
    # Each chart's and the region map's table goes into its block now; the small-area map is Markdown
    # (a heading per layer), so its tables are blocks of their own, put in after the site tool.
    blocks = {key: postprocess.splice(html, tables, f"areas/{code}.md") for key, html in blocks.items()}
    blocks.update(msoa_tables)
    postprocess.blocks_path(markdown).write_text(json.dumps(blocks, ensure_ascii=False), encoding="utf-8")
    # Files the site serves as they are: linked into the built site, never read by the site tool.
    linked = docs / postprocess.LINKED
    (linked / "data" / "areas" / f"{code}.json").write_text(area_json(profile), encoding="utf-8")
    if profile["local"]:
        (linked / "data" / "areas" / f"{code}.local.csv").write_text(local_csv(profile), encoding="utf-8")
    return profile["area"]


def write_area_pages(docs: Path, index: FigureIndex, geography, context: BuildContext,
                     codes: list[str], progress: Progress | None = None, pdf_links: bool = False,
                     cache_dir: Path | None = None, blocks: explore.AreaBlocks | None = None) -> list[dict]:
    """Each area's page and downloads; with `pdf_links`, a link to its PDF in pdf/ (written by pdf.py).

    Areas are independent, so with many of them the work is spread over the machine's cores.
    """
    units = {ind.id: ind.unit for ind in INDICATORS}
    templates = charts.warm(lambda chart: units[chart.indicator_ids[0]], cache_dir)
    chart_scripts.write_templates(docs / "assets", templates,
                                  {chart.id: units[chart.indicator_ids[0]] for chart in CHARTS})
    _JOB.update(index=index, geography=geography, context=context, docs=docs, pdf_links=pdf_links,
                blocks=blocks or explore.AreaBlocks(None, context.edition),
                pdf_folder=SITE_FOLDER, pdf_name=file_name, table_html=chart_table.html,
                source_boxes=source_boxes(context))
    written = []
    # The figures loaded so far live until the pages are written: the garbage collector need not scan
    # their millions of objects again at every collection (a fifth of building a profile), and forked
    # workers do not copy the memory pages it would touch doing so.
    gc.freeze()
    # Nor need it run while the pages are written: an area's page leaves two objects in reference cycles
    # (measured), everything else is freed as it goes, and its passes over each page's hundreds of
    # thousands of new objects were a tenth to a fifth of writing it. Forked workers inherit this.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for area in _each_area(codes):
            written.append(area)
            if progress:
                progress(len(written), len(codes))
    finally:
        if collecting:
            gc.enable()
        gc.unfreeze()
        _JOB.clear()
    return written


def _each_area(codes: list[str]) -> Iterator[dict]:
    """Each area's page written (_write_area), in the order of `codes`: with many areas, by forked workers
    (forked.pool), one a core up to four."""
    pool = forked.pool(min(os.cpu_count() or 1, 4)) if len(codes) >= 40 else None
    if pool is None:
        yield from map(_write_area, codes)
        return
    try:
        yield from pool.imap(_write_area, codes, chunksize=8)
    except BaseException:
        pool.terminate()  # the pages have failed: those still queued would be for nothing
        raise
    finally:
        pool.close()
        pool.join()


def source_box_html(cited: dict, env: jinja2.Environment | None = None) -> str:
    """A source's box of release, licence and caveats as HTML (profiles.citation gives `cited`)."""
    env = env or environment()
    box = env.get_template("_area_html.j2").module.source_box
    return str(box(cited, env.get_template("_profile.md.j2").module))


def source_boxes(context: BuildContext) -> dict[str, str]:
    """Every source's box, rendered once per build for all the area pages that cite it."""
    env = environment()
    return {sid: source_box_html(citation(context, sid), env) for sid in context.sources}


def write_index(docs: Path, areas: list[dict], geography, edition: str) -> None:
    groups: dict[str, dict] = {}
    for area in sorted(areas, key=lambda a: a["name"]):
        group = area["region"] or area["country"] or {"code": "", "name": "Other areas"}
        groups.setdefault(group["code"], {"name": group["name"], "areas": []})["areas"].append(area)
    ordered = sorted(groups.items(), key=lambda item: (_nation_order(item[0]), item[1]["name"]))
    text = environment().get_template("areas_index.md.j2").render(
        groups=[g for _, g in ordered], total=len(areas), edition=edition,
        former=area_finder.former_councils(geography, {a["code"] for a in areas}),
    )
    (docs / "areas" / "index.md").write_text(text, encoding="utf-8")


def _nation_order(code: str) -> int:
    return {"E": 0, "W": 1, "S": 2, "N": 3}.get(code[:1], 4)


def write_sources_page(docs: Path, context: BuildContext, today: str) -> None:
    rows = []
    for source in context.shown_sources():
        snap = context.snapshots.get(source.id)
        if snap:
            # How the date is known (the file, the publisher's page, the declaration, the importer), or
            # that it is not: said here once per source, where area pages only give the date.
            how = f" (date from {snap['release_date_from']})" if snap.get("release_date_from") else ""
            released = (f", published {snap['release_date']}{how}" if snap.get("release_date")
                        else ", publication date not known")
            snapshot_text = (f"{snap['release']}{released}; retrieved {snap['retrieved_at'][:10]}; "
                             f"sha256 `{snap['sha256'][:12]}`")
        else:
            snapshot_text = f"Not yet refreshed: run `migration-profiles refresh {source.id}`"
        if source.superseded:
            next_text = "None expected: the publisher has discontinued this series"
        elif is_overdue(source, today, (snap or {}).get("release_date") or ""):  # check-releases' rule
            next_text = (f'{source.next_release} <strong class="mp-stale">Stale</strong>: that date has '
                         f"passed and this edition does not have the release; a newer one may be out")
        else:
            next_text = source.next_release or "Not announced"
        rows.append({**source.__dict__, "snapshot_text": snapshot_text, "next_release_text": next_text})
    text = environment().get_template("sources.md.j2").render(sources=rows)
    (docs / "sources.md").write_text(text, encoding="utf-8")


def write_definitions_page(docs: Path, context: BuildContext) -> None:
    terms: dict[str, dict] = {}
    for term in GENERAL_TERMS:
        terms[term.name.lower()] = {"name": term.name, "definition": term.definition, "sources": []}
    for source in context.sources.values():
        for term in source.terms:
            entry = terms.setdefault(term.name.lower(), {"name": term.name, "definition": term.definition,
                                                         "sources": []})
            entry["sources"].append(source.title)
    ordered = sorted(terms.values(), key=lambda t: t["name"].lower())
    text = environment().get_template("definitions.md.j2").render(terms=ordered)
    (docs / "definitions.md").write_text(text, encoding="utf-8")


def write_indicators_page(docs: Path, context: BuildContext) -> None:
    themes = []
    for theme in THEMES:
        inds = [{**ind.__dict__, "source_title": context.sources[ind.source_id].title,
                 "no_rate": NO_RATE.get(ind.id, "")}
                for ind in INDICATORS if ind.theme == theme.id and ind.source_id in context.sources]
        if inds:
            themes.append({"title": theme.title, "indicators": inds})
    text = environment().get_template("indicators.md.j2").render(themes=themes)
    (docs / "indicators.md").write_text(text, encoding="utf-8")


def write_quality_page(docs: Path, log: list[dict], edition: str) -> None:
    entries = [{"source_id": "", "area_code": "", "issue": "", "note": "", "action": "", "rows": "", **e}
               for e in log]
    entries.sort(key=lambda e: (e["kind"], e["source_id"], e["area_code"]))
    text = environment().get_template("quality.md.j2").render(entries=entries, edition=edition)
    (docs / "data-quality.md").write_text(text, encoding="utf-8")


def write_docs(docs: Path, hand_written: Path, cache_dir: Path, index: FigureIndex,
               geography, context: BuildContext, codes: list[str] | None = None, today: str = "",
               progress: Progress | None = None, quality_log: list[dict] | None = None,
               pdf_links: bool = False,
               boundaries: tuple[Path | None, Path | None] = (None, None),
               tool_cache: Path | None = None) -> list[str]:
    """Fill `docs` (an empty folder) with everything MkDocs needs; return the area codes written.

    `boundaries`: the TopoJSON of councils and the MSOA shapefile zip to draw maps from
    (explore.boundaries_files); without them, no maps. `cache_dir` keeps what is made from the data (the
    small areas' shapes), `tool_cache` what is made from the tool alone (paths.tool_cache; by default
    `cache_dir` too)."""
    tool_cache = tool_cache or cache_dir
    keep_compiled(tool_cache)
    copy_hand_written(hand_written, docs)
    (docs / "areas").mkdir(parents=True, exist_ok=True)
    (docs / postprocess.LINKED / "data" / "areas").mkdir(parents=True, exist_ok=True)
    codes = codes if codes is not None else local_authority_codes(index)
    explore.write_assets(docs, resources.files("migration_profiles.render").joinpath("assets"))
    councils = local_authority_codes(index)
    map_data = maps.write(docs, boundaries[0], index, geography, councils)
    if map_data:
        explore.write_map_pages(docs, map_data, context.demo)
    else:
        explore.write_no_maps_page(docs)
    small_areas = msoa_maps.write(docs, boundaries[1], cache_dir / "msoa", index, geography, councils)
    local_maps.write(docs, boundaries[1], cache_dir / "msoa", context.local, small_areas,
                     {code: geography.name(code) for code in context.local})
    blocks = explore.AreaBlocks(map_data, context.edition, small_areas)
    areas = write_area_pages(docs, index, geography, context, codes, progress, pdf_links,
                             tool_cache, blocks)
    # After the pages, which do not need it: the pages stage makes the Vega bundle meanwhile, in a
    # forked process, when it is not cached yet (pipeline.pages_stage).
    write_assets(docs, tool_cache)
    explore.write_compare(docs, areas, environment(), context.demo)
    write_index(docs, areas, geography, context.edition)
    area_finder.write_index(docs, areas, geography)
    write_sources_page(docs, context, today or context.built_at[:10])
    write_sources_json(docs, context)
    write_definitions_page(docs, context)
    write_indicators_page(docs, context)
    write_quality_page(docs, quality_log or [], context.edition)
    return codes
