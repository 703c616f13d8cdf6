"""Issue 11 item 14: withholding protects people; it does not hide zeros or published figures, and a
withheld figure cannot be worked back from the figures beside it."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np

from migration_profiles.sources import get_source
from migration_profiles.sources.base import CONFIDENTIAL
from migration_profiles.stages.publish import INTERNAL_AUDIENCE, PublicationRules, publish
from migration_profiles.util import status as st

from .figures import SOURCES, rows

EAST_LOTHIAN = "S12000010"
YORK = "E06000014"
METHODOLOGY = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"


def _status(out, indicator_id):
    return out.set_index("indicator_id").loc[indicator_id, "status"]


def test_a_net_flow_beside_its_published_parts_is_shown():
    period = {"area_code": EAST_LOTHIAN, "period_label": "Mid-2019 to Mid-2020"}
    out = publish(rows({**period, "indicator_id": "ltim_inflow", "value": 400.0},
                       {**period, "indicator_id": "ltim_outflow", "value": 397.0},
                       {**period, "indicator_id": "ltim_net", "value": 3.0}), SOURCES, PublicationRules())
    shown = out.set_index("indicator_id")["value"]
    assert shown["ltim_net"] == shown["ltim_inflow"] - shown["ltim_outflow"] == 3.0
    assert (out["status"] == st.OK).all()


def test_schemes_and_their_all_schemes_total_are_treated_alike():
    quarter = {"area_code": YORK, "source_id": "resettlement", "period_label": "Oct to Dec 2018"}
    out = publish(rows({**quarter, "indicator_id": "resettlement_syria_schemes", "value": 3.0},
                       {**quarter, "indicator_id": "resettlement_total", "value": 3.0}), SOURCES,
                  PublicationRules())
    assert out["value"].tolist() == [3.0, 3.0] and (out["status"] == st.OK).all()


def test_exact_zeros_of_public_data_are_shown():
    out = publish(rows({"indicator_id": "ltim_net", "value": 0.0},
                       {"indicator_id": "resettlement_syria_schemes", "source_id": "resettlement",
                        "value": 0.0}),
                  SOURCES, PublicationRules())
    assert out["value"].tolist() == [0.0, 0.0] and st.SUPPRESSED not in set(out["status"])


def test_a_small_confidential_count_is_withheld_with_the_rate_that_gives_it_back():
    sources = {**SOURCES, "lami": dataclasses.replace(SOURCES["lami"], classification=CONFIDENTIAL)}
    out = publish(rows({"indicator_id": "ltim_net", "value": 3.0},
                       {"indicator_id": "ltim_net_rate", "value": 0.02},
                       {"indicator_id": "ltim_inflow", "value": 400.0}), sources,
                  PublicationRules(audience=INTERNAL_AUDIENCE))
    assert _status(out, "ltim_net") == st.SUPPRESSED and _status(out, "ltim_net_rate") == st.SUPPRESSED
    assert math.isnan(out.set_index("indicator_id").loc["ltim_net_rate", "value"])
    assert _status(out, "ltim_inflow") == st.OK


def test_the_methodology_page_states_the_policy():
    text = METHODOLOGY.read_text()
    section = text.split("## Small numbers", 1)[1]
    assert "exact zeros" in section and "publisher already" in section
    assert "worked back" in section and "rate is withheld" in section


# --- a whole source that is not public: neighbours that would give a withheld count back --------------

def _recoverable(out, links) -> set[str]:
    """The withheld figures a reader could work out from those shown, by adding and subtracting along
    `links` (total, parts): x is pinned when dropping its column lowers the rank of the withheld columns
    of the equations (worked out here independently of the code under test)."""
    ids = list(out["indicator_id"])
    equations = [(t, ps) for t, ps in links if t in ids and all(p in ids for p in ps)]
    matrix = np.zeros((len(equations), len(ids)))
    for row, (total, parts) in enumerate(equations):
        matrix[row, ids.index(total)] = 1
        for part in parts:
            matrix[row, ids.index(part)] = -1
    hidden = [i for i, value in enumerate(out["value"]) if math.isnan(value)]
    rank = np.linalg.matrix_rank(matrix[:, hidden]) if equations and hidden else 0
    return {ids[h] for h in hidden
            if rank and np.linalg.matrix_rank(matrix[:, [k for k in hidden if k != h]]) < rank}


def _confidential(source_id):
    return {**SOURCES, source_id: dataclasses.replace(get_source(source_id), classification=CONFIDENTIAL)}


ASYLUM_LINKS = [
    ("asylum_s95_total", ("asylum_s95_dispersed", "asylum_s95_hotel")),
    ("asylum_total", ("asylum_s95_total", "asylum_s4", "asylum_s98")),
]


def test_a_confidential_part_beside_its_published_total_cannot_be_worked_back():
    quarter = {"source_id": "asylum_support", "period_label": "31 March 2024"}
    figures = rows(*({**quarter, "indicator_id": i, "value": v} for i, v in (
        ("asylum_s95_dispersed", 120.0), ("asylum_s95_hotel", 35.0), ("asylum_s95_total", 155.0),
        ("asylum_s4", 3.0), ("asylum_s98", 40.0), ("asylum_total", 198.0))))
    out = publish(figures, _confidential("asylum_support"), PublicationRules(audience=INTERNAL_AUDIENCE))
    assert _status(out, "asylum_s4") == st.SUPPRESSED  # the small count itself
    withheld = set(out.loc[out["status"] == st.SUPPRESSED, "indicator_id"])
    assert len(withheld) >= 2, "a total or a second part goes with it"
    assert _recoverable(out, ASYLUM_LINKS) == set()
    assert (out.loc[out["status"] == st.SUPPRESSED, "value"].isna()).all()
    # As little as needed: a second part of the all-support total protects it; the Section 95 figures
    # (a total with its own parts, all shown) give nothing away about Section 4.
    assert withheld == {"asylum_s4", "asylum_s98"}


def test_a_confidential_net_flow_beside_its_inflow_and_outflow_is_protected():
    period = {"source_id": "mye", "area_code": EAST_LOTHIAN, "period_label": "Mid-2019 to Mid-2020"}
    figures = rows({**period, "indicator_id": "ltim_inflow", "value": 400.0},
                   {**period, "indicator_id": "ltim_outflow", "value": 397.0},
                   {**period, "indicator_id": "ltim_net", "value": 3.0},
                   {**period, "indicator_id": "international_migration_net_mye", "value": 3.0},
                   {**period, "indicator_id": "population", "value": 107000.0})
    out = publish(figures, _confidential("mye"), PublicationRules(audience=INTERNAL_AUDIENCE))
    links = [("ltim_inflow", ("ltim_outflow", "ltim_net")),
             ("international_migration_net_mye", ("ltim_net",))]
    assert _status(out, "ltim_net") == st.SUPPRESSED
    assert {_status(out, "ltim_inflow"), _status(out, "ltim_outflow")} == {st.SUPPRESSED, st.OK}
    assert _recoverable(out, links) == set()
    assert _status(out, "population") == st.OK  # not linked to the flows: left alone


def test_public_totals_parts_and_zeros_are_all_shown():
    quarter = {"source_id": "resettlement", "period_label": "Oct to Dec 2018"}
    out = publish(rows({**quarter, "indicator_id": "resettlement_syria_schemes", "value": 3.0},
                       {**quarter, "indicator_id": "resettlement_global_schemes", "value": 0.0},
                       {**quarter, "indicator_id": "resettlement_afghan_schemes", "value": 0.0},
                       {**quarter, "indicator_id": "resettlement_total", "value": 3.0}),
                  SOURCES, PublicationRules(audience=INTERNAL_AUDIENCE))
    assert out["value"].tolist() == [3.0, 0.0, 0.0, 3.0] and (out["status"] == st.OK).all()


def test_the_methodology_page_states_the_neighbours_rule_for_sources_that_are_not_public():
    section = METHODOLOGY.read_text().split("## Small numbers", 1)[1].split("\n## ", 1)[0]
    assert "total beside its parts" in section and "inflow and outflow beside their net" in section
