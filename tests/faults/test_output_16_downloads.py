"""Issue 11 item 16: downloads carry the published value: no float noise, no negative zero, and
names keep their capitals."""

from __future__ import annotations

import csv
import io
import math
import re

import pytest

from migration_profiles.stages.indicators import INDICATORS
from migration_profiles.stages.publish import PublicationRules, publish
from migration_profiles.util.wording import lower_first

from .figures import SOURCES, rows
from .output_site import build_site, downloads


def test_rounding_leaves_no_float_noise_or_negative_zero():
    out = publish(rows({"indicator_id": "gp_rate", "value": 3.8000000000000003},
                       {"indicator_id": "gp_rate", "value": 0.1 + 0.2},
                       {"indicator_id": "gp_rate", "value": -0.04},
                       {"indicator_id": "ltim_net", "value": -0.4}), SOURCES, PublicationRules())
    values = out["value"].tolist()
    assert [repr(v) for v in values] == ["3.8", "0.3", "0.0", "0.0"]
    assert all(math.copysign(1, v) == 1 for v in values[2:])  # zero, not -0.0


@pytest.mark.parametrize(("title", "expected"), [("UK-born residents", "UK-born residents"),
                                                 ("NINo registrations", "NINo registrations"),
                                                 ("Proficiency in English", "proficiency in English"),
                                                 ("GP registrations", "GP registrations")])
def test_titles_in_sentences_keep_abbreviations(title, expected):
    assert lower_first(title) == expected


def test_no_indicator_title_loses_a_capital_of_an_abbreviation():
    for ind in INDICATORS:
        first = ind.title.split(" ", 1)[0]
        if sum(c.isupper() for c in first) > 1:
            assert lower_first(ind.title) == ind.title


def test_a_built_sites_downloads_carry_plain_numbers(tmp_path):
    ws = build_site(tmp_path, downloads(tmp_path))
    files = list((ws.site / "data").rglob("*.csv"))
    assert files
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text())):
            for cell in row:
                assert not re.fullmatch(r"-?\d+\.\d*?(0000000|9999999)\d*", cell), (path.name, cell)
                assert cell not in ("-0.0", "-0"), (path.name, row)
    text = "".join(p.read_text() for p in (ws.site / "data").rglob("*.json"))
    assert not re.search(r"\d\.\d*(0000000|9999999)\d", text) and "-0.0," not in text


def test_no_indicator_method_lowers_an_abbreviation():
    # The methods are printed on the indicators page and carried by the downloads' datapackage.
    for ind in INDICATORS:
        assert not re.search(r"\buk\b|\bnINo\b|\beu\b", ind.method), (ind.id, ind.method)
