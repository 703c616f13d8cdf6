#!/usr/bin/env python3
"""Write the demonstration snapshot: real publishers' layouts, invented figures.

A fresh clone builds its demonstration site from ``data/sample/snapshots``. This script writes
those files. Each is laid out exactly like the file its publisher releases (header rows, markers,
blank separator rows, footnotes, encodings, byte-order marks, line endings), for the real area
codes and names, but every statistic in it is invented here from a seeded random generator.

It reads the real files in ``../shared/realdata`` (``--realdata``) for facts only: the lists of
area codes and names with their hierarchy, the order in which each table lists them, category
labels, and the header layouts. No figure is read from them, and nothing is copied from them except
those facts. Three layouts also come from the package's own declarations: the Census 2021 migrant
indicator and 12-category country of birth tables (TS019, TS004), of which no real file is at hand,
and the HESA provider list.

One snapshot folder per source is written, each ``<out>/<source_id>/<release>/`` with a manifest.json:

* ``geography/demo-2025/``: ``uk_local_authorities_current.csv`` (mySociety layout) and
  ``changes.csv`` (ONS code-change list layout);
* ``mye/demo-mid-2025/``: ONS's current "detailed time series" workbooks on 2023 boundaries, the
  England and Wales edition to mid-2025 beside the UK edition to mid-2024 (MYEB3, components of change);
* ``lami/demo-2021-09/``: ONS Local Area Migration Indicators workbook, 2021 edition layout;
* ``census2021/demo-2021/``: Census 2021 TS005, TS012, TS015, TS029, TS019 and TS004 as the ONS API's CSVs,
  331 lower-tier authorities of England and Wales;
* ``dfe_eal/demo-2021-22/``: DfE's EES data set of pupils by first language (gzip CSV and meta CSV),
  2015/16 to 2021/22, England, regions and upper-tier authorities;
* ``aps_cob/demo-2016/``: NRS's council table of population by country of birth (APS), 2016;
* ``hesa/demo-2018-19/``: HESA open data Table 1 with a domicile breakdown, 2014/15 to 2018/19;
* ``asylum_support/demo-jun-2026/`` and ``resettlement/demo-jun-2026/``: Home Office tables Asy_D11
  and Res_D01 in the 2025-26 workbook layout (sheets Data_Asy_D11 and Data_Res_D01), quarterly to
  30 June 2026, with the councils created in April 2023 under their own codes from June 2023 and one
  fault of each kind the real files have (see sample_data/asylum_support.py).

The figures hang together: population change adds up in the MYE workbooks, the LAMI Migration Flows
sheet repeats the MYE populations and flows for local authorities (to mid-2020, on the 2021 boundaries
the workbooks sum into the councils of April 2023), and counts for counties,
regions and countries are the sums of their local authorities. The census tables describe one
population per area close to its mid-2020 estimate, perturbed table by table as ONS does; school
pupils, asylum seekers and refugees are drawn in proportion to the invented populations; the NRS
table repeats the LAMI workbook's survey estimates for Scotland. Reruns with the same seed give
byte-identical files (fixed timestamps, fixed zip and gzip dates). Each source added after the first
three draws from a random stream of its own, so changing one leaves the others' files unchanged.

The files of each source are written by its own module in ``scripts/sample_data/`` (one per source id,
beside the shared ``facts``, ``population``, ``councils``, ``draws`` and ``writers``); this script only
parses the options, invents the shared population and hands each source its random stream.

This is a maintenance script; the package never imports it. ``--years`` scales the series for
benchmarks: the LAMI tables get that many periods (short-term inflows and births one fewer, as
in the real workbook), always ending where the real tables end, and the MYE file reaches back
further than 2002 when they need it. The sources added later keep their published spans.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from sample_data import (
    aps_cob,
    aps_economic,
    asylum_support,
    births_parents_cob,
    census2021,
    cla_uasc,
    context,
    core_lettings,
    dfe_eal,
    dwp_nino,
    geography,
    hate_crime,
    hesa,
    home_office,
    imd,
    lami,
    mye,
    nrm,
    police_crime,
    resettlement,
    rough_sleeping,
)
from sample_data.councils import councils_of
from sample_data.draws import source_rng
from sample_data.facts import build_hierarchy, read_facts
from sample_data.lami_figures import spans_for
from sample_data.population import MYE_REAL_FIRST_YEAR, invent_components, invent_traits
from sample_data.writers import write_snapshot

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "data" / "sample" / "snapshots"
DEFAULT_REALDATA = REPO.parent / "shared" / "realdata"
DEFAULT_SEED = 20210917
DEFAULT_YEARS = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Write the demonstration snapshot (one folder per source listed in the module docstring) "
            "in the real publishers' layouts with invented figures for real area codes and names."
        ),
        epilog="Reruns with the same --seed and --years write byte-identical files.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder to write <source_id>/<release>/ snapshots into (default: data/sample/snapshots)",
    )
    parser.add_argument(
        "--years",
        type=int,
        default=DEFAULT_YEARS,
        help="periods in each LAMI table, ending where the real tables end (default: 10, the real "
        "spans; short-term inflows and births get one fewer); the MYE workbooks always cover "
        "mid-2011 to mid-2025",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--realdata",
        type=Path,
        default=DEFAULT_REALDATA,
        help="the real files, read only for area codes, names, hierarchy and header layouts "
        "(default: ../shared/realdata beside the repository)",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    if args.years < 1:
        parser.error("--years must be at least 1")

    started = time.perf_counter()
    facts = read_facts(args.realdata)
    hierarchy = build_hierarchy(facts)
    spans = spans_for(args.years)
    rng = np.random.default_rng(args.seed)
    traits = invent_traits(hierarchy.lads, rng)
    first_year = min(MYE_REAL_FIRST_YEAR, spans.short_term[0], spans.flows[0])
    comps = invent_components(hierarchy.lads, traits, first_year, rng)

    lami_files, aps = lami.make(facts, hierarchy, comps, traits, spans, rng)
    councils = councils_of(facts, comps, traits)

    def own(source: tuple[str, str, str]) -> np.random.Generator:
        return source_rng(args.seed, source[0])

    eal = dfe_eal.read_eal_layout(args.realdata)
    census_layout = census2021.read_census_layout(args.realdata)
    payloads = [
        (geography.SNAPSHOT, geography.make(facts, hierarchy, comps)),
        (mye.SNAPSHOT, mye.make(facts, comps, own(mye.SNAPSHOT))),
        (lami.SNAPSHOT, lami_files),
        (census2021.SNAPSHOT, census2021.make(census_layout, comps, traits, own(census2021.SNAPSHOT))),
        (dfe_eal.SNAPSHOT, dfe_eal.make(eal, facts, hierarchy, comps, traits, own(dfe_eal.SNAPSHOT))),
        (
            aps_cob.SNAPSHOT,
            aps_cob.make(aps_cob.read_nrs_layout(args.realdata), facts, traits, aps, own(aps_cob.SNAPSHOT)),
        ),
        (hesa.SNAPSHOT, hesa.make(hesa.read_hesa_layout(args.realdata), councils, own(hesa.SNAPSHOT))),
    ]
    successors = home_office.successors_of(facts, councils)
    for source in (asylum_support, resettlement):
        payloads.append((source.SNAPSHOT, source.make(councils, successors, own(source.SNAPSHOT))))

    # The sources beyond the migration core, for England and Wales and the police force areas.
    areas = context.context_areas(facts, hierarchy, councils, eal)
    forces = context.force_populations(councils.population, own(police_crime.SNAPSHOT))
    payloads.append(
        (dwp_nino.SNAPSHOT, dwp_nino.make(areas, councils.name, councils.population, own(dwp_nino.SNAPSHOT)))
    )
    for source in (births_parents_cob, aps_economic, core_lettings, rough_sleeping, cla_uasc):
        payloads.append((source.SNAPSHOT, source.make(areas, own(source.SNAPSHOT))))
    for source in (police_crime, hate_crime, nrm):
        payloads.append((source.SNAPSHOT, source.make(forces, own(source.SNAPSHOT))))
    payloads.append((imd.SNAPSHOT, imd.make(areas, own(imd.SNAPSHOT))))

    if args.years == DEFAULT_YEARS:  # the real spans: the headers must match the real workbook's
        problems = lami.check_lami_headers(facts, lami_files[lami.LAMI_FILE])
        for problem in problems:
            print(f"make_sample_data: layout check failed: {problem}", file=sys.stderr)
        if problems:
            return 1
    written: list[Path] = []
    for source, files in payloads:
        written += write_snapshot(args.out, source, files)
    if not args.quiet:
        for path in written:
            print(f"{path.stat().st_size:>9,} bytes  {path}")
        print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
