"""Find the newest file of a source whose address changes with every release.

Many publishers give each release's file a new address (a new media id on GOV.UK, a new year folder
on ONS, a new file id on Explore Education Statistics), but keep a stable page that links the newest
one. A source declares that page and the file it wants (`sources.base.Discover`); `find_downloads`
reads the page and returns the address to download. It reads through a `reader` (``page(url)`` for
bytes, ``json(url)`` for a decoded JSON answer), which `fetch` and `releases` build on fetch.py's
retrying GET: this module opens no connection itself.

Failing to find the file raises DiscoveryError naming the page, what was expected and what was found
instead, so that a moved page or a renamed file is reported rather than guessed at.
"""

from __future__ import annotations

import fnmatch
import html
import posixpath
import re
import urllib.parse
from html.parser import HTMLParser
from typing import Any, Protocol

from migration_profiles.sources.base import EES, EES_API, GOVUK, NOMIS, PAGE, Discover, Download, Source
from migration_profiles.util.errors import FetchError

LISTED = 12  # how many titles or names an error lists before "..."


class Reader(Protocol):
    def page(self, url: str) -> bytes: ...

    def json(self, url: str) -> Any: ...


class DiscoveryError(FetchError):
    """The publisher's page was read but did not lead to the expected file (or could not be read)."""


class _NotFound(Exception):
    """What the page held instead of the expected file; becomes a DiscoveryError with the context."""


def find_downloads(source: Source, reader: Reader) -> tuple[Download, ...]:
    """The address of each file `source` declares a Discover for, as found on its publisher's page now."""
    return tuple(find(spec, reader) for spec in source.discover)


def find(spec: Discover, reader: Reader) -> Download:
    finder = _FINDERS.get(spec.kind)
    if finder is None:
        raise DiscoveryError(f"{spec.page}: unknown kind of discovery '{spec.kind}'")
    try:
        url, name, *when = finder(spec, reader)
    except _NotFound as exc:
        raise DiscoveryError(f"{spec.page}: expected {expectation(spec)}, but {exc}") from None
    except FetchError as exc:
        raise DiscoveryError(f"could not look for {expectation(spec)} on {spec.page}: {exc}") from exc
    return Download(url=url, file_name=spec.store_as or name, published=_iso_day(when[0] if when else ""))


def _iso_day(value) -> str:
    """The day of an API's timestamp ('2024-11-28T09:30:00.000+00:00' -> '2024-11-28'), or ""."""
    text = str(value or "")[:10]
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else ""


def expectation(spec: Discover) -> str:
    """What the declaration asks for, in words, for error messages."""
    if spec.kind == NOMIS:
        return f"one code described like /{spec.title}/"
    if spec.kind == EES_API:
        return f"the data set titled like /{spec.title}/ of the publication titled like /{spec.document}/"
    wanted = "a file"
    if spec.title:
        wanted += f" titled like /{spec.title}/"
    if spec.file:
        wanted += f" named like '{spec.file}'"
    if spec.document:
        wanted += f" in the newest document titled like /{spec.document}/"
    return wanted


def _matches(pattern: str, name: str) -> bool:
    return not pattern or fnmatch.fnmatch(name.lower(), pattern.lower())


def _listed(items: list[str]) -> str:
    shown = ", ".join(f"'{i}'" for i in items[:LISTED])
    return (shown + (" ..." if len(items) > LISTED else "")) or "nothing"


def file_name_of(url: str) -> str:
    """The file's own name in a link: ONS links files as /file?uri=<path>, others by the path itself."""
    parts = urllib.parse.urlsplit(url)
    uri = urllib.parse.parse_qs(parts.query).get("uri")
    path = uri[0] if uri else parts.path
    return urllib.parse.unquote(posixpath.basename(path.rstrip("/")))


# --- GOV.UK: the Content API serves every page's content as JSON ------------------------------------


def content_api(page: str) -> str:
    """https://www.gov.uk/<path> -> https://www.gov.uk/api/content/<path>."""
    parts = urllib.parse.urlsplit(page)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/api/content" + parts.path, "", ""))


def _newest(documents: list[dict]) -> dict:
    """The most recently first published; the first listed when the links carry no dates."""
    def when(doc: dict) -> str:
        return str(doc.get("first_published_at") or doc.get("public_updated_at") or "")

    if not any(when(d) for d in documents):
        return documents[0]
    return max(enumerate(documents), key=lambda pair: (when(pair[1]), -pair[0]))[1]


def _govuk(spec: Discover, reader: Reader) -> tuple[str, str]:
    item = reader.json(content_api(spec.page))
    where = f"the page '{item.get('title', spec.page)}'"
    if spec.document:
        documents = (item.get("links") or {}).get("documents") or []
        wanted = re.compile(spec.document, re.IGNORECASE)
        matching = [d for d in documents if wanted.search(str(d.get("title", "")))]
        if not matching:
            titles = [str(d.get("title")) for d in documents]
            raise _NotFound(f"no document it lists has such a title; it lists {_listed(titles)}")
        newest = _newest(matching)
        path = newest.get("base_path") or urllib.parse.urlsplit(str(newest.get("web_url", ""))).path
        if not path:
            raise _NotFound(f"the document '{newest.get('title')}' has no address in the collection's links")
        item = reader.json(content_api(urllib.parse.urljoin(spec.page, path)))
        where = f"its newest such document, '{newest.get('title')}' ({path}),"
    # A release's own document was first published on its release day; a standing page (a publication
    # or data set given new files each quarter) was last updated when its newest file was added.
    published = (item.get("first_published_at") or newest.get("first_published_at") if spec.document
                 else item.get("public_updated_at") or item.get("first_published_at"))
    attachments = (item.get("details") or {}).get("attachments") or []
    titled = re.compile(spec.title, re.IGNORECASE) if spec.title else None
    seen = []
    for attachment in attachments:
        url = str(attachment.get("url") or "")
        name = str(attachment.get("filename") or file_name_of(url))
        seen.append(name or str(attachment.get("title")))
        title_fits = titled is None or titled.search(str(attachment.get("title", "")))
        if url and name and _matches(spec.file, name) and title_fits:
            return urllib.parse.urljoin(spec.page, url), name, published
    raise _NotFound(f"{where} has no such attachment; its attachments: {_listed(seen)}")


