"""Reference geography: the list of UK local authorities and the table of area code changes.

Two files, two tables:

* mySociety's "UK local authorities (past and current)" list gives every council with its GSS code,
  names, dates, nation, English region, type, the county a district sits in and what replaced it.
  Councils are identified there by three-letter register codes (``local-authority-code``), which
  ``replaced-by`` and ``county-la`` also use; we translate them to GSS codes with the same file.
  The parser returns AREA_COLUMNS rows for local authorities and counties, plus the nine English
  regions, the four nations and the UK, which the file names but does not list.
* The ONS-derived code change table (from ONSvisual's uk-topojson) lists, year by year, codes that
  were replaced: a new code for the same area, a merger, an area ended, or an area joining a new
  combined authority. The parser returns CODE_CHANGE_COLUMNS rows.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    AREA_COLUMNS,
    AREAS,
    CHANGES_TO,
    CODE_CHANGE_COLUMNS,
    CODE_CHANGES,
    Caveat,
    Download,
    FileSpec,
    KnownRelease,
    Release,
    Source,
    Term,
)
from migration_profiles.util.errors import LayoutError

SOURCE_ID = "geography"

REGIONS = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East of England": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}
NATIONS = {
    "England": "E92000001",
    "Wales": "W92000004",
    "Scotland": "S92000003",
    "Northern Ireland": "N92000002",
}
UK_CODE, UK_NAME = "K02000001", "United Kingdom"
# Each nation by the letter its GSS codes start with, as (code, name): the parsers that add a file's
# local authorities up into their nations read it.
COUNTRY_OF_LETTER = {code[0]: (code, name) for name, code in NATIONS.items()}

# Council types kept, and the level each one becomes. The City of London Corporation (CC) is kept:
# it is a local authority in every ONS table (E09000001). Combined authorities (COMB) and the Greater
# London Authority (SRA) are not local authorities in that sense and are left out.
LA_TYPES = ("NMD", "UA", "MD", "LBO", "SCO", "WPA", "NID", "CC")
COUNTY_TYPES = ("CTY",)

AUTHORITY_COLUMNS = (
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "start-date",
    "end-date",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "county-la",
    "former-gss-codes",
)
CHANGE_COLUMNS = ("oldcd", "oldnm", "newcd", "newnm", "type", "start")
CHANGE_TYPES = ("new_geo", "new_code", "merger", "termination")

_GSS = re.compile(r"^[EWSNK]\d{8}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def _error(path: Path, expected: str, found: str = "", row: int | None = None, column: str | None = None):
    return LayoutError(
        source_id=SOURCE_ID, file=Path(path).name, expected=expected, found=found, row=row, column=column
    )


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows as dicts with their 1-based line number; checks the header has the columns we use."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(path, "UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise _error(path, "a header row", "an empty file") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise _error(
            path,
            "columns " + ", ".join(f"'{c}'" for c in required),
            "no column " + ", ".join(f"'{c}'" for c in missing),
            1,
            missing[0],
        )
    rows = []
    for cells in reader:
        if not cells or (not cells[0].strip() and not "".join(cells).strip()):  # every cell blank
            continue
        if len(cells) != len(header):
            raise _error(
                path, f"{len(header)} cells, as in the header", f"{len(cells)} cells", reader.line_num
            )
        rows.append((reader.line_num, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return rows


def parse_authorities(path: Path) -> pd.DataFrame:
    """mySociety's UK local authorities CSV -> AREA_COLUMNS, with regions, nations and the UK added."""
    path = Path(path)
    rows = _read_csv(path, AUTHORITY_COLUMNS)

    # Register code -> (GSS code, line) for every row, whatever its type, to translate references.
    gss_of: dict[str, str] = {}
    for line, row in rows:
        register = row["local-authority-code"]
        if not register:
            raise _error(path, "a register code", "an empty cell", line, "local-authority-code")
        if register in gss_of:
            raise _error(path, "each register code once", repr(register), line, "local-authority-code")
        gss_of[register] = row["gss-code"]

    kept = [(line, row) for line, row in rows if row["local-authority-type"] in LA_TYPES + COUNTY_TYPES]
    # Councils abolished before GSS codes existed for them (Northern Ireland's 26 districts, ended in
    # 2015) have no gss-code: no statistics we use are published for them, so they are left out.
    kept = [(line, row) for line, row in kept if row["gss-code"]]

    def translate(line: int, column: str, value: str) -> list[str]:
        codes = []
        for register in filter(None, (v.strip() for v in value.split(","))):
            gss = gss_of.get(register)
            if gss is None:
                raise _error(path, "a register code listed in this file", repr(register), line, column)
            if not gss:
                raise _error(
                    path, f"a council with a GSS code ('{register}' has none)", repr(register), line, column
                )
            codes.append(gss)
        return codes

    records: dict[str, dict] = {}
    region_name_of: dict[str, str] = {}  # GSS code -> region name as written, to fill blanks below
    pending: list[tuple[int, dict, dict]] = []
    for line, row in kept:
        code = row["gss-code"]
        if not _GSS.match(code):
            raise _error(path, "a 9-character GSS code", repr(code), line, "gss-code")
        if code in records:
            raise _error(path, "each GSS code once among councils", repr(code), line, "gss-code")
        nation = row["nation"]
        if nation not in NATIONS:
            raise _error(path, "a nation: " + ", ".join(NATIONS), repr(nation), line, "nation")
        for column in ("start-date", "end-date"):
            if row[column] and not _DATE.match(row[column]):
                raise _error(path, "a date as YYYY-MM-DD or an empty cell", repr(row[column]), line, column)
        county = translate(line, "county-la", row["county-la"])
        if len(county) > 1:
            raise _error(path, "at most one county", repr(row["county-la"]), line, "county-la")
        former = [c.strip() for c in row["former-gss-codes"].split(",") if c.strip()]
        for old in former:
            if not _GSS.match(old):
                raise _error(
                    path,
                    "GSS codes separated by commas",
                    repr(row["former-gss-codes"]),
                    line,
                    "former-gss-codes",
                )
        record = {
            "area_code": code,
            "area_name": row["nice-name"] or row["official-name"],
            "level": "county" if row["local-authority-type"] in COUNTY_TYPES else "local_authority",
            "la_type": row["local-authority-type"],
            "region_code": "",
            "country_code": NATIONS[nation],
            "county_code": county[0] if county else "",
            "start_date": row["start-date"],
            "end_date": row["end-date"],
            "replaced_by": ";".join(translate(line, "replaced-by", row["replaced-by"])),
            "former_codes": ";".join(former),
        }
        records[code] = record
        region_name_of[code] = row["region"]
        pending.append((line, row, record))

    for line, row, record in pending:
        record["region_code"] = _region_code(path, line, row, record, records, region_name_of)

    out = list(records.values())
    for name, code in REGIONS.items():
        out.append(_summary_row(code, name, "region", region_code=code, country_code=NATIONS["England"]))
    for name, code in NATIONS.items():
        out.append(_summary_row(code, name, "country", region_code="", country_code=code))
    out.append(_summary_row(UK_CODE, UK_NAME, "country", region_code="", country_code=UK_CODE))
    return pd.DataFrame.from_records(out, columns=AREA_COLUMNS).astype("object")


