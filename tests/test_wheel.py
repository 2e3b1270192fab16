"""zoobench from a wheel, outside any checkout (#11 item 15): what a lab does with `pip install zoobench`.

The wheel is built from a copy of the package's folders (so the checkout's build/ stays clean and
nothing else of the repository can leak in), installed with pip into a fresh virtual environment,
and run from a temporary folder: a database from a few measurement files, then the site. The fresh
environment sees the test environment's packages through a .pth line instead of downloading the
base dependencies again; the wheel itself is installed by pip with `--no-deps`, and its own copy is
the `zoobench` that runs (asserted).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from conftest import MEASUREMENTS, REPO

pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="the site build vendors JS with npm")

FILES = ["published/bianco2018-titanxp.json", "published/bianco2018-top1.json"]


def _run(cmd: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(list(map(str, cmd)), cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _wheel(tmp: Path) -> Path:
    """`pip wheel` of a source tree holding only what pyproject.toml names."""
    src = tmp / "src"
    meta = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    for folder in meta["tool"]["setuptools"]["package-dir"].values():
        shutil.copytree(REPO / folder, src / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", meta["project"]["readme"], "CONTRIBUTING.md", "mkdocs.yml"):  # site/ links to them
        shutil.copy(REPO / name, src / name)
    # with the test environment's setuptools when it has one, else pip fetches it as for any build
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("setuptools") else []
    done = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", tmp / "dist", src], tmp)
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp / "dist").glob("zoobench-*.whl")
    return wheel


def _venv(tmp: Path, wheel: Path) -> Path:
    venv = tmp / "venv"
    done = _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp)
    assert done.returncode == 0, done.stderr
    python = venv / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).stdout
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}  # after the venv's own
    (Path(purelib.strip()) / "zz_test_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    done = _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index",
                 wheel], tmp)
    assert done.returncode == 0, done.stderr
    return venv


def test_a_lab_builds_its_own_site_from_the_wheel(tmp_path: Path) -> None:
    venv = _venv(tmp_path, _wheel(tmp_path))
    lab = tmp_path / "lab"
    measured = sorted((MEASUREMENTS / "measured").glob("*/*.json"))[0]
    for name in [*FILES, str(measured.relative_to(MEASUREMENTS))]:
        (lab / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MEASUREMENTS / name, lab / "data" / name)
    where = _run([venv / "bin" / "python", "-c", "import zoobench; print(zoobench.__file__)"], lab).stdout
    assert Path(where.strip()).is_relative_to(venv), where  # the wheel's zoobench, not the checkout's

    zoobench = venv / "bin" / "zoobench"
    done = _run([zoobench, "db", "build"], lab)  # no measurements/ here: say how to give them
    assert done.returncode == 1 and "--data DIR" in done.stderr and "Traceback" not in done.stderr
    done = _run([zoobench, "db", "build", "--data", "data"], lab)
    assert done.returncode == 0, done.stderr
    assert "dataset version 1, 3 files" in done.stdout
    done = _run([zoobench, "site", "build", "--site-name", "Lab bench", "--site-url", "https://lab.example/bench/",
                 "--repo-url", "https://git.lab.example/ml/bench", "--npm-cache", REPO / "build" / "npm"], lab)
    assert done.returncode == 0, done.stderr

    site = lab / "build" / "site"
    for page in ("index.html", "best.html", "methodology.html", "download.html", "devices/titan-xp-bianco2018.html",
                 "models/resnet50.html", "assets/vendor/vega/vega.min.js", "assets/zoobench/zoobench.js"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text()
    assert "<title>Home - Lab bench</title>" in home and '<h1 id="lab-bench">Lab bench<' in home  # its name, not zoobench's
    assert "benchmarks image-classification networks with zoobench" in home and "Canziani" not in home
    assert "https://lab.example/bench/devices/titan-xp-bianco2018.html" in (site / "sitemap.xml").read_text()
    contributing = (site / "contributing.html").read_text()  # the packaged CONTRIBUTING.md
    assert "Contributing measurements" in contributing and "grows when people measure hardware" in contributing
    assert 'clone<span class="w"> </span>https://git.lab.example/ml/bench<' in contributing
    assert "github.com/zoobench" not in contributing
    assert not (lab / "mkdocs.yml").exists() and not (lab / "CONTRIBUTING.md").exists()
