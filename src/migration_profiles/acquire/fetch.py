"""The one module that talks to the network: download published files and snapshot new releases.

Standard library only (urllib), so a refresh needs nothing beyond the package. Every write goes
to a temporary path first; a failed refresh leaves the previous snapshot exactly as it was.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import os
import shutil
import ssl
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from http.client import HTTPException
from pathlib import Path

from migration_profiles import __version__
from migration_profiles.acquire.snapshots import (
    Snapshot,
    StagedFile,
    agreed_release,
    checked_file,
    choose_release,
    copy_capped,
    declared_digests,
    describe_changes,
    describe_head,
    known_release,
    latest_snapshot,
    now_utc,
    provenance,
    release_of,
    sha256_of,
    today,
    verify,
    write_snapshot,
)
from migration_profiles.sources.base import DATE_FROM_FILE, DATE_FROM_PAGE, Download, Release, Source
from migration_profiles.util import atomic
from migration_profiles.util.errors import FetchError, ProfilesError, SnapshotError

log = logging.getLogger(__name__)

PROJECT_URL = "https://example.org/migration-profiles"  # placeholder until the project has a home page
USER_AGENT = f"migration-profiles/{__version__} (+{PROJECT_URL})"
CHUNK = 1 << 16

DOWNLOADED = "downloaded"
NOT_MODIFIED = "not_modified"

NEW = "new"
UNCHANGED = "unchanged"
FAILED = "failed"

# 408 and 429 are the two 4xx answers that mean "try again later"; other 4xx will not change.
RETRY_4XX = frozenset({408, 429})


@dataclass(frozen=True)
class DownloadResult:
    status: str  # DOWNLOADED or NOT_MODIFIED
    path: Path
    etag: str | None
    last_modified: str | None
    size: int | None  # None when not modified: nothing was written
    sha256: str | None
    content_type: str | None
    retrieved_at: str = ""
    final_url: str = ""  # where the server's redirects, if any, ended


@dataclass(frozen=True)
class RefreshResult:
    source_id: str
    status: str  # NEW, UNCHANGED or FAILED
    snapshot: Snapshot | None  # the new snapshot, or the previous one when unchanged or failed
    message: str
    error: ProfilesError | None = None


class _Transient(Exception):
    """A failure worth another try: timeouts, dropped connections, 5xx, truncated bodies."""


class _Clock:
    """The deadline of a whole download, retries included: a server that sends a byte now and then, each
    in time for the per-read timeout, must not hold a refresh for ever."""

    def __init__(self, seconds: float | None, failure: str) -> None:
        self.seconds = seconds
        self.failure = failure
        self.end = None if seconds is None else time.monotonic() + seconds

    def left(self) -> float | None:
        return None if self.end is None else self.end - time.monotonic()

    def check(self, received: int | None = None) -> None:
        left = self.left()
        if left is not None and left <= 0:
            got = f" ({received} bytes received)" if received is not None else ""
            raise FetchError(f"{self.failure}: not finished within the deadline of {self.seconds:g} s{got}")

    def timeout(self, per_read: float) -> float:
        """The socket timeout for the next step: the per-read timeout, or less when the deadline is near."""
        self.check()
        left = self.left()
        return per_read if left is None else max(0.01, min(per_read, left))


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http or https, and never from https down to http; the address a
    download ends at is recorded in the manifest when it is not the one asked for (see _save_body)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if new.scheme not in ("http", "https") or (old.scheme == "https" and new.scheme == "http"):
            raise FetchError(f"refused a redirect from {req.full_url} to {newurl}: only http and https are "
                             "followed, and never from https to http")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_CheckedRedirects())


# --- one download --------------------------------------------------------------------------------


def _check_scheme(url: str, failure: str, verb: str) -> None:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{failure} {url}: only http and https URLs are {verb}")


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _retrying(once, url: str, failure: str, what: str, retries: int, backoff: float,
              clock: _Clock | None = None):
    """Call `once` until it succeeds, retrying transient failures `retries` times with exponential
    backoff (backoff, 2*backoff, 4*backoff...); then raise FetchError saying why and how often.
    Past the `clock`'s deadline no further attempt is made."""
    attempts = max(0, retries) + 1
    reason = ""
    for attempt in range(attempts):
        if attempt:
            wait = backoff * 2 ** (attempt - 1)
            left = clock.left() if clock else None
            time.sleep(wait if left is None else max(0.0, min(wait, left)))
        if clock and reason:
            try:
                clock.check()
            except FetchError as exc:
                raise FetchError(f"{exc} (after {attempt} attempt(s); the last: {reason})") from None
        try:
            return once()
        except _Transient as exc:
            reason = str(exc)
            log.warning("%s: %s %d of %d failed: %s", url, what, attempt + 1, attempts, reason)
    tried = "once" if attempts == 1 else f"{attempts} times"
    raise FetchError(f"{failure}: {reason} (tried {tried})")


