"""The workflows' shell steps, run for real (bash -e, as GitHub runs a `run:` step) on a real git
repository (issue #9, items 3 and 12). `gh` talks to GitHub, which is not here: a stand-in script
plays its documented answers."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def step(workflow: str, name_start: str) -> dict:
    doc = yaml.safe_load((WORKFLOWS / workflow).read_text())
    for job in doc["jobs"].values():
        for s in job["steps"]:
            if s.get("name", "").startswith(name_start):
                return s
    raise AssertionError(f"{workflow}: no step named {name_start!r}…")


def run_step(s: dict, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-e", "-c", s["run"]], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}).stdout.strip()


def put(repo: Path, rel: str, text: str) -> None:
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo / rel).write_text(text)


@pytest.fixture
def pr(tmp_path: Path) -> tuple[Path, str]:
    repo = tmp_path / "pr"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    body = "\n".join(f'"line {i}": {i},' for i in range(40))  # enough text for rename detection
    for rel in ("published/p.json", "measured/dev/a.json", "measured/dev/del.json", "measured/dev/mod.json"):
        put(repo, f"measurements/{rel}", "{\n" + body + f'\n"name": "{rel}"\n}}\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "mv", "measurements/measured/dev/a.json", "measurements/measured/dev/b.json")
    put(repo, "measurements/measured/dev/b.json",
        (repo / "measurements/measured/dev/b.json").read_text().replace('"line 3": 3', '"line 3": 33'))
    git(repo, "rm", "-q", "measurements/measured/dev/del.json")
    put(repo, "measurements/measured/dev/mod.json", (repo / "measurements/measured/dev/mod.json").read_text() + " ")
    put(repo, "measurements/published/p.json", (repo / "measurements/published/p.json").read_text() + " ")
    put(repo, "measurements/measured/new/c.json", "{}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the pull request")
    return repo, base


def test_renamed_and_edited_files_are_validated_and_deletions_flagged(pr: tuple[Path, str]) -> None:
    repo, base = pr
    listing = step("measurements.yml", "List the measurement files")
    done = run_step(listing, repo.parent, {"BASE_SHA": base})
    assert done.returncode == 0, done.stderr
    changed = sorted((repo.parent / "changed.txt").read_text().split())
    assert changed == [
        "pr/measurements/measured/dev/b.json",  # renamed and edited: R, missed by --diff-filter=AM
        "pr/measurements/measured/dev/mod.json",
        "pr/measurements/measured/new/c.json",
        "pr/measurements/published/p.json",
    ]
    flags = (repo.parent / "flags.md").read_text()
    assert "deletes `measurements/measured/dev/del.json`" in flags
    assert "changes the published file `measurements/published/p.json`" in flags
    assert "changes `measurements/measured/dev/a.json`" in flags  # the rename
    assert "changes `measurements/measured/dev/mod.json`" in flags
    assert "new/c.json" not in flags


def test_a_file_name_that_is_not_plain_stops_the_job(pr: tuple[Path, str]) -> None:
    repo, base = pr
    put(repo, "measurements/measured/dev/@team [x](y).json", "{}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "odd name")
    done = run_step(step("measurements.yml", "List the measurement files"), repo.parent, {"BASE_SHA": base})
    assert done.returncode != 0 and "unexpected file name" in done.stdout


GH = """#!/bin/sh
# Stand-in for the GitHub CLI: $GH_RELEASES is what the releases API answers ("fail" = an error).
if [ "$1" = api ]; then
  [ "$GH_RELEASES" = fail ] && { echo "gh: HTTP 502: Bad Gateway" >&2; exit 1; }
  echo "$GH_RELEASES"; exit 0
fi
if [ "$1" = release ] && [ "$2" = download ]; then
  [ "$GH_DOWNLOAD" = fail ] && { echo "release not found" >&2; exit 1; }
  mkdir -p build && echo duckdb > build/zoobench.duckdb; exit 0
fi
exit 2
"""


@pytest.mark.parametrize(
    ("releases", "download", "ok", "database"),
    [
        ("0", "fail", True, False),  # a definite "no release yet": a new history
        ("fail", "fail", False, False),  # the API failed: not the same as "none"
        ("1", "fail", False, False),  # a release exists but its database cannot be fetched
        ("1", "ok", True, True),
    ],
    ids=["no-release", "api-error", "download-error", "release"],
)
def test_only_a_definite_no_release_starts_a_new_history(
    tmp_path: Path, releases: str, download: str, ok: bool, database: bool
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(GH)
    (bin_dir / "gh").chmod(0o755 | stat.S_IXUSR)
    fetch = step("publish.yml", "Fetch the last published database")
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "GH_RELEASES": releases, "GH_DOWNLOAD": download,
           "REPO": "owner/zoobench", "GH_TOKEN": "x"}
    done = run_step(fetch, tmp_path, env)
    assert (done.returncode == 0) is ok, done.stdout + done.stderr
    assert (tmp_path / "build" / "zoobench.duckdb").exists() is database
