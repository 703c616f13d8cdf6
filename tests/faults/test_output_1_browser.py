"""Issue 11 item 1, in a real browser: a page built from an injected name runs none of it.

The names set a window flag and open a dialog if any of their markup runs as script. The area page,
the Areas list, a comparator's page, the data-quality log and the site search (which renders its
results as HTML) are opened in /usr/bin/chromium; no dialog may open, no flag may be set, and no
element or link the names describe may exist.
"""

from __future__ import annotations

import pytest

from ..helpers_http import serving
from ..test_browser import Recorder
from .output_site import LEEDS, YORK, build_site, downloads, rename_area, rename_in_changes

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AREA_NAME = ('<img src=x onerror="window.mpPwned=1;alert(1)">York<script>window.mpPwned=2;alert(2)</script>'
             ' [x](javascript:window.mpPwned=3) <svg onload="window.mpPwned=4">')
COUNTY_NAME = '<img src=y onerror="window.mpPwned=5;alert(5)">North Yorkshire [y](javascript:alert(6))'

NOTHING_RAN = """() => ({
  flag: window.mpPwned === undefined ? null : window.mpPwned,
  injected: document.querySelectorAll('img[src="x"], img[src="y"], svg[onload], [onerror]').length,
  scriptLinks: [...document.querySelectorAll('a[href]')]
    .filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
  shown: document.body.innerText.includes('onerror=')
})"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("injected-browser")
    incoming = downloads(root)
    rename_area(incoming, YORK, AREA_NAME)
    rename_area(incoming, "E10000023", COUNTY_NAME)
    rename_in_changes(incoming, "E10000023", COUNTY_NAME)
    ws = build_site(root, incoming)
    # The same name put into a page unescaped: the control that shows the checks can see a script run.
    control = f"<!doctype html><title>control</title><p>{AREA_NAME}</p>"
    (ws.site / "unescaped-control.html").write_text(control)
    with serving(ws.site) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    recorder = Recorder(context)
    opened = recorder.new_page()
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", dismiss)
    opened.dialogs = dialogs
    yield opened
    context.close()


@pytest.mark.parametrize("path", [f"areas/{YORK}/", "areas/", f"areas/{LEEDS}/", "data-quality/"])
def test_no_injected_script_runs_on_the_page(page, base_url, path):
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # an image error fires after load
    found = page.evaluate(NOTHING_RAN)
    assert page.dialogs == []
    assert found["flag"] is None and found["injected"] == 0 and found["scriptLinks"] == 0, found
    if path != f"areas/{LEEDS}/":
        assert found["shown"], "the injected name should be on the page as text"


def test_the_checks_see_the_script_when_the_name_is_not_escaped(page, base_url):
    page.goto(base_url + "unescaped-control.html", wait_until="networkidle")
    page.wait_for_timeout(300)
    found = page.evaluate(NOTHING_RAN)
    assert page.dialogs and found["flag"] is not None and found["injected"] > 0


def test_the_title_shows_the_name_as_text(page, base_url):
    page.goto(base_url + f"areas/{YORK}/", wait_until="networkidle")
    assert page.title().startswith('<img src=x onerror="window.mpPwned=1;alert(1)">York')
    assert page.locator("h1").inner_text().startswith("<img src=x")


def test_search_results_show_the_name_as_text(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("onerror")
    page.wait_for_timeout(1500)  # the search worker answers asynchronously
    found = page.evaluate(NOTHING_RAN)
    assert page.dialogs == []
    assert found["flag"] is None and found["injected"] == 0 and found["scriptLinks"] == 0, found
    assert page.locator(".md-search-result__item").count() >= 1  # the Areas page or the log matched
