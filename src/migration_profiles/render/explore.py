"""The pages for exploring beyond one area: compare, maps, and the edition's data package.

Written once per build, after the area pages (pages.write_docs). Each area page's own blocks for these
(downloads, comparison links, its region's map) come from `AreaBlocks`, prepared here once and used
by every area page, so that each page adds only string formatting to its cost.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from migration_profiles.acquire.snapshots import latest_snapshot
from migration_profiles.render import chart_table, comparison, edition_package, msoa_maps, postprocess
from migration_profiles.sources import boundaries
from migration_profiles.stages.indicators import INDICATORS
from migration_profiles.util import atomic

# Deferred: the page is parsed and shown before the script runs (in the order the scripts appear).
SCRIPT_TAG = '<script src="{base}assets/{name}" defer></script>'


def boundaries_files(snapshot_root: Path) -> tuple[Path | None, Path | None]:
    """(the local authority TopoJSON, the MSOA shapefile zip) of the latest boundaries snapshot; None
    for a file it does not hold."""
    snapshot = latest_snapshot(snapshot_root, boundaries.SOURCE_ID)
    if snapshot is None:
        return None, None
    topo, msoa = boundaries.SOURCE.files
    found = [snapshot.path / f.name for f in snapshot.files]
    return (next((p for p in found if topo.matches(p.name)), None),
            next((p for p in found if msoa.matches(p.name)), None))


def write_assets(docs: Path, assets_dir) -> None:
    for name in ("compare.js", "maps.js", "downloads.js", "explore.css"):
        atomic.write_bytes(docs / "assets" / name, assets_dir.joinpath(name).read_bytes())


def write_compare(docs: Path, areas: list[dict], env, demo: bool) -> None:
    """The compare page and the two files its script reads: the area list and the indicators' settings."""
    listed = [{"code": a["code"], "name": a["name"],
               "region_code": (a.get("region") or a.get("country") or {}).get("code", ""),
               "region_name": (a.get("region") or a.get("country") or {}).get("name", "")}
              for a in sorted(areas, key=lambda a: a["name"])]
    atomic.write_text(docs / "data" / "area-list.json", json.dumps(listed, ensure_ascii=False))
    atomic.write_text(docs / "data" / "compare.json", json.dumps(comparison.indicator_settings(),
                                                                 ensure_ascii=False))
    (docs / "compare").mkdir(parents=True, exist_ok=True)
    (docs / "compare" / "index.md").write_text(env.get_template("compare.md.j2").render(demo=demo),
                                                encoding="utf-8")


def map_table_html(map_: dict, codes: list[str], highlight: str = "") -> str:
    """A map's table alternative: each council's figure, interval and class, the outlined area marked."""
    rows = []
    # On a phone each row reflows into a block whose cells name their column (site.css): the names are
    # given once, on the table (chart_table.column_names).
    figure = f'{map_["title"]}, {map_["period"]}'
    names, _ = chart_table.column_names(["Code", figure, "95% interval", "Class"])
    for code in sorted(codes, key=lambda c: map_["areas"][c]["name"]):
        area = map_["areas"][code]
        name = html.escape(area["name"]) + (" (this area)" if code == highlight else "")
        mark = ' class="mp-highlight"' if code == highlight else ""
        rows.append(f'<tr{mark}><th scope="row">{name}</th><td>{html.escape(code)}</td>'
                    f'<td class="mp-num">{html.escape(area["text"])}</td>'
                    f'<td>{html.escape(area["interval"])}</td>'
                    f'<td>{html.escape(area["class"])}</td></tr>')
    return ('<div class="mp-table-scroll" tabindex="0" role="region" aria-label="'
            f'{html.escape(map_["title"])}: the map as a table"><table{names}><thead><tr>'
            '<th scope="col">Area</th><th scope="col">Code</th>'
            f'<th scope="col">{html.escape(map_["title"])}, {html.escape(map_["period"])}</th>'
            '<th scope="col">95% interval</th><th scope="col">Class</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def _map_block(map_: dict, base: str, table_id: str, region: str = "", highlight: str = "",
               where: str = "every local authority") -> str:
    label = f"Map of {map_['title'].lower()} for {where}, {map_['period']}" + (
        f", with {html.escape(map_['areas'][highlight]['name'])} outlined" if highlight else "")
    return (f'<figure class="mp-map" data-base="{base}" data-indicator="{map_["id"]}" data-region="{region}" '
            f'data-highlight="{highlight}">\n<div class="mp-map-canvas" role="img" '
            f'aria-label="{html.escape(label)}. The same figures are in the table below."></div>\n'
            f'<figcaption>{html.escape(map_["method"])} Councils without a figure are grey. '
            f'Boundaries of {{year}}.</figcaption>\n</figure>\n\n'
            f'<details class="note mp-chart-data"><summary>{html.escape(map_["title"])}: the map as a table'
            f'</summary>\n{postprocess.MARKER.format(table_id)}\n</details>\n')


