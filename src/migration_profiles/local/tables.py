"""Published local cells -> the tables an area's page and PDF show, one block per dataset.

Reads only what publish_local() returns (protected cells: a number or the withheld marker), so
nothing here can show a count that disclosure control held back.
"""

from __future__ import annotations

from migration_profiles.local import codes, kinds
from migration_profiles.local.validate import SUBAREA
from migration_profiles.util.periods import local_phrase

HEADINGS = {
    SUBAREA: "Ward or MSOA",
    "country_of_birth": "Country of birth",
    "nationality": "Nationality",
    "main_language": "Main language",
    "migrant_type": "Migrant type",
    "age_band": "Age band",
    "sex": "Sex",
    "service_category": "Service category",
}
DIMENSIONS = [SUBAREA, *kinds.CATEGORIES]
ALL = "All"
WHOLE_COUNCIL = "Whole council"
CAPTIONS = {SUBAREA: "ward or MSOA"}
# What a page or PDF says about mapping small-area figures (render/local_maps.py draws MSOA maps).
NO_WARD_MAP = ("There is no map of the ward figures: this edition holds no ward boundaries, and shapes are "
               "never made up. The table gives every ward.")
MSOA_MAP_ON_WEB = ("The table gives every MSOA figure; the web page also maps them where this edition holds "
                   "the MSOA boundaries.")


def _label(column: str, value: str, subareas: dict[str, str]) -> str:
    if column == SUBAREA:
        return f"{subareas.get(value, value)} ({value})"
    coded = codes.for_category(column)
    if coded and value in coded.codes:
        return coded.names[coded.codes.index(value)]
    return value


def _order(label: tuple[str, ...]) -> tuple:
    return tuple((part in kinds.RESIDUAL, part) for part in label)


def area_blocks(datasets: list[dict], subareas: dict[str, str]) -> dict[str, list[dict]]:
    """{council code: [block]}: each dataset's latest period for the council, as tables."""
    out: dict[str, list[dict]] = {}
    for ds in datasets:
        cells = ds["cells"]
        for area, group in cells.groupby(kinds.AREA, sort=True):
            period = max(group[kinds.PERIOD])
            latest = group[group[kinds.PERIOD] == period]
            out.setdefault(str(area), []).append(_block(ds, period, latest, subareas))
    return out


def _block(ds: dict, period: str, cells, subareas: dict[str, str]) -> dict:
    by_dims: dict[tuple, list] = {}
    total = None
    for row in cells.to_dict("records"):
        dims = tuple(d for d in DIMENSIONS if row[d])
        if not dims:
            total = row["shown"]
            continue
        labels = tuple(_label(d, row[d], subareas) for d in dims)
        by_dims.setdefault(dims, []).append((labels, row["shown"]))
    tables, mapped = [], []
    for row in cells.to_dict("records"):  # each small area's total, as shown: what a map can shade
        if row[SUBAREA] and not any(row[c] for c in kinds.CATEGORIES):
            mapped.append({"code": row[SUBAREA], "name": subareas.get(row[SUBAREA], row[SUBAREA]),
                           "level": row[kinds.LEVEL], "shown": row["shown"],
                           "withheld": bool(row["withheld"]),
                           "value": None if row["withheld"] else float(row["value"])})
    levels = {m["level"] for m in mapped}
    notes = ([MSOA_MAP_ON_WEB] if "msoa" in levels else []) + ([NO_WARD_MAP] if "ward" in levels else [])
    for dims, rows in by_dims.items():
        rows = sorted(rows, key=lambda r: _order(r[0]))
        if total is not None and len(dims) == 1:
            # Beside wards or MSOAs the total is the council's, which they may not cover whole.
            rows.append(((WHOLE_COUNCIL if dims == (SUBAREA,) else ALL,), total))
        caption = " and ".join(CAPTIONS.get(d, HEADINGS[d].lower()) for d in dims)
        tables.append(
            {
                "caption": f"{ds['title']}, {period}, by {caption}",
                "columns": [HEADINGS[d] for d in dims],
                "rows": [{"labels": list(labels), "shown": shown} for labels, shown in rows],
                "subarea": SUBAREA in dims,
            }
        )
    if not tables and total is not None:
        tables.append(
            {
                "caption": f"{ds['title']}, {period}",
                "columns": ["Area"],
                "rows": [{"labels": [ALL], "shown": total}],
                "subarea": False,
            }
        )
    return {
        "title": ds["title"],
        "provider": ds["provider"],
        "period": period,
        "received": ds["received"],
        "classification": ds["classification"],
        "caveat": ds["caveat"],
        "footnotes": ds["footnotes"],
        "tables": tables,
        "has_subareas": any(t["subarea"] for t in tables),
        "dataset": ds["dataset"],
        "kind": ds.get("kind", ""),
        "period_words": local_phrase(period),
        "public": [],  # public figures for the same period (render/local_links.py)
        "subareas": sorted(mapped, key=lambda m: m["code"]),
        "map": "",  # the web page's map (render/local_maps.py), when the boundaries are held
        "map_note": " ".join(notes),
    }