def download(
    url: str,
    dest: Path,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 1.0,
    deadline: float | None = None,
    max_bytes: int | None = None,
    opener: urllib.request.OpenerDirector | None = None,
) -> DownloadResult:
    """GET `url` into `dest`, conditionally when `etag`/`last_modified` are given.

    `timeout` bounds each read; `deadline` the whole download, retries included (seconds); `max_bytes`
    its size. Retries `retries` times after the first attempt, waiting backoff, 2*backoff, 4*backoff...
    Raises FetchError naming the URL and the reason.
    """
    _check_scheme(url, "could not download", "fetched")
    dest = Path(dest)
    headers = _conditional_headers(etag, last_modified)
    opener = opener or _opener()
    failure = f"could not download {url}"
    clock = _Clock(deadline, failure)
    return _retrying(
        lambda: _attempt(url, dest, headers, clock, timeout, opener, etag, last_modified, max_bytes),
        url, failure, "attempt", retries, backoff, clock)


def _open(opener, request, timeout: float, failure: str, answer=None):
    """Open `request`, sorting failures: worth another attempt (a timeout, a reset, HTTP 5xx, 408, 429)
    raises _Transient, anything else a FetchError that starts with `failure`.

    `answer(error)` may deal with an HTTP error first: return what the caller should get instead of a
    response (a 304's result), raise its own error, or return None to leave it to these rules.
    """
    try:
        return opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        with exc:
            instead = answer(exc) if answer else None
            if instead is not None:
                return instead
            reason = f"HTTP {exc.code} {exc.reason}"
            if exc.code >= 500 or exc.code in RETRY_4XX:
                raise _Transient(reason) from None
            raise FetchError(f"{failure}: {reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ssl.SSLCertVerificationError):
            raise FetchError(f"{failure}: {exc.reason}") from None
        raise _Transient(_reason(exc.reason)) from None
    except (OSError, HTTPException) as exc:  # timeouts and resets while reading the status line
        raise _Transient(_reason(exc)) from None


def _attempt(url, dest, headers, clock, timeout, opener, etag, last_modified, max_bytes) -> DownloadResult:
    def not_modified(exc):
        if exc.code != 304:
            return None
        if not (etag or last_modified):
            raise FetchError(f"could not download {url}: the server answered 304 Not Modified "
                             "to a request that was not conditional") from None
        return DownloadResult(NOT_MODIFIED, dest, exc.headers.get("ETag") or etag,
                              exc.headers.get("Last-Modified") or last_modified, None, None, None, now_utc())

    response = _open(opener, urllib.request.Request(url, headers=headers), clock.timeout(timeout),
                     f"could not download {url}", not_modified)
    if isinstance(response, DownloadResult):
        return response
    with response:
        return _save_body(response, dest, f"could not download {url}", clock, max_bytes)


def _save_body(response, dest: Path, failure: str, clock: _Clock | None = None,
               max_bytes: int | None = None) -> DownloadResult:
    """Stream a 200 response into `dest` through a temporary file, checking it arrived whole, within
    the deadline and within `max_bytes`."""
    status = getattr(response, "status", 200)
    if status != 200:
        raise FetchError(f"{failure}: unexpected HTTP {status}")
    expected = response.headers.get("Content-Length")
    too_big = f"{failure}: the file is larger than the {max_bytes or 0:,} bytes declared for its source"
    if max_bytes and expected is not None and expected.isdigit() and int(expected) > max_bytes:
        raise FetchError(f"{too_big} (the server announces {int(expected):,})")
    # read1 returns what one read of the socket gives, so the deadline is checked however slowly the
    # bytes come; read(n) would wait for all n of them.
    read = response.read1 if hasattr(response, "read1") else response.read
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=atomic.temp_prefix(dest.name), suffix=".part")
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "wb") as out:
            try:
                while chunk := read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if max_bytes and size > max_bytes:
                        raise FetchError(too_big)
                    if clock:
                        clock.check(size)
            except (OSError, HTTPException) as exc:
                raise _Transient(f"connection lost after {size} bytes: {_reason(exc)}") from exc
        # http.client returns a short body silently when the server hangs up early.
        if expected is not None and expected.isdigit() and size != int(expected):
            raise _Transient(f"truncated body: received {size} of {expected} bytes")
        atomic.ordinary_permissions(Path(tmp))
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    headers = response.headers
    final = response.geturl() if hasattr(response, "geturl") else ""
    return DownloadResult(DOWNLOADED, dest, headers.get("ETag"), headers.get("Last-Modified"), size,
                          digest.hexdigest(), headers.get("Content-Type"), now_utc(), final or "")


