"""What a page of the built site loads, in bytes, uncompressed: every resource it requests, by type.

A script to run by hand (like lighthouse.py): it serves build/site on 127.0.0.1 without compression,
opens each page in Debian's Chromium through Playwright and adds up the body of every response. Two
figures per page: after loading (what a reader who does not scroll gets) and after scrolling to the
bottom (every chart and map drawn). The issue's budget is 1 MB for York's page, in all.

    .venv/bin/python scripts/page_weight.py                  # home and York
    .venv/bin/python scripts/page_weight.py --page methodology/ --list
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROME = "/usr/bin/chromium"
PAGES = ["", "areas/E06000014/"]
# Scroll down a screen at a time, pausing so that what comes into view is drawn and loaded.
SCROLL_TO_BOTTOM = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(resolve => setTimeout(resolve, 60));
  }
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def _kind(url: str) -> str:
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    if name in ("vega.js", "vega-lite.js"):
        return name
    if path.endswith("/"):
        return "html"
    return name.rsplit(".", 1)[-1] if "." in name else "other"


def measure(browser, url: str, *, scroll: bool, mobile: bool, width: int | None = None) -> dict[str, int]:
    viewport = {"width": 412, "height": 823} if mobile else {"width": 1366, "height": 768}
    if width:  # the phone is 360 px wide: what loads depends on what is near the screen
        viewport["width"] = width
    context = browser.new_context(viewport=viewport, is_mobile=mobile)
    sizes: dict[str, int] = {}

    def finished(request):
        response = request.response()
        if response is not None and response.status < 400:
            try:
                sizes[request.url] = len(response.body())
            except Exception:  # a response without a body (a redirect): nothing loaded
                pass

    context.on("requestfinished", finished)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    if scroll:
        page.evaluate(SCROLL_TO_BOTTOM)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
    context.close()
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--page", action="append", dest="pages")
    parser.add_argument("--mobile", action="store_true", help="a phone's screen (412 px) instead of 1366 px")
    parser.add_argument("--width", type=int, help="the screen's width in px (with --mobile, e.g. 360)")
    parser.add_argument("--list", action="store_true", help="every resource, largest first")
    args = parser.parse_args()
    if not (args.site / "index.html").exists():
        sys.exit(f"no site at {args.site}: run `make site` first")
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROME, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for path in args.pages or PAGES:
                for scroll in (False, True):
                    sizes = measure(browser, base + path, scroll=scroll, mobile=args.mobile, width=args.width)
                    kinds: dict[str, int] = defaultdict(int)
                    for url, size in sizes.items():
                        kinds[_kind(url)] += size
                    largest = sorted(kinds.items(), key=lambda kv: -kv[1])
                    parts = ", ".join(f"{k} {v / 1000:,.0f}" for k, v in largest)
                    print(f"{path or '(home)'} {'scrolled to the bottom' if scroll else 'loaded'}: "
                          f"{sum(sizes.values()) / 1000:,.0f} kB in {len(sizes)} requests ({parts})")
                    if args.list:
                        for url, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
                            print(f"    {size / 1000:9,.1f} kB  {url[len(base):]}")
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
