"""The edition's data as one zip: every tidy table and every published indicator as CSV, described by a
Frictionless Data Package descriptor (datapackage.json, https://datapackage.org/).

What goes in:
- indicators.csv: every published figure of every area (after publish.py's rules, as the pages show);
- tidy/<source>.csv: the figures each public source publishes, as read from its files, one table per
  source. Sources that are not public never go in: their figures reach readers only through
  publish(), which withholds small numbers;
- areas.csv and code_changes.csv: the reference geography the figures are keyed on.
The descriptor is written here rather than with the `frictionless` package, which is not needed to
read or write one; tests check it against the Data Package rules it must meet.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from migration_profiles.render.spreadsheet_safe import FORMULA_STARTS, starts_like_formula
from migration_profiles.sources.base import PUBLIC, Source
from migration_profiles.util import atomic

PROFILE = "tabular-data-package"
FORMULA = re.compile("^[" + re.escape("".join(FORMULA_STARTS)) + "]")  # the same starts, by column
_NAME = re.compile(r"[^a-z0-9._-]+")


def file_name(edition: str) -> str:
    return f"migration-profiles-{edition}.zip"


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with formula-like cells given a leading apostrophe: spreadsheet_safe's rule, by column."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            # A text column holds a few hundred distinct texts (codes, periods, statuses) in hundreds of
            # thousands of rows: when none of those starts like a formula, no row needs looking at (a
            # pattern matched on every row was a sixth of writing the package).
            if out[column].dtype != object and not any(map(starts_like_formula, out[column].unique())):
                continue
            text = out[column].astype("string")
            risky = text.str.match(FORMULA).fillna(False).astype(bool)
            if risky.any():
                out[column] = text.where(~risky, "'" + text)
    return out


def _field_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "string"


def _resource(name: str, path: str, frame: pd.DataFrame, title: str, description: str,
              sources: list[dict]) -> dict:
    fields = [{"name": str(column), "type": _field_type(frame[column])} for column in frame.columns]
    return {
        "name": _NAME.sub("-", name.lower()),
        "path": path,
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": {"fields": fields, "missingValues": [""]},
        "sources": sources,
    }


def _source_ref(source: Source, snapshots: dict) -> dict:
    snap = snapshots.get(source.id, {})
    date = snap.get("release_date") or ""
    published = f"published {date}" if date else "publication date not known"
    return {"title": f"{source.title} ({source.publisher}), release {snap.get('release', 'unknown')}, "
                     f"{published}",
            "path": source.landing_page}


def tables(figures: pd.DataFrame, observations: pd.DataFrame, areas: pd.DataFrame, code_changes: pd.DataFrame,
           sources: dict[str, Source], snapshots: dict, names: dict[str, str],
           titles: dict[str, str]) -> list[tuple[dict, pd.DataFrame]]:
    """(resource descriptor, table) for every file of the package."""
    published = figures.assign(
        area_name=figures["area_code"].map(names).fillna(""),
        indicator_title=figures["indicator_id"].map(titles).fillna(""))
    first = ["area_code", "area_name", "indicator_id", "indicator_title"]
    published = published[first + [c for c in published.columns if c not in first]]
    used = sorted(published["source_id"].unique()) if not published.empty else []
    found = [(_resource("indicators", "indicators.csv", published, "Published indicators",
                        "Every published figure of every area, rounded and withheld as on the site.",
                        [_source_ref(sources[s], snapshots) for s in used if s in sources]),
              published)]
    public = [sid for sid, s in sorted(sources.items()) if s.classification == PUBLIC]
    by_source = _by_source(observations)
    for sid in public:
        rows = by_source.get(sid)
        if rows is None:
            continue
        found.append((_resource(f"tidy-{sid}", f"tidy/{sid}.csv", rows.reset_index(drop=True),
                                f"{sources[sid].title}: tidy table",
                                "The figures as the publisher released them, one row per area, period and "
                                "measure, with the reason for every missing value.",
                                [_source_ref(sources[sid], snapshots)]), rows))
    reference = (("areas", areas, "Areas"), ("code_changes", code_changes, "Area code changes"))
    for name, frame, title in reference:
        if not frame.empty:
            found.append((_resource(name, f"{name}.csv", frame, title,
                                    "Reference geography the figures are keyed on.", []), frame))
    return found


def _by_source(observations: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each source's rows of the tidy table, in the table's order. The tidy stage writes a source's rows
    together, and one run of rows is a slice of the table, which copies nothing: a mask for each source
    copied every column of the rows it picked (a sixth of writing the package)."""
    if observations.empty:
        return {}
    found = {}
    for sid, rows in observations.groupby("source_id", sort=False).indices.items():
        first, last = int(rows[0]), int(rows[-1])
        found[sid] = (observations.iloc[first:last + 1] if last - first + 1 == len(rows)
                      else observations.iloc[rows])
    return found


def descriptor(edition: str, built_at: str, demo: bool, resources: list[dict]) -> dict:
    return {
        "profile": PROFILE,
        "name": _NAME.sub("-", f"local-migration-profiles-{edition}".lower()),
        "title": f"Local Migration Profiles, edition {edition}" + (" (demonstration data)" if demo else ""),
        "description": ("Every tidy table and published indicator of this edition, as CSV."
                        + (" Demonstration data: every figure is invented." if demo else "")),
        "version": edition,
        "created": built_at,
        "licenses": [{"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                      "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}],
        "resources": resources,
    }


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a header row; empty cells for missing values. Written by Arrow's CSV
    writer, several times quicker than pandas' on the hundreds of thousands of rows of a full edition."""
    table = pa.Table.from_pandas(_neutralised(frame), preserve_index=False)
    sink = io.BytesIO()
    options = pa_csv.WriteOptions(include_header=True, quoting_style="needed")
    pa_csv.write_csv(table, sink, write_options=options)
    return sink.getvalue()


def build_zip(edition: str, built_at: str, demo: bool, found: list[tuple[dict, pd.DataFrame]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3) as archive:
        for resource, frame in found:
            archive.writestr(resource["path"], csv_bytes(frame))
        meta = descriptor(edition, built_at, demo, [r for r, _ in found])
        archive.writestr("datapackage.json", json.dumps(meta, indent=1, ensure_ascii=False))
    return out.getvalue()


def write(docs: Path, edition: str, built_at: str, demo: bool, **inputs) -> Path:
    """Write the edition's zip into docs/data/ and return its path."""
    path = docs / "data" / file_name(edition)
    atomic.write_bytes(path, build_zip(edition, built_at, demo, tables(**inputs)))
    return path