def _reason(exc: object) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__


# --- asking whether something changed, without downloading it -------------------------------------

MODIFIED = "modified"


@dataclass(frozen=True)
class ProbeResult:
    """What a server said about a URL, from the status line and headers alone."""

    status: str  # NOT_MODIFIED (a 304) or MODIFIED (a 200; compare the validators to be sure)
    http_status: int
    etag: str | None
    last_modified: str | None
    content_length: int | None


def probe(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 30,
    retries: int = 1,
    backoff: float = 1.0,
    opener: urllib.request.OpenerDirector | None = None,
) -> ProbeResult:
    """A conditional GET of `url` that reads the headers and never the body.

    GET rather than HEAD: some publishers' servers answer HEAD differently from GET (or not at
    all), and a conditional GET that comes back 304 costs no more than a HEAD. On a 200 the
    connection is closed before the body is read. Raises FetchError naming the URL and the reason
    (timeouts and 5xx are retried `retries` times first).
    """
    _check_scheme(url, "could not check", "fetched")
    headers = _conditional_headers(etag, last_modified)
    opener = opener or _opener()
    return _retrying(lambda: _probe_once(url, headers, timeout, opener, etag, last_modified),
                     url, f"could not check {url}", "check", retries, backoff)


def _probe_once(url, headers, timeout, opener, etag, last_modified) -> ProbeResult:
    def not_modified(exc):
        if exc.code != 304:
            return None
        return ProbeResult(NOT_MODIFIED, 304, exc.headers.get("ETag") or etag,
                           exc.headers.get("Last-Modified") or last_modified, None)

    response = _open(opener, urllib.request.Request(url, headers=headers), timeout, f"could not check {url}",
                     not_modified)
    if isinstance(response, ProbeResult):
        return response
    with response:  # closed unread: only the headers matter
        status = getattr(response, "status", 200)
        if status != 200:
            raise FetchError(f"could not check {url}: unexpected HTTP {status}")
        length = response.headers.get("Content-Length")
        return ProbeResult(MODIFIED, status, response.headers.get("ETag"),
                           response.headers.get("Last-Modified"),
                           int(length) if length and length.isdigit() else None)


