"""Acceptance on the real published files: refresh --from ../shared/realdata, then build."""

import json
import re

import pandas as pd
import pytest

from migration_profiles import cli
from migration_profiles.acquire.snapshots import latest_snapshot
from migration_profiles.render.pages import area_figures
from migration_profiles.render.postprocess import page_text
from migration_profiles.sources.lami import SOURCE as LAMI

from .workspace import make_project

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

LA_PREFIXES = ("E06", "E07", "E08", "E09", "W06", "S12", "N09")


@pytest.fixture(scope="module")
def real_project(tmp_path_factory, realdata_dir):
    ws = make_project(tmp_path_factory.mktemp("real"))
    assert cli.main(["--root", str(ws.root), "--quiet", "refresh", "--from", str(realdata_dir)]) == 0
    assert cli.main(["--root", str(ws.root), "--quiet", "build"]) == 0
    return ws


def test_every_local_authority_in_the_lami_workbook_has_a_page(real_project):
    workbook = latest_snapshot(real_project.snapshots, "lami").file_paths()[0]
    published = {c for c in LAMI.files[0].parse(workbook)["area_code"].unique() if c.startswith(LA_PREFIXES)}
    assert len(published) >= 370
    # A recoded area's page is under its current code (Barnsley E08000016 -> E08000038).
    recoded = {e["area_code"]: e
               for e in json.loads((real_project.indicators / "quality_log.json").read_text())
               if e.get("action") == "recoded"}
    assert {"E08000016", "E08000019"} <= set(recoded)
    codes = {c for c in published if c not in recoded} | {"E08000038", "E08000039"}
    pages = {p.parent.name for p in (real_project.site / "areas").glob("*/index.html")}
    assert codes <= pages, sorted(codes - pages)[:10]


def test_york_shows_long_term_immigration_of_3246_for_2019_20(real_project):
    page = (real_project.site / "areas" / "E06000014" / "index.html").read_text()
    assert "3,246" in page
    data = json.loads((real_project.site / "data" / "areas" / "E06000014.json").read_text())
    [ltim] = [f for f in area_figures(data)
              if f["indicator_id"] == "ltim_inflow" and f["period_label"] == "Mid-2019 to Mid-2020"]
    # the mid-year estimates' figure (the same one LAMI copied): one source for the flows
    assert ltim["value"] == 3246 and ltim["source_id"] == "mye"
    assert ltim["release"] == "mid-2020-geog21"


def test_one_number_for_net_international_and_internal_migration(real_project):
    """Aberdeen City's net international migration for 2019/20 was shown as 1,310 (mid-year estimates)
    and 1,300 (LAMI); Belfast had two 'Net moves within the UK' for 2014/15. Now each has one."""
    def values(code, ids, period):
        path = real_project.site / "data" / "areas" / f"{code}.json"
        figures = area_figures(json.loads(path.read_text()))
        return {f["value"] for f in figures if f["indicator_id"] in ids and f["period_label"] == period}

    net_international = {"ltim_net", "international_migration_net_mye"}
    assert values("S12000033", net_international, "Mid-2019 to Mid-2020") == {1310}
    belfast = values("N09000003", {"internal_migration_net", "internal_net"}, "Mid-2014 to Mid-2015")
    assert len(belfast) == 1
    page = (real_project.site / "areas" / "S12000033" / "index.html").read_text()
    assert "ended with data for 2020" in page


def test_york_non_british_population_keeps_the_published_precision(real_project):
    figures = area_figures(json.loads((real_project.site / "data" / "areas" / "E06000014.json").read_text()))
    [nb] = [f for f in figures
            if f["indicator_id"] == "non_british" and f["period_label"] == "Jan 2020 to Dec 2020"]
    assert (nb["value"], nb["ci_lower"], nb["ci_upper"]) == (16000, 10000, 22000)
    assert "16,000 (±6,000)" in page_text(real_project.docs / "areas" / "E06000014.md")


# ------------------------------------------------------------------------------ boundary changes
NORTH_YORKSHIRE, HARROGATE, YORK = "E06000065", "E07000165", "E06000014"
HULL, WAKEFIELD = "E06000010", "E08000036"
HOME_OFFICE = {"asylum_support", "resettlement"}


def _figures(project, code: str) -> list[dict]:
    return area_figures(json.loads((project.site / "data" / "areas" / f"{code}.json").read_text()))


