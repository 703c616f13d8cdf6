"""DWP NINo registrations by nationality ('dwp_nino'): declaration, both parsers, strict errors, the
Stat-Xplore API refresh against a local server, and the indicators built on it."""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from migration_profiles.acquire.fetch import FAILED, NEW, UNCHANGED, refresh_source
from migration_profiles.acquire.snapshots import latest_snapshot, validate_file, verify
from migration_profiles.sources import dwp_nino, get_source
from migration_profiles.sources.base import TIDY_COLUMNS
from migration_profiles.sources.dwp_nino import (
    API_KEY_ENV,
    SOURCE,
    TOTAL,
    UNLISTED,
    Quarter,
    parse_json,
    parse_table,
    quarter_from_text,
)
from migration_profiles.stages.indicators import compute_indicators, nino
from migration_profiles.stages.indicators.registry import ChartDef
from migration_profiles.stages.tidy import _check_observations
from migration_profiles.util import status as st
from migration_profiles.util.errors import FetchError, LayoutError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dwp_nino"
JSON_FIXTURE = FIXTURES / "stat-xplore-nino-fixture.json"
XLSX_FIXTURE = FIXTURES / "nino-allocations-fixture.xlsx"
CSV_FIXTURE = FIXTURES / "nino-allocations-fixture.csv"
CUBE = "str:count:Ninos:V_F_NINOS"
KEY = "test-key-0123456789abcdef"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return parse_json(JSON_FIXTURE)


def one(frame: pd.DataFrame, code: str, measure: str, period: str) -> pd.Series:
    rows = frame[(frame.area_code == code) & (frame.measure == measure) & (frame.period_label == period)]
    assert len(rows) == 1, f"{code} {measure} {period}: {len(rows)} rows"
    return rows.iloc[0]


def answer() -> dict:
    return json.loads(JSON_FIXTURE.read_text())


def write(tmp_path: Path, data: object, name: str = "stat-xplore-nino-variant.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


# ------------------------------------------------------------------------------------------
# Declaration


def test_declaration():
    assert get_source("dwp_nino") is SOURCE
    assert SOURCE.api_key_env == "STAT_XPLORE_API_KEY" == API_KEY_ENV
    assert SOURCE.extra["api_url"] == "https://stat-xplore.dwp.gov.uk/webapi/rest/v1/table"
    assert SOURCE.extra["api_key_header"] == "APIKey"
    assert "Open Government Licence" in SOURCE.licence and SOURCE.downloads == ()
    ids = [m.id for m in SOURCE.measures]
    assert len(ids) == len(set(ids)) == len(dwp_nino.NATIONALITIES) + 2
    assert {TOTAL, UNLISTED, "nino_nat_poland", "nino_nat_india", "nino_nat_unknown"} <= set(ids)
    caveats = {c.id for c in SOURCE.caveats}
    assert {"nino_registrations_not_arrivals", "nino_2020_pause", "nino_random_adjustment",
            "nino_dated_at_registration", "nino_nationality_as_recorded"} <= caveats
    assert {t.name for t in SOURCE.terms} >= {"NINo allocation", "Adult overseas national"}


def test_api_query_is_the_documented_table_request():
    query = json.loads(SOURCE.api_query)
    assert query["database"] == "str:database:Ninos"
    assert query["measures"] == [CUBE]
    assert len(query["dimensions"]) == 3
    quarters = query["recodes"][dwp_nino.QUARTER_FIELD]["map"]
    assert len(quarters) == dwp_nino.QUARTERS_ASKED
    year, month = dwp_nino.LATEST_QUARTER
    assert quarters[-1] == [f"{dwp_nino.QUARTER_VALUE}{year}{month:02d}"]
    assert dwp_nino.quarters_back((2025, 3), 4) == [(2024, 6), (2024, 9), (2024, 12), (2025, 3)]
    with pytest.raises(ValueError):
        dwp_nino.quarters_back((2025, 4), 2)


def test_nationality_list_is_checked():
    listed = dwp_nino.load_nationalities()
    assert len(listed) == len({n.slug for n in listed}) >= 190
    assert dwp_nino.nationality_of("Korea, South").slug == "korea_south"
    assert dwp_nino.nationality_of("  china peoples REPUBLIC ").slug == "china"
    assert dwp_nino.nationality_of("Freedonia") is None
    with pytest.raises(ValueError, match="already listed"):
        dwp_nino.load_nationalities("slug,label,also_written\nchina,China,\nprc,PRC,China\n")
    with pytest.raises(ValueError, match="columns"):
        dwp_nino.load_nationalities("slug,name\nchina,China\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("Jan-Mar 2024", Quarter(2024, 3)),
    ("January to March 2024", Quarter(2024, 3)),
    ("Jan-24 to Mar-24", Quarter(2024, 3)),
    ("Oct 2023 to Dec 2023", Quarter(2023, 12)),
    ("2025 Q2", Quarter(2025, 6)),
    ("Q3 2025", Quarter(2025, 9)),
    ("202412 (Oct-24 to Dec-24)", Quarter(2024, 12)),
    ("Feb-Apr 2024", None),  # not a calendar quarter
    ("Jan 2023 to Mar 2024", None),
    ("March 2024", None),
])
def test_quarters_in_words(text, expected):
    assert quarter_from_text(text) == expected


