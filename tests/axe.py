"""axe-core in the browser tests: one helper any page test can call.

axe-core is installed from npm (package.json at the repository's root; `npm ci`, run by `make test`) and
put into the page from node_modules as an inline script, so the check makes no request to any other host.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .workspace import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 at levels A and AA, as the accessibility statement claims.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_script() -> Path:
    """The axe-core script; in CI its absence fails the test, elsewhere it skips with how to install it."""
    if not AXE.exists():
        message = f"{AXE} not found: run `npm ci` in the repository (make test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; in CI it must be present")
        pytest.skip(message)
    return AXE


def violations(page) -> list[dict]:
    """Every WCAG 2.2 A/AA violation axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    return page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
            const result = await axe.run(document, options);
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': '
                                                + n.failureSummary.split('\\n')[1])
            }));
        }""",
        WCAG_TAGS,
    )


def describe(found: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
                     for v in found)
