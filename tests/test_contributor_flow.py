"""A contributor's flow end to end, as CONTRIBUTING.md describes it, in a temporary clone: collect a
small model on this CPU, validate, review against the shipped database (the new device is
reported; a doctored latency is flagged), ingest, build the site and find the new device's page."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from factories import finalized, now

pytest.importorskip("torch")
pytestmark = pytest.mark.torch

ZOOBENCH = str(Path(sys.executable).parent / "zoobench")


def zb(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([ZOOBENCH, *args], cwd=clone, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"zoobench {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and the repository")
    path = tmp_path_factory.mktemp("contributor") / "zoobench"
    subprocess.run(["git", "clone", "-q", str(REPO), str(path)], check=True)
    if (REPO / "build" / "npm").is_dir():  # reuse the pinned JavaScript already fetched
        shutil.copytree(REPO / "build" / "npm", path / "build" / "npm")
    return path


def test_contributor_flow(clone: Path) -> None:
    # The database as main publishes it, before the contribution.
    zb(clone, "db", "build", "--db", "build/main.duckdb")

    # 2. Measure (a small model, few iterations: this is a test, not a benchmark).
    zb(clone, "collect", "--model", "squeezenet1_1", "--device", "cpu", "--device-name", "Contributor Laptop <i>",
       "--batch-sizes", "1,2", "--warmup", "1", "--iters", "3", "--min-seconds", "0",
       "--out", "measurements/measured", "--contributor", "a contributor", "--notes", "plugged in, fan <b>max</b>")
    [new_file] = (clone / "measurements" / "measured").glob("contributor-laptop-i/*.json")
    assert new_file.name.startswith("squeezenet1-1-fp32-contiguous-eager-")
    assert json.loads(new_file.read_text())["run"]["notes"].startswith("plugged in, fan <b>max</b>\n")

    # 4. Check it: validate, review against the shipped database.
    assert "✓" in zb(clone, "validate", str(new_file)).stdout
    review = json.loads(zb(clone, "review", str(new_file), "--db", "build/main.duckdb", "-f", "json").stdout)[0]
    assert {"kind": "device", "id": "contributor-laptop-i", "name": "Contributor Laptop <i>"} in review["new"]
    assert review["implausible"] == [] and review["changes"] == []
    markdown = zb(clone, "review", str(new_file), "--db", "build/main.duckdb").stdout
    assert "Contributor Laptop &lt;i&gt;" in markdown and "<i>" not in markdown

    # The maintainers ingest it; then someone sends the same measurement with the latency halved.
    zb(clone, "db", "ingest", str(new_file), "--db", "build/main.duckdb")
    data = json.loads(new_file.read_text())
    data["run"]["created_at"] = now()  # later than the collected file, and not in the future
    batch = data["models"][0]["batches"][0]
    for stats in (batch["latency_per_batch"], batch["latency_per_image"]):
        for key in ("mean_ms", "median_ms", "min_ms", "max_ms", "p90_ms", "first_ms", "std_ms"):
            if stats.get(key) is not None:
                stats[key] /= 2
        if stats.get("times_ms"):
            stats["times_ms"] = [t / 2 for t in stats["times_ms"]]
    batch["throughput_img_s"] *= 2
    doctored = clone / "doctored.json"
    doctored.write_text(json.dumps(finalized(data)))  # re-hashed, so it passes validation
    flagged = json.loads(zb(clone, "review", str(doctored), "--db", "build/main.duckdb", "-f", "json").stdout)[0]
    [change] = [c for c in flagged["changes"] if c["flagged"]]
    assert (change["model_id"], change["batch_size"]) == ("squeezenet1_1", 1)
    assert change["time_change"] == pytest.approx(-0.5)
    strict = subprocess.run([ZOOBENCH, "review", str(doctored), "--db", "build/main.duckdb", "--strict"],
                            cwd=clone, capture_output=True, text=True, timeout=300)
    assert strict.returncode == 2

    # 5. The site with the new device: its page exists and names it (escaped).
    zb(clone, "db", "build")
    zb(clone, "site", "build")
    page = clone / "build" / "site" / "devices" / "contributor-laptop-i.html"
    assert page.is_file()
    html = page.read_text()
    assert "Contributor Laptop &lt;i&gt;" in html and "Contributor Laptop <i>" not in html
    assert "squeezenet1_1" in html or "SqueezeNet-v1.1" in html
