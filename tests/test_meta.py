"""Meta-tests: they fail when a declaration is incomplete or something is left undocumented."""

import argparse
import re
from datetime import date
from pathlib import Path

import pytest

from migration_profiles import cli
from migration_profiles.sources import all_sources
from migration_profiles.sources.base import CONFIDENTIAL, PUBLIC
from migration_profiles.stages.indicators.catalogue import CHARTS, INDICATORS, THEMES

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
REQUIRED_TEXT = ["id", "title", "publisher", "landing_page", "licence", "licence_url", "cadence",
                 "measures_summary", "kind", "coverage", "not_covered", "lag", "rounding"]


@pytest.mark.parametrize("source", all_sources(), ids=lambda s: s.id)
def test_every_source_declares_its_facts(source):
    for name in REQUIRED_TEXT:
        assert str(getattr(source, name)).strip(), f"{source.id} lacks {name}"
    assert source.landing_page.startswith("https://"), source.id
    assert source.geography_levels, source.id
    assert source.files, f"{source.id} declares no file patterns"
    assert source.downloads or source.api_query or source.discover, \
        f"{source.id} has no download URL, API query or page to find its file on"
    for spec in source.discover:
        assert spec.page.startswith("https://") and spec.confirmed, f"{source.id}: discovery lacks a page"
    assert source.classification in {PUBLIC, CONFIDENTIAL}
    if source.next_release:
        date.fromisoformat(source.next_release)
    else:
        assert source.superseded, f"{source.id}: no next release date, yet not marked superseded"


@pytest.mark.parametrize("source", all_sources(), ids=lambda s: s.id)
def test_every_source_has_caveats_and_terms_in_its_own_words(source):
    assert len(source.caveats) >= 2, source.id
    ids = [c.id for c in source.caveats]
    assert len(ids) == len(set(ids)), f"{source.id} repeats a caveat id"
    for caveat in source.caveats:
        assert len(caveat.text) > 40 and caveat.text.rstrip().endswith((".", ")")), caveat.id
    if source.kind != "reference":
        assert source.measures, source.id
        assert source.terms, f"{source.id} introduces no terms for the definitions page"


@pytest.mark.parametrize("source", all_sources(), ids=lambda s: s.id)
def test_every_source_has_a_fixture_and_a_parser_test(source):
    fixtures = TESTS / "fixtures" / source.id
    assert fixtures.is_dir() and any(fixtures.iterdir()), f"no hand-written fixture in {fixtures}"
    module = source.__module__ if hasattr(source, "__module__") else ""
    needles = {f"'{source.id}'", f'"{source.id}"', f"sources.{source.id}", module}
    tests = [p for p in TESTS.glob("test_source_*.py") if any(n and n in p.read_text() for n in needles)]
    assert tests, f"no tests/test_source_*.py exercises the '{source.id}' parser"


def test_indicators_and_charts_refer_to_what_exists():
    theme_ids = {t.id for t in THEMES}
    indicator_ids = [i.id for i in INDICATORS]
    assert len(indicator_ids) == len(set(indicator_ids))
    sources = {s.id: s for s in all_sources()}
    for ind in INDICATORS:
        assert ind.theme in theme_ids, ind.id
        assert ind.source_id in sources, ind.id
        caveats = {c.id for c in sources[ind.source_id].caveats}
        assert set(ind.caveat_ids) <= caveats, f"{ind.id} cites unknown caveats"
    for chart in CHARTS:
        assert chart.theme in theme_ids and set(chart.indicator_ids) <= set(indicator_ids), chart.id
    for theme in THEMES:
        assert any(c.theme == theme.id for c in CHARTS), f"theme {theme.id} has no chart"


def test_every_indicator_is_on_the_indicators_page(tmp_path):
    from migration_profiles.render.pages import write_indicators_page
    from migration_profiles.render.profiles import BuildContext

    context = BuildContext("e", "2026-01-01T00:00:00+00:00", False, {}, {s.id: s for s in all_sources()})
    write_indicators_page(tmp_path, context)
    page = (tmp_path / "indicators.md").read_text()
    for ind in INDICATORS:
        assert f"{{ #{ind.id} }}" in page, f"{ind.id} missing from the indicators page"


def _options(parser: argparse.ArgumentParser, prefix: str = ""):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix}{name}", None
                yield from _options(sub, f"{name} ")
        else:
            for option in action.option_strings:
                if option not in ("-h", "--help", "--version"):
                    yield prefix.strip(), option


def test_every_command_and_option_is_in_the_readme():
    readme = (ROOT / "README.md").read_text() + "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    for command, option in _options(cli._parser()):
        if option is None:
            assert re.search(rf"`{re.escape(command)}[ `]", readme), f"command `{command}` not documented"
        else:
            assert f"`{option}" in readme, \
                f"option {option} of `{command or 'migration-profiles'}` not documented"


def test_every_count_has_a_rate_or_a_reason_for_none():
    from migration_profiles.stages.indicators.catalogue import NO_RATE
    from migration_profiles.stages.indicators.rates import max_decimals
    from migration_profiles.stages.indicators.registry import is_count

    by_id = {i.id: i for i in INDICATORS}
    counts = {i.id for i in INDICATORS if is_count(i)}
    rated = {i.rate_of for i in INDICATORS if i.rate_of}
    assert rated <= counts, f"rates of what is not a count: {sorted(rated - counts)}"
    missing = sorted(counts - rated - set(NO_RATE))
    assert not missing, f"counts with neither a rate nor a reason in a module's NO_RATE: {missing}"
    assert set(NO_RATE) <= counts - rated, "an exemption names a rate, a share, or a count that has a rate"
    for indicator_id, reason in NO_RATE.items():
        assert len(reason) > 60 and reason.endswith("."), f"{indicator_id}: give the reader a reason"
    for ind in INDICATORS:
        if not ind.rate_of:
            continue
        count = by_id[ind.rate_of]
        assert ind.larger_area == count.larger_area, f"{ind.id} and its count are for different areas"
        if ind.unit.startswith("per 1,000"):
            assert 0 < ind.decimals <= max_decimals(count.round_to), f"{ind.id} claims more precision"
            assert ind.comparable, f"{ind.id}: a rate is set beside its region and country, and ranked"
        else:
            assert ind.percent, f"{ind.id}: a rate is per 1,000 or a share of the count's own total"
