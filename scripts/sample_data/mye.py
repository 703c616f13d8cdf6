"""Mid-year estimates: ONS's detailed time series workbooks with the components of change."""

from __future__ import annotations

import numpy as np
import openpyxl
from openpyxl.styles import Font

from .draws import noise
from .facts import Facts
from .population import MYE_COMPONENTS, Components
from .writers import XLSX_TIME, xlsx_bytes

SNAPSHOT = ("mye", "demo-mid-2025", "2026-07-29")  # the England and Wales mid-2025 edition's day
MYE_UK_FILE = "myebtablesuk20112024.xlsx"
MYE_EW_FILE = "myebtablesenglandwales20112025.xlsx"
MYE_CURRENT_FIRST_YEAR, MYE_CURRENT_LAST_YEAR = 2011, 2025  # the current workbooks: mid-2011 to mid-2025
MYE_REVISED_YEARS = (2022, 2023, 2024)  # revised by the England and Wales mid-2025 edition
# (immigration, emigration) after mid-2020 against each council's 2017-2019 rates: the surge of
# arrivals after 2021 and its easing, as the national estimates tell it.
MYE_CURRENT_TREND = {2021: (0.95, 1.0), 2022: (1.7, 0.95), 2023: (2.2, 1.05), 2024: (1.9, 1.25),
                     2025: (1.4, 1.3)}


def make(facts: Facts, comps: Components, rng: np.random.Generator) -> dict[str, bytes]:
    """ONS's current "detailed time series" workbooks on 2023 boundaries, as a release holds them in
    December 2026: the England and Wales edition to mid-2025 (July 2026), which revises mid-2022 to
    mid-2024, beside the UK edition to mid-2024 (September 2025), which still brings Scotland and
    Northern Ireland. The years after mid-2020 continue each council's series from its own stream."""
    full = extend_components(comps, MYE_CURRENT_LAST_YEAR, rng)
    codes, names, countries, data = _on_2023_boundaries(facts, full)
    uk = _myeb_workbook(codes, names, countries, data, full, MYE_CURRENT_LAST_YEAR - 1, "UK")
    revised = _revise_recent_international(data, full, rng)
    ew = [i for i, c in enumerate(countries) if c in "EW"]
    ew_data = {k: v[ew] for k, v in revised.items()}
    england_wales = _myeb_workbook([codes[i] for i in ew], [names[i] for i in ew], [countries[i] for i in ew],
                                   ew_data, full, MYE_CURRENT_LAST_YEAR, "England and Wales")
    return {MYE_UK_FILE: uk, MYE_EW_FILE: england_wales}


def extend_components(comps: Components, last_year: int, rng: np.random.Generator) -> Components:
    """`comps` continued to `last_year`: each council's rates of its last three years before the
    pandemic, with the national surge of immigration after 2021 (MYE_CURRENT_TREND)."""
    recent = [comps.years.index(y) for y in (2017, 2018, 2019) if y in comps.years]
    base = comps.data["population"][:, recent].astype(float)
    rate = {name: (comps.data[name][:, recent] / base).mean(axis=1)
            for name in ("births", "deaths", "internal_in", "internal_out", "international_in",
                         "international_out", "other_change")}
    years = list(range(comps.years[-1] + 1, last_year + 1))
    data = {name: np.zeros((len(comps.lads), len(years)), dtype=np.int64) for name in MYE_COMPONENTS}
    current = comps.data["population"][:, -1].astype(float)
    n = len(comps.lads)
    for j, year in enumerate(years):
        births = np.rint(current * rate["births"] * 0.95 * noise(rng, 0.03, n))
        deaths = np.rint(current * rate["deaths"] * (1.08 if year == 2021 else 1.0) * noise(rng, 0.04, n))
        i_in = np.rint(current * rate["internal_in"] * noise(rng, 0.04, n))
        i_out = np.rint(current * rate["internal_out"] * noise(rng, 0.03, n))
        trend = MYE_CURRENT_TREND[year]
        m_in = np.rint(current * rate["international_in"] * trend[0] * noise(rng, 0.1, n))
        m_out = np.rint(current * rate["international_out"] * trend[1] * noise(rng, 0.1, n))
        other = np.rint(current * rate["other_change"] * noise(rng, 0.3, n))
        new = current + (births - deaths) + (i_in - i_out) + (m_in - m_out) + other
        for name, values in (("births", births), ("deaths", deaths), ("natchange", births - deaths),
                             ("internal_in", i_in), ("internal_out", i_out), ("internal_net", i_in - i_out),
                             ("international_in", m_in), ("international_out", m_out),
                             ("international_net", m_in - m_out), ("other_change", other),
                             ("population", new)):
            data[name][:, j] = values.astype(np.int64)
        current = new
    joined = {name: np.concatenate([comps.data[name], data[name]], axis=1) for name in MYE_COMPONENTS}
    return Components(comps.lads, comps.years + years, joined, comps.base_population)


