"""The figures of each Local Area Migration Indicators table, from the invented population."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from openpyxl.utils import get_column_letter

from .draws import year_factor
from .facts import Facts, Hierarchy
from .population import (
    BUCKINGHAMSHIRE_UA,
    CITY_OF_LONDON,
    CORNWALL,
    EAST_DUNBARTONSHIRE,
    ISLES_OF_SCILLY,
    SUFFOLK,
    WESTMINSTER,
    Components,
    Traits,
)

NINO_TREND = {2008: 0.8, 2011: 0.9, 2015: 1.25, 2016: 1.3, 2018: 1.0, 2019: 1.1, 2020: 0.45}
STIM_TREND = {2005: 0.8, 2009: 0.85, 2012: 1.0, 2016: 1.35, 2017: 1.2}


def mid_label(end_year: int, trailing: bool = False) -> str:
    return f"Mid-{end_year - 1} to Mid-{end_year}" + (" " if trailing else "")


def cal_label(year: int) -> str:
    return f"Jan {year} to Dec {year}"


@dataclass
class Spans:
    flows: list[int]  # Migration Flows and GP registrations: periods ending mid-year
    short_term: list[int]
    aps: list[int]  # APS and NINo: calendar years
    births: list[int]


def spans_for(years: int) -> Spans:
    n, n1 = max(1, years), max(1, years - 1)
    return Spans(
        flows=list(range(2021 - n, 2021)),
        short_term=list(range(2018 - n1, 2018)),
        aps=list(range(2021 - n, 2021)),
        births=list(range(2020 - n1, 2020)),
    )


class Aggregator:
    """Values for any area in a LAMI table: a 2021 authority, or the sum over its members."""

    def __init__(self, hierarchy: Hierarchy):
        self.index = {code: i for i, code in enumerate(hierarchy.lads)}
        self.members = {
            code: np.array([self.index[c] for c in lads], dtype=np.int64)
            for code, lads in hierarchy.members.items()
        }

    def rows_of(self, code: str) -> np.ndarray:
        if code in self.index:
            return np.array([self.index[code]], dtype=np.int64)
        if code in self.members:
            return self.members[code]
        raise SystemExit(f"make_sample_data: no 2021 local authorities known for area {code}")

    def total(self, values: np.ndarray, code: str) -> np.ndarray:
        return values[self.rows_of(code)].sum(axis=0)


@dataclass
class ApsEstimates:
    """The survey estimates behind the APS tables, unrounded, one row per 2021 authority."""

    years: list[int]
    resident: np.ndarray  # (authorities, years)
    nonuk: np.ndarray


def round_thousand(x: float) -> int:
    return int(math.floor(x / 1000.0 + 0.5)) * 1000


def area_level(code: str) -> str:
    if code[:3] in ("E92", "W92", "S92", "N92"):
        return "country"
    if code.startswith("E12"):
        return "region"
    if code[:3] in ("E10", "E11"):
        return "county"
    return "lad"


def aps_pair(code: str, estimate: float, ci: float) -> list[object]:
    """Rounded estimate and CI, or the markers the APS tables use for small numbers."""
    if estimate < 500:
        return ["0~", "0~" if ci < 500 else round_thousand(ci)]
    if code.startswith(("E", "W")) and area_level(code) == "lad":
        if estimate < 1000:
            return [".", "."]  # no survey contact with anyone in the group
        if estimate < 1500:
            return ["c", "c"]
    if code.startswith("S12") and estimate < 800:
        return ["c", "c"]
    return [round_thousand(estimate), "0~" if ci < 500 else round_thousand(ci)]


class Lami:
    def __init__(
        self, facts: Facts, hierarchy: Hierarchy, comps: Components, traits: Traits, spans: Spans, rng
    ):
        self.facts = facts
        self.comps = comps
        self.traits = traits
        self.spans = spans
        self.rng = rng
        self.agg = Aggregator(hierarchy)
        self.lads = hierarchy.lads
        self.n = len(self.lads)
        # LAMI tables fold these authorities into a neighbour.
        self.folded = {CITY_OF_LONDON: WESTMINSTER, ISLES_OF_SCILLY: CORNWALL}
        # Share of an area's summed internal moves that cross its own boundary (the rest are
        # moves between its own districts, which do not count as moves in or out of it).
        self.crossing: dict[str, float] = {}
        self._ni: dict[str, np.ndarray] = {}  # Northern Ireland's APS shares (no local estimates)

    # --- shared pieces ------------------------------------------------------------------

    def _fold(
        self, values: np.ndarray, only: tuple[str, ...] = (CITY_OF_LONDON, ISLES_OF_SCILLY)
    ) -> np.ndarray:
        """Add folded authorities' values to their neighbour (for tables that do so)."""
        out = values.astype(float).copy()
        for small in only:
            host = self.folded[small]
            i, j = self.agg.index[small], self.agg.index[host]
            out[j] += out[i]
            out[i] = 0  # so that sums over a region count it once, through its neighbour
        return out

    def _crossing_share(self, code: str) -> float:
        if code not in self.crossing:
            low, high = {
                "county": (0.5, 0.72),
                "region": (0.28, 0.42),
                "country": (0.03, 0.05) if code == "E92000001" else (0.16, 0.3),
            }[area_level(code)]
            self.crossing[code] = float(self.rng.uniform(low, high))
        return self.crossing[code]

    # --- Migration Flows ----------------------------------------------------------------

    def migration_flows(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.flows
        top: list[object] = [None, None]
        mid: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        merges = []
        for k, y in enumerate(years):
            c = 3 + 5 * k
            top += [mid_label(y), None, None, None, None]
            mid += [
                f"Mid-{y} Population Estimate",
                "Long-Term International Migration",
                None,
                "Internal Migration\n (within UK)",
                None,
            ]
            sub += [None, "Inflow", "Outflow", "Inflow", "Outflow"]
            L = get_column_letter
            merges += [
                f"{L(c)}1:{L(c + 4)}1",
                f"{L(c)}2:{L(c)}3",
                f"{L(c + 1)}2:{L(c + 2)}2",
                f"{L(c + 3)}2:{L(c + 4)}2",
            ]
        pop = np.stack([self.comps.population(y) for y in years], axis=1)
        series = {
            "pop": pop,
            "m_in": np.stack([self.comps.component("international_in", y) for y in years], axis=1),
            "m_out": np.stack([self.comps.component("international_out", y) for y in years], axis=1),
            "i_in": np.stack([self.comps.component("internal_in", y) for y in years], axis=1),
            "i_out": np.stack([self.comps.component("internal_out", y) for y in years], axis=1),
        }
        values: dict[str, list[object]] = {}
        for code in self._codes("Migration Flows"):
            level = area_level(code)
            tot = {key: self.agg.total(arr, code) for key, arr in series.items()}
            if level != "lad":
                share = self._crossing_share(code)
                drift = np.exp(self.rng.normal(0, 0.03, (2, len(years))))
                tot["i_in"] = np.rint(tot["i_in"] * share * drift[0])
                tot["i_out"] = np.rint(tot["i_out"] * share * drift[1])
            cells: list[object] = []
            for k, y in enumerate(years):
                internal: list[object] = [int(tot["i_in"][k]), int(tot["i_out"][k])]
                if y == 2012 and code != SUFFOLK and (level == "county" or code == BUCKINGHAMSHIRE_UA):
                    internal = [":", ":"]  # county-level internal flows not available that year
                cells += [int(tot["pop"][k]), int(tot["m_in"][k]), int(tot["m_out"][k]), *internal]
            values[code] = cells
        return [top, mid, sub], merges, values

    # --- Short-term inflows ---------------------------------------------------------------

    def short_term(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.short_term
        top: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        for k, y in enumerate(years):
            label = mid_label(y, trailing=y <= 2010)
            top += [label, label]
            provisional = "p" if k == len(years) - 1 else ""
            sub += [
                f"Mid-{y} Population Estimate",
                f"Short-Term International Migration Inflow Estimates{provisional}",
            ]
        pop = np.stack([self.comps.population(y) for y in years], axis=1)
        trend = np.array([year_factor(y, STIM_TREND) for y in years])
        noise = np.exp(self.rng.normal(0, 0.18, (self.n, len(years))))
        stim = pop * self.traits.stim_rate[:, None] * trend[None, :] * noise
        ew = np.array([c[0] in "EW" for c in self.lads])
        stim[~ew] = 0.0
        stim = self._fold(stim, only=(ISLES_OF_SCILLY,))
        early = np.array([y <= 2010 for y in years])  # the early years were published as whole numbers
        stim[:, early] = np.rint(stim[:, early])
        values: dict[str, list[object]] = {}
        for code in self._codes("Short-Term Migration Inflows"):
            p = self.agg.total(pop, code)
            s = self.agg.total(stim, code)
            not_available = code[0] in "SN" or code == ISLES_OF_SCILLY
            cells: list[object] = []
            for k, y in enumerate(years):
                if not_available:
                    value: object = ":"
                elif y <= 2010:
                    value = int(s[k])
                else:
                    value = float(s[k])
                cells += [int(p[k]), value]
            values[code] = cells
        return [top, sub], [], values

    # --- APS: non-UK born and non-British -----------------------------------------------------

    def _aps_base(self):
        years = self.spans.aps
        pop = np.stack([self.comps.population(y) for y in years], axis=1).astype(float)
        resident = pop * self.traits.household_share[:, None] * np.exp(self.rng.normal(0, 0.003, pop.shape))
        t = np.array(years, dtype=float) - 2011
        share = self.traits.nonuk_share[:, None] * (1 + self.traits.share_growth[:, None]) ** t[None, :]
        nonuk = resident * share * np.exp(self.rng.normal(0, 0.07, pop.shape))
        nonbrit = nonuk * self.traits.nonbritish_ratio[:, None] * np.exp(self.rng.normal(0, 0.08, pop.shape))
        return years, resident, nonuk, nonbrit

    def aps(self, sheet: str, estimate: np.ndarray, resident: np.ndarray, years: list[int]):
        first_label_in_d = sheet == "Non-British Population"
        measure = "Non-British Estimate" if first_label_in_d else "Non-UK Born Estimate"
        group = "Nationality" if first_label_in_d else "Country of Birth"
        top: list[object] = [None, None]
        mid: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        merges = []
        for k, y in enumerate(years):
            c = 3 + 3 * k
            L = get_column_letter
            if k == 0 and first_label_in_d:
                top += [None, cal_label(y), None]  # this sheet puts its first period one cell right
            else:
                top += [cal_label(y), None, None]
                merges.append(f"{L(c)}1:{L(c + 2)}1")
            mid += [group, None, None]
            merges.append(f"{L(c)}2:{L(c + 2)}2")
            sub += ["Resident Population", measure, "CI +/-"]
        weight = self.traits.aps_weight[:, None]
        var = estimate * weight  # variance of the unrounded estimate
        res = self._fold(resident)
        est = self._fold(estimate)
        var = self._fold(var)
        values: dict[str, list[object]] = {}
        for code in self._codes(sheet):
            cells: list[object] = []
            if code in (CITY_OF_LONDON, ISLES_OF_SCILLY) or code.startswith("N09"):
                values[code] = [":"] * (3 * len(years))
                continue
            if code == "N92000002":
                r = self.agg.total(res, code)
                e = r * self._ni_share(first_label_in_d, years)
                v = e * 900.0
            else:
                r, e, v = self.agg.total(res, code), self.agg.total(est, code), self.agg.total(var, code)
            ci = 1.96 * np.sqrt(v)
            for k in range(len(years)):
                cells += [round_thousand(r[k]), *aps_pair(code, float(e[k]), float(ci[k]))]
            values[code] = cells
        return [top, mid, sub], merges, values

    def _ni_share(self, nonbritish: bool, years: list[int]) -> np.ndarray:
        key = "ni_nonbritish" if nonbritish else "ni_nonuk"
        if key not in self._ni:
            base = 0.045 if nonbritish else 0.062
            self._ni[key] = (
                base * (1.02 ** (np.array(years) - 2011)) * np.exp(self.rng.normal(0, 0.04, len(years)))
            )
        return self._ni[key]

    # --- NINo registrations -------------------------------------------------------------

    def nino(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.aps
        top: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        for y in years:
            top += [cal_label(y), cal_label(y)]
            sub += [f"Mid-{y} Population Estimate\n (16 to 64)", "Migrant NINo Registrations"]
        pop = np.stack([self.comps.population(y) for y in years], axis=1)
        working = np.rint(
            pop * self.traits.working_age[:, None] * np.exp(self.rng.normal(0, 0.004, pop.shape))
        )
        m_in = np.stack([self.comps.component("international_in", y) for y in years], axis=1)
        trend = np.array([year_factor(y, NINO_TREND) for y in years])
        regs = np.rint(
            m_in
            * self.traits.nino_ratio[:, None]
            * trend[None, :]
            * np.exp(self.rng.normal(0, 0.08, pop.shape))
        )
        values = {}
        for code in self._codes("NINo Registrations"):
            w, r = self.agg.total(working, code), self.agg.total(regs, code)
            values[code] = [v for k in range(len(years)) for v in (int(w[k]), int(r[k]))]
        return [top, sub], [], values

    # --- GP registrations ---------------------------------------------------------------

    def gp(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.flows
        top: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        for y in years:
            top += [mid_label(y), mid_label(y)]
            sub += [f"Mid-{y} Population Estimate", "New Migrant GP Registrations"]
        pop = np.stack([self.comps.population(y) for y in years], axis=1)
        m_in = np.stack([self.comps.component("international_in", y) for y in years], axis=1)
        regs = np.rint(m_in * self.traits.gp_ratio[:, None] * np.exp(self.rng.normal(0, 0.07, pop.shape)))
        scottish = [c for c in self._codes("GP Registrations") if c.startswith("S12")]
        padded = set(scottish[15:]) - set(scottish[19:21])  # a run of ':' cells padded with spaces
        values = {}
        for code in self._codes("GP Registrations"):
            p, r = self.agg.total(pop, code), self.agg.total(regs, code)
            cells: list[object] = []
            for k, y in enumerate(years):
                if code.startswith("S"):
                    if code == EAST_DUNBARTONSHIRE and y == 2020:
                        reg: object = None  # left blank in the real table
                    elif code in padded and y == 2016:
                        reg = "                  :"
                    else:
                        reg = ":"
                else:
                    reg = int(r[k])
                cells += [int(p[k]), reg]
            values[code] = cells
        return [top, sub], [], values

    # --- Births to non-UK born mothers ------------------------------------------------------

    def births(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.births
        top: list[object] = [None, None]
        mid: list[object] = [None, "Mother's area of usual residence"]
        sub: list[object] = ["Area Code", "Area Name"]
        merges = []
        for k, y in enumerate(years):
            c = 3 + 3 * k
            L = get_column_letter
            top += [cal_label(y), None, None]
            mid += ["Live births", None, None]
            sub += [
                "All live births",
                "Live births to mothers born outside of UK",
                "Percentage of live births to non-UK born mothers",
            ]
            merges += [f"{L(c)}1:{L(c + 2)}1", f"{L(c)}2:{L(c + 2)}2"]
        # Calendar-year births straddle two mid-year periods.
        total = np.stack(
            [
                (self.comps.component("births", y) + self.comps.component("births", y + 1)) / 2.0
                for y in years
            ],
            axis=1,
        )
        total = np.rint(total * np.exp(self.rng.normal(0, 0.01, total.shape)))
        t = np.array(years, dtype=float) - 2011
        share = (
            self.traits.nonuk_share[:, None]
            * self.traits.mothers_factor[:, None]
            * (1 + self.traits.share_growth[:, None]) ** t
        )
        mothers = np.rint(total * np.clip(share, 0.01, 0.85) * np.exp(self.rng.normal(0, 0.05, total.shape)))
        total, mothers = (
            self._fold(total, only=(ISLES_OF_SCILLY,)),
            self._fold(mothers, only=(ISLES_OF_SCILLY,)),
        )
        values = {}
        for code in self._codes("Births to Non-UK Born Mothers"):
            if code == ISLES_OF_SCILLY:
                values[code] = [":"] * (3 * len(years))
                continue
            a, m = self.agg.total(total, code), self.agg.total(mothers, code)
            values[code] = [
                v for k in range(len(years)) for v in (int(a[k]), int(m[k]), float(m[k]) / float(a[k]) * 100)
            ]
        return [top, mid, sub], merges, values

    def _codes(self, sheet: str) -> list[str]:
        return [entry[0] for entry in self.facts.lami_sheets[sheet].rows if entry]