def read_page(url: str, *, accept: str = "*/*", headers: dict[str, str] | None = None, timeout: float = 30,
              retries: int = 3, backoff: float = 1.0, limit: int = 20 << 20, deadline: float | None = None,
              opener: urllib.request.OpenerDirector | None = None) -> bytes:
    """GET a publisher's page or API answer (a dataset page, a GOV.UK content item, a release
    calendar) into memory.

    Retries timeouts, 5xx, 408 and 429 like `download`; any other failure is a FetchError naming the
    URL. Discovery reads pages with it to find the newest file; check-releases, publishers' APIs.
    """
    _check_scheme(url, "could not read", "fetched")
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity", **(headers or {})}
    opener = opener or _opener()
    clock = _Clock(deadline, f"could not read {url}")
    return _retrying(lambda: _read_once(url, headers, clock, timeout, opener, limit), url,
                     f"could not read {url}", "attempt", retries, backoff, clock)


def _read_once(url, headers, clock, timeout, opener, limit) -> bytes:
    request = urllib.request.Request(url, headers=headers)
    chunks, size = [], 0
    with _open(opener, request, clock.timeout(timeout), f"could not read {url}") as response:
        read = response.read1 if hasattr(response, "read1") else response.read
        try:
            while size <= limit and (chunk := read(CHUNK)):
                chunks.append(chunk)
                size += len(chunk)
                clock.check(size)
        except (OSError, HTTPException) as exc:
            raise _Transient(f"connection lost after {size} bytes: {_reason(exc)}") from exc
    if size > limit:
        raise FetchError(f"could not read {url}: the answer is larger than {limit} bytes")
    return b"".join(chunks)


def read_json(url: str, **kw):
    """`read_page` for a JSON API: the decoded answer, or a FetchError saying what came instead."""
    import json

    body = read_page(url, accept="application/json", **kw)
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        found = describe_head(body[:64])
        raise FetchError(f"could not read {url}: the answer is not JSON ({found})") from exc


# --- sources queried through an API (Stat-Xplore) ------------------------------------------------


def api_key(source: Source) -> str:
    """The user's own key for `source`'s API, from the environment variable the source names.

    Only the environment is read: the key is personal, so it never sits in a file of the project,
    a snapshot or a log.
    """
    name = source.api_key_env
    key = os.environ.get(name, "").strip() if name else ""
    if not key:
        raise FetchError(
            f"source '{source.id}' is queried through an API that needs your own key: set the environment "
            f"variable {name or '(none declared)'} to it (for Stat-Xplore, the key under 'Open Data API "
            "Access' on your account page) and run refresh again"
        )
    return key


def query_api(
    url: str,
    body: bytes,
    dest: Path,
    *,
    key: str,
    key_header: str,
    key_name: str = "the API key",
    timeout: float = 120,
    retries: int = 3,
    backoff: float = 1.0,
    deadline: float | None = None,
    max_bytes: int | None = None,
    opener: urllib.request.OpenerDirector | None = None,
) -> DownloadResult:
    """POST a JSON query to `url` with the key in header `key_header`; save the answer in `dest`.

    Retries timeouts, 5xx, 408 and 429 like `download`. A refused key (401 or 403) is reported at
    once, naming `key_name` (the environment variable), never the key itself.
    """
    _check_scheme(url, "could not query", "queried")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "identity",
               "Content-Type": "application/json", key_header: key}
    opener = opener or _opener()
    clock = _Clock(deadline, f"could not query {url}")
    return _retrying(
        lambda: _query_once(url, body, Path(dest), headers, clock, timeout, opener, key_name, key, max_bytes),
        url, f"could not query {url}", "query", retries, backoff, clock)


def _query_once(url, body, dest, headers, clock, timeout, opener, key_name, key, max_bytes) -> DownloadResult:
    def refused(exc):
        reason = f"HTTP {exc.code} {exc.reason}"
        if exc.code in (401, 403):
            raise FetchError(f"could not query {url}: {reason}: the server refused {key_name}; check "
                             "that it holds your current key") from None
        if exc.code < 500 and exc.code not in RETRY_4XX:  # say what the API said, never the key
            said = " ".join(exc.read(300).decode("utf-8", "replace").split()).replace(key, "[key]")
            raise FetchError(f"could not query {url}: {reason}" + (f" ({said})" if said else "")) from None
        return None

    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with _open(opener, request, clock.timeout(timeout), f"could not query {url}", refused) as response:
        return _save_body(response, dest, f"could not query {url}", clock, max_bytes)


