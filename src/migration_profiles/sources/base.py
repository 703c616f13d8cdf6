"""How a source is declared: its facts, caveats, the files it recognises and how to parse them.

A source is declared once, in its own module. The sources page, the caveat boxes, the PDF, the
release watcher and the meta-tests all read the declaration; none of them repeats its facts.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

# Most UK public statistics are published under the Open Government Licence; declared once here.
OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# Classifications: every source carries one so that a public build can refuse confidential data.
PUBLIC = "public"
CONFIDENTIAL = "confidential"

# What a file's parser returns.
DEFAULT_MAX_BYTES = 512 << 20

OBSERVATIONS = "observations"  # long tidy table of figures, columns TIDY_COLUMNS
AREAS = "areas"  # reference list of areas, columns AREA_COLUMNS
CODE_CHANGES = "code_changes"  # area code changes, columns CODE_CHANGE_COLUMNS

# Columns a parser returns for observations; the tidy stage adds PROVENANCE_COLUMNS.
TIDY_COLUMNS = [
    "area_code",
    "area_name",
    "period_label",  # as the publisher words it, e.g. "Mid-2019 to Mid-2020"
    "period_start",  # ISO date
    "period_end",  # ISO date
    "measure",  # one of the source's declared measures
    "value",  # float, NaN when missing
    "ci_lower",  # 95% confidence interval where published, else NaN
    "ci_upper",
    "status",  # migration_profiles.util.status: ok, provisional, not_available, confidential, ...
]
PROVENANCE_COLUMNS = ["source_id", "release", "file_name", "snapshot_sha256"]

AREA_COLUMNS = [
    "area_code",
    "area_name",
    "level",  # country, region, county, local_authority
    "la_type",  # e.g. UA, NMD, MD, LBO, SCO, WPA, NID; empty for other levels
    "region_code",  # E12 code for England; the nation's code elsewhere
    "country_code",  # E92000001, W92000004, S92000003, N92000002
    "county_code",  # upper-tier county for a lower-tier district, else empty
    "start_date",
    "end_date",
    "replaced_by",  # code(s) of the successor, when ended
    "former_codes",  # earlier codes of the same area, separated by ';'
]

CODE_CHANGE_COLUMNS = ["old_code", "old_name", "new_code", "new_name", "change_type", "year"]

BOUNDARY_YEAR = "figures_on_boundaries_of"  # key of Source.extra: the year of the areas it publishes


@dataclass(frozen=True)
class Caveat:
    id: str
    text: str  # in our own words: what it means for someone reading the figure


@dataclass(frozen=True)
class Term:
    name: str
    definition: str


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    unit: str  # "people", "births", "percent", "people per 1,000 residents", ...
    kind: str  # "stock" or "flow" (or "count" for events such as births, "rate")
    # Who a figure of this measure counts, in a clause that completes "... counts ...": used where
    # measures with different definitions are set side by side, so the page says why they differ.
    counts: str = ""


@dataclass(frozen=True)
class Download:
    url: str
    file_name: str  # the name to keep it under in the snapshot
    zip_member: str | None = None  # when the publisher ships the file inside a zip
    # When the publisher's page or API says the release holding the file came out (ISO date), as
    # discovery found it; "" for a fixed address, whose page is not read.
    published: str = ""


# How a source's newest file is found, when its address changes with every release (Discover.kind).
GOVUK = "govuk"  # a GOV.UK publication or collection, read through the GOV.UK Content API
PAGE = "page"  # an ordinary web page (an ONS dataset page, an NRS page): the links on it
EES = "ees"  # Explore Education Statistics: the content API's latest release of a publication
NOMIS = "nomis"  # a Nomis dataset: a code looked up in one of its codelists, put into a query
# The EES public API: a publication found by title, then its data set by title, at its latest version
EES_API = "ees_api"


@dataclass(frozen=True)
class Discover:
    """Where to find the newest file of a source whose address changes with every release.

    Discovery starts from the publisher's stable page (or API address) and looks for the file whose
    name matches `file`; refresh then downloads it like any other file. Failing to find it is an
    error naming the source, the page and what was expected.
    """

    kind: str  # GOVUK, PAGE, EES or NOMIS
    page: str  # the stable page or API address discovery starts from
    file: str = ""  # shell-style pattern the file's name must match (case-insensitive)
    # GOVUK: regular expression the title of the collection's document must match (empty when `page` is
    # the publication itself); the newest matching document is taken.
    document: str = ""
    title: str = ""  # regular expression an attachment's title (NOMIS: a code's description) must match
    address: str = ""  # NOMIS and EES: the file's address, with {placeholders} for what was found
    store_as: str = ""  # the name to keep it under, when the published name varies or says too little
    confirmed: str = ""  # what was confirmed about the page and the file names, and from where


# Where a release's publication date was learnt (Release.date_from), said beside the date on the sources page.
DATE_FROM_FILE = "the file"  # a "Published on" line, a cover sheet
DATE_FROM_PAGE = "the publisher's page"  # the GOV.UK Content API, an EES release, Last-Modified
DATE_FROM_DECLARATION = "this tool's declaration of the source"  # KnownRelease below
DATE_FROM_USER = "the person who imported it"  # refresh --file PATH --published DATE


# Release names that say what period a file covers, chosen where no publisher's name is known: the
# figures' last month (acquire.snapshots.choose_release), or the last year of a table of code changes.
# Not publication dates, so never used to order releases (acquire.snapshots.date_in_name).
FIGURES_TO = "figures-to-"
CHANGES_TO = "changes-to-"
NAMED_BY_PERIOD = (FIGURES_TO, CHANGES_TO)


@dataclass(frozen=True)
class Release:
    name: str  # folder name under data/snapshots/<source>/, e.g. "2021-09-17"
    date: str  # ISO date the publisher released it ("" when unknown)
    date_from: str = ""  # one of DATE_FROM_*: how the date is known ("" when unknown or not recorded)


@dataclass(frozen=True)
class KnownRelease:
    """A release the declaration names and dates, for files that state neither about themselves.

    An imported file is this release when its name fits one of `files`, when the release it states
    is called `name`, when its figures end on `data_end`, or when its bytes are exactly those of
    `sha256`. Only a date confirmed from the publisher's own announcement (or, for a file a publisher
    keeps in a public repository, the commit that last changed it) belongs here; `confirmed` says
    where it was read.
    """

    name: str
    date: str  # ISO date of publication
    files: tuple[str, ...] = ()  # shell-style patterns of the file names of this release
    data_end: str = ""  # the last day its figures cover (ISO), as the parser reads it
    confirmed: str = ""
    # SHA-256 digests of the exact files this release is known to be. For files that say nothing about
    # themselves and keep one name and one period while their publisher updates them in place (a
    # TopoJSON or a code list in a repository): a name or a period would date every later version too.
    # They date a release only when every one of its files is known this way (acquire.snapshots).
    sha256: tuple[str, ...] = ()


Parser = Callable[[Path], pd.DataFrame]


@dataclass(frozen=True)
class FileSpec:
    """One kind of file a source publishes: the names it goes by and how to read it."""

    patterns: tuple[str, ...]  # shell-style, matched case-insensitively against the file name
    parse: Parser
    table: str = OBSERVATIONS
    # Reads the release from the file itself where the publisher states it (for example a
    # "Published on" line); None when the file does not say.
    release_of: Callable[[Path], Release | None] | None = None
    expect: str = "csv"  # "csv", "xlsx", "xls" or "zip": checked against the bytes before parsing
    # Finds faults in the publisher's data that the parser keeps as published (a row under the
    # wrong area code, a pseudo-area): each becomes an entry of the build's data-quality log,
    # a dict with at least "area_code", "issue" and "rows". Faults are reported, never fixed.
    quality: Callable[[pd.DataFrame], list[dict]] | None = None
    # Names that fit a pattern but belong to another source (a council-level table's pattern also
    # fits the same table for small areas, "..._msoa21_TS019.csv").
    exclude: tuple[str, ...] = ()

    def matches(self, file_name: str) -> bool:
        name = file_name.lower()
        if any(fnmatch.fnmatch(name, pattern.lower()) for pattern in self.exclude):
            return False
        return any(fnmatch.fnmatch(name, pattern.lower()) for pattern in self.patterns)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    landing_page: str
    downloads: tuple[Download, ...]
    licence: str
    licence_url: str
    cadence: str  # in words, e.g. "annual, usually in August"
    next_release: str  # ISO date of the next expected release, "" when none is expected
    geography_levels: tuple[str, ...]
    measures: tuple[Measure, ...]
    measures_summary: str  # what it measures, in a sentence or two
    kind: str  # "stock", "flow", "stock and flow", or "reference"
    coverage: str  # who and what it covers
    not_covered: str  # who and what it leaves out
    lag: str  # how long after the period the figures appear
    rounding: str  # as published: what precision the figures carry
    caveats: tuple[Caveat, ...]
    files: tuple[FileSpec, ...]
    terms: tuple[Term, ...] = ()
    classification: str = PUBLIC
    api_query: str = ""  # where the source is queried through an API rather than downloaded
    api_key_env: str = ""  # environment variable holding a user's API key, never committed
    superseded: bool = False  # a discontinued publication: no new release is expected
    # How to find the newest file when its address changes with every release. When declared, refresh
    # and check-releases use it, and `downloads` only records the address known when it was written.
    discover: tuple[Discover, ...] = ()
    # Makes one table of the observations of a release's files (each with its provenance columns),
    # where they overlap: ONS's England and Wales edition beside an older UK one. None: the tables are
    # simply stacked.
    combine: Callable[[list[pd.DataFrame]], pd.DataFrame] | None = None
    extra: dict = field(default_factory=dict)
    # The most a file of the source may be, as downloaded and once decompressed: a bigger one is refused
    # rather than filling the disc or the memory. The default is far above any file published today.
    max_bytes: int = DEFAULT_MAX_BYTES
    # Whether the publisher's table may give the same area, date and category on more than one row, and
    # what is done then, in a sentence for the sources page. "" (the default): it may not, and a repeated
    # row is a layout error. Whatever this says, a parser returns one figure per area, period and measure
    # (sources/checks.py), and a word-for-word copy of a row is never added to itself.
    repeated_rows: str = ""
    # Releases whose name and publication date the declaration states, because their files do not
    # (Census tables, third parties' copies): see KnownRelease.
    known_releases: tuple[KnownRelease, ...] = ()

    def file_spec_for(self, file_name: str) -> FileSpec | None:
        for spec in self.files:
            if spec.matches(file_name):
                return spec
        return None

    def measure(self, measure_id: str) -> Measure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(f"source '{self.id}' declares no measure '{measure_id}'")


def observation(area_code: str, area_name: str, period: tuple[str, str, str], measure: str, value,
                status: str, ci: tuple = (None, None)) -> dict:
    """One row of a tidy table: `period` is (label, start, end); a missing value or bound is None
    (tidy_frame makes it NaN)."""
    label, start, end = period
    return {"area_code": area_code, "area_name": area_name, "period_label": label,
            "period_start": start, "period_end": end, "measure": measure, "value": value,
            "ci_lower": ci[0], "ci_upper": ci[1], "status": status}


def financial_year(first: int, second: int) -> tuple[str, str, str]:
    """The period of a table for April `first` to March `second`: (label, start, end)."""
    return f"April {first} to March {second}", f"{first}-04-01", f"{second}-03-31"


def tidy_frame(records: Iterable[dict]) -> pd.DataFrame:
    """Build a tidy observations table with the standard columns and types."""
    records = list(records)
    try:
        # Every parser's records (observation()) have every column: each column is then read out of
        # them as a list, not by from_records, which also turned each text column into Arrow strings
        # only for the loop below to turn them back into Python ones (a fifth of a second on a
        # UK-sized snapshot). A record without a column takes from_records' path, as before.
        columns = [[record[name] for record in records] for name in TIDY_COLUMNS] if records else None
    except (KeyError, TypeError):
        columns = None
    if columns is not None:
        return pd.DataFrame({name: _number(column) if name in _NUMBER_COLUMNS else _text(column)
                             for name, column in zip(TIDY_COLUMNS, columns, strict=True)},
                            columns=_COLUMNS)
    frame = pd.DataFrame.from_records(records, columns=TIDY_COLUMNS)
    for column in ("value", "ci_lower", "ci_upper"):
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    for column in ("area_code", "area_name", "period_label", "period_start", "period_end", "measure",
                   "status"):
        frame[column] = frame[column].astype("object")
    return frame


_NUMBER_COLUMNS = ("value", "ci_lower", "ci_upper")
_COLUMNS = pd.Index(TIDY_COLUMNS)  # as from_records names them (pandas 3: the "str" dtype)


def _number(column: list) -> pd.Series:
    """A number column as from_records and to_numeric(errors="raise") make it, as float64."""
    return pd.to_numeric(pd.Series(np.array(column, dtype=object)), errors="raise").astype("float64")


def _text(column: list) -> pd.Series:
    """A text column as from_records then astype("object") make it: where every value is a string or
    missing, pandas holds it as strings, so a missing one (None or NaN) comes back as NaN; any other
    column (all missing, or with other objects) keeps its values as they are."""
    values = np.array(column, dtype=object)
    if (infer_dtype(values, skipna=False) not in ("string", "empty")
            and infer_dtype(values, skipna=True) == "string"):
        values[pd.isna(values)] = np.nan
    return pd.Series(values, dtype=object, copy=False)  # kept as objects: pandas 3 would make them "str"


def open_workbook(path):
    """An .xlsx workbook, read-only, with the values its formulas last had, as openpyxl's read-only mode
    gives them but read by calamine, ten times faster (sources/_workbook.py). Imported on first use:
    commands that parse no workbook (pdf, sources, serve) start sooner without it."""
    from migration_profiles.sources._workbook import Workbook

    return Workbook(path)


def excel_column(index: int) -> str:
    """1-based column number to a spreadsheet letter (1 -> A, 27 -> AA)."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
