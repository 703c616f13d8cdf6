"""Issue 11 item 13: a lower bound shown as zero keeps the published ±."""

from __future__ import annotations

import pandas as pd

from migration_profiles.render.profiles import BuildContext, FigureIndex, build_profile
from migration_profiles.sources import all_sources
from migration_profiles.stages.geography import Geography
from migration_profiles.stages.indicators.catalogue import indicator
from migration_profiles.stages.publish import PublicationRules, format_interval, publish

from .figures import SOURCES, rows

ADUR = "E07000223"


def _adur_born_outside_uk():
    # Adur, born outside the UK, 2020: 3,000 published with ±4,000, so the interval is -1,000 to 7,000.
    return publish(rows({"area_code": ADUR, "indicator_id": "non_uk_born", "source_id": "lami",
                         "value": 3000.0, "ci_lower": -1000.0, "ci_upper": 7000.0}),
                   SOURCES, PublicationRules())


def test_the_range_starts_at_zero_but_the_plus_minus_is_the_published_one():
    out = _adur_born_outside_uk()
    figure = FigureIndex(out).latest(ADUR, "non_uk_born")
    assert figure["ci_lower"] == 0.0 and figure["ci_upper"] == 7000.0  # no count below zero
    ind = indicator("non_uk_born")
    assert format_interval(figure["ci_lower"], figure["ci_upper"], ind, figure["value"]) == "±4,000"


def test_an_interval_that_was_not_cut_reads_as_before():
    ind = indicator("aps_cob_non_uk_born")
    assert format_interval(10000.0, 22000.0, ind, 16000.0) == "±6,000"
    assert format_interval(10000.0, 22000.0, ind) == "±6,000"


def test_the_area_page_model_shows_the_published_plus_minus():
    # The same figure through the profile that pages, downloads and PDFs are rendered from.
    names = pd.DataFrame({"area_code": [ADUR], "area_name": ["Adur"]})
    geography = Geography.fallback_from_observations(names)
    context = BuildContext(edition="e", built_at="2025-01-01T00:00:00+00:00", demo=False, snapshots={},
                           sources={s.id: s for s in all_sources()})
    profile = build_profile(ADUR, FigureIndex(_adur_born_outside_uk()), geography, context)
    [row] = [row for row in profile["overview"] if row["indicator_id"] == "non_uk_born"]
    assert (row["value"], row["interval"]) == ("3,000", "±4,000")  # the page prints "3,000 (±4,000)"