def _refresh_api_source(root: Path, source: Source, say: Callable[[str], None], **query_kw) -> RefreshResult:
    """Post the source's declared query and store the answer as a new snapshot when it changed."""
    key = api_key(source)  # raises before anything is sent
    url, file_name = source.extra["api_url"], source.extra.get("api_file_name", f"{source.id}-api.json")
    previous = None
    try:
        previous = latest_snapshot(root, source.id)
        if previous is not None:
            try:
                verify(previous)
            except SnapshotError as exc:
                say(f"{source.id}: previous snapshot is damaged, storing the answer anew ({exc})")
                previous = None
        with tempfile.TemporaryDirectory(prefix=f"{atomic.REFRESH_STAGING}{os.getpid()}-") as staging:
            path = Path(staging) / file_name
            say(f"{source.id}: querying {url}")
            result = query_api(url, source.api_query.encode("utf-8"), path, key=key,
                               key_header=source.extra.get("api_key_header", "APIKey"),
                               key_name=f"the key in {source.api_key_env}",
                               **{"max_bytes": source.max_bytes, **query_kw})
            try:
                checked = checked_file(source, path)
            except ProfilesError as exc:
                raise FetchError(f"{url} did not give a usable '{file_name}': {exc}") from exc
            staged = [StagedFile(path, name=file_name, url=url, retrieved_at=result.retrieved_at,
                                 etag=result.etag, last_modified=result.last_modified,
                                 data_end=checked.data_end, redirected_to=_redirect(url, result))]
            if previous is not None and _same_bytes(previous, staged):
                return RefreshResult(source.id, UNCHANGED, previous,
                                     f"{source.id}: same answer as release '{previous.release}'")
            release = agreed_release(source, [(path, release_of(source, path))])
            digests = declared_digests(source, [path])
            if release is not None or known_release(source, None, [file_name], checked.data_end, digests):
                release = choose_release(source, release, [file_name], checked.data_end, digests=digests)
            else:
                release = Release(today(), "")
            snapshot = write_snapshot(root, source, release, staged)
            message = f"{source.id}: stored release '{release.name}' (the API's answer)"
            say(message)
            return RefreshResult(source.id, NEW, snapshot, message)
    except (ProfilesError, OSError) as exc:
        error = FetchError(f"source '{source.id}': {exc}")
        error.__cause__ = exc
        log.error("%s", error)
        say(str(error))
        return RefreshResult(source.id, FAILED, previous, str(error), error)


# --- a whole source ------------------------------------------------------------------------------


def refresh_source(
    root: Path,
    source: Source,
    *,
    progress: Callable[[str], None] | None = None,
    **download_kw,
) -> RefreshResult:
    """Download every file of `source`; store a new snapshot when anything changed.

    Failures come back as status FAILED with a message naming the source and the reason (the
    FetchError is in `.error`), and the previous snapshot is untouched.
    """
    if _queries_api(source):
        return _refresh_api_source(root, source, progress or (lambda message: None), **download_kw)
    if not source.downloads and not source.discover:
        if source.api_query:
            raise FetchError(
                f"source '{source.id}' is queried through an API, which refresh does not yet support; "
                f"download its files by hand and import them with `refresh {source.id} --file PATH`"
            )
        raise FetchError(f"source '{source.id}' declares nothing to download")
    say = progress or (lambda message: None)
    previous = None
    try:
        previous = latest_snapshot(root, source.id)
        if source.discover:
            source = discovered(source, say, **download_kw)
        with tempfile.TemporaryDirectory(prefix=f"{atomic.REFRESH_STAGING}{os.getpid()}-") as staging:
            return _refresh(Path(root), source, previous, Path(staging), say, download_kw)
    except (ProfilesError, OSError) as exc:
        error = FetchError(f"source '{source.id}': {exc}")
        error.__cause__ = exc
        log.error("%s", error)
        say(str(error))
        return RefreshResult(source.id, FAILED, previous, str(error), error)


