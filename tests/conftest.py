"""Shared fixtures: the repository, the seed data beside it, and the database built from shipped data."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed-data"
MEASUREMENTS = REPO / "measurements"

sys.path.insert(0, str(Path(__file__).parent))  # tests/factories.py


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database the README's main command builds, from `measurements/` alone (read-only use)."""
    from zoobench import db

    path = tmp_path_factory.mktemp("shipped") / "zoobench.duckdb"
    db.build(MEASUREMENTS, path)
    return path


@pytest.fixture
def shipped_db_copy(shipped_db: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the shipped database."""
    return Path(shutil.copy(shipped_db, tmp_path / "zoobench.duckdb"))


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The collector's cache of model facts lives in the session's scratch space, not the user's."""
    import os

    os.environ["ZOOBENCH_CACHE"] = str(tmp_path_factory.mktemp("cache"))