def write_map_pages(docs: Path, data: dict, demo: bool) -> None:
    """maps/index.md (every council of the UK) and maps/<region>.md (one region's councils)."""
    folder = docs / "maps"
    folder.mkdir(parents=True, exist_ok=True)
    demo_note = ("!!! danger \"Demonstration data and boundaries, not official\"\n    The figures are "
                 "invented, and the shapes are an illustrative layout of squares grouped by region, not the "
                 "real boundaries.\n\n" if demo else "")
    all_codes = list(data["indicators"][0]["areas"]) if data["indicators"] else []
    lines, tables = ["---", "title: Maps", "---", "", "# Maps", "",
                     "Each map shades every local authority by one indicator. Where the figures are survey "
                     "estimates with 95% confidence intervals, the shading says only whether an area is "
                     "clearly above or below the UK figure; otherwise areas are split into five equal "
                     "groups. Each map's figures are also in a table below it.", "", demo_note,
                     "Maps of each region: " + " · ".join(f"[{html.escape(name)}]({code}.md)"
                                                          for code, name in data["regions"].items()), ""], {}
    for map_ in data["indicators"]:
        block = _map_block(map_, "../", map_["id"]).replace("{year}", str(data["year"]))
        lines += [f"## {map_['title']}", "", block]
        tables[map_["id"]] = map_table_html(map_, all_codes)
    lines.append(SCRIPT_TAG.format(base="../", name="maps.js"))
    (folder / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    postprocess.blocks_path(folder / "index.md").write_text(json.dumps(tables), encoding="utf-8")
    for region, name in data["regions"].items():
        lines, tables = ["---", f'title: "Maps: {name}"', "---", "", f"# Maps of {name}", "", demo_note,
                         "[All maps](index.md)", ""], {}
        for map_ in data["indicators"]:
            codes = [c for c, a in map_["areas"].items() if a["region"] == region]
            if not codes:
                continue
            lines += [f"## {map_['title']}", "", _map_block(map_, "../../", map_["id"], region=region,
                                                            where=name).replace("{year}", str(data["year"]))]
            tables[map_["id"]] = map_table_html(map_, codes)
        lines.append(SCRIPT_TAG.format(base="../../", name="maps.js"))
        (folder / f"{region}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        postprocess.blocks_path(folder / f"{region}.md").write_text(json.dumps(tables), encoding="utf-8")


def write_no_maps_page(docs: Path) -> None:
    """maps/index.md when no boundaries have been imported: the navigation links to it all the same."""
    (docs / "maps").mkdir(parents=True, exist_ok=True)
    (docs / "maps" / "index.md").write_text(
        "---\ntitle: Maps\n---\n\n# Maps\n\nThis edition has no maps: no boundaries were imported when it "
        "was built. Run `migration-profiles refresh boundaries` (or `refresh --from DIR` with the files) and "
        "build again.\n", encoding="utf-8")


class AreaBlocks:
    """What each area page shows of the explore pages: its region's map and table, and the package's name."""

    def __init__(self, map_data: dict | None, edition: str, small_areas: dict | None = None):
        self.package = edition_package.file_name(edition)
        self.small_areas = small_areas or {}
        self.map = None
        self.year = ""
        if map_data and map_data["indicators"]:
            self.map = map_data["indicators"][0]
            self.year = str(map_data["year"])

    def region_map(self, code: str) -> tuple[str, str]:
        """(the map's Markdown block, its table's HTML); empty when the area has no region map."""
        if self.map is None or code not in self.map["areas"] or not self.map["areas"][code]["region"]:
            return "", ""
        region = self.map["areas"][code]["region"]
        codes = [c for c, a in self.map["areas"].items() if a["region"] == region]
        block = _map_block(self.map, "../../", "region-map", region=region, highlight=code,
                           where="the councils of its region").replace("{year}", self.year)
        script = SCRIPT_TAG.format(base="../../", name="maps.js")
        return block + "\n" + script, map_table_html(self.map, codes, code)

    def msoa_map(self, code: str, name: str) -> tuple[str, dict[str, str]]:
        """(the settlement maps' Markdown, their tables by marker id); empty without small-area figures."""
        if code not in self.small_areas:
            return "", {}
        text, tables = msoa_maps.block(self.small_areas[code], name)
        return text + "\n" + SCRIPT_TAG.format(base="../../", name="maps.js"), tables


def write_package(docs: Path, tidy_dir: Path, figures: pd.DataFrame, tidy_result, geography, sources: dict,
                  edition: str, built_at: str, demo: bool) -> Path:
    observations_file = tidy_dir / "observations.parquet"
    observations = pd.read_parquet(observations_file) if observations_file.exists() else pd.DataFrame()
    codes = set(figures["area_code"].unique()) if not figures.empty else set()
    return edition_package.write(
        docs, edition, built_at, demo, figures=figures, observations=observations, areas=tidy_result.areas,
        code_changes=tidy_result.code_changes, sources=sources, snapshots=tidy_result.snapshots,
        names={code: geography.name(code) for code in codes}, titles={i.id: i.title for i in INDICATORS})