def _on_2023_boundaries(facts: Facts, comps: Components):
    """The councils of April 2023 (ladcode23): the districts merged that month summed into their new
    unitary councils, in the order ONS lists codes. Returns (codes, names, country letters, data)."""
    merged = {r["oldcd"]: (r["newcd"], r["newnm"]) for r in facts.changes_rows
              if r["type"] == "merger" and r["start"] == "2023" and r["oldcd"][:3] in ("E06", "E07", "E08")}
    rows: dict[str, list[int]] = {}
    name_of: dict[str, str] = {}
    country_of: dict[str, str] = {}
    for i, (code, name, country) in enumerate(facts.mye_areas):
        code, name = merged.get(code, (code, name))
        rows.setdefault(code, []).append(i)
        name_of[code], country_of[code] = name, country
    codes = sorted(rows, key=lambda c: ("EWSN".index(country_of[c]), c))
    data = {name: np.stack([comps.data[name][rows[c]].sum(axis=0) for c in codes]) for name in MYE_COMPONENTS}
    data["base"] = np.array([comps.base_population[rows[c]].sum() for c in codes], dtype=np.int64)
    return codes, [name_of[c] for c in codes], [country_of[c] for c in codes], data


def _revise_recent_international(data: dict, comps: Components, rng: np.random.Generator) -> dict:
    """The next summer's revision: immigration for the years to mid-2022, mid-2023 and mid-2024 revised
    by a few per cent, net migration and every later population moving with it."""
    revised = {name: values.copy() for name, values in data.items()}
    carried = np.zeros(len(data["base"]), dtype=np.int64)
    for year in comps.years:
        j = comps.years.index(year)
        if year in MYE_REVISED_YEARS:
            change = np.rint(revised["international_in"][:, j] * rng.uniform(-0.02, 0.06, len(carried)))
            change = change.astype(np.int64)
            revised["international_in"][:, j] += change
            revised["international_net"][:, j] += change
            carried += change
        revised["population"][:, j] += carried
    return revised


def _myeb_workbook(codes, names, countries, data, comps: Components, last_year: int, where: str) -> bytes:
    """One edition's workbook: cover, contents, notes and related publications sheets, MYEB1 to MYEB5,
    a title row above each header. MYEB3 holds the figures; the age and sex tables (MYEB1, MYEB2) and
    MYEB4 and MYEB5 keep their title and header but no rows, to keep the demonstration data small."""
    first = MYE_CURRENT_FIRST_YEAR
    years = [y for y in comps.years if first < y <= last_year]
    at = {y: comps.years.index(y) for y in years}
    base = data["base"] if first == comps.years[0] - 1 else data["population"][:, comps.years.index(first)]
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover sheet"
    cover.append([f"Population estimates for {where}, mid-{first} to mid-{last_year} "
                  "(demonstration data, invented figures)"])
    cover["A1"].font = Font(bold=True)
    cover.append(["Every figure in this workbook is invented for the demonstration site; the layout is "
                  "ONS's."])
    wb.create_sheet("Contents").append(["Table of contents"])
    wb.create_sheet("Notes").append(["Notes"])
    wb.create_sheet("Related publications").append(["Related publications"])
    titles = {
        "MYEB1": ("Population estimates by local authority, sex and single year of age",
                  ["ladcode23", "laname23", "country", "sex", "age",
                   *[f"population_{y}" for y in [first, *years]]]),
        "MYEB2": ("Population estimates and components of change by local authority, sex and single year "
                  "of age", ["ladcode23", "laname23", "country", "sex", "age", f"population_{first}"]),
        "MYEB3": ("Summary of population estimates and components of change by local authority",
                  ["ladcode23", "laname23", "country", f"population_{first}",
                   *[f"{name}_{y}" for y in years for name in MYE_COMPONENTS]]),
        "MYEB4": ("Population estimates by local authority and broad age group", ["ladcode23", "laname23"]),
        "MYEB5": ("Population density by local authority", ["ladcode23", "laname23"]),
    }
    for sheet, (title, header) in titles.items():
        ws = wb.create_sheet(sheet)
        ws.append([f"{sheet}: {title}, {where}, mid-{first} to mid-{last_year}"])
        ws["A1"].font = Font(bold=True)
        ws.append(header)
        if sheet != "MYEB3":
            continue
        stacked = np.stack([data[name][:, [at[y] for y in years]] for name in MYE_COMPONENTS], axis=2)
        flat = stacked.reshape(len(codes), -1)
        for i, code in enumerate(codes):
            ws.append([code, names[i], countries[i], int(base[i]), *flat[i].tolist()])
    wb.properties.creator = "make_sample_data.py"
    wb.properties.created = XLSX_TIME
    wb.properties.modified = XLSX_TIME
    return xlsx_bytes(wb)
