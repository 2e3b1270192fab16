"""`zoobench site build`: database → markdown (Jinja) → static site (MkDocs Material).

Steps, each timed: export (downloads: DuckDB file, Parquet, CSV, JSON Schema, written by `db`),
generate (queries, fits, charts, templates → docs folder), vendor (pinned JS libraries), mkdocs
(the HTML build).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from zoobench import db
from zoobench.errors import ZoobenchError
from zoobench.site import pages, render, vendor
from zoobench.site.data import Data
from zoobench.site.pages.common import Identity, Page, stamp


@dataclass
class BuildReport:
    out_dir: Path
    docs_dir: Path
    dataset_version: int | None
    pages: int
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # user + sys, all threads and workers
    vendored: dict[str, str] = field(default_factory=dict)
    downloaded: bool = False


def find_config(config: Path | None = None) -> Path:
    """The MkDocs configuration: the given file, else the one shipped with zoobench (site/mkdocs.yml)."""
    found = config or Path(str(resources.files("zoobench.site").joinpath("mkdocs.yml")))
    if found.is_file():
        return found.resolve()
    raise ZoobenchError(f"{found}: no such MkDocs configuration file")


def nav(all_pages: list[Page]) -> list[Any]:
    """Top-level tabs; device pages listed under Devices (model pages are linked, not listed)."""
    devices = [
        {p.title: p.path} for p in all_pages if p.path.startswith("devices/") and p.path != "devices/index.md"
    ]
    return [
        {"Home": "index.md"},
        {"Best model": "best.md"},
        {"Devices": ["devices/index.md", *devices]},
        {"Models": ["models/index.md"]},
        {"Compare": ["compare.md", "sources.md", "runtimes.md", "software.md", "settings.md",
                     "across-devices.md"]},
        {"Trends": ["trends.md", "shift.md"]},
        {"SQL": "sql.md"},
        {"Download": "download.md"},
        {"Contributing": ["contributing.md", "measurement-format.md"]},
        {"Methodology": "methodology.md"},
    ]


@contextmanager
def _timed(seconds: dict[str, float], step: str, cpu: dict[str, float] | None = None) -> Iterator[None]:
    """Wall time of the step into `seconds`, and CPU time (user + sys) into `cpu`: this process's and
    that of the worker processes it started and waited for."""
    t, c = time.perf_counter(), _cpu_time()
    yield
    seconds[step] = time.perf_counter() - t
    if cpu is not None:
        cpu[step] = _cpu_time() - c


def _cpu_time() -> float:
    own = os.times()
    return own.user + own.system + own.children_user + own.children_system


def generate(
    db_path: Path,
    docs_dir: Path,
    seconds: dict[str, float] | None = None,
    cpu: dict[str, float] | None = None,
    identity: Identity | None = None,
) -> tuple[list[Page], int | None]:
    """Write the downloads, every page's markdown and the site's own assets into `docs_dir` (emptied
    first); return the pages and the dataset version they show. Step times go into `seconds` (wall)
    and `cpu` (CPU); `identity` is whose site it is (default zoobench's)."""
    seconds = {} if seconds is None else seconds
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    docs_dir.mkdir(parents=True)
    with _timed(seconds, "export", cpu):
        downloads = db.export_downloads(db_path, docs_dir / "download")
    with _timed(seconds, "generate", cpu):
        con = db.connect(db_path, read_only=True)
        try:
            db.snapshot_views(con)
            data = Data(con)
            base = stamp(data)
            all_pages = pages.all_pages(data, base, downloads, identity)
        finally:
            con.close()
        write_pages(all_pages, docs_dir)
        assets = docs_dir / "assets" / "zoobench"
        assets.mkdir(parents=True, exist_ok=True)
        for name in ("zoobench.js", "zoobench.css", "sql.js"):
            source = Path(str(resources.files("zoobench.site").joinpath("assets", name)))
            shutil.copyfile(source, assets / name)
    return all_pages, base.version


def write_pages(all_pages: list[Page], docs_dir: Path, workers: int | None = None) -> None:
    """Render every page's template into `docs_dir`. Rendering is pure Python, one core per process:
    on Linux, `workers` forked processes (default: one per usable core) each render every
    `workers`-th page; forked, they inherit the pages instead of copying them. Elsewhere (no `fork`,
    or macOS, where forking a process with threads is unsafe) one process renders them all."""
    workers = workers or _cores()
    if workers < 2 or len(all_pages) < 2 * workers or not sys.platform.startswith("linux"):
        _write_share(all_pages, docs_dir, 0, 1)
        return
    with mp.get_context("fork").Pool(workers, _inherit, (all_pages, docs_dir, workers)) as pool:
        pool.map(_write_inherited, range(workers))
        pool.close()
        pool.join()  # the workers exit (their CPU time counted as the build's), then `with` ends


def _cores() -> int:
    """Cores this process may run on (a container's limit, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_inherited: tuple[list[Page], Path, int] | None = None  # a `write_pages` worker's pages, folder, count


def _inherit(all_pages: list[Page], docs_dir: Path, workers: int) -> None:
    global _inherited
    _inherited = (all_pages, docs_dir, workers)


def _write_inherited(share: int) -> None:
    assert _inherited is not None
    all_pages, docs_dir, workers = _inherited
    _write_share(all_pages, docs_dir, share, workers)


def _write_share(all_pages: list[Page], docs_dir: Path, share: int, workers: int) -> None:
    env = render.environment()
    for page in all_pages[share::workers]:
        out = docs_dir / page.path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render.render(env, page), "utf-8")


def run_mkdocs(
    config: Path, docs_dir: Path, out_dir: Path, site_nav: list[Any], overrides: dict[str, str] | None = None
) -> None:
    """MkDocs with `config`, its folders and nav set here; `overrides` (site_name, site_url) win over it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from zoobench.site.verbatim import VerbatimPlugin

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    cfg = load_config(
        config_file=str(config),
        docs_dir=str(docs_dir.resolve()),
        site_dir=str(out_dir.resolve()),
        nav=site_nav,
        **(overrides or {}),
    )
    cfg.plugins["zoobench-verbatim"] = VerbatimPlugin()  # after search: see site/verbatim.py
    try:
        build(cfg)
    except Exception as exc:  # mkdocs raises its own Abort/ConfigurationError types
        raise ZoobenchError(f"MkDocs build failed: {exc}") from exc


def build_site(
    db_path: Path,
    out_dir: Path = Path("build/site"),
    *,
    docs_dir: Path | None = None,
    config: Path | None = None,
    npm_cache: Path | None = None,
    mkdocs: bool = True,
    site_name: str | None = None,
    site_url: str | None = None,
    repo_url: str | None = None,
) -> BuildReport:
    """Build the static site for `db_path` into `out_dir`; markdown goes to `docs_dir` (build/docs).
    `site_name` and `site_url` replace the MkDocs configuration's (a lab publishing its own site);
    `site_name` also heads the home page, and `repo_url` is the repository the Contributing page clones."""
    db.require_database(db_path)
    if repo_url is not None and not re.fullmatch(r"https?://[^\s<>\"'`]+", repo_url):
        raise ZoobenchError(f"--repo-url {repo_url!r}: not an http(s) URL")
    identity = Identity(site_name or Identity.name, repo_url or Identity.repo_url)
    docs_dir = docs_dir or Path("build/docs")  # git-ignored, whatever --out is
    npm_cache = npm_cache or Path("build/npm")
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    all_pages, version = generate(db_path, docs_dir, seconds, cpu, identity)
    with _timed(seconds, "vendor", cpu):
        vendored = vendor.vendor(docs_dir / "assets" / "vendor", npm_cache)
    if mkdocs:
        with _timed(seconds, "mkdocs", cpu):
            overrides = {k: v for k, v in (("site_name", site_name), ("site_url", site_url)) if v}
            run_mkdocs(find_config(config), docs_dir, out_dir, nav(all_pages), overrides)
    return BuildReport(
        out_dir, docs_dir, version, len(all_pages), seconds, cpu, vendored.versions, vendored.downloaded
    )
