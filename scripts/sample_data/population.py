"""The invented population every table draws from: size classes of areas, per-area traits and the
components of change for the 2021 local authorities."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .draws import year_factor

MYE_LAST_YEAR = 2020  # the sources drawn from the components end at mid-2020, as LAMI does
MYE_REAL_FIRST_YEAR = 2002
MYE_COMPONENTS = (
    "births",
    "deaths",
    "natchange",
    "internal_in",
    "internal_out",
    "internal_net",
    "international_in",
    "international_out",
    "international_net",
    "other_change",
    "population",
)

# Areas the LAMI tables fold into a neighbour (the real workbook says so in its footnotes).
CITY_OF_LONDON, WESTMINSTER = "E09000001", "E09000033"
ISLES_OF_SCILLY, CORNWALL = "E06000053", "E06000052"
BUCKINGHAMSHIRE_UA = "E06000060"
SUFFOLK = "E10000029"  # re-aggregated from its 2019 districts, so it has mid-2011/12 internal flows
EAST_DUNBARTONSHIRE = "S12000045"

# Size classes for inventing populations. Only the class is chosen by name; every figure is drawn
# at random within the class.
TINY = {ISLES_OF_SCILLY: (2_000, 2_500), CITY_OF_LONDON: (6_000, 9_500)}
ISLANDS = {"S12000013", "S12000023", "S12000027"}  # Western Isles, Orkney, Shetland
LARGE = {
    "E08000025",
    "E08000035",
    "E08000019",
    "E08000003",
    "E08000032",
    "E08000012",
    "E08000034",
    "E08000036",
    "E08000026",
    "E06000023",
    "E06000052",
    "E06000047",
    "E06000054",
    "E06000060",
    "E06000057",
    "E06000051",
    "E06000049",
    "E06000050",
    "E06000059",
    "E06000058",
    "E06000018",
    "E06000016",
    "S12000049",
    "S12000036",
    "W06000015",
    "N09000003",
    "E08000021",
    "E08000018",
    "E08000017",
    "E08000033",
    "E08000028",
    "E08000031",
    "E08000027",
    "E08000001",
    "E08000010",
}
UNIVERSITY_TOWNS = {"E07000008", "E07000178", "E06000014", "E06000043", "E06000045", "E08000021"}
# The areas of the quick demonstration build (York, Leeds, Burnley): every source gives them figures,
# so that build shows every kind of section. Only their presence is chosen; the figures are drawn.
DEMO_AREAS = ("E06000014", "E08000035", "E07000117")

# The shape of the invented national story: immigration rising to 2007, dipping, peaking in
# 2015-2016 and falling sharply in the pandemic year to mid-2020.
IMMIGRATION_TREND = {
    1995: 0.7,
    2002: 0.9,
    2007: 1.25,
    2010: 1.1,
    2013: 1.15,
    2016: 1.4,
    2019: 1.3,
    2020: 0.85,
}
EMIGRATION_TREND = {1995: 0.9, 2002: 0.95, 2008: 1.2, 2012: 1.05, 2017: 1.15, 2019: 1.2, 2020: 1.1}


@dataclass
class Components:
    """Invented MYE components for the 2021 local authorities, one column per year."""

    lads: list[str]
    years: list[int]  # years of change (mid-(y-1) to mid-y); population also has years[0] - 1
    data: dict[str, np.ndarray]  # component -> int64 array (n_lads, n_years)
    base_population: np.ndarray  # population at mid-(years[0] - 1)

    def population(self, year: int) -> np.ndarray:
        if year == self.years[0] - 1:
            return self.base_population
        return self.data["population"][:, self.years.index(year)]

    def component(self, name: str, year: int) -> np.ndarray:
        return self.data[name][:, self.years.index(year)]


@dataclass
class Traits:
    """Per-area characters drawn once and reused by every table, so the tables agree."""

    kind: list[str]
    nonuk_share: np.ndarray  # share of residents born outside the UK, about 2011
    nonbritish_ratio: np.ndarray  # non-British as a share of non-UK born
    share_growth: np.ndarray
    household_share: np.ndarray  # APS resident population as a share of the mid-year estimate
    working_age: np.ndarray  # share aged 16 to 64
    nino_ratio: np.ndarray
    gp_ratio: np.ndarray
    stim_rate: np.ndarray
    aps_weight: np.ndarray  # drives the width of APS confidence intervals
    mothers_factor: np.ndarray


def _kind(code: str) -> str:
    if code in TINY:
        return "tiny"
    if code in ISLANDS:
        return "island"
    if code == CITY_OF_LONDON:
        return "tiny"
    if code.startswith("E09"):
        return "london"
    if code in LARGE:
        return "large"
    return code[:3]


def invent_traits(lads: list[str], rng: np.random.Generator) -> Traits:
    n = len(lads)
    kind = [_kind(c) for c in lads]
    share = np.empty(n)
    for i, k in enumerate(kind):
        low, high = {
            "london": (0.22, 0.52),
            "large": (0.08, 0.26),
            "E08": (0.05, 0.18),
            "E06": (0.04, 0.2),
            "E07": (0.02, 0.16),
            "S12": (0.03, 0.11),
            "W06": (0.03, 0.08),
            "N09": (0.03, 0.09),
            "island": (0.005, 0.02),
            "tiny": (0.04, 0.3),
        }[k]
        # District shares spread log-uniformly, so a few are small enough to be suppressed.
        share[i] = (
            math.exp(rng.uniform(math.log(low), math.log(high))) if k == "E07" else rng.uniform(low, high)
        )
    return Traits(
        kind=kind,
        nonuk_share=share,
        nonbritish_ratio=rng.uniform(0.55, 0.78, n),
        share_growth=rng.uniform(0.005, 0.03, n),
        household_share=rng.uniform(0.972, 0.992, n),
        working_age=np.array(
            [rng.uniform(0.66, 0.73) if k == "london" else rng.uniform(0.58, 0.66) for k in kind]
        ),
        nino_ratio=rng.uniform(0.55, 1.05, n),
        gp_ratio=rng.uniform(0.75, 1.25, n),
        stim_rate=np.exp(rng.normal(math.log(0.0022), 0.45, n))
        * np.array([2.2 if k == "london" else 1.0 for k in kind]),
        aps_weight=rng.uniform(160, 360, n),
        mothers_factor=rng.uniform(1.15, 1.6, n),
    )


def invent_components(
    lads: list[str], traits: Traits, first_year: int, rng: np.random.Generator
) -> Components:
    n = len(lads)
    years = list(range(first_year, MYE_LAST_YEAR + 1))
    pop = np.empty(n)
    for i, (code, k) in enumerate(zip(lads, traits.kind, strict=True)):
        if code in TINY:
            pop[i] = rng.uniform(*TINY[code])
        elif k == "island":
            pop[i] = rng.uniform(18_000, 28_000)
        elif k == "london":
            pop[i] = rng.uniform(150_000, 330_000)
        elif k == "large":
            pop[i] = math.exp(rng.uniform(math.log(290_000), math.log(1_000_000)))
        elif k == "E07":
            pop[i] = math.exp(rng.uniform(math.log(55_000), math.log(170_000)))
        elif k in ("E06", "E08"):
            pop[i] = math.exp(rng.uniform(math.log(90_000), math.log(300_000)))
        elif k == "S12":
            pop[i] = math.exp(rng.uniform(math.log(50_000), math.log(330_000)))
        elif k == "W06":
            pop[i] = math.exp(rng.uniform(math.log(55_000), math.log(240_000)))
        else:  # N09
            pop[i] = rng.uniform(115_000, 215_000)
    # Begin a little lower when the series reaches back before 2002.
    pop = np.rint(pop * (1 - 0.004 * max(0, MYE_REAL_FIRST_YEAR - first_year)))

    london = np.array([k == "london" for k in traits.kind])
    student = np.array([c in UNIVERSITY_TOWNS for c in lads])
    birth_rate = rng.uniform(0.0088, 0.0128, n) + 0.0025 * london
    death_rate = rng.uniform(0.0072, 0.0118, n) - 0.0025 * london
    internal_in = rng.uniform(0.032, 0.068, n) + 0.03 * london + 0.03 * student
    internal_balance = rng.uniform(-0.09, 0.11, n) - 0.14 * london
    immigration = np.exp(rng.normal(math.log(0.0055), 0.45, n)) * (1 + 2.6 * london + 1.2 * student)
    emigration_share = rng.uniform(0.42, 0.72, n)
    other_rate = rng.uniform(-0.0003, 0.0009, n)

    names = MYE_COMPONENTS
    data = {name: np.zeros((n, len(years)), dtype=np.int64) for name in names}
    current = pop.copy()
    for j, year in enumerate(years):
        ageing = 1 - 0.008 * max(0, year - 2012)

        def noise(sd: float) -> np.ndarray:
            return np.exp(rng.normal(0.0, sd, n))

        births = np.rint(current * birth_rate * ageing * noise(0.03))
        deaths = np.rint(current * death_rate * (1.12 if year == 2020 else 1.0) * noise(0.04))
        i_in = np.rint(current * internal_in * noise(0.04))
        i_out = np.rint(i_in * (1 - internal_balance * 0.5) * noise(0.03))
        m_in = np.rint(current * immigration * year_factor(year, IMMIGRATION_TREND) * noise(0.12))
        m_out = np.rint(m_in * emigration_share * year_factor(year, EMIGRATION_TREND) * noise(0.1))
        other = np.rint(current * other_rate * noise(0.3))
        natchange = births - deaths
        new = current + natchange + (i_in - i_out) + (m_in - m_out) + other
        for name, values in (
            ("births", births),
            ("deaths", deaths),
            ("natchange", natchange),
            ("internal_in", i_in),
            ("internal_out", i_out),
            ("internal_net", i_in - i_out),
            ("international_in", m_in),
            ("international_out", m_out),
            ("international_net", m_in - m_out),
            ("other_change", other),
            ("population", new),
        ):
            data[name][:, j] = values.astype(np.int64)
        current = new
    return Components(lads, years, data, pop.astype(np.int64))