def _queries_api(source: Source) -> bool:
    """Query the source's API when it has one and nothing to download, or when it can also be
    discovered on a page but the user has set the API key (the API then gives the fuller answer)."""
    if source.downloads or not (source.api_query and source.extra.get("api_url")):
        return False
    return not source.discover or bool(source.api_key_env and os.environ.get(source.api_key_env, "").strip())


class PageReader:
    """Discovery's reader (see discover.Reader): fetch.py's retrying GET with the refresh's settings."""

    def __init__(self, timeout: float = 30, retries: int = 3, backoff: float = 1.0,
                 deadline: float | None = None, **_ignored) -> None:
        self.settings = {"timeout": timeout, "retries": retries, "backoff": backoff, "deadline": deadline}

    def page(self, url: str) -> bytes:
        return read_page(url, **self.settings)

    def json(self, url: str):
        return read_json(url, **self.settings)


def discovered(source: Source, say: Callable[[str], None] = lambda message: None, **download_kw) -> Source:
    """`source` with the addresses its publisher's pages link now as its downloads."""
    from migration_profiles.acquire.discover import expectation, find

    downloads = []
    for spec in source.discover:
        say(f"{source.id}: looking on {spec.page} for {expectation(spec)}")
        found = find(spec, PageReader(**download_kw))
        say(f"{source.id}: found {found.url}")
        downloads.append(found)
    return replace(source, downloads=tuple(downloads))


def _refresh(root, source, previous, staging, say, download_kw) -> RefreshResult:
    if previous is not None:
        try:
            verify(previous)
        except SnapshotError as exc:
            say(f"{source.id}: previous snapshot is damaged, downloading everything again ({exc})")
            previous = None  # never answer "unchanged" on the strength of damaged evidence

    # Several files may come from one zip: fetch each URL once.
    by_url: dict[str, list[Download]] = {}
    for d in source.downloads:
        by_url.setdefault(d.url, []).append(d)
    results: dict[str, DownloadResult] = {}
    for i, (url, downloads) in enumerate(by_url.items()):
        etag = last_modified = None
        before = [previous.file(d.file_name) if previous else None for d in downloads]
        if all(f is not None and f.url == url for f in before):
            etag, last_modified = before[0].etag, before[0].last_modified
        say(f"{source.id}: fetching {url}")
        result = download(
            url, staging / "downloads" / str(i), etag=etag, last_modified=last_modified,
            **{"max_bytes": source.max_bytes, **download_kw}
        )
        say(f"{source.id}: {url}: {result.status.replace('_', ' ')}")
        if _redirect(url, result):
            say(f"{source.id}: {url} was redirected to {result.final_url}; the manifest records it")
        results[url] = result

    if all(r.status == NOT_MODIFIED for r in results.values()):
        return RefreshResult(
            source.id, UNCHANGED, previous,
            f"{source.id}: not modified since release '{previous.release}' ({', '.join(by_url)})"
        )

    staged: list[StagedFile] = []
    (staging / "files").mkdir()
    for d in source.downloads:
        result = results[d.url]
        if result.status == NOT_MODIFIED:
            kept = previous.file(d.file_name)
            staged.append(StagedFile(previous.path / kept.name, **provenance(kept)))
            continue
        path = staging / "files" / d.file_name
        if d.zip_member:
            extract_member(result.path, d.zip_member, path, d.url, source.max_bytes)
        else:
            shutil.copyfile(result.path, path)
        try:
            checked = checked_file(source, path)
        except ProfilesError as exc:
            raise FetchError(f"{d.url} did not give a usable '{d.file_name}': {exc}") from exc
        staged.append(
            StagedFile(
                path,
                name=d.file_name,
                url=d.url,
                retrieved_at=result.retrieved_at,
                etag=result.etag,
                last_modified=result.last_modified,
                zip_member=d.zip_member,
                data_end=checked.data_end,
                redirected_to=_redirect(d.url, result),
            )
        )

    if previous is not None and _same_bytes(previous, staged):
        return RefreshResult(
            source.id, UNCHANGED, previous, f"{source.id}: same bytes as release '{previous.release}'"
        )

    release = _downloaded_release(source, staged, [r for r in results.values() if r.status == DOWNLOADED])
    snapshot = write_snapshot(root, source, release, staged)
    message = f"{source.id}: stored release '{release.name}' ({len(staged)} file(s) from {', '.join(by_url)})"
    say(message)
    for change in describe_changes(previous, snapshot):
        say(f"{source.id}: {change}")
    return RefreshResult(source.id, NEW, snapshot, message)


