"""DfE school census: pupils by first language, the Explore Education Statistics data set."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .councils import authorities_of
from .draws import noise, split_total
from .facts import REAL_EAL, Facts, Hierarchy, iter_rows
from .population import MYE_LAST_YEAR, Components, Traits
from .writers import csv_bytes

SNAPSHOT = ("dfe_eal", "demo-2021-22", "2022-06-09")
EAL_FILE = "spc_pupils_ethnicity_and_language.csv.gz"
EAL_META_FILE = "spc_pupils_ethnicity_and_language.meta.csv"
EES_ALL = "Total"  # EES's word for 'all' in each filter
EAL_LANGUAGE = "Known or believed to be other than English"
ENGLISH_LANGUAGE = "Known or believed to be English"
UNKNOWN_LANGUAGE = "Language unclassified"
WHITE_BRITISH = "White - White British"
# School type -> (share of an authority's pupils, its EAL share relative to all types together, odds that
# an authority has pupils of that type at all).
EAL_PHASES = {
    "State-funded nursery": (0.005, 1.1, 0.6),
    "State-funded primary": (0.555, 1.06, 1.0),
    "State-funded secondary": (0.42, 0.92, 1.0),
    "State-funded special school": (0.016, 0.8, 1.0),
    "Non-maintained special school": (0.0006, 0.6, 0.4),
    "Pupil referral unit": (0.0017, 0.7, 0.85),
}
# The EES companion metadata, in our words where EES has words: one row per filter and indicator.
EAL_META_HEADER = [
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
]
EAL_META = [
    ["phase_type_grouping", "Filter", "School type", "", "", "", "Filter by type of school", ""],
    ["ethnicity", "Filter", "Ethnicity", "", "", "", "Filter by ethnic group", ""],
    ["language", "Filter", "First language", "", "", "", "Filter by first language", ""],
    ["headcount", "Indicator", "Headcount", "Pupil counts", "", "0", "", ""],
    ["percent_of_pupils", "Indicator", "Percent", "Pupil counts", "", "1", "", ""],
]
EES_LEVELS = ("Local authority", "Regional", "National")


@dataclass
class EalLayout:
    header: list[str]
    periods: list[str]  # '201516', ..., oldest first
    phases: list[str]  # school types other than 'Total'
    ethnicities: list[str]  # ethnic groups other than 'Total'
    languages: list[str]  # first-language groups other than 'Total'
    regions: dict[str, str]  # code -> name
    authorities: list[tuple[str, str, str, str]]  # (old code, name, new code, region code)
    published: dict[str, list[str]]  # new code -> the periods the authority is published for


def read_eal_layout(realdata: Path) -> EalLayout:
    rows = iter_rows(realdata / REAL_EAL)  # 150,000 rows: read as they come
    header = next(rows)
    at = {name: i for i, name in enumerate(header)}
    filters = ("time_period", "phase_type_grouping", "ethnicity", "language")
    seen: dict[str, set[str]] = {column: set() for column in filters}
    authorities: set[tuple[str, ...]] = set()
    regions: dict[str, str] = {}
    published: dict[str, set[str]] = {}
    for r in rows:
        for column in filters:
            seen[column].add(r[at[column]])
        if r[at["geographic_level"]] == EES_LEVELS[0]:
            authorities.add(tuple(r[at[k]] for k in ("old_la_code", "la_name", "new_la_code", "region_code")))
            regions[r[at["region_code"]]] = r[at["region_name"]]
            published.setdefault(r[at["new_la_code"]], set()).add(r[at["time_period"]])
    layout = EalLayout(
        header=header,
        periods=sorted(seen["time_period"]),
        phases=sorted(seen["phase_type_grouping"] - {EES_ALL}),
        ethnicities=sorted(seen["ethnicity"] - {EES_ALL}),
        languages=sorted(seen["language"] - {EES_ALL}),
        regions=dict(sorted(regions.items())),
        authorities=sorted(authorities),
        published={code: sorted(periods) for code, periods in published.items()},
    )
    if (
        set(layout.phases) != set(EAL_PHASES)
        or layout.languages != sorted([EAL_LANGUAGE, ENGLISH_LANGUAGE, UNKNOWN_LANGUAGE])
        or WHITE_BRITISH not in layout.ethnicities
    ):
        raise SystemExit(
            "make_sample_data: the real EES file has other school types, languages or ethnic groups"
        )
    return layout


def _ees_percent(count: int, total: int) -> str:
    """As EES writes an unrounded percentage: up to ten significant figures, '100' for all."""
    return format(100 * count / total, ".10g") if total else "0"


def _add_counts(target: dict[str, int], source: dict[str, int]) -> None:
    for key, count in source.items():
        target[key] = target.get(key, 0) + count


# period -> school type -> first-language group -> pupils, for one area
EalCounts = dict[str, dict[str, dict[str, int]]]
EalArea = tuple[str, str, str, str, str]  # (geographic level, region code, old code, name, new code)


def _eal_authorities(
    layout: EalLayout, facts: Facts, hierarchy: Hierarchy, comps: Components, traits: Traits, rng
) -> dict[EalArea, EalCounts]:
    """Each authority's pupils, in the years the real file lists it, from its 2021 authorities."""
    index = {code: i for i, code in enumerate(comps.lads)}
    pupils = comps.population(MYE_LAST_YEAR) * rng.uniform(0.13, 0.17, len(index))
    share_2021 = traits.nonuk_share * (1 + traits.share_growth) ** 10 * rng.uniform(1.0, 1.5, len(index))
    eal = pupils * np.clip(share_2021, 0.004, 0.8)
    last = int(layout.periods[-1][:4]) + 1
    areas: dict[EalArea, EalCounts] = {}
    for old, name, new, region in layout.authorities:
        parts = authorities_of(new, hierarchy, facts)
        rows, fraction = np.array([index[c] for c, _ in parts]), np.array([f for _, f in parts])
        base = float((pupils[rows] * fraction).sum())
        share = float((eal[rows] * fraction).sum()) / base
        phases = [p for p in layout.phases if rng.random() < EAL_PHASES[p][2]]
        mix = {p: EAL_PHASES[p][0] * float(noise(rng, 0.1)) for p in phases}
        unknown = rng.uniform(0.001, 0.006)
        by_period = areas.setdefault((EES_LEVELS[0], region, old, name, new), {})
        for period in layout.published[new]:
            year = int(period[:4]) + 1
            roll = base * (1 - 0.008 * (last - year)) * float(noise(rng, 0.01))
            year_share = share * (1 + 0.01 * (year - last)) * float(noise(rng, 0.02))
            by_phase = {}
            for p in phases:
                headcount = round(roll * mix[p])
                others = round(headcount * min(year_share * EAL_PHASES[p][1], 0.95))
                unrecorded = min(round(headcount * unknown), headcount - others)
                english = headcount - others - unrecorded
                by_phase[p] = {
                    EES_ALL: headcount,
                    EAL_LANGUAGE: others,
                    UNKNOWN_LANGUAGE: unrecorded,
                    ENGLISH_LANGUAGE: english,
                }
            by_period[period] = {EES_ALL: {}, **by_phase}
            for counts in by_phase.values():
                _add_counts(by_period[period][EES_ALL], counts)
    return areas


