"""The GitHub Actions workflows: actionlint and zizmor clean, pinned, least privilege, safe triggers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (it comes with the dev extra)")
    return found


def test_the_three_workflows_exist() -> None:
    assert {w.name for w in WORKFLOWS} == {"tests.yml", "measurements.yml", "publish.yml"}


def test_actionlint_is_clean() -> None:
    result = subprocess.run([tool("actionlint"), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_is_clean() -> None:
    result = subprocess.run([tool("zizmor"), "--offline", "--persona", "pedantic", str(REPO / ".github" / "workflows")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_full_commit_sha(workflow: Path) -> None:
    uses = re.findall(r"uses:\s*(\S+)", workflow.read_text())
    assert uses
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{workflow.name}: {ref} is not pinned by SHA"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(workflow: Path) -> None:
    text = workflow.read_text()
    assert re.search(r"^permissions: \{\}$", text, re.M), "no default permissions at the top"
    doc = yaml.safe_load(text)
    triggers = doc.get("on", doc.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request_target" not in triggers and "workflow_run" not in triggers
    assert "write-all" not in text
    for name, job in doc["jobs"].items():
        assert "permissions" in job, f"{workflow.name}: job {name} does not state its permissions"
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{workflow.name}: {name} keeps credentials"


def test_measurement_prs_are_judged_by_the_base_branch_code() -> None:
    text = (REPO / ".github" / "workflows" / "measurements.yml").read_text()
    assert "ref: ${{ github.event.pull_request.base.sha }}" in text
    assert "pip install -q ./trusted" in text
    assert '"measurements/**"' in text
    assert "GITHUB_STEP_SUMMARY" in text and "site-preview" in text