def _region_code(path: Path, line: int, row: dict, record: dict, records: dict, region_name_of: dict) -> str:
    nation = row["nation"]
    if nation != "England":
        # Outside England the nation stands in for the region.
        return NATIONS[nation]
    name = row["region"]
    if name:
        if name not in REGIONS:
            raise _error(path, "an English region: " + ", ".join(REGIONS), repr(name), line, "region")
        return REGIONS[name]
    # Some councils abolished in 2019-2021 have no region in the file. Take it from the successor
    # (first), then from the county; the county is second because the file is sometimes wrong there
    # (Forest Heath, in Suffolk, points to Surrey).
    candidates = [c for c in record["replaced_by"].split(";") if c] + [record["county_code"]]
    for candidate in candidates:
        region = region_name_of.get(candidate, "")
        if region in REGIONS:
            return REGIONS[region]
    return ""


def _summary_row(code: str, name: str, level: str, region_code: str, country_code: str) -> dict:
    return {
        "area_code": code,
        "area_name": name,
        "level": level,
        "la_type": "",
        "region_code": region_code,
        "country_code": country_code,
        "county_code": "",
        "start_date": "",
        "end_date": "",
        "replaced_by": "",
        "former_codes": "",
    }


def parse_changes(path: Path) -> pd.DataFrame:
    """ONS code change table (oldcd,oldnm,newcd,newnm,type,start) -> CODE_CHANGE_COLUMNS."""
    path = Path(path)
    rows = _read_csv(path, CHANGE_COLUMNS)
    out = []
    for line, row in rows:
        if not _GSS.match(row["oldcd"]):
            raise _error(path, "a 9-character GSS code", repr(row["oldcd"]), line, "oldcd")
        kind = row["type"]
        if kind not in CHANGE_TYPES:
            raise _error(path, "a change type: " + ", ".join(CHANGE_TYPES), repr(kind), line, "type")
        if kind == "termination":
            if row["newcd"]:
                raise _error(path, "no new code for a termination", repr(row["newcd"]), line, "newcd")
        elif not _GSS.match(row["newcd"]):
            raise _error(
                path, f"a 9-character GSS code for a '{kind}' change", repr(row["newcd"]), line, "newcd"
            )
        if not _YEAR.match(row["start"]):
            raise _error(path, "a year such as 2023", repr(row["start"]), line, "start")
        out.append(
            {
                "old_code": row["oldcd"],
                "old_name": row["oldnm"],
                "new_code": row["newcd"],
                "new_name": row["newnm"],
                "change_type": kind,
                "year": int(row["start"]),
            }
        )
    frame = pd.DataFrame.from_records(out, columns=CODE_CHANGE_COLUMNS)
    for column in CODE_CHANGE_COLUMNS[:-1]:
        frame[column] = frame[column].astype("object")
    frame["year"] = frame["year"].astype("int64")
    return frame


