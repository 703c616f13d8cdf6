"""Lighthouse scores (mobile) for York's page and the home page of the built site.

A script to run by hand, not a test: scores depend on the machine. It serves build/site on 127.0.0.1,
runs the npm `lighthouse` command-line tool with Debian's Chromium and prints each page's performance
and accessibility scores and the bytes it loaded. Install Lighthouse first, outside the repository's
package.json (it is large and the tests do not need it); Lighthouse 12 runs on Debian's Node 20:

    npm install --prefix ~/.cache/mp-lighthouse lighthouse@12
    LIGHTHOUSE=~/.cache/mp-lighthouse/node_modules/.bin/lighthouse .venv/bin/python scripts/lighthouse.py

Options: --site DIR (default build/site), --page PATH (repeatable; default home and York), --runs N
(default 3): each page is measured N times and the median of each figure is printed, since one run's
performance score moves by several points on a busy machine. --no-gzip: serve files as they are.

Text files are served gzip-compressed by default, as any host the site is published on serves them
(GitHub Pages, Netlify, a web server's usual set-up): Lighthouse times the simulated slow mobile network
by the bytes transferred. The uncompressed weight, the issue's 1 MB budget, is measured by
scripts/page_weight.py.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync"
PAGES = ["", "areas/E06000014/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")


class _Gzip(_Quiet):
    """Text files gzip-compressed when the browser accepts it, as a publishing host serves them."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def lighthouse_command() -> str:
    found = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not found:
        sys.exit("lighthouse not found: install it with npm and set LIGHTHOUSE (see this script's help)")
    return found


def run(command: str, url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROME)}
    subprocess.run([command, url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env=env)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    accessibility = {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]}
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "bytes": audits["total-byte-weight"]["numericValue"],  # as transferred
        "largest_contentful_paint_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "total_blocking_time_ms": round(audits["total-blocking-time"]["numericValue"]),
        "failed_accessibility": [a for a, v in audits.items() if v.get("score") == 0 and a in accessibility],
    }


def median(runs: list[dict]) -> dict:
    """Each figure's median over the runs; the failed audits of every run."""
    numbers = ("performance", "accessibility", "bytes", "largest_contentful_paint_ms",
               "total_blocking_time_ms")
    found = {key: statistics.median_low(r[key] for r in runs) for key in numbers}
    found["failed_accessibility"] = sorted({a for r in runs for a in r["failed_accessibility"]})
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--page", action="append", dest="pages")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is printed")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed")
    args = parser.parse_args()
    if not (args.site / "index.html").exists():
        sys.exit(f"no site at {args.site}: run `make site` first")
    command = lighthouse_command()
    handler = functools.partial(_Quiet if args.no_gzip else _Gzip, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for path in args.pages or PAGES:
                report = Path(tmp) / "report.json"
                runs = [run(command, base + path, report) for _ in range(max(args.runs, 1))]
                scores = median(runs)
                print(f"{path or '(home)'}: performance {scores['performance']}, accessibility "
                      f"{scores['accessibility']}, {scores['bytes'] / 1000:,.0f} kB transferred, LCP "
                      f"{scores['largest_contentful_paint_ms']} ms, TBT {scores['total_blocking_time_ms']} ms"
                      f" (median of {len(runs)}; performance in each run: "
                      f"{', '.join(str(r['performance']) for r in runs)})"
                      + (f"; failed: {', '.join(scores['failed_accessibility'])}"
                         if scores["failed_accessibility"] else ""))
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