# --- an ordinary web page: ONS dataset pages and the like --------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(html.unescape(value) for name, value in attrs if name == "href" and value)


def _page(spec: Discover, reader: Reader) -> tuple[str, str]:
    parser = _Links()
    parser.feed(reader.page(spec.page).decode("utf-8", "replace"))
    names = []
    # ONS lists the current edition's files first, before any link to previous versions.
    for href in parser.hrefs:
        url = urllib.parse.urljoin(spec.page, href)
        name = file_name_of(url)
        if "." in name:
            names.append(name)
        if _matches(spec.file, name) and urllib.parse.urlsplit(url).scheme in ("http", "https"):
            return url, name
    raise _NotFound(f"the page links no such file; the files it links: {_listed(names)}")


# --- Explore Education Statistics: the content API's latest release ----------------------------------


def _ees(spec: Discover, reader: Reader) -> tuple[str, str]:
    release = reader.json(spec.page)
    files = release.get("downloadFiles") or []
    names = []
    for entry in files:
        name = str(entry.get("fileName") or entry.get("name") or "")
        names.append(name)
        if entry.get("id") and _matches(spec.file, name):
            url = spec.address.format(release=release.get("id", ""), file=entry["id"])
            return url, name, release.get("published")
    title = release.get("title") or release.get("slug") or "the latest release"
    raise _NotFound(f"{title} lists no such data file; it lists {_listed(names)}")


# --- Nomis: look a code up in a dataset's codelist, then query with it -------------------------------


def _nomis(spec: Discover, reader: Reader) -> tuple[str, str]:
    answer = reader.json(spec.page)
    try:
        codes = answer["structure"]["codelists"]["codelist"][0]["code"]
    except (KeyError, IndexError, TypeError):
        raise _NotFound("the answer is not a Nomis codelist (structure.codelists.codelist[0].code)") from None
    described = re.compile(spec.title, re.IGNORECASE)
    found = [(str(c.get("value")), str((c.get("description") or {}).get("value", ""))) for c in codes]
    chosen = [(value, text) for value, text in found if described.search(text)]
    if len(chosen) != 1:
        how = "no code is" if not chosen else f"{len(chosen)} codes are"
        listed = _listed([f"{v} {t}" for v, t in chosen] or [t for _, t in found])
        raise _NotFound(f"{how} described so; {'they are' if chosen else 'the codelist holds'} {listed}")
    url = spec.address.format(code=chosen[0][0])
    return url, file_name_of(url)


# --- Explore Education Statistics public API: publication, then data set, at its latest version --------


def _titled(items: list[dict], pattern: str, what: str) -> dict:
    wanted = re.compile(pattern, re.IGNORECASE)
    chosen = [item for item in items if wanted.search(str(item.get("title", "")))]
    if len(chosen) != 1:
        how = "none is" if not chosen else f"{len(chosen)} are"
        raise _NotFound(f"{how} titled like /{pattern}/ among the {what}: "
                        f"{_listed([str(i.get('title')) for i in items])}")
    return chosen[0]


def _ees_api(spec: Discover, reader: Reader) -> tuple[str, str]:
    """`page` searches the API's publications; `document` picks the publication and `title` its data set,
    whose latest version goes into `address` ({id}, {version})."""
    base = spec.page.split("/publications")[0]
    publication = _titled(reader.json(spec.page).get("results") or [], spec.document, "publications found")
    catalogue = reader.json(f"{base}/publications/{publication.get('id')}/data-sets").get("results") or []
    data_set = _titled(catalogue, spec.title, f"data sets of '{publication.get('title')}'")
    version = str((data_set.get("latestVersion") or {}).get("version") or "")
    if not data_set.get("id") or not version:
        raise _NotFound(f"the data set '{data_set.get('title')}' has no id or latest version")
    return (spec.address.format(id=data_set["id"], version=version), spec.store_as or f"{data_set['id']}.csv",
            (data_set.get("latestVersion") or {}).get("published"))


_API_FILE = re.compile(r"^(?P<base>.+)/data-sets/(?P<id>[^/?]+)/csv\?dataSetVersion=(?P<version>[^&]+)")


def ees_api_changes(url: str, reader: Reader) -> str:
    """What the API's changes endpoint lists for the data set version a file address names, in words
    ('' for an address that is not an EES API data set version)."""
    found = _API_FILE.match(url)
    if not found:
        return ""
    answer = reader.json(f"{found['base']}/data-sets/{found['id']}/versions/{found['version']}/changes")
    parts = []
    for kind in ("majorChanges", "minorChanges"):
        changed = answer.get(kind) if isinstance(answer, dict) else None
        counted = {k: len(v) for k, v in (changed or {}).items() if isinstance(v, list) and v}
        words = ", ".join(f"{k} ({n})" for k, n in sorted(counted.items())) or "none"
        parts.append(f"{'major' if kind == 'majorChanges' else 'minor'} changes: {words}")
    return f"version {found['version']} of the data set lists " + "; ".join(parts)


_FINDERS = {GOVUK: _govuk, PAGE: _page, EES: _ees, NOMIS: _nomis, EES_API: _ees_api}
