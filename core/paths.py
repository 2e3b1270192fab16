"""Where zoobench finds the repository's own files (data, configuration, documents), in one place.

zoobench runs from a source checkout (an editable install) or from an installed wheel. A file of
the repository is looked for in the current folder first, then in the checkout zoobench runs
from; from a wheel outside a checkout there is none, and callers say so.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import zoobench


@cache
def checkout() -> Path | None:
    """The repository root when zoobench runs from a source checkout, else None."""
    root = Path(zoobench.__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "core" / "cli.py").is_file() else None


def find(*parts: str) -> Path | None:
    """`parts` (a repository-relative path) in the current folder, else in the checkout; None when
    neither has it."""
    for base in (Path(), checkout()):
        if base is not None and base.joinpath(*parts).exists():
            return base.joinpath(*parts)
    return None
