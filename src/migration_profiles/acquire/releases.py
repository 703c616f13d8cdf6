"""Release watching: has a source published something newer than its latest snapshot?

For each source, in this order of evidence:

1. the publisher's API or release calendar, where the source declares how to ask it
   (``Source.extra["latest_release"]``, a function given a :class:`Web` and returning the
   :class:`~migration_profiles.sources.base.Release` the publisher lists as its latest, or None);
2. for a source whose file moves with every release (``Source.discover``), the file its publisher's
   page links now: an address we do not hold means a new release, the same address goes on to step 3;
3. a conditional request on each download URL with the ETag / Last-Modified its latest snapshot
   recorded: 304 means unchanged, 200 with different validators means a new file;
4. the declared next release date (``Source.next_release``), the fallback when the publisher
   offers nothing better: once that date has passed with nothing new found, the source is overdue.

Statuses: ``current``, ``new`` (a new release is available), ``overdue`` (the expected release date
has passed and nothing new was found: the publisher is late, or published somewhere we do not look)
and ``unreachable`` (with the reason). :func:`is_overdue` is the one rule for "overdue"; the sources
page, `sources` and `check-releases` all use it.

Network access goes through :mod:`migration_profiles.acquire.fetch` only.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from migration_profiles.acquire.discover import ees_api_changes
from migration_profiles.acquire.snapshots import Snapshot, latest_snapshot
from migration_profiles.sources.base import Release, Source
from migration_profiles.util.errors import ProfilesError

CURRENT = "current"
NEW = "new"
OVERDUE = "overdue"
UNREACHABLE = "unreachable"

# Exit codes of `check-releases`, chosen so that a script can tell "something to do" from "failed".
EXIT_NOTHING_NEW = 0  # every source checked: nothing new (overdue sources are reported, not failures)
EXIT_ERROR = 1  # nothing new found, but at least one source could not be checked
EXIT_NEW = 10  # at least one source has a new release (even if another could not be checked)

EXIT_CODES_HELP = f"""\
exit status:
  {EXIT_NOTHING_NEW}   nothing new: every source is current (overdue ones are listed, but are not errors)
  {EXIT_NEW}  at least one source has a new release: run `refresh`, then `build --edition`
  {EXIT_ERROR}   nothing new found, but at least one source could not be checked (unreachable), or an error
  2   the command line was wrong
"""


def is_overdue(source: Source, today: str, latest_release_date: str = "") -> bool:
    """True when the source's expected next release date has passed and we do not hold it.

    A discontinued (superseded) source is never overdue; a source without a next release date
    cannot be. A snapshot released on or after the expected date means the release is in hand.
    Dates are ISO strings; "overdue" starts the day after the expected date.
    """
    if source.superseded or not source.next_release:
        return False
    if latest_release_date and latest_release_date >= source.next_release:
        return False
    return source.next_release < today


@dataclass(frozen=True)
class ReleaseCheck:
    source_id: str
    title: str
    status: str  # CURRENT, NEW, OVERDUE or UNREACHABLE
    how: str  # what the answer rests on: "publisher API", "conditional request", "release calendar", ...
    detail: str  # in words, for a person
    latest_release: str | None  # our latest snapshot's release
    latest_release_date: str | None
    next_release: str  # declared next release date, "" when none is expected
    stale: bool  # the expected release date has passed (see is_overdue), whatever the status

    def to_dict(self) -> dict:
        return asdict(self)


class Web:
    """The network calls a source's own release check may make, all through fetch.py."""

    def __init__(self, timeout: float = 30, retries: int = 1, backoff: float = 1.0) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def probe(self, url: str, etag: str | None = None, last_modified: str | None = None):
        from migration_profiles.acquire import fetch
        return fetch.probe(url, etag=etag, last_modified=last_modified, timeout=self.timeout,
                           retries=self.retries, backoff=self.backoff)

    def json(self, url: str, headers: dict[str, str] | None = None):
        from migration_profiles.acquire import fetch
        return fetch.read_json(url, headers=headers, timeout=self.timeout, retries=self.retries,
                               backoff=self.backoff)

    def page(self, url: str) -> bytes:
        from migration_profiles.acquire import fetch
        return fetch.read_page(url, timeout=self.timeout, retries=self.retries, backoff=self.backoff)


LatestRelease = Callable[[Web], Release | None]


def _date(header: str | None) -> datetime | None:
    try:
        moment = email.utils.parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _changed(stored_etag, stored_modified, stored_at: str, answer) -> bool | None:
    """Whether a 200 answer describes a different file from the one we hold; None when unknowable."""
    if stored_etag and answer.etag:
        return answer.etag != stored_etag  # a server that ignores If-None-Match still sends the ETag
    new, old = _date(answer.last_modified), _date(stored_modified)
    if new and old:
        return new > old
    if new and stored_at:  # imported by hand: compare with when we got our copy
        try:
            got = datetime.fromisoformat(stored_at.replace("Z", "+00:00"))
        except ValueError:
            return None
        return new > (got if got.tzinfo else got.replace(tzinfo=UTC))
    return None


