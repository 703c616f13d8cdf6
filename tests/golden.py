"""Golden files: expected output kept beside the tests, regenerated only on purpose.

Set UPDATE_GOLDEN=1 to rewrite them after a deliberate change; never in CI.
"""

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        if os.environ.get("CI") == "true":
            raise AssertionError("UPDATE_GOLDEN is not allowed in CI")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run once with UPDATE_GOLDEN=1 and review the result"
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"