def _redirect(url: str, result: DownloadResult) -> str | None:
    """Where a download ended up when the server redirected it to another address, for the manifest."""
    return result.final_url if result.final_url and result.final_url != url else None


def _same_bytes(previous: Snapshot, staged: list[StagedFile]) -> bool:
    for s in staged:
        kept = previous.file(s.stored_name)
        if kept is None or kept.sha256 != sha256_of(s.path):
            return False
    return True


def _downloaded_release(source: Source, staged: list[StagedFile],
                        downloaded: list[DownloadResult]) -> Release:
    """What downloaded files are: the release the file states, dated, when it does not say, by the
    publisher's page as discovery read it today; a file that states nothing by its page's date or the
    server's Last-Modified (a reissued version is a release of its own); only then by our declaration
    (which is for files imported by hand), and last by today's date."""
    stated = agreed_release(source, [(s.path, release_of(source, s.path)) for s in staged])
    names = [s.stored_name for s in staged]
    data_end = max((s.data_end for s in staged if s.data_end), default=None)
    if stated is not None and stated.date:
        return Release(stated.name, stated.date, stated.date_from or DATE_FROM_FILE)
    page_date = max((d.published for d in source.downloads if d.published), default="")
    if page_date:
        return Release(stated.name if stated else page_date, page_date, DATE_FROM_PAGE)
    if stated is None:
        modified = _release_from_last_modified(downloaded)
        if modified is not None:
            return modified
    digests = declared_digests(source, [s.path for s in staged])
    if stated is not None or known_release(source, None, names, data_end, digests) is not None:
        return choose_release(source, stated, names, data_end, digests=digests)
    return Release(name=today(), date="")


def _release_from_last_modified(results: list[DownloadResult]) -> Release | None:
    dates = []
    for r in results:
        try:
            dates.append(email.utils.parsedate_to_datetime(r.last_modified).date().isoformat())
        except (TypeError, ValueError):
            continue
    if not dates:
        return None
    latest = max(dates)
    return Release(name=latest, date=latest, date_from=DATE_FROM_PAGE)


def extract_member(archive: Path, member: str, dest: Path, url: str = "",
                   max_bytes: int | None = None) -> None:
    """Copy one member out of a published zip; the member may sit in a folder inside it."""
    with open(archive, "rb") as handle:
        head = handle.read(2048)
    if not zipfile.is_zipfile(archive):
        raise FetchError(
            f"{url or archive}: expected a zip archive holding '{member}', found {describe_head(head)}"
        )
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise FetchError(f"{url or archive}: damaged zip archive: {exc}") from exc
    with zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        if member in names:
            chosen = member
        else:
            candidates = [n for n in names if n.rsplit("/", 1)[-1].lower() == member.lower()]
            if len(candidates) != 1:
                listed = ", ".join(names[:20]) + (" ..." if len(names) > 20 else "")
                how = "several members are" if candidates else "no member is"
                raise FetchError(f"{url or archive}: {how} called '{member}'; the zip holds: {listed}")
            chosen = candidates[0]
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            with zf.open(chosen) as src, open(dest, "wb") as out:
                copy_capped(src, out, max_bytes, f"{url or archive}: member '{chosen}'")
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise FetchError(f"{url or archive}: member '{chosen}' cannot be extracted: {exc}") from exc