def _eal_totals(areas: dict[EalArea, EalCounts]) -> None:
    """Add each region and England, as sums of their authorities."""
    for (_, region, *_), by_period in list(areas.items()):
        for key in ((EES_LEVELS[1], region, "", "", ""), (EES_LEVELS[2], "", "", "", "")):
            for period, by_phase in by_period.items():
                for phase, counts in by_phase.items():
                    _add_counts(
                        areas.setdefault(key, {}).setdefault(period, {}).setdefault(phase, {}), counts
                    )


def _eal_ethnic_groups(
    layout: EalLayout, areas: dict[EalArea, EalCounts], rng: np.random.Generator
) -> dict[EalArea, dict[tuple[str, str], np.ndarray]]:
    """Pupils of each region by ethnic group, per year and school type; England's are the regions' sums."""
    groups: dict[EalArea, dict[tuple[str, str], np.ndarray]] = {}
    national = groups.setdefault((EES_LEVELS[2], "", "", "", ""), {})
    for key, by_period in areas.items():
        if key[0] != EES_LEVELS[1]:
            continue
        base = np.exp(rng.normal(0.0, 0.9, len(layout.ethnicities)))
        base[layout.ethnicities.index(WHITE_BRITISH)] = base.sum() * rng.uniform(1.2, 4.0)
        for period, by_phase in by_period.items():
            for phase, by_language in by_phase.items():
                split = split_total(by_language[EES_ALL], base * noise(rng, 0.1, len(base)))
                groups.setdefault(key, {})[(period, phase)] = split
                national[(period, phase)] = national.get((period, phase), 0) + split
    return groups


def make(
    layout: EalLayout,
    facts: Facts,
    hierarchy: Hierarchy,
    comps: Components,
    traits: Traits,
    rng: np.random.Generator,
) -> dict[str, bytes]:
    """Pupils by school type and first language for each authority and year, as the real file lists them;
    regions and England are sums of their authorities, and they alone are also split by ethnic group."""
    areas = _eal_authorities(layout, facts, hierarchy, comps, traits, rng)
    _eal_totals(areas)
    groups = _eal_ethnic_groups(layout, areas, rng)
    rows = []
    for period in reversed(layout.periods):
        for key in sorted(areas, key=lambda k: (EES_LEVELS.index(k[0]), k[1:])):
            by_phase = areas[key].get(period, {})
            level, region, old, name, new = key
            place = {
                "time_period": period,
                "time_identifier": "Academic year",
                "geographic_level": level,
                "country_code": "E92000001",
                "country_name": "England",
                "region_code": region,
                "region_name": layout.regions.get(region, ""),
                "old_la_code": old,
                "la_name": name,
                "new_la_code": new,
            }
            for phase in [p for p in [EES_ALL, *layout.phases] if p in by_phase]:
                split = groups.get(key, {}).get((period, phase), [])
                cells = [(e, EES_ALL, int(c)) for e, c in zip(layout.ethnicities, split, strict=False)]
                cells += [(EES_ALL, g, by_phase[phase][g]) for g in [EES_ALL, *layout.languages]]
                for ethnicity, language, count in cells:
                    row = place | {
                        "phase_type_grouping": phase,
                        "ethnicity": ethnicity,
                        "language": language,
                        "headcount": str(count),
                        "percent_of_pupils": _ees_percent(count, by_phase[phase][EES_ALL]),
                    }
                    rows.append([row[h] for h in layout.header])
    data = gzip.compress(csv_bytes(layout.header, rows, bom=False, crlf=False), compresslevel=9, mtime=0)
    return {EAL_FILE: data, EAL_META_FILE: csv_bytes(EAL_META_HEADER, EAL_META, bom=True, crlf=False)}
