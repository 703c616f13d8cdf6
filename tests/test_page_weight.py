"""York's page, built from the demonstration data as `make site` builds it, loads at most 1 MB in all,
uncompressed, when it opens and scrolled to the bottom with every chart and map drawn (issue 12, item 8).

A size, not a timing: what the browser loads is the same on a busy machine. Measured as
scripts/page_weight.py measures it (its `measure`, on a 1366 px screen), on a preview build of York
alone (`build --areas`), whose page is the full build's.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import threading
from pathlib import Path

import pytest

from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.util.progress import Progress

from .workspace import make_project

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YORK = "E06000014"
BUDGET = 1_000_000  # bytes: the 1 MB, counted in thousands as page_weight.py prints it


def _page_weight():
    path = Path(__file__).parents[1] / "scripts" / "page_weight.py"
    spec = importlib.util.spec_from_file_location("page_weight", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    ws = make_project(tmp_path_factory.mktemp("weight") / "project", with_sample=True).as_preview()
    build(ws, BuildOptions(areas=[YORK]), Progress(quiet=True))  # as `build --areas` does (cli.py)
    site = ws.site
    assert (site / "areas" / YORK / "index.html").exists()
    return site


@pytest.fixture(scope="module")
def served(demo_site):
    handler = functools.partial(_page_weight()._Quiet, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("scroll", [False, True], ids=["loaded", "scrolled-to-the-bottom"])
def test_york_demo_page_loads_at_most_1_mb(browser, served, scroll):
    weight = _page_weight()
    sizes = weight.measure(browser, served + f"areas/{YORK}/", scroll=scroll, mobile=False)
    by_kind: dict[str, int] = {}
    for url, size in sizes.items():
        by_kind[weight._kind(url)] = by_kind.get(weight._kind(url), 0) + size
    assert by_kind.get("vega.js"), "Vega did not load: the measure would leave out the charts"
    if scroll:
        assert "json" in by_kind, "no map's figures loaded: the page was not scrolled through its maps"
    total = sum(sizes.values())
    assert total <= BUDGET, f"York loads {total:,} bytes: {sorted(by_kind.items(), key=lambda kv: -kv[1])}"