def _one(figures: list[dict], indicator_id: str, label: str) -> dict:
    [found] = [f for f in figures if f["indicator_id"] == indicator_id and f["period_label"] == label]
    return found


def test_harrogate_has_no_home_office_figure_after_it_was_abolished(real_project):
    table = pd.read_parquet(real_project.indicators / "indicators.parquet")
    harrogate = table[(table.area_code == HARROGATE) & table.source_id.isin(HOME_OFFICE)]
    assert not harrogate.empty and harrogate.period_end.max() < "2023-04-01"


def test_north_yorkshire_gets_the_rows_filed_under_its_districts_and_their_population(real_project):
    figures = _figures(real_project, NORTH_YORKSHIRE)
    # Resettled refugees July to September 2023: 7 filed under Hambleton's code, 11 under Scarborough's.
    assert _one(figures, "resettlement_total", "July to September 2023")["value"] == 18
    assert _one(figures, "population", "Mid-2020")["value"] == 620610  # the sum of its seven districts
    rate = _one(figures, "asylum_accommodated_rate", "End of September 2024")
    assert rate["value"] is not None and rate["value"] > 0


def test_no_abolished_council_is_ranked(real_project):
    standing = json.loads((real_project.indicators / "standing.json").read_text())
    ranked = {code for code, ranks in standing["ranks"].items() if ranks}
    log = json.loads((real_project.indicators / "quality_log.json").read_text())
    ended = {e["area_code"] for e in log if e.get("action") in ("merged", "recoded", "moved to successor")}
    assert HARROGATE in ended and not ranked & ended
    [rank] = [r for r in standing["ranks"][YORK] if r["indicator_id"] == "asylum_accommodated_rate"]
    # 348 councils that existed throughout, and the four created in 2023, now with a population.
    assert rank["of"] == 352
    assert {"E06000063", "E06000064", NORTH_YORKSHIRE, "E06000066"} <= ranked


def test_section_98_rows_at_december_2022_follow_the_council_they_name(real_project):
    # Published under Hull's code: 4,757 people in asylum accommodation, 3,835 named as other councils.
    hull = _one(_figures(real_project, HULL), "asylum_accommodated", "End of December 2022")
    assert hull["value"] == 4757 - 3835
    wakefield = _one(_figures(real_project, WAKEFIELD), "asylum_accommodated", "End of December 2022")
    assert wakefield["value"] == 785
    log = json.loads((real_project.indicators / "quality_log.json").read_text())
    assert any(e.get("fault") == "wrong code" and e["area_code"] == HULL for e in log)


def test_releases_are_named_and_dated_and_the_edition_is_named_after_the_newest(real_project):
    """Issue 12, item 9, on the real files: York's page said "Edition 2021-09" above figures to September
    2024 and cited three releases named "imported-<day>"; What changed said "not stated by the publisher"
    eleven times."""
    york = (real_project.site / "areas" / "E06000014" / "index.html").read_text()
    assert "imported-" not in york and "not stated" not in york
    assert "Edition 2024-11" in york  # the Home Office's edition to September 2024, out 28 November 2024
    cited = re.findall(r"Release ([^ ,;.<]+)"
                       r"(, published \d{4}-\d{2}-\d{2}|; publication date not known)", york)
    assert (("census-2021", ", published 2022-11-29") in cited
            and ("iod2019", ", published 2019-09-26") in cited)
    assert ("sep-2024", ", published 2024-11-28") in cited
    assert ("mid-2020-geog21", ", published 2021-06-25") in cited  # ONS's mid-2020 bulletin
    assert not [name for name, date in cited if "not known" in date]
    changed = (real_project.site / "what-changed" / "index.html").read_text()
    assert "not stated" not in changed and changed.count("is not known: neither the file") == 1
    assert "with figures up to 30 September 2024" in changed
    # The boundaries and the code lists, known by their bytes, are dated, and later than any figures:
    # still the edition is named after the Home Office's release (Edition 2024-11, above).
    record = json.loads((real_project.site / "data" / "edition" / "edition.json").read_text())
    dates = {sid: facts["release_date"] for sid, facts in record["sources"].items()}
    assert (dates["boundaries"], dates["geography"], dates["mye"]) == (
        "2025-06-11", "2025-07-10", "2021-06-25")
    assert [sid for sid, date in dates.items() if not date] == ["aps_cob"]  # NRS 2016: no day confirmed