def _check_downloads(source: Source, snapshot: Snapshot, web: Web) -> tuple[str | None, str]:
    """(NEW, CURRENT, UNREACHABLE or None when the answer says nothing, detail) from the download URLs."""
    by_url: dict[str, list] = {}
    for d in source.downloads:
        by_url.setdefault(d.url, []).append(d)
    new, unknown, failed = [], [], []
    for url, downloads in by_url.items():
        kept = [snapshot.file(d.file_name) for d in downloads]
        first = kept[0] if all(f is not None for f in kept) else None
        etag = first.etag if first is not None and first.url == url else None
        modified = first.last_modified if first is not None and first.url == url else None
        stored_at = (first.retrieved_at if first is not None else "") or snapshot.created_at
        try:
            answer = web.probe(url, etag=etag, last_modified=modified)
        except ProfilesError as exc:
            failed.append(str(exc))
            continue
        if answer.status != "modified":
            continue
        changed = _changed(etag, modified, stored_at, answer)
        if changed:
            new.append(url)
        elif changed is None:
            unknown.append(url)
    if new:
        detail = "the publisher's server has a different file at " + ", ".join(new)
        if failed:
            detail += "; and " + "; ".join(failed)
        return NEW, detail
    if failed:
        return UNREACHABLE, "; ".join(failed)
    if unknown:
        return None, ("the server sent no ETag or Last-Modified to compare with ours, so only the release "
                      "calendar can tell: " + ", ".join(unknown))
    return CURRENT, f"not modified since release '{snapshot.release}'"


def _changes_note(url: str, web: Web) -> str:
    try:
        return ees_api_changes(url, web)
    except ProfilesError as exc:
        return f"its changes could not be read ({exc})"


def check_source(source: Source, snapshot: Snapshot | None, today: str, web: Web) -> ReleaseCheck:
    release_date = snapshot.release_date if snapshot else ""
    stale = is_overdue(source, today, release_date)

    def result(status: str, how: str, detail: str) -> ReleaseCheck:
        return ReleaseCheck(source.id, source.title, status, how, detail,
                            snapshot.release if snapshot else None, release_date or None,
                            "" if source.superseded else source.next_release, stale)

    if snapshot is None:
        return result(NEW, "snapshots", f"no snapshot yet: run `migration-profiles refresh {source.id}`")

    latest: LatestRelease | None = source.extra.get("latest_release")
    if callable(latest):
        try:
            listed = latest(web)
        except ProfilesError as exc:
            return result(UNREACHABLE, "publisher API", str(exc))
        if listed is not None:
            if listed.name != snapshot.release:
                when = f", released {listed.date}" if listed.date else ""
                return result(NEW, "publisher API", f"the publisher lists release '{listed.name}'{when}; "
                                                    f"we hold '{snapshot.release}'")
            return result(CURRENT, "publisher API", f"the publisher's latest release is '{listed.name}', "
                                                    f"which we hold")

    if source.discover and not source.superseded:
        # The publisher's page says where the newest file is: an address (and name) other than those
        # of the files we hold is a new release; the same address is checked like any download.
        from migration_profiles.acquire.discover import find_downloads

        try:
            linked = find_downloads(source, web)
        except ProfilesError as exc:
            return result(UNREACHABLE, "publisher's page", str(exc))
        # A file imported by hand has no address: its name is all there is to compare.
        held = {f.url or f.name for f in snapshot.files}
        moved = [d.url for d in linked if d.url not in held and d.file_name not in held]
        if moved:
            pages = ", ".join(spec.page for spec in source.discover)
            # An EES API data set says what its new version changed (its changes endpoint).
            changes = [note for url in moved if (note := _changes_note(url, web))]
            return result(NEW, "publisher's page",
                          f"{pages} now links {', '.join(moved)}, which we do not hold"
                          + "".join(f"; {note}" for note in changes))
        source = replace(source, downloads=linked)

    calendar_note = ""
    if source.downloads:
        status, detail = _check_downloads(source, snapshot, web)
        if status in (NEW, UNREACHABLE):
            return result(status, "conditional request", detail)
        if status == CURRENT and not stale:
            return result(CURRENT, "conditional request", detail)
        calendar_note = detail
    if source.superseded:
        return result(CURRENT, "declaration", calendar_note or "discontinued: no new release is expected")
    if stale:
        why = (f"the next release was expected on {source.next_release} and nothing new has been found"
               + (f" ({calendar_note})" if calendar_note else "")
               + "; check the publisher's page, it may be at a new address: " + source.landing_page)
        return result(OVERDUE, "release calendar", why)
    expected = (f"next release expected {source.next_release}" if source.next_release
                else "no release announced")
    return result(CURRENT, "release calendar", f"{calendar_note}; {expected}" if calendar_note else expected)


def check_releases(root: Path, sources: Iterable[Source], today: str | None = None, *, timeout: float = 30,
                   retries: int = 1, backoff: float = 1.0) -> list[ReleaseCheck]:
    """Check every source against its latest snapshot under `root` (data/snapshots)."""
    today = today or datetime.now(UTC).date().isoformat()
    web = Web(timeout=timeout, retries=retries, backoff=backoff)
    return [check_source(source, latest_snapshot(root, source.id), today, web) for source in sources]


def exit_code(checks: Iterable[ReleaseCheck]) -> int:
    statuses = {c.status for c in checks}
    if NEW in statuses:
        return EXIT_NEW
    if UNREACHABLE in statuses:
        return EXIT_ERROR
    return EXIT_NOTHING_NEW
