"""The arrows collect → files → db → site, checked: what each part imports in a fresh interpreter,
and what the site's source imports (it reaches the database only through `zoobench.db`)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Every module of a package imported in a fresh interpreter; prints the modules then loaded.
_IMPORT_ALL = """
import importlib, json, pkgutil, sys
pkg = importlib.import_module(sys.argv[1])
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    importlib.import_module(info.name)
print(json.dumps(sorted(m.split(".")[0] for m in sys.modules)))
"""


def loaded_by(package: str) -> set[str]:
    """Top-level modules loaded by importing `package` and every module below it."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, package], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def imports_in(folder: Path) -> dict[str, set[str]]:
    """Top-level modules each source file below `folder` names in an import statement."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[path.relative_to(REPO).as_posix()] = names
    return found


@pytest.mark.parametrize("package", ["zoobench.db", "zoobench.site"])
def test_db_and_site_never_load_torch(package: str) -> None:
    assert "torch" not in loaded_by(package)


def test_collect_never_loads_duckdb() -> None:
    pytest.importorskip("torch")
    assert "duckdb" not in loaded_by("zoobench.collect")


@pytest.mark.parametrize("folder", ["db", "site"])
def test_db_and_site_never_name_torch(folder: str) -> None:
    offenders = [f for f, names in imports_in(REPO / folder).items() if "torch" in names]
    assert offenders == []


def test_collect_never_names_duckdb() -> None:
    offenders = [f for f, names in imports_in(REPO / "collect").items() if "duckdb" in names]
    assert offenders == []


def test_site_reaches_the_database_only_through_db() -> None:
    offenders = [f for f, names in imports_in(REPO / "site").items() if "duckdb" in names]
    assert offenders == []