def release_of_changes(path: Path) -> Release | None:
    """Named after the last year the table of code changes covers ('changes-to-2025'): neither ONS's table
    nor mySociety's lists state a release or a publication date."""
    years = parse_changes(path)["year"]
    return Release(f"{CHANGES_TO}{int(years.max())}", "") if len(years) else None


# Code changes we know of that the published change table may not list yet: announced recodes and
# the councils of coming reorganisations. Same columns as ONS's table; add a row when ONS issues the
# codes (the councils replacing Surrey's from 1 April 2027, for example), no code change needed.
COMMITTED_CHANGES = Path(__file__).parent / "data" / "code_changes.csv"


def committed_changes(path: Path = COMMITTED_CHANGES) -> pd.DataFrame:
    """The committed code change table (``sources/data/code_changes.csv``), as CODE_CHANGE_COLUMNS."""
    return parse_changes(path)


MYSOCIETY_URL = (
    "https://pages.mysociety.org/uk_local_authority_names_and_codes/data/uk_la_past_current/latest/"
    "uk_local_authorities_current.csv"
)
CHANGES_URL = "https://raw.githubusercontent.com/ONSvisual/uk-topojson/main/input/changes.csv"

SOURCE = Source(
    id=SOURCE_ID,
    title="UK local authorities and area code changes",
    publisher="mySociety (local authority list); ONS, via ONSvisual's uk-topojson (code changes)",
    landing_page="https://pages.mysociety.org/uk_local_authority_names_and_codes/datasets/uk_la_past_current/latest",
    downloads=(
        Download(url=MYSOCIETY_URL, file_name="uk_local_authorities_current.csv"),
        Download(url=CHANGES_URL, file_name="changes.csv"),
    ),
    licence=(
        "CC BY 4.0 (mySociety local authority list); Open Government Licence v3.0 (ONS codes and changes)"
    ),
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    cadence="updated when councils are reorganised or ONS issues new codes, usually taking effect each April",
    # Reference lists have no release calendar; the next scheduled change we know of is the next April
    # code changes. Best estimate, not an announced date.
    next_release="2027-04-01",
    geography_levels=("country", "region", "county", "local_authority"),
    measures=(),
    measures_summary=(
        "No figures: the names, codes, types and hierarchy of UK areas, and how their codes changed."
    ),
    kind="reference",
    coverage=(
        "Every current UK local authority (district, unitary, metropolitan and London borough, Welsh, "
        "Scottish and Northern Irish council), English counties, and councils abolished since about 2019; "
        "code changes from 2018."
    ),
    not_covered=(
        "Wards and smaller areas; parishes; Northern Ireland's councils abolished in 2015 (the list gives "
        "them no GSS code); combined authorities and the Greater London Authority as areas of their own."
    ),
    lag="the list is usually updated within weeks of a reorganisation taking effect",
    rounding="not applicable",
    caveats=(
        Caveat(
            "codes-change",
            "An area's code changes when ONS redraws or renames it. Where only the code changed (or the "
            "boundary moved very slightly), we carry older figures across to the current code. Where areas "
            "merged, figures for the old areas up to the day they ended stay under their old codes and are "
            "flagged; counts a publisher still files under an old code after that day are added to the "
            "council that took the whole area over, and a council created by a merger gets the sum of its "
            "predecessors' counts for the periods before it existed.",
        ),
        Caveat(
            "names-from-nice-name",
            "Area names are the short 'nice' names from mySociety's list. The list's alternative names have "
            "broken accented letters (for example in Welsh names), so we do not use them.",
        ),
        Caveat(
            "region-filled-in",
            "A few English councils abolished in 2019-2021 have no region in the list; we take it from the "
            "council that replaced them.",
        ),
        Caveat(
            "county-as-listed",
            "The county a district belongs to is as mySociety lists it. At least one abolished district "
            "(Forest Heath, Suffolk) is listed under the wrong county.",
        ),
    ),
    files=(
        FileSpec(
            patterns=("*uk_local_authorities*.csv",),
            parse=parse_authorities,
            table=AREAS,
            expect="csv",
        ),
        FileSpec(
            patterns=("*changes*.csv",),
            parse=parse_changes,
            release_of=release_of_changes,
            table=CODE_CHANGES,
            expect="csv",
        ),
    ),
    terms=(
        Term(
            "GSS code",
            "The nine-character code ONS gives each statistical area, such as E06000014 for York. The first "
            "three characters say what kind of area it is.",
        ),
        Term(
            "Local authority",
            "A district, unitary, metropolitan or London borough council, or a council in Wales, Scotland or "
            "Northern Ireland: the lowest tier of local government for which most figures are published.",
        ),
        Term(
            "Region",
            "One of England's nine statistical regions. In Wales, Scotland and Northern Ireland the nation "
            "is used in its place.",
        ),
    ),
    extra={
        "licences": {
            "uk_local_authorities_current.csv": "CC BY 4.0, mySociety (codes from ONS under the OGL v3)",
            "changes.csv": "Open Government Licence v3.0 (ONS geography codes)",
        },
    },
    # Neither list nor the table of changes states a date, and both are updated in place under one name,
    # so each version is known by its bytes (git blobs checked against copies of the repositories). A
    # release holding both is published when its later file was.
    known_releases=(
        # ONSvisual/uk-topojson input/changes.csv as last changed by commit 0471ca8, 6 June 2025
        # ("additional 2025 updates").
        KnownRelease("changes-to-2025", "2025-06-06",
                     sha256=("f1e0a528e818d15bcfb8764be7645f15768e08287eb5834d70aaa3351f0e8c52",),
                     confirmed="ONSvisual/uk-topojson, input/changes.csv as of commit 0471ca8, 6 June 2025"),
        # mySociety's uk_la_past_current 1.6.1 and uk_la_future 1.7.3, both published by its commit
        # 67ef8b1 of 10 July 2025 ("Update repo data based on source changes").
        KnownRelease("changes-to-2025", "2025-07-10",
                     sha256=("1ef7c9caf57e4a8d8caabf2927c29fdda248a41ff1af76c639d11a62fcd9f2c5",
                             "78996ce1cb68eeecdde44b6fac57fe072b45212acef2d84323ebc104e5ac398b"),
                     confirmed="mySociety uk_local_authority_names_and_codes, uk_la_past_current 1.6.1 and "
                               "uk_la_future 1.7.3 as of commit 67ef8b1, 10 July 2025"),
    ),
)
