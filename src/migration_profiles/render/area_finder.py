"""The small index behind "Find an area": every area with a page, and every former council that
leads to one, written once per build as JSON (not MkDocs' search index, which holds no profiles).

A reader who types a council that has since merged ("Harrogate") is taken to its successor's page
and told that it merged. Names are matched in the browser ignoring accents and punctuation.
"""

from __future__ import annotations

import json
from pathlib import Path

from migration_profiles.util import atomic

INDEX_PATH = Path("assets") / "area-index.json"
ENDED = ("merged", "recoded")  # Geography.resolve actions for a code that now lives under another


def former_councils(geography, written: set[str]) -> list[dict]:
    """Local authorities that no longer exist, each with the area with a page that took it over."""
    found = []
    for area in geography.local_authorities(include_ended=True):
        code = area.area_code
        if code in written:
            continue
        resolution = geography.resolve(code)
        if resolution.action not in ENDED and not area.end_date:
            continue
        # A recoded area lives on under its new code; a merged one names its successor (only when it
        # went whole into one area can a reader be sent there).
        replaced_by = [c.strip() for c in area.replaced_by.split(";") if c.strip()]
        successor = resolution.code if resolution.code != code else (
            replaced_by[0] if len(replaced_by) == 1 else "")
        found.append({
            "code": code,
            "name": area.area_name,
            "recoded": resolution.action == "recoded",  # the same area under a new code
            "ended": area.end_date[:4] if area.end_date else "",
            "successor": successor if successor in written else "",
            "successor_name": geography.name(successor) if successor in written else "",
        })
    return found


def index_entries(areas: list[dict], former: list[dict]) -> list[dict]:
    """Short keys keep the file small: n name, c code, p page, r region; for a former council f the
    area that took it over, y the year it ended, k "code" when only its code changed."""
    entries = [{"n": a["name"], "c": a["code"], "p": f"areas/{a['code']}/",
                "r": (a.get("region") or a.get("country") or {}).get("name", "")} for a in areas]
    for old in former:
        if old["successor"]:
            entries.append({"n": old["name"], "c": old["code"], "p": f"areas/{old['successor']}/",
                            "f": old["successor_name"], "y": old["ended"],
                            **({"k": "code", "s": old["successor"]} if old["recoded"] else {})})
    return entries


def write_index(docs: Path, areas: list[dict], geography) -> None:
    former = former_councils(geography, {a["code"] for a in areas})
    text = json.dumps(index_entries(areas, former), ensure_ascii=False, separators=(",", ":"))
    atomic.write_text(docs / INDEX_PATH, text)