# ------------------------------------------------------------------------------------------
# The Stat-Xplore answer


def test_json_figures_periods_and_statuses(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    _check_observations(SOURCE, JSON_FIXTURE.name, frame)  # every measure is declared
    york = one(frame, "E06000014", "nino_nat_poland", "Jan-Mar 2024")
    assert (york.value, york.status, york.period_start, york.period_end) == (40.0, st.OK, "2024-01-01",
                                                                             "2024-03-31")
    assert one(frame, "E06000014", "nino_nat_poland", "Jan-Mar 2025").value == 44.0
    assert one(frame, "E08000035", "nino_nat_india", "Oct-Dec 2024").value == 309.0
    # 'China People's Republic' is one of the ways our list writes China.
    assert one(frame, "E06000014", "nino_nat_china", "Jan-Mar 2024").value == 12.0
    # The published Total is used as it stands, not our sum of the cells (which is 138).
    assert one(frame, "E06000014", TOTAL, "Jan-Mar 2024").value == 239.0
    q = one(frame, "S12000036", TOTAL, "Oct-Dec 2024")
    assert (q.period_start, q.period_end) == ("2024-10-01", "2024-12-31")
    assert sorted(frame.period_label.unique()) == sorted(
        ["Jan-Mar 2024", "Apr-Jun 2024", "Jul-Sep 2024", "Oct-Dec 2024", "Jan-Mar 2025"])
    # A null cell is missing, with its reason; never a zero.
    belfast = one(frame, "N09000003", UNLISTED, "Apr-Jun 2024")
    assert pd.isna(belfast.value) and belfast.status == st.NOT_AVAILABLE


def test_json_zero_cells_are_not_rows_but_totals_always_are(frame):
    unknown = frame[frame.area_code == "XXXXXXXXX"]
    assert set(unknown.measure) == {"nino_nat_india", TOTAL}
    for code in ("E06000014", "E08000035", "S12000036", "N09000003", "XXXXXXXXX", "E92000001", "S92000003",
                 "N92000002", "K02000001"):
        assert len(frame[(frame.area_code == code) & (frame.measure == TOTAL)]) == 5, code
    assert not ((frame.value == 0) & (frame.measure != TOTAL)).any()


def test_json_countries_and_uk_are_our_sums(frame):
    assert one(frame, "E92000001", "nino_nat_poland", "Jan-Mar 2025").value == 44 + 124
    york, leeds = (one(frame, code, TOTAL, "Jan-Mar 2025").value for code in ("E06000014", "E08000035"))
    assert one(frame, "E92000001", TOTAL, "Jan-Mar 2025").value == york + leeds
    assert one(frame, "S92000003", "nino_nat_india", "Jan-Mar 2024").value == 70.0
    uk = one(frame, "K02000001", "nino_nat_india", "Jan-Mar 2025").value
    parts = sum(one(frame, c, "nino_nat_india", "Jan-Mar 2025").value
                for c in ("E06000014", "E08000035", "S12000036", "N09000003", "XXXXXXXXX"))
    assert uk == parts  # the unplaced item counts in the UK only
    assert "E12000003" not in set(frame.area_code)  # regions are added by the pipeline
    assert one(frame, "K02000001", UNLISTED, "Apr-Jun 2024").status == st.NOT_AVAILABLE


def test_json_unknown_labels_are_kept_and_reported(frame):
    # Freedonia is not in our list: its figures are counted, under 'unlisted', never dropped.
    assert one(frame, "E06000014", UNLISTED, "Jan-Mar 2024").value == 1.0
    issues = SOURCE.file_spec_for(JSON_FIXTURE.name).quality(frame)
    freedonia = [i for i in issues if "Freedonia" in i["issue"]]
    assert len(freedonia) == 1 and "173 registrations" in freedonia[0]["issue"] and freedonia[0]["rows"] == 25
    unplaced = [i for i in issues if i["area_code"] == "XXXXXXXXX"]
    assert len(unplaced) == 1
    assert "'Unknown'" in unplaced[0]["issue"] and "$.fields[0].items[4]" in unplaced[0]["issue"]
    assert "50 registrations" in unplaced[0]["issue"]


def test_json_field_order_does_not_matter(tmp_path, frame):
    data = answer()
    # Put the quarter field first: values[q][area][nat].
    data["fields"] = [data["fields"][2], data["fields"][0], data["fields"][1]]
    values = data["cubes"][CUBE]["values"]
    areas, nats, quarters = len(values), len(values[0]), len(values[0][0])
    data["cubes"][CUBE]["values"] = [[[values[a][n][q] for n in range(nats)] for a in range(areas)]
                                     for q in range(quarters)]
    other = parse_json(write(tmp_path, data))
    key = ["area_code", "period_label", "measure"]
    pd.testing.assert_frame_equal(other.sort_values(key).reset_index(drop=True),
                                  frame.sort_values(key).reset_index(drop=True))


def test_json_without_a_total_item_sums_the_cells(tmp_path):
    data = answer()
    data["fields"][1]["items"] = data["fields"][1]["items"][:-1]
    data["cubes"][CUBE]["values"] = [[row for row in area[:-1]] for area in data["cubes"][CUBE]["values"]]
    frame = parse_json(write(tmp_path, data))
    assert one(frame, "E06000014", TOTAL, "Jan-Mar 2024").value == 40 + 25 + 60 + 12 + 1
    # A missing cell makes our sum missing, never an undercount.
    assert one(frame, "N09000003", TOTAL, "Apr-Jun 2024").status == st.NOT_AVAILABLE


def test_json_region_named_without_code_is_placed(tmp_path):
    data = answer()
    data["fields"][0]["items"][4] = {"type": "RecodeItem", "uris": ["str:value:Ninos:V_F_NINOS:UK_COA:X:R7"],
                                     "labels": ["London"]}
    frame = parse_json(write(tmp_path, data))
    assert "E12000007" in set(frame.area_code)
    assert not [i for i in frame.attrs["quality"] if i["area_code"] not in ("",)]


def _layout_error(tmp_path: Path, data: object) -> LayoutError:
    with pytest.raises(LayoutError) as caught:
        parse_json(write(tmp_path, data))
    return caught.value


def test_json_errors_name_the_path(tmp_path):
    data = answer()
    data["cubes"][CUBE]["values"][1] = data["cubes"][CUBE]["values"][1][:-1]
    error = _layout_error(tmp_path, data)
    assert error.column == f"$.cubes['{CUBE}'].values[1]" and "6 entries" in error.expected
    assert "stat-xplore-nino-variant.json" in str(error) and "dwp_nino" in str(error)

    data = answer()
    data["cubes"][CUBE]["values"][0][2][3] = -5
    error = _layout_error(tmp_path, data)
    assert error.column == f"$.cubes['{CUBE}'].values[0][2][3]" and error.found == "-5"

    data = answer()
    data["cubes"][CUBE]["values"][0][2][3] = "12"
    assert _layout_error(tmp_path, data).column == f"$.cubes['{CUBE}'].values[0][2][3]"

    data = answer()
    data["fields"][2]["items"][0] = {"type": "RecodeItem", "uris": ["str:value:x:QTR:first"],
                                     "labels": ["First"]}
    error = _layout_error(tmp_path, data)
    assert error.column == "$.fields[2].items[0].labels[0]" and error.found == "'First'"

    data = answer()
    data["fields"][2]["items"][1]["labels"] = ["Jan-24 to Mar-24"]  # code says Apr-Jun 2024
    error = _layout_error(tmp_path, data)
    assert error.column == "$.fields[2].items[1]" and "Apr-Jun 2024" in error.expected

    data = answer()
    data["fields"][1]["items"][1]["labels"] = ["Poland"]
    error = _layout_error(tmp_path, data)
    assert error.column == "$.fields[1].items[1]" and "each nationality once" in error.expected

    data = answer()
    data["fields"][0]["items"].append({"type": "Total", "labels": ["Total"]})
    assert _layout_error(tmp_path, data).column == "$.fields[0].items[5]"

    data = answer()
    data["fields"][0]["items"][1]["uris"] = data["fields"][0]["items"][0]["uris"]
    assert "each area once" in _layout_error(tmp_path, data).expected

    data = answer()
    del data["cubes"]
    assert _layout_error(tmp_path, data).column == "$.cubes"

    data = answer()
    data["database"]["uri"] = "str:database:UC_Monthly"
    data["query"]["database"] = "str:database:UC_Monthly"
    assert _layout_error(tmp_path, data).column == "$.database.uri"

    data = answer()
    data["fields"] = data["fields"][:2]
    assert _layout_error(tmp_path, data).column == "$.fields"

    data = answer()
    data["fields"][1]["label"], data["fields"][1]["uri"] = "Age", "str:field:Ninos:V_F_NINOS:AGE"
    assert _layout_error(tmp_path, data).column == "$.fields[1]"

    assert _layout_error(tmp_path, "{not json").column == "$"
    assert _layout_error(tmp_path, [1, 2]).column == "$"


def test_snapshot_validation_accepts_the_answer_and_refuses_an_html_page(tmp_path):
    assert validate_file(SOURCE, JSON_FIXTURE) is SOURCE.files[0]
    page = write(tmp_path, "<!DOCTYPE html><html><body>Sign in</body></html>", "stat-xplore-nino-x.json")
    with pytest.raises(LayoutError, match="HTML page"):
        validate_file(SOURCE, page)


# ------------------------------------------------------------------------------------------
# Tables saved as .xlsx or CSV


def test_table_figures(tmp_path):
    frame = parse_table(XLSX_FIXTURE)
    _check_observations(SOURCE, XLSX_FIXTURE.name, frame)
    assert one(frame, "E06000014", TOTAL, "Jan-Mar 2025").value == 1210.0  # "1,210"
    assert one(frame, "E08000035", "nino_nat_ukraine", "Apr-Jun 2025").value == 95.0
    assert one(frame, "E06000014", "nino_nat_poland", "Apr-Jun 2025").period_end == "2025-06-30"
    westminster = one(frame, "E09000033", "nino_nat_romania", "Jan-Mar 2025")
    assert pd.isna(westminster.value) and westminster.status == st.NOT_AVAILABLE
    assert one(frame, "E92000001", "nino_nat_romania", "Jan-Mar 2025").status == st.NOT_AVAILABLE
    assert one(frame, "E92000001", "nino_nat_romania", "Apr-Jun 2025").value == 22 + 85 + 60
    assert one(frame, "E92000001", TOTAL, "Jan-Mar 2025").value == 1210 + 4050 + 9999
    issues = frame.attrs["quality"]
    assert len(issues) == 1 and "Freedonia" in issues[0]["issue"] and issues[0]["rows"] == 6


def test_csv_with_a_quarter_column_reads_the_same(tmp_path):
    xlsx, csv_frame = parse_table(XLSX_FIXTURE), parse_table(CSV_FIXTURE)
    key = ["area_code", "period_label", "measure"]
    pd.testing.assert_frame_equal(xlsx.sort_values(key).reset_index(drop=True),
                                  csv_frame.sort_values(key).reset_index(drop=True))
    assert validate_file(SOURCE, CSV_FIXTURE) is SOURCE.files[1]
    assert validate_file(SOURCE, XLSX_FIXTURE) is SOURCE.files[2]


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nino-allocations-variant.csv"
    path.write_text(text)
    return path


def test_table_errors_name_row_and_column(tmp_path):
    head = "Quarter,Area code,Area name,Total,Poland\n"
    with pytest.raises(LayoutError) as caught:
        parse_table(_csv(tmp_path, head + "Jan-Mar 2025,E06000014,York,10,4\nSpring,E08000035,Leeds,5,1\n"))
    assert (caught.value.row, caught.value.column) == (3, "Quarter")
    with pytest.raises(LayoutError) as caught:
        parse_table(_csv(tmp_path, head + "Jan-Mar 2025,E06000014,York,10,four\n"))
    assert (caught.value.row, caught.value.column) == (2, "Poland") and "'four'" in caught.value.found
    with pytest.raises(LayoutError) as caught:
        parse_table(_csv(tmp_path, "Quarter,Area code,Area name,Poland,Poland\n"))
    assert caught.value.row == 1 and "each nationality once" in caught.value.expected
    with pytest.raises(LayoutError) as caught:
        twice = "Jan-Mar 2025,E06000014,York,10,4\nJan-Mar 2025,E06000014,York,1,1\n"
        parse_table(_csv(tmp_path, head + twice))
    assert caught.value.row == 3 and "once per quarter" in caught.value.expected
    with pytest.raises(LayoutError) as caught:
        parse_table(_csv(tmp_path, "Area code,Area name,Total,Poland\nE06000014,York,10,4\n"))
    assert "one quarter named above the header" in caught.value.expected
    with pytest.raises(LayoutError) as caught:
        parse_table(_csv(tmp_path, "Region,Total\nYork,10\n"))
    assert "area code column" in caught.value.expected

    wb = Workbook()
    ws = wb.active
    ws.title = "Table_1"
    ws.append(["Allocations, January to March 2025 and April to June 2025"])
    ws.append(["Area code", "Area name", "Total", "Poland"])
    ws.append(["E06000014", "York", 10, 4])
    path = tmp_path / "nino-allocations-two.xlsx"
    wb.save(path)
    with pytest.raises(LayoutError) as caught:
        parse_table(path)
    assert (caught.value.sheet, caught.value.column) == ("Table_1", "A")
    assert "2 quarters" in caught.value.found

    ws.delete_rows(1)
    ws.insert_rows(1)
    ws["A1"] = "Allocations, July to September 2025"
    ws.append(["E08000035", "Leeds", 5, "n.a."])
    wb.save(path)
    with pytest.raises(LayoutError) as caught:
        parse_table(path)
    assert (caught.value.sheet, caught.value.row, caught.value.column) == ("Table_1", 4, "D")


def test_table_rows_that_are_not_areas_are_kept_and_reported(tmp_path):
    text = ("Quarter,Area code,Area name,Total,Poland\n"
            "Jan-Mar 2025,E06000014,York,10,4\n"
            "Jan-Mar 2025,,Overseas residents,7,2\n"
            "Jan-Mar 2025,,London,70,20\n"
            "\n"
            "Source: DWP\n")
    frame = parse_table(_csv(tmp_path, text))
    assert one(frame, "Overseas residents", TOTAL, "Jan-Mar 2025").value == 7.0
    assert one(frame, "E12000007", TOTAL, "Jan-Mar 2025").value == 70.0  # a region, placed by its name
    assert one(frame, "K02000001", TOTAL, "Jan-Mar 2025").value == 17.0  # York + the unplaced row
    issues = [i for i in frame.attrs["quality"] if i["area_code"] == "Overseas residents"]
    assert len(issues) == 1 and "row(s) 3" in issues[0]["issue"] and "7 registrations" in issues[0]["issue"]


# ------------------------------------------------------------------------------------------
# Refresh through the Stat-Xplore API, against a server on 127.0.0.1


class PostServer:
    """Answers POSTs on 127.0.0.1 with scripted (status, body) replies and records every request."""

    def __init__(self, *replies: tuple[int, bytes]) -> None:
        self.replies = list(replies)
        self.requests: list[dict] = []

    def __enter__(self) -> PostServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                # self.headers looks names up without regard to case, as HTTP header names are compared.
                server.requests.append({"method": "POST", "path": self.path, "headers": self.headers,
                                        "body": self.rfile.read(length)})
                status, body = server.replies.pop(0) if len(server.replies) > 1 else server.replies[0]
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if body.startswith(b"{") else "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return self

    def url(self, path: str = "/webapi/rest/v1/table") -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


FAST = {"timeout": 2, "retries": 1, "backoff": 0.01}


def local(server: PostServer):
    return dataclasses.replace(SOURCE, extra={**SOURCE.extra, "api_url": server.url()})


def test_refresh_posts_the_query_with_the_key_and_stores_the_answer(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    root = tmp_path / "snapshots"
    body = JSON_FIXTURE.read_bytes()
    with caplog.at_level(logging.DEBUG), PostServer((200, body)) as server:
        lines: list[str] = []
        result = refresh_source(root, local(server), progress=lines.append, **FAST)
        again = refresh_source(root, local(server), **FAST)
    assert result.status == NEW, result.message
    request = server.requests[0]
    assert request["path"] == "/webapi/rest/v1/table"
    assert request["headers"]["APIKey"] == KEY
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"]) == json.loads(SOURCE.api_query)
    snapshot = latest_snapshot(root, "dwp_nino")
    verify(snapshot)
    assert [f.name for f in snapshot.files] == ["stat-xplore-nino-table.json"]
    assert (snapshot.path / "stat-xplore-nino-table.json").read_bytes() == body
    assert snapshot.files[0].url == server.url()
    assert again.status == UNCHANGED and len(server.requests) == 2
    # The key is in no message, log line or stored file.
    assert KEY not in caplog.text and not any(KEY in line for line in lines)
    assert all(KEY not in p.read_text() for p in snapshot.path.iterdir())


def test_refresh_without_a_key_says_which_variable_to_set(tmp_path, monkeypatch):
    # Without its page of summary tables (tests/test_discover.py covers that fallback), the API is the
    # only way: no key is an error naming the variable.
    api_only = dataclasses.replace(SOURCE, discover=())
    monkeypatch.delenv(API_KEY_ENV, raising=False)
    with PostServer((200, JSON_FIXTURE.read_bytes())) as server:
        with pytest.raises(FetchError, match="STAT_XPLORE_API_KEY"):
            refresh_source(tmp_path / "snapshots", dataclasses.replace(local(server), discover=()), **FAST)
        assert server.requests == []
    monkeypatch.setenv(API_KEY_ENV, "   ")
    with pytest.raises(FetchError, match="set the environment variable STAT_XPLORE_API_KEY"):
        refresh_source(tmp_path / "snapshots", api_only, **FAST)


def test_a_refused_key_is_a_clear_failure_and_changes_nothing(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    root = tmp_path / "snapshots"
    with caplog.at_level(logging.DEBUG), PostServer((401, f"bad key {KEY}".encode())) as server:
        result = refresh_source(root, local(server), **FAST)
    assert result.status == FAILED
    assert "HTTP 401" in result.message and "refused the key in STAT_XPLORE_API_KEY" in result.message
    assert len(server.requests) == 1  # not retried
    assert KEY not in result.message and KEY not in caplog.text
    assert latest_snapshot(root, "dwp_nino") is None


def test_server_errors_are_retried_and_an_html_page_is_not_stored(tmp_path, monkeypatch):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    root = tmp_path / "snapshots"
    with PostServer((503, b"busy"), (200, JSON_FIXTURE.read_bytes())) as server:
        assert refresh_source(root, local(server), **FAST).status == NEW
    assert len(server.requests) == 2
    before = latest_snapshot(root, "dwp_nino")
    with PostServer((200, b"<!DOCTYPE html><html><body>Maintenance</body></html>")) as server:
        result = refresh_source(root, local(server), **FAST)
    assert result.status == FAILED and "HTML page" in result.message
    assert latest_snapshot(root, "dwp_nino") == before


def test_other_api_sources_are_still_refused_plainly(tmp_path):
    plain = dataclasses.replace(SOURCE, extra={}, discover=())  # no page to fall back on either
    with pytest.raises(FetchError, match="not yet support"):
        refresh_source(tmp_path, plain)


# ------------------------------------------------------------------------------------------
# Indicators


@pytest.fixture(scope="module")
def obs(frame) -> pd.DataFrame:
    return frame.assign(source_id="dwp_nino", release="2026-11-21", file_name=JSON_FIXTURE.name,
                        snapshot_sha256="abc")


def _indicator(table: pd.DataFrame, indicator_id: str, area: str) -> pd.Series:
    rows = table[(table.indicator_id == indicator_id) & (table.area_code == area)]
    assert len(rows) == 1, (indicator_id, area, len(rows))
    return rows.iloc[0]


def test_latest_year_indicators(obs):
    table = compute_indicators(obs, nino.INDICATORS)
    total = _indicator(table, "nino_year_total", "E06000014")
    york = obs[(obs.area_code == "E06000014") & (obs.measure == TOTAL)]
    york_totals = york[york.period_start >= "2024-04-01"]
    assert total.value == york_totals.value.sum() == 1103.0
    assert total.period_label == "Apr 2024 to Mar 2025"
    assert (total.period_start, total.period_end) == ("2024-04-01", "2025-03-31")
    india = _indicator(table, "nino_year_india", "E06000014").value
    assert india == sum(60 + quarter * 3 for quarter in (1, 2, 3, 4))
    assert _indicator(table, "nino_year_poland", "E92000001").value == 660.0
    assert _indicator(table, "nino_year_unlisted", "N09000003").status == st.NOT_AVAILABLE
    assert len(table[table.indicator_id == "nino_quarterly_total"]) == len(obs[obs.measure == TOTAL])
    # No zero rows for nationalities an area had none of.
    assert table[(table.area_code == "XXXXXXXXX") & table.indicator_id.str.startswith("nino_year_")
                 ].indicator_id.tolist() == ["nino_year_india", "nino_year_total"]


def test_an_area_missing_a_quarter_gets_no_year_figure(obs):
    gap = obs[~((obs.area_code == "E06000014") & (obs.period_label == "Jul-Sep 2024"))]
    table = compute_indicators(gap, nino.INDICATORS)
    york = _indicator(table, "nino_year_total", "E06000014")
    assert pd.isna(york.value) and york.status == st.NOT_AVAILABLE
    assert table[(table.area_code == "E06000014") & (table.indicator_id == "nino_year_india")].empty


def test_top_nationalities(obs):
    year = nino.latest_year(obs)
    assert nino.top_nationalities(year, "E06000014") == [("India", 270.0), ("Poland", 170.0),
                                                         ("Romania", 120.0), ("China", 88.0)]
    assert nino.top_nationalities(year, "E08000035", 2) == [("India", 1230.0), ("Poland", 490.0)]
    assert "nino_year_unlisted" not in nino.RANKED_IDS and "nino_year_unknown" not in nino.RANKED_IDS


def test_a_table_and_the_api_answer_for_the_same_quarter_are_not_counted_twice(obs):
    copy_rows = obs.assign(file_name="nino-allocations-copy.csv", value=obs.value * 10)
    table = compute_indicators(pd.concat([copy_rows, obs], ignore_index=True), nino.INDICATORS)
    assert _indicator(table, "nino_year_total", "E06000014").value == 1103.0


def test_charts_and_theme():
    assert [t.id for t in nino.THEMES] == ["nino"]
    charts = {c.id: c for c in nino.CHARTS}
    assert charts["nino_quarterly"].indicator_ids == ("nino_quarterly_total",)
    # The top-five chart needs ChartDef.top_n; without it the chart is left out, never drawn with 200 bars.
    assert ("nino_top_nationalities" in charts) == ("top_n" in ChartDef.__dataclass_fields__)
    indicator_ids = [i.id for i in nino.INDICATORS]
    assert len(indicator_ids) == len(set(indicator_ids))
    measures = {m.id for m in SOURCE.measures}
    assert all(set(i.measures) <= measures for i in nino.INDICATORS)
    assert [i for i in nino.INDICATORS if i.overview] == [nino.INDICATORS[1]]


def test_copying_the_answer_keeps_it_intact():
    # The parser never changes the saved answer (it is evidence).
    before = JSON_FIXTURE.read_bytes()
    parse_json(JSON_FIXTURE)
    assert JSON_FIXTURE.read_bytes() == before and copy.deepcopy(answer()) == answer()
