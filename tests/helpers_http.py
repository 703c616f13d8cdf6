"""Test helpers: a local HTTP server on 127.0.0.1 with scripted replies, and fake sources.

The fake sources stand in for the real declarations so that snapshot and fetch tests do not
depend on any real parser.
"""

from __future__ import annotations

import functools
import gzip
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from migration_profiles.sources.base import Download, FileSpec, Release, Source
from migration_profiles.util.errors import LayoutError

# --- server --------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    content_length: int | None = None  # announce a different length to fake a truncated body
    drip: float = 0.0  # seconds between bytes of the body: a server that sends one byte at a time


Route = Callable[[dict[str, str]], Reply]


def conditional(body: bytes, etag: str | None = None, last_modified: str | None = None) -> Route:
    """A resource that honours If-None-Match / If-Modified-Since, as a publisher's server does."""

    def answer(headers: dict[str, str]) -> Reply:
        validators = {}
        if etag:
            validators["ETag"] = etag
        if last_modified:
            validators["Last-Modified"] = last_modified
        if (etag and headers.get("If-None-Match") == etag) or (
            last_modified and headers.get("If-Modified-Since") == last_modified
        ):
            return Reply(304, headers=validators)
        return Reply(200, body, headers=validators)

    return answer


class FakeServer:
    """``with FakeServer() as server: server.route("/f.csv", Reply(...)); server.url("/f.csv")``."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply] | Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()  # set on exit, so that a dripping reply stops

    def route(self, path: str, *replies: Reply | Route) -> None:
        """Replies are served in turn, the last one repeating; or one callable decides each time."""
        if len(replies) == 1 and callable(replies[0]):
            self.routes[path] = replies[0]
        else:
            self.routes[path] = list(replies)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    def _reply_for(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append((path, headers))
            route = self.routes.get(path)
            if route is None:
                return Reply(404, b"not found")
            if callable(route):
                return route(headers)
            return route.pop(0) if len(route) > 1 else route[0]

    def __enter__(self) -> FakeServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                reply = server._reply_for(self.path, dict(self.headers.items()))
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if reply.status != 304:
                        length = reply.content_length if reply.content_length is not None else len(reply.body)
                        self.send_header("Content-Length", str(length))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    if reply.status != 304 and reply.drip:
                        for i in range(len(reply.body)):
                            if server.stopping.wait(reply.drip):
                                break
                            self.wfile.write(reply.body[i:i + 1])
                            self.wfile.flush()
                    elif reply.status != 304:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)
                self.close_connection = True

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # do not wait for a handler still sleeping
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=2)


# --- fake sources --------------------------------------------------------------------------------

HEADER = "area_code,value"


def read_text(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


def parse_csv(path: Path) -> list[list[str]]:
    """Comment lines start with '#'; the first other line must be the header."""
    lines = [line for line in read_text(path).splitlines() if line and not line.startswith("#")]
    if not lines or lines[0].strip() != HEADER:
        raise LayoutError("fake", path.name, expected=f"header '{HEADER}'", found=repr(lines[:1]), row=1)
    return [line.split(",") for line in lines[1:]]


def release_in_csv(path: Path) -> Release | None:
    match = re.search(r"^# released (\d{4}-\d{2}-\d{2})", read_text(path), re.M)
    return Release(match.group(1), match.group(1)) if match else None


def parse_xlsx(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        if "xl/workbook.xml" not in zf.namelist():
            raise LayoutError("fake", path.name, expected="a workbook")
        return zf.namelist()


def parse_any(path: Path) -> bytes:
    return path.read_bytes()


def csv_spec(*patterns: str, release: bool = True) -> FileSpec:
    return FileSpec(patterns=patterns, parse=parse_csv, release_of=release_in_csv if release else None)


def xlsx_spec(*patterns: str) -> FileSpec:
    return FileSpec(patterns=patterns, parse=parse_xlsx, expect="xlsx")


def fake_source(
    source_id: str = "fake",
    files: tuple[FileSpec, ...] | None = None,
    downloads: tuple[Download, ...] = (),
    api_query: str = "",
) -> Source:
    return Source(
        id=source_id,
        title=f"Fake source {source_id}",
        publisher="Nobody",
        landing_page="http://127.0.0.1/",
        downloads=downloads,
        licence="OGL v3",
        licence_url="http://127.0.0.1/licence",
        cadence="never",
        next_release="",
        geography_levels=("local_authority",),
        measures=(),
        measures_summary="nothing",
        kind="stock",
        coverage="nobody",
        not_covered="everybody",
        lag="none",
        rounding="none",
        caveats=(),
        files=files if files is not None else (csv_spec("fake_*.csv", "fake_*.csv.gz"),),
        api_query=api_query,
    )


def csv_bytes(release: str | None = None, rows: int = 2, tag: str = "") -> bytes:
    head = f"# released {release}\n" if release else ""
    body = "".join(f"E0600000{i},{i * 10}{tag}\n" for i in range(1, rows + 1))
    return (head + HEADER + "\n" + body).encode()


def xlsx_bytes() -> bytes:
    """Not a real workbook, but a zip with the parts our fake xlsx parser looks for."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


HTML_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Service unavailable</title></head>"
    b"<body><h1>Sorry, something went wrong</h1></body></html>\n"
)


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # no line on stderr per request
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve `folder`'s files on 127.0.0.1 while the block runs, for a browser to open; yields the base URL
    (ending in '/')."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietFiles, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
