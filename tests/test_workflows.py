"""The GitHub workflows: valid against GitHub's schema, pinned, least privilege, one publish at a time.

check-jsonschema carries the schema (vendor.github-workflows) inside its package, so this runs offline.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<comment>.*)$", re.M)
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+(\.\d+)*\b")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def test_both_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"test.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_against_the_github_schema(path):
    assert CHECK_JSONSCHEMA.exists(), f"{CHECK_JSONSCHEMA} missing: install requirements.lock"
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(path):
    uses = list(USES.finditer(path.read_text()))
    assert uses, f"{path.name} uses no actions"
    for match in uses:
        ref = match.group("ref")
        if ref.startswith("./"):
            continue  # an action in this repository
        assert PINNED.match(ref), f"{path.name}: {ref} is not pinned to a full commit SHA"
        assert VERSION_COMMENT.search(match.group("comment")), f"{path.name}: {ref} has no '# vX.Y.Z' comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_declared_and_least_privilege(path):
    workflow = load(path)
    assert "permissions" in workflow, f"{path.name}: no top-level permissions"
    top = workflow["permissions"] or {}
    assert top in ({}, {"contents": "read"}), f"{path.name}: top-level permissions {top} grant too much"
    for name, job in workflow["jobs"].items():
        granted = {**top, **(job.get("permissions") or {})}
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes <= {"contents"}, f"{path.name}: job {name} may write {sorted(writes)}"
        assert granted != "write-all" and job.get("permissions") != "write-all"


def test_tests_run_on_push_and_pull_request_with_both_pythons():
    workflow = load(ROOT / ".github" / "workflows" / "test.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    job = workflow["jobs"]["test"]
    assert job["runs-on"].startswith("ubuntu")
    assert [str(v) for v in job["strategy"]["matrix"]["python"]] == ["3.11", "3.12"]
    assert any(step.get("run") == "make test" for step in job["steps"])
    assert workflow["permissions"] == {"contents": "read"}


def test_publish_runs_weekly_and_by_hand_one_run_at_a_time():
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["schedule"] and "workflow_dispatch" in workflow["on"]
    assert set(workflow["on"]["workflow_dispatch"]["inputs"]) >= {"force", "edition"}
    concurrency = workflow["concurrency"]
    assert concurrency["group"] and "${{" not in concurrency["group"], "one group for every run"
    assert concurrency["cancel-in-progress"] is False, "a deploy must never be cancelled half-way"
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["publish"]["permissions"] == {"contents": "write"}


def test_publish_pushes_only_after_refresh_build_and_pdfs_succeed():
    job = load(ROOT / ".github" / "workflows" / "publish.yml")["jobs"]["publish"]
    assert job["needs"] == "check" and "needs.check.outputs.publish" in job["if"]
    runs = [step.get("run", "") for step in job["steps"]]

    def first(text: str) -> int:
        return next(i for i, run in enumerate(runs) if text in run)

    refresh, build = first("migration-profiles refresh"), first("build --edition")
    pdf, push = first("migration-profiles pdf"), first("git push origin gh-pages")
    release = first("gh release")
    assert refresh < build < pdf < push < release
    save = next(i for i, step in enumerate(job["steps"]) if "actions/cache/save" in step.get("uses", ""))
    assert refresh < save < build, "snapshots are kept only after a refresh that succeeded"
    # No step before the push may be allowed to fail quietly.
    for step in job["steps"][:push]:
        assert "continue-on-error" not in step and "if" not in step, step
    assert "--push" not in " ".join(runs[:push]), "nothing is pushed before the PDFs exist"


def test_publishing_is_documented():
    docs = (ROOT / "docs" / "publishing.md").read_text()
    for needed in ("publish.yml", "test.yml", "gh-pages", "STAT_XPLORE_API_KEY", "SITE_URL", "Read and write",
                   "check-releases", "versions.json"):
        assert needed in docs, f"docs/publishing.md does not mention {needed}"
