"""The `zoobench` command: a thin shell over library functions.

Each command parses its options, calls one library function and prints what it returns. Library
errors (`ZoobenchError`) become a message on stderr and a non-zero exit code here, and only here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from zoobench import __version__, measurement, registry
from zoobench.errors import InvalidMeasurementFile, ZoobenchError

app = typer.Typer(
    name="zoobench",
    help="An open, living benchmark of image-classification architectures.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
db_app = typer.Typer(help="Build, extend and inspect the versioned DuckDB file.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = Path("build/zoobench.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB file.", dir_okay=False)]


def command(group: typer.Typer, name: str | None = None) -> Callable[[F], F]:
    """Register a command whose library errors are reported as messages, not tracebacks."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except ZoobenchError as exc:
                err.print(f"[red]error:[/red] {escape(str(exc))}")
                raise typer.Exit(exc.exit_code) from None

        group.command(name)(wrapper)
        return fn

    return decorate


def _version(value: bool) -> None:
    if value:
        out.print(f"zoobench {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """zoobench: measure models (collect), store them (db), publish them (site)."""


# --- measurement files ---------------------------------------------------------------------------


@command(app)
def validate(
    files: Annotated[list[Path], typer.Argument(help="Measurement files (JSON) to check.")],
) -> None:
    """Check measurement files strictly; every problem names the file and the field."""
    bad = 0
    for path in files:
        try:
            doc = measurement.load_file(path)
        except InvalidMeasurementFile as exc:
            bad += 1
            err.print(f"[red]✗[/red] {escape(exc.file)}")
            for problem in exc.problems:
                err.print(f"    {escape(problem)}")
            continue
        batches = sum(len(m.batches) for m in doc.models)
        out.print(f"[green]✓[/green] {escape(str(path))}: {len(doc.models)} models, {batches} batches")
    if bad:
        err.print(f"{bad} of {len(files)} files invalid")
        raise typer.Exit(1)


@command(app)
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")] = None,
) -> None:
    """Print the JSON Schema of measurement files."""
    text = json.dumps(measurement.json_schema(), indent=2, sort_keys=True) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


@command(app)
def models(
    names: Annotated[list[str] | None, typer.Argument(help="Names to resolve (all when none).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the model registry, or resolve names (ids, display names, aliases) to canonical ids."""
    if names:
        failures = []
        rows = []
        for name in names:
            try:
                rows.append((name, registry.get(registry.resolve(name))))
            except ZoobenchError as exc:
                failures.append(str(exc))
        if as_json:
            typer.echo(json.dumps({n: m.id for n, m in rows}, indent=2))
        else:
            for name, info in rows:
                out.print(f"{escape(name)} → {info.id}  ({escape(info.name)}, {info.library})")
        for failure in failures:
            err.print(f"[red]error:[/red] {escape(failure)}")
        if failures:
            raise typer.Exit(1)
        return
    entries = registry.all_models()
    if as_json:
        typer.echo(json.dumps([vars(m) | {"aliases": list(m.aliases)} for m in entries], indent=2))
        return
    table = Table("id", "name", "family", "year", "library", "input", "aliases")
    for m in entries:
        table.add_row(m.id, escape(m.name), m.family, str(m.year or ""), m.library,
                      f"{m.resolution_px}px", escape(", ".join(m.aliases)))
    out.print(table)
