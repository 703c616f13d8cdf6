"""Area codes, names and hierarchy, and what to do with figures published under old codes.

A ``Geography`` is built from the two reference tables of the ``geography`` source (areas, code
changes), or, when no reference snapshot exists, from the codes and names found in the data.

Old codes are handled in one of three ways (``resolve``):

* recoded: the area kept its extent (or moved very slightly) and only its code changed, for example
  Barnsley E08000016 -> E08000038 in 2025. Figures under the old code are carried to the new one.
* merged: the area was merged into a successor (or abolished). Figures under the old code describe
  the former area; they stay under the old code and are flagged, never split or summed blindly.
* unknown: a code that neither table knows. Kept as published and flagged.

``harmonise`` applies this to a tidy table and returns a data quality log; it never drops a row.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from migration_profiles.sources.base import AREA_COLUMNS, CODE_CHANGE_COLUMNS
from migration_profiles.sources.police_force_areas import forces
from migration_profiles.stages.sums import sum_members

AS_PUBLISHED = "as_published"
RECODED = "recoded"
MERGED = "merged"
UNKNOWN = "unknown"

COUNTRY = "country"
REGION = "region"
COUNTY = "county"
LOCAL_AUTHORITY = "local_authority"
POLICE_FORCE_AREA = "police_force_area"
OTHER = "other"

UK_CODE = "K02000001"
COUNTRY_OF_LETTER = {"E": "E92000001", "W": "W92000004", "S": "S92000003", "N": "N92000002"}

# Level of an area from the first characters of its GSS code.
_LEVEL_BY_PREFIX = {
    "K02": COUNTRY,
    "E92": COUNTRY,
    "W92": COUNTRY,
    "S92": COUNTRY,
    "N92": COUNTRY,
    "E12": REGION,
    "E10": COUNTY,
    "E11": COUNTY,
    "E06": LOCAL_AUTHORITY,
    "E07": LOCAL_AUTHORITY,
    "E08": LOCAL_AUTHORITY,
    "E09": LOCAL_AUTHORITY,
    "W06": LOCAL_AUTHORITY,
    "S12": LOCAL_AUTHORITY,
    "N09": LOCAL_AUTHORITY,
    "E23": POLICE_FORCE_AREA,
    "W15": POLICE_FORCE_AREA,
}


def level_from_code(code: str) -> str:
    """The level an area code belongs to, judged from its prefix alone ("other" when not one we use)."""
    code = str(code).strip()
    if code.startswith("K0"):
        return COUNTRY
    return _LEVEL_BY_PREFIX.get(code[:3], OTHER)


@dataclass(frozen=True)
class Area:
    area_code: str
    area_name: str
    level: str
    la_type: str = ""
    region_code: str = ""
    country_code: str = ""
    county_code: str = ""
    start_date: str = ""
    end_date: str = ""
    replaced_by: str = ""  # successor code(s), separated by ';'
    former_codes: str = ""  # earlier codes of the same area, separated by ';'


assert [f.name for f in fields(Area)] == AREA_COLUMNS  # one definition of an area, in base.py


@dataclass(frozen=True)
class Resolution:
    code: str  # the code to publish the figures under
    original_code: str  # the code as the publisher wrote it
    action: str  # as_published, recoded, merged or unknown
    note: str  # what happened, for the data quality log; "" when nothing did


@dataclass(frozen=True)
class _Recode:
    new_code: str
    year: int | None
    boundary_changed: bool


@dataclass(frozen=True)
class _Ending:
    successors: tuple[str, ...]  # empty when abolished without a named successor
    year: int | None
    date: str = ""  # the first day the area no longer existed (ISO), when known


class Geography:
    """Names, levels and parents of UK areas, and how old area codes map to current ones."""

    def __init__(
        self,
        areas: dict[str, Area],
        recodes: dict[str, _Recode] | None = None,
        endings: dict[str, _Ending] | None = None,
        *,
        from_lookup: bool = True,
        today: str = "",
    ) -> None:
        # Police force areas are known from the committed list: crime figures are published for them.
        self._areas = {**_force_areas(), **dict(areas)}
        self._recodes = dict(recodes or {})
        self._endings = dict(endings or {})
        self.from_lookup = from_lookup  # False when built from the data alone (no reference snapshot)
        self._today = today or _today()  # changes dated later than this have not happened yet
        self._known = set(self._areas) | set(self._recodes) | set(self._endings)
        self._known |= {r.new_code for r in self._recodes.values()}
        self._known |= {s for e in self._endings.values() for s in e.successors}
        # Areas merged whole into one successor, by successor: the inverse of the endings.
        self._merged_into: dict[str, list[tuple[str, int | None]]] = {}
        for old, ending in self._endings.items():
            if len(ending.successors) == 1:
                self._merged_into.setdefault(ending.successors[0], []).append((old, ending.year))

    # ----------------------------------------------------------------------------------- building

    @classmethod
    def from_tables(cls, areas: pd.DataFrame, changes: pd.DataFrame | None = None,
                    today: str = "") -> Geography:
        """Build from the ``geography`` source's tables: AREA_COLUMNS and CODE_CHANGE_COLUMNS.

        Changes dated after `today` (default: today, or SOURCE_DATE_EPOCH's day) are announced but have
        not happened: until then the old councils are current and keep their codes and figures.
        """
        missing = [c for c in AREA_COLUMNS if c not in areas.columns]
        if missing:
            raise ValueError(f"areas table lacks columns: {', '.join(missing)}")
        if changes is None or (changes.empty and len(changes.columns) == 0):
            changes = pd.DataFrame(columns=CODE_CHANGE_COLUMNS)
        missing = [c for c in CODE_CHANGE_COLUMNS if c not in changes.columns]
        if missing:
            raise ValueError(f"code changes table lacks columns: {', '.join(missing)}")

        by_code: dict[str, Area] = {}
        for record in areas[AREA_COLUMNS].fillna("").astype(str).to_dict("records"):
            record = {k: v.strip() for k, v in record.items()}
            if record["area_code"]:
                by_code[record["area_code"]] = Area(**record)

        recodes: dict[str, _Recode] = {}
        endings: dict[str, _Ending] = {}
        names: dict[str, str] = {}
        rows = changes[CODE_CHANGE_COLUMNS].to_dict("records")
        for row in sorted(rows, key=lambda r: int(r["year"])):
            old, new = _text(row["old_code"]), _text(row["new_code"])
            year = int(row["year"])
            kind = _text(row["change_type"])
            names.setdefault(old, _text(row["old_name"]))
            if new:
                names.setdefault(new, _text(row["new_name"]))
            if kind == "new_code" and new:
                recodes[old] = _Recode(new, year, boundary_changed=False)
            elif kind == "new_geo" and new and old[:3] == new[:3]:
                # Same kind of area under a new code because its boundary moved a little (Glasgow and
                # North Lanarkshire, 2019). Other new_geo rows record councils joining a combined
                # authority (E47), which changes nothing about the council's own code.
                recodes[old] = _Recode(new, year, boundary_changed=True)
            elif kind == "merger" and new:
                previous = endings.get(old)
                successors = (previous.successors if previous else ()) + (new,)
                endings[old] = _Ending(tuple(dict.fromkeys(successors)), year)
            elif kind == "termination":
                endings.setdefault(old, _Ending((), year))

        # The area list adds what the change table may lack: earlier codes of the same council, and
        # councils ended with a named successor.
        for area in by_code.values():
            for former in _split(area.former_codes):
                if former != area.area_code and former not in recodes and former not in endings:
                    if former not in by_code or by_code[former].end_date:
                        recodes[former] = _Recode(area.area_code, None, boundary_changed=True)
            successors = tuple(_split(area.replaced_by))
            year = _year_of(area.end_date)
            if area.area_code in recodes:
                continue
            ending = endings.get(area.area_code)
            if ending is not None and not ending.successors and successors:
                endings[area.area_code] = _Ending(successors, ending.year or year)
            elif ending is None and area.end_date:
                endings[area.area_code] = _Ending(successors, year)

        today = today or _today()
        endings = {code: replace(ending, date=_abolished_on(by_code.get(code), ending.year))
                   for code, ending in endings.items()}
        endings = {code: ending for code, ending in endings.items() if ending.date <= today}
        recodes = {code: r for code, r in recodes.items() if not r.year or f"{r.year}-04-01" <= today}
        # A code that only changed keeps its place: where the list does not yet know the new code,
        # the new code inherits the old area's name and parents.
        for old in recodes:
            final = _follow(recodes, old)
            source = by_code.get(old)
            if final not in by_code and source is not None:
                former = ";".join(dict.fromkeys([*_split(source.former_codes), old]))
                by_code[final] = replace(
                    source, area_code=final, former_codes=former, end_date="", replaced_by=""
                )
        # Old codes the list lacks get their name from the change table and their parents from the
        # area they became, so that a flagged figure can still be labelled.
        for code, name in names.items():
            if code in by_code or not name or level_from_code(code) == OTHER:
                continue
            area = _area_from_code(code, name)
            if code in recodes:
                parent = by_code.get(_follow(recodes, code))
            elif code in endings and endings[code].successors:
                parent = by_code.get(endings[code].successors[0])
            else:
                parent = None
            if parent is not None and parent.level == area.level:
                area = replace(
                    area,
                    region_code=parent.region_code,
                    country_code=parent.country_code,
                    county_code=parent.county_code,
                )
            by_code[code] = area
        return cls(by_code, recodes, endings, today=today)

    @classmethod
    def fallback_from_observations(cls, obs: pd.DataFrame) -> Geography:
        """A geography known only from the data: codes and names, level and country from the code."""
        areas: dict[str, Area] = {}
        if {"area_code", "area_name"} <= set(obs.columns):
            pairs = obs[["area_code", "area_name"]].drop_duplicates()
            for code, name in pairs.itertuples(index=False):
                code = _text(code)
                if code and code not in areas:
                    areas[code] = _area_from_code(code, _text(name))
        return cls(areas, from_lookup=False)

    # ------------------------------------------------------------------------------------ lookups

    def area(self, code: str) -> Area | None:
        return self._areas.get(_text(code))

    def name(self, code: str) -> str:
        """The area's name; the code itself when the area is not known."""
        area = self.area(code)
        return area.area_name if area and area.area_name else _text(code)

    def level(self, code: str) -> str:
        area = self.area(code)
        return area.level if area and area.level else level_from_code(code)

    def is_local_authority(self, code: str) -> bool:
        return self.level(code) == LOCAL_AUTHORITY

    def region_of(self, code: str) -> str:
        """E12 code for an English area, the nation's code elsewhere; "" when not known."""
        area = self.area(code)
        if area is not None:
            return area.region_code
        return ""

    def country_of(self, code: str) -> str:
        area = self.area(code)
        if area is not None and area.country_code:
            return area.country_code
        return COUNTRY_OF_LETTER.get(_text(code)[:1], "")

    def comparators(self, code: str) -> list[str]:
        """Areas to compare with: the region, then the country, each once, never the area itself."""
        code = _text(code)
        out: list[str] = []
        for candidate in (self.region_of(code), self.country_of(code)):
            if candidate and candidate != code and candidate not in out:
                out.append(candidate)
        return out

    def local_authorities(self, include_ended: bool = False) -> list[Area]:
        """Local authorities sorted by name (then code); those with an end date only when asked."""
        found = [a for a in self._areas.values()
                 if a.level == LOCAL_AUTHORITY and (include_ended or not self.has_ended(a.area_code))]
        return sorted(found, key=lambda a: (a.area_name.casefold(), a.area_code))

    def areas(self) -> list[Area]:
        return sorted(self._areas.values(), key=lambda a: a.area_code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip() in self._known

    def predecessors_in(self, code: str, year: int) -> tuple[str, ...]:
        """The areas that existed in `year` and were later merged, whole, into `code`; () when none.

        Cumberland (2023) -> Allerdale, Carlisle and Copeland for 2021. A predecessor that was itself
        created after `year` is replaced by its own predecessors. An area split between several
        successors is never counted: no part of it can be said to lie wholly in one of them. Only
        areas of the same level count: a county council abolished with its districts covers them.
        """
        found: list[str] = []
        for old, merged in sorted(self._merged_into.get(_text(code), [])):
            if merged is None or merged <= year or self.level(old) != self.level(code):
                continue  # merged before `year`, figures for `year` already describe `code`; or a county
            found.extend(self.predecessors_in(old, year) or (old,))
        return tuple(dict.fromkeys(found))

    def has_ended(self, code: str) -> bool:
        """True for an area abolished, merged or given a new code: one that is not a current area."""
        code = _text(code)
        area = self.area(code)
        ended = bool(area and area.end_date and _abolished_on(area, None) <= self._today)
        return code in self._endings or code in self._recodes or ended

    def abolished_on(self, code: str) -> str:
        """The first day (ISO) an ended area no longer existed; "" when it has not ended or is not known."""
        ending = self._endings.get(_text(code))
        return ending.date if ending else ""

    def successor_on(self, code: str, day: str) -> str:
        """The area a figure dated `day` and filed under `code` belongs to.

        `code` itself while the area existed; after it was merged whole into one successor of the same
        level, that successor (followed through later mergers and new codes); "" when the area was
        split, abolished without a successor, or replaced by an area of another level (a county by a
        unitary council): no current area can take such a figure whole.
        """
        code, seen = _text(code), set()
        while code in self._endings and code not in seen:
            seen.add(code)
            ending = self._endings[code]
            if not ending.date or str(day) < ending.date:
                return code
            if len(ending.successors) != 1 or level_from_code(ending.successors[0]) != level_from_code(code):
                return ""
            code = _follow(self._recodes, ending.successors[0])
        return code

    def merged_parts(self, code: str) -> tuple[str, ...]:
        """The areas of the same level merged whole into `code`, each once, in code order."""
        return tuple(sorted({old for old, _ in self._merged_into.get(_text(code), [])
                             if self.level(old) == self.level(code)}))

    def merged_year(self, code: str) -> int | None:
        """The year the areas merged into `code` ended (the year it was created), when known."""
        years = [year for _, year in self._merged_into.get(_text(code), []) if year]
        return max(years) if years else None

    # --------------------------------------------------------------------------------- old codes

    def resolve(self, code: str) -> Resolution:
        original = _text(code)
        current = original
        steps: list[tuple[str, _Recode]] = []
        seen = {current}
        while current in self._recodes:
            recode = self._recodes[current]
            steps.append((current, recode))
            current = recode.new_code
            if current in seen:  # a cycle in the tables: stop rather than loop
                break
            seen.add(current)

        if current in self._endings:
            note = self._ending_note(current)
            if steps:
                note = self._recode_note(original, steps) + " " + note
            return Resolution(current, original, MERGED, note)
        if steps:
            return Resolution(current, original, RECODED, self._recode_note(original, steps))
        if original in self._known:
            return Resolution(original, original, AS_PUBLISHED, "")
        return Resolution(original, original, UNKNOWN, f"{original} is not in the geography lookup.")

    def _label(self, code: str) -> str:
        name = self.name(code)
        return f"{name} ({code})" if name != code else code

    def _recode_note(self, original: str, steps: list[tuple[str, _Recode]]) -> str:
        parts = []
        for old, recode in steps:
            when = f" in {recode.year}" if recode.year else ""
            how = " after a small boundary change" if recode.boundary_changed else ""
            parts.append(f"{old} became {recode.new_code}{when}{how}")
        final = steps[-1][1].new_code
        return f"{self.name(final)}: " + "; ".join(parts) + ". Figures are shown under the current code."

    def _ending_note(self, code: str) -> str:
        return f"{self._label(code)} {self._ending_phrase(code)}. " + (
            "Its figures describe the former area; they cannot be split between, or added to, "
            "current areas without care."
        )

    def _ending_phrase(self, code: str, depth: int = 0) -> str:
        ending = self._endings[code]
        when = f" in {ending.year}" if ending.year else ""
        if not ending.successors:
            return f"was abolished{when}"
        phrase = f"merged into {' and '.join(self._label(s) for s in ending.successors)}{when}"
        onward = [s for s in ending.successors if s in self._endings and s != code]
        if onward and depth < 5:
            phrase += ", which in turn " + self._ending_phrase(onward[0], depth + 1)
        return phrase

    def harmonise(self, obs: pd.DataFrame, source_id: str = "",
                  additive: set[tuple[str, str]] | None = None) -> tuple[pd.DataFrame, list[dict]]:
        """Carry figures under changed codes to the current code; flag merged and unknown codes.

        Returns a copy of ``obs`` with ``area_code`` replaced where the area was only recoded and a
        column ``original_code`` (the code as published), and a log with one entry per source and
        code that was not published under a current code. An area abolished on a date keeps no figure
        dated on or after it: such rows of `additive` (source id, measure) pairs are added to the
        successor's where the area was merged whole into one; the others leave the table, each
        source and code with a log entry (see ``_after_abolition``). No other row is dropped.
        """
        out = obs.copy()
        # Each distinct code is cleaned and resolved once; the column is then mapped through a dict,
        # which pandas does in C rather than calling Python once per row.
        published = out["area_code"]
        cleaned = {code: _text(code) for code in published.unique()}
        codes = published.map(cleaned) if any(k != v for k, v in cleaned.items()) else published.astype(str)
        resolutions = {code: self.resolve(code) for code in set(cleaned.values())}
        out["original_code"] = codes
        out["area_code"] = codes.map({code: r.code for code, r in resolutions.items()})
        out, log = self._after_abolition(out, source_id, additive or set())
        flagged = {c: r for c, r in resolutions.items() if r.action != AS_PUBLISHED}
        if not flagged:
            return out, log
        # The set is built once: inside the comprehension it was rebuilt from every row for each code.
        remaining = set(out["original_code"].unique())
        flagged = {c: r for c, r in flagged.items() if c in remaining}
        if "source_id" in out.columns:
            source_ids = out["source_id"].map({s: _text(s) for s in out["source_id"].unique()})
            groups = out.groupby([source_ids, out["original_code"]], sort=True).size()
            counts = {(s, c): int(n) for (s, c), n in groups.items() if c in flagged}
        else:
            sizes = out["original_code"].value_counts()
            counts = {(source_id, c): int(sizes[c]) for c in sorted(flagged)}

        clashes = self._clashes(out, [c for c, r in flagged.items() if r.action == RECODED])
        for (sid, code), rows in sorted(counts.items()):
            resolution = flagged[code]
            note = resolution.note
            if clashes.get(code):
                note += (
                    f" {clashes[code]} of these rows share area, period and measure with rows published "
                    f"under {resolution.code}: check for double counting."
                )
            log.append(
                {
                    "source_id": sid or source_id,
                    "area_code": code,
                    "action": resolution.action,
                    "note": note,
                    "rows": rows,
                }
            )
        return out, log

    def _after_abolition(self, out: pd.DataFrame, source_id: str,
                         additive: set[tuple[str, str]]) -> tuple[pd.DataFrame, list[dict]]:
        """Rows a source still files under an abolished area's code for dates on or after its abolition.

        They never stay under the old code (a council that no longer exists has no figure, not even 0,
        and is never ranked). A count of an area merged whole into one successor is added to the
        successor's figure for the same source, file, measure and period (North Yorkshire's resettled
        refugees for July to September 2023 include those filed under Hambleton and Scarborough). Any
        other row (a rate, or an area split between several councils) is removed and logged.
        """
        ends = {code: ending.date for code, ending in self._endings.items() if ending.date}
        if not ends or "period_end" not in out.columns or out.empty:
            return out, []
        # Only the rows of areas that ended are compared with their end, not every row of the table.
        ended = out["area_code"].isin(ends).to_numpy()
        if not ended.any():
            return out, []
        day = out.loc[ended, "period_end"].astype(str)
        late = np.zeros(len(out), dtype=bool)
        late[ended] = (day >= out.loc[ended, "area_code"].map(ends)).to_numpy()
        late = pd.Series(late, index=out.index)
        if not late.any():
            return out, []
        # Each distinct source id cleaned once, not once a row (a Python call for every observation).
        sources = (out["source_id"].map({s: _text(s) for s in out["source_id"].unique()})
                   if "source_id" in out.columns else pd.Series(source_id, out.index))
        dated = list(zip(out.loc[late, "area_code"], day[late[ended].to_numpy()], strict=True))
        pairs = {pair: self.successor_on(*pair) for pair in set(dated)}
        target = pd.Series([pairs[pair] for pair in dated], index=out.index[late])
        counts = pd.Series(list(zip(sources[late], out.loc[late, "measure"], strict=True)),
                           index=target.index).isin(additive) if "measure" in out.columns else False
        movable = target[(target != "") & counts]
        dropped = out.loc[late].drop(index=movable.index)
        log = [self._late_entry(sid or source_id, code, int(n), "") for (sid, code), n in
               dropped.groupby([sources[dropped.index], dropped["original_code"]]).size().items()]
        moved = out.loc[movable.index].assign(area_code=movable, area_name=movable.map(self.name))
        groups = moved.groupby([sources[moved.index], moved["original_code"], moved["area_code"]]).size()
        for (sid, code, successor), n in groups.items():
            log.append(self._late_entry(sid or source_id, code, int(n), successor))
            # The successor's page says so too: its figures include rows filed under another code.
            log.append({"source_id": sid or source_id, "area_code": successor, "action": "received",
                        "rows": int(n),
                        "note": f"{int(n)} row(s) filed under the code of {self._label(code)} after it ended "
                                f"on {self.abolished_on(code)} are counted in this council's figures."})
        keep = ~late.to_numpy()  # the same rows as dropping the late ones by label, without an index lookup
        if moved.empty:
            return out[keep].reset_index(drop=True), log
        keys = [c for c in out.columns if c not in ("area_code", "area_name", "value", "ci_lower", "ci_upper",
                                                    "status", "original_code")]
        # Only rows of the successors can match: the merge is made over those, not the whole table. The
        # kept rows are picked from the table once, those touched or not (the kept ones as a table of
        # their own were the whole table copied twice).
        touched = keep & out["area_code"].isin(moved["area_code"].unique()).to_numpy()
        touched[touched] = out[touched].merge(
            moved[["area_code", *keys]].drop_duplicates(), on=["area_code", *keys], how="left",
            indicator=True)["_merge"].eq("both").to_numpy()
        parts = pd.concat([out[touched], moved])
        summed = sum_members(parts, {c: c for c in parts["area_code"].unique()}, None, keys)
        summed = summed.drop(columns="complete").assign(
            area_name=summed["area_code"].map(self.name), original_code=summed["area_code"])
        combined = pd.concat([out[keep & ~touched], summed.reindex(columns=out.columns)], ignore_index=True)
        return combined, log

    def _late_entry(self, source_id: str, code: str, rows: int, successor: str) -> dict:
        when = self.abolished_on(code)
        if successor:
            action = "moved to successor"
            note = (f"{self._label(code)} ended on {when}: {rows} row(s) dated on or after that day, still "
                    f"filed under its code, are counted in {self._label(successor)}'s figures.")
        else:
            action = "removed after abolition"
            note = (f"{self._label(code)} ended on {when}: {rows} row(s) dated on or after that day, still "
                    f"filed under its code, are not shown, because no single current area took it over "
                    f"whole or the figures cannot be added up.")
        return {"source_id": source_id, "area_code": code, "action": action, "note": note, "rows": rows}

    @staticmethod
    def _clashes(out: pd.DataFrame, recoded: list[str]) -> dict[str, int]:
        keys = [c for c in ("source_id", "period_label", "period_start", "period_end", "measure") if c in out]
        if not recoded or "measure" not in keys:
            return {}
        # Only the columns compared, and only rows of the areas that codes were moved to: the whole
        # table filtered twice cost most of harmonise's time.
        columns = out[["area_code", "original_code", *keys]]
        is_moved = columns["original_code"].isin(recoded)
        moved = columns[is_moved]
        kept = columns[~is_moved & columns["area_code"].isin(moved["area_code"].unique())]
        merged = moved.merge(kept[["area_code", *keys]].drop_duplicates(), on=["area_code", *keys],
                             how="inner")
        return {str(k): int(v) for k, v in merged["original_code"].value_counts().items()}

    def to_frame(self) -> pd.DataFrame:
        """The areas as an AREA_COLUMNS table."""
        return pd.DataFrame([asdict(a) for a in self.areas()], columns=AREA_COLUMNS)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _split(value: str) -> list[str]:
    return [part.strip() for part in str(value or "").replace(",", ";").split(";") if part.strip()]


def _today() -> str:
    """Today's date (ISO), or the day of SOURCE_DATE_EPOCH when set, so that a build can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return (datetime.fromtimestamp(int(epoch), UTC).date() if epoch else datetime.now(UTC).date()).isoformat()


def _abolished_on(area: Area | None, year: int | None) -> str:
    """The first day an ended area no longer existed. Reorganisations take effect on 1 April: the list's
    end date is that day (some lists give the day before, 31 March); the change table gives only the year."""
    end = _text(area.end_date) if area is not None else ""
    if end.endswith("-03-31"):
        return f"{end[:4]}-04-01"
    if end:
        return end
    return f"{year}-04-01" if year else ""


def _year_of(date: str) -> int | None:
    date = _text(date)
    return int(date[:4]) if len(date) >= 4 and date[:4].isdigit() else None


def _follow(recodes: dict[str, _Recode], code: str) -> str:
    seen = {code}
    while code in recodes:
        code = recodes[code].new_code
        if code in seen:
            break
        seen.add(code)
    return code


def _force_areas() -> dict[str, Area]:
    return {code: Area(area_code=code, area_name=force.name, level=POLICE_FORCE_AREA,
                       country_code=COUNTRY_OF_LETTER[code[0]]) for code, force in forces().items()}


def _area_from_code(code: str, name: str) -> Area:
    level = level_from_code(code)
    letter = code[:1]
    if level == COUNTRY:
        country = code
        region = ""
    else:
        country = COUNTRY_OF_LETTER.get(letter, "")
        if level == REGION:
            region = code
        elif letter in ("W", "S", "N"):
            region = country  # outside England the nation stands in for the region
        else:
            region = ""
    return Area(area_code=code, area_name=name, level=level, region_code=region, country_code=country)
