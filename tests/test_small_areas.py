"""Small areas (MSOAs, wards) never become pages: the build must not grow with their number."""

from __future__ import annotations

import pandas as pd

from migration_profiles.render.profiles import FIGURE_FIELDS, FigureIndex, local_authority_codes


def test_only_local_authorities_are_given_pages_whatever_else_has_figures():
    codes = ["E06000014", "E02002345", "E05001234", "W06000015", "E12000003", "S12000036", "E92000001"]
    rows = [{"area_code": code, **{field: "" for field in FIGURE_FIELDS}, "indicator_id": "population",
             "period_end": "2020-06-30", "value": 1.0, "ci_lower": None, "ci_upper": None} for code in codes]
    index = FigureIndex(pd.DataFrame(rows))
    assert local_authority_codes(index) == ["E06000014", "S12000036", "W06000015"]
