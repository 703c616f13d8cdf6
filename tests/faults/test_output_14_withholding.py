"""Issue 11 item 14: withholding protects people; it does not hide zeros or published figures, and a
withheld figure cannot be worked back from the figures beside it."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

from migration_profiles.util import status as st
from migration_profiles.stages.publish import INTERNAL_AUDIENCE, PublicationRules, publish
from migration_profiles.sources.base import CONFIDENTIAL

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
