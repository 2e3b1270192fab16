"""Command-line options declared once, on the config dataclass a command fills.

A config field that is an option carries its help and flags in its metadata (`option`); the CLI
(`core/cli.py`) builds the command's parameters from these fields and turns what it parsed back
into the config's types. `zoobench collect` (collect/config.py) and `zoobench import …`
(timm_import.py) are built this way.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any


def option(help: str, *flags: str, **extra: Any) -> dict[str, Any]:
    """Field metadata that makes a config field an option: its `help`, its `flags` (by default
    `--field-name`), the values it takes (`choices`), a `parser` from the command line's text, and
    typer's `min`, `metavar`, `exists`, … in `extra`; `argument=True` makes it a positional argument."""
    return {"option": {"help": help, "flags": flags, **extra}}


def options(config: type) -> list[tuple[str, Any, dict[str, Any]]]:
    """(field name, default or MISSING, option metadata) of every field of `config` that is an option."""
    out = []
    for f in fields(config):
        if "option" in f.metadata:
            default = f.default_factory() if callable(f.default_factory) else f.default
            out.append((f.name, default, f.metadata["option"]))
    return out

