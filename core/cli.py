"""The `zoobench` command: a thin shell over library functions.

Each command parses its options, calls one library function and prints what it returns. Library
errors (`ZoobenchError`) become a message on stderr and a non-zero exit code here, and only here.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import typing
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from zoobench import __version__, measurement, output, registry, timm_import
from zoobench.errors import InvalidMeasurementFile, InvalidMeasurementFiles, ZoobenchError
from zoobench.options import options
from zoobench.output import Format, inert

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
if not out.is_terminal:  # piped or captured: do not squeeze tables into 80 columns
    out = Console(highlight=False, soft_wrap=True, width=200)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C")
DEFAULT_DB = Path("build/zoobench.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB file.", dir_okay=False)]


def shown(text: str) -> str:
    """A string from a file or the database, as rich prints it: inert in a terminal, no markup."""
    return escape(inert(text))


def _print_invalid(errors: list[InvalidMeasurementFile]) -> None:
    for bad in errors:
        err.print(f"[red]✗[/red] {shown(bad.file)}")
        for problem in bad.problems:
            err.print(f"    {shown(problem)}")


def command(group: typer.Typer, name: str | None = None) -> Callable[[F], F]:
    """Register a command whose library errors are reported as messages, not tracebacks."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except InvalidMeasurementFiles as exc:
                _print_invalid(exc.errors)
                err.print(f"[red]error:[/red] {len(exc.errors)} invalid file(s): nothing was written")
                raise typer.Exit(exc.exit_code) from None
            except ZoobenchError as exc:  # messages quote file strings through `inert`; lines stay lines
                err.print("[red]error:[/red] " + "\n".join(shown(line) for line in str(exc).split("\n")))
                raise typer.Exit(exc.exit_code) from None
            except OSError as exc:  # a full disk, a read-only folder: say what and where
                where = f"{exc.filename}: " if exc.filename else ""
                err.print(f"[red]error:[/red] {shown(where + (exc.strerror or str(exc)))}")
                raise typer.Exit(1) from None

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
    inputs: Annotated[list[Path], typer.Argument(help="Measurement files (JSON) or folders of them.")],
) -> None:
    """Check measurement files strictly; every problem names the file and the field."""
    bad = 0
    files = measurement.find_files(inputs)
    empty = [p for p in inputs if p.is_dir() and not any(f.is_relative_to(p) for f in files)]
    for folder in empty:
        err.print(f"[red]✗[/red] {escape(str(folder))}: a folder with no measurement files (*.json) in it")
    if empty:
        raise typer.Exit(1)
    for path in files:
        try:
            doc = measurement.load_file(path)
        except InvalidMeasurementFile as exc:
            bad += 1
            _print_invalid([exc])
            continue
        batches = sum(len(m.batches) for m in doc.models)
        out.print(f"[green]✓[/green] {shown(str(path))}: {len(doc.models)} models, {batches} batches")
    if bad:
        err.print(f"{bad} of {len(files)} files invalid")
        raise typer.Exit(1)


@command(app)
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")] = None,
    as_markdown: Annotated[bool, typer.Option("--markdown", help="The field-by-field docs instead.")] = False,
) -> None:
    """Print the JSON Schema of measurement files (or, with --markdown, their documentation)."""
    from zoobench import format_doc

    text = (
        format_doc.markdown()
        if as_markdown
        else json.dumps(measurement.json_schema(), indent=2, sort_keys=True) + "\n"
    )
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
                out.print(f"{shown(name)} → {info.id}  ({escape(info.name)}, {info.library})")
        for failure in failures:
            err.print(f"[red]error:[/red] {shown(failure)}")
        if failures:
            raise typer.Exit(1)
        return
    entries = registry.all_models()
    if as_json:
        typer.echo(json.dumps([vars(m) | {"aliases": list(m.aliases)} for m in entries], indent=2))
        return
    table = Table("id", "name", "family", "year", "library", "input", "aliases")
    for m in entries:
        table.add_row(
            m.id,
            escape(m.name),
            m.family,
            str(m.year or ""),
            m.library,
            f"{m.resolution_px}px",
            escape(", ".join(m.aliases)),
        )
    out.print(table)


# --- the database -------------------------------------------------------------------------------


def _db():  # imported on use: `zoobench collect` must not need DuckDB loaded
    from zoobench import db

    return db


def _print_report(report: Any, verb: str, as_json: bool = False) -> None:
    if as_json:
        typer.echo(output.to_json([{"db": str(report.db_path), "dataset_version": report.dataset_version,
                                    "added": report.added, "skipped": report.skipped, "rows": report.rows}]))
        return
    for line in report.skipped:
        out.print(f"[yellow]=[/yellow] {shown(line)}")
    for path in report.added:
        out.print(f"[green]+[/green] {shown(path)}")
    if report.dataset_version is None:
        out.print(f"nothing new: {report.db_path} unchanged ({len(report.skipped)} files already in it)")
        return
    rows = ", ".join(f"{n} {t}" for t, n in report.rows.items() if n)
    out.print(
        f"{verb} {report.db_path}: dataset version {report.dataset_version}, "
        f"{len(report.added)} files ({rows})"
    )


@command(db_app, "ingest")
def db_ingest(
    inputs: Annotated[list[Path], typer.Argument(help="Measurement files or folders of them.")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")] = False,
) -> None:
    """Validate files and append the new ones, all in one transaction, as a new dataset version."""
    _print_report(_db().ingest(inputs, db), "ingested into", as_json)


@command(db_app, "build")
def db_build(
    data: Annotated[Path, typer.Option("--data", help="Folder of measurement files.")] = Path("measurements"),
    db: DbOption = DEFAULT_DB,
) -> None:
    """Rebuild the database from the files alone (deterministic; replaced only when complete)."""
    _print_report(_db().build(data, db), "built")


@command(db_app, "export")
def db_export(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("build/export"),
    formats: Annotated[list[str] | None, typer.Option("--format", "-f", help="parquet and/or csv.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write every public table and view as Parquet and CSV files."""
    paths = _db().export(db, out_dir, tuple(formats or ("parquet", "csv")))
    out.print(f"wrote {len(paths)} files to {out_dir}")


@command(db_app, "migrate")
def db_migrate(db: DbOption = DEFAULT_DB) -> None:
    """Upgrade an older database file to this zoobench's schema, in place."""
    before, after = _db().migrate(db)
    out.print(
        f"{db}: schema version {before} → {after}"
        if before != after
        else f"{db}: already at schema version {after}"
    )


VERSION_COLUMNS = ["version", "created_at", "files_added", "files_total", "digest", "zoobench_version"]


@command(db_app, "info")
def db_info(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="All of it as JSON, with every file.")] = False,
    files: Annotated[bool, typer.Option("--files", help="Also the files each version added.")] = False,
) -> None:
    """Schema version, dataset versions, rows per table, devices and sources."""
    i = _db().info(db)
    if as_json:
        typer.echo(
            output.to_json(
                [
                    {
                        "path": str(i.path),
                        "schema_version": i.schema_version,
                        "dataset_versions": i.dataset_versions,
                        "tables": i.tables,
                        "devices": i.devices,
                        "sources": i.sources,
                    }
                ]
            )
        )
        return
    out.print(f"[bold]{escape(str(i.path))}[/bold]: schema version {i.schema_version}")
    versions = [[v[c] for c in VERSION_COLUMNS] for v in i.dataset_versions]
    out.print(output.to_table(VERSION_COLUMNS, versions, title="dataset versions"))
    if files:
        added = [[v["version"], f["path"], f["run_id"]] for v in i.dataset_versions for f in v["files"] or ()]
        out.print(output.to_table(["version", "path", "run_id"], added, title="files added"))
    for title, records in (
        ("devices", i.devices),
        ("sources", i.sources),
    ):
        cols = list(records[0]) if records else ["(none)"]
        out.print(output.to_table(cols, [list(r.values()) for r in records], title=title))
    out.print(output.to_table(["table", "rows"], list(i.tables.items()), title="tables"))


def _emit(columns: list[str], rows: list[Any], fmt: Format, title: str | None = None) -> None:
    if fmt is Format.json:
        typer.echo(output.to_json([dict(zip(columns, r, strict=True)) for r in rows]))
    elif fmt is Format.csv:
        typer.echo(output.to_csv(columns, rows), nl=False)
    elif fmt is Format.markdown:
        typer.echo(output.to_markdown(columns, rows), nl=False)
    else:
        out.print(output.to_table(columns, rows, title=title))


@command(app)
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Run read-only SQL over the database (tables: models, devices, runs, measurements, …)."""
    result = _db().query(db, sql)
    _emit(result.columns, result.rows, fmt)


BEST_COLUMNS = [
    "model_id",
    "label",
    "batch_size",
    "top1",
    "accuracy_source",
    "fps",
    "time_per_image_ms",
    "memory_gb",
    "settings_key",
]


def _batch_size(text: str) -> int | None:
    if text.strip().lower() == "any":
        return None
    try:
        return int(text)
    except ValueError:
        raise ZoobenchError(f"--batch-size: {text!r} is neither a whole number nor `any`") from None


@command(app)
def best(
    device: Annotated[str, typer.Option("--device", "-d", help="Device id or a unique part of its name.")],
    max_memory_gb: Annotated[
        float | None, typer.Option(help="Memory at most this, in GB (= GiB, 1024³ bytes, as nvidia-smi).")
    ] = None,
    min_fps: Annotated[float | None, typer.Option(help="Images per second at least this.")] = None,
    min_top1: Annotated[float | None, typer.Option(help="Top-1 (%) at least this.")] = None,
    batch_size: Annotated[
        str, typer.Option(help="Batch size the limits apply at, or `any` (per model, its fastest that fits).")
    ] = "1",
    top: Annotated[int, typer.Option(help="How many models to list.")] = 5,
    accuracy_source: Annotated[
        str | None,
        typer.Option(
            help="Use only this accuracy source, e.g. timm: per model and resolution, the best top-1 "
            "among its weights evaluated there (default: each model's most preferred one, by the "
            "`preference` column of view accuracy_ranked, where the order is defined)."
        ),
    ] = None,
    precision: Annotated[str | None, typer.Option(help="Only measurements at this precision.")] = None,
    runtime: Annotated[
        str | None,
        typer.Option(help="Only this runtime: pytorch, tensorrt … (default: the device's default settings)."),
    ] = None,
    settings: Annotated[
        str | None,
        typer.Option(help="Only this settings key (precision/format/mode), e.g. fp16/contiguous/eager."),
    ] = None,
    include_predicted: Annotated[
        bool, typer.Option("--include-predicted", help="Also predicted models (flagged; `zoobench predict`).")
    ] = False,
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table, csv, json or markdown.")
    ] = Format.table,
) -> None:
    """The best models on a device within a memory and speed budget (Bianco 2018, Table 3)."""
    batch = _batch_size(batch_size)
    q = _db().BestQuery(
        device, max_memory_gb, min_fps, min_top1, batch, top, accuracy_source, precision, runtime,
        settings, include_predicted,
    )
    result = _db().best(db, q)
    if fmt is Format.json:
        typer.echo(output.to_json(result.rows))
        return
    dev = result.device
    limits = [
        f"memory ≤ {max_memory_gb} GB" if max_memory_gb is not None else "",
        f"≥ {min_fps} images/s" if min_fps is not None else "",
        f"top-1 ≥ {min_top1}%" if min_top1 is not None else "",
        f"precision {precision}" if precision else "",
        f"runtime {runtime}" if runtime else "",
        f"settings {settings}" if settings else "",
    ]
    title = f"{dev['name']} ({dev['device_id']}), batch size {batch_size}: " + (
        ", ".join(x for x in limits if x) or "no constraints"
    )
    cols = [*BEST_COLUMNS, "predicted"] if include_predicted else BEST_COLUMNS
    _emit(cols, [[r[c] for c in cols] for r in result.rows], fmt, title=title)
    if include_predicted and any(r["predicted"] for r in result.rows):
        out.print("predicted = true: not measured; time and images/s predicted (intervals: zoobench predict)")
    if not result.rows:
        out.print("no measured model meets these constraints")
    else:
        sources = sorted({r["accuracy_source"] or "none" for r in result.rows})
        memory = ", ".join(sorted({r["memory_basis"] or "n/a" for r in result.rows}))
        statistic = next((r["time_statistic"] for r in result.rows if not r.get("predicted")), "predicted")
        out.print(f"accuracy from: {', '.join(sources)}; time = {statistic} per image; memory: {memory}")


class ReviewFormat(StrEnum):
    markdown = "markdown"
    json = "json"


@command(app)
def review(
    files: Annotated[list[Path], typer.Argument(help="Measurement files (or folders) of a pull request.")],
    db: DbOption = DEFAULT_DB,
    threshold: Annotated[
        float | None,
        typer.Option(help="Flag a change in time or memory beyond this fraction (0.10 = ±10 %; "
                     "default: zoobench.db.review.DEFAULT_THRESHOLD).", show_default=False),
    ] = None,
    fmt: Annotated[ReviewFormat, typer.Option("--format", "-f", help="markdown or json.")] = (
        ReviewFormat.markdown
    ),
    output_file: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    strict: Annotated[bool, typer.Option(help="Exit 2 when anything is flagged.")] = False,
) -> None:
    """What files add to the database (new models, devices, settings), changes and implausible values."""
    given = {} if threshold is None else {"threshold": threshold}  # else the library's default
    result = _db().review(files, db, **given)
    text = result.markdown() if fmt is ReviewFormat.markdown else output.to_json([result.to_json()])
    if output_file:
        output_file.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)
    if strict and (result.flagged_changes or result.implausible):
        raise typer.Exit(2)


# --- collect ---------------------------------------------------------------------------------------


def _config_params(config: type) -> list[inspect.Parameter]:
    """A command's parameters, one per option field of its `config` dataclass (core/options.py)."""
    hints = typing.get_type_hints(config)
    params = []
    for name, default, meta in options(config):
        spec = dict(meta)
        flags = spec.pop("flags") or (f"--{name.replace('_', '-')}",)
        parser, choices = spec.pop("parser", None), spec.pop("choices", None)
        kind: Any = hints[name]
        if parser is not None:  # typed in the config, text on the command line
            kind, default = str, ",".join(map(str, default))
        elif choices is not None:  # an enum of only these values (typer lists them in the help)
            kind = StrEnum(f"{name}_choices", {str(c): str(c) for c in choices})
        elif isinstance(default, list):
            default = None  # typer's "not given" for a repeatable option
        default = inspect.Parameter.empty if default is dataclasses.MISSING else default
        declared = typer.Argument(**spec) if spec.pop("argument", False) else typer.Option(*flags, **spec)
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=Annotated[kind, declared]))
    return params


def _config(config: type[C], parsed: dict[str, Any]) -> C:
    """The `config` of what the command line parsed (its option fields), in the config's types."""
    for name, default, meta in options(config):
        if meta.get("parser"):
            parsed[name] = meta["parser"](parsed[name])
        elif isinstance(default, list):
            parsed[name] = parsed[name] or []
        elif meta.get("choices") and parsed[name] is not None:
            parsed[name] = type(meta["choices"][0])(parsed[name])
    return config(**parsed)


def _collect_options() -> list[inspect.Parameter]:
    """The `collect` command's options: CollectConfig's (declared there), and the CLI's own."""
    from zoobench.collect.config import CollectConfig

    params = _config_params(CollectConfig)
    # the CLI's own options: appending to the database is db's job (collect never imports DuckDB)
    ingest = Annotated[bool, typer.Option("--ingest", help="Append the file to the database (as `db "
                                          "ingest` does) after each model.")]
    params.append(inspect.Parameter("ingest", inspect.Parameter.KEYWORD_ONLY, default=False,
                                    annotation=ingest))
    params.append(inspect.Parameter("db", inspect.Parameter.KEYWORD_ONLY, default=DEFAULT_DB,
                                    annotation=DbOption))
    # `--model A B C`: click options take one value each, so the ids after the first are arguments
    more = Annotated[list[str] | None, typer.Argument(hidden=True, show_default=False, metavar="ID")]
    params.append(inspect.Parameter("more_models", inspect.Parameter.KEYWORD_ONLY, default=None,
                                    annotation=more))
    return params


def _ingesting(report: Callable[[str, Any], None], db_path: Path) -> Callable[[str, Any], None]:
    """`report`, and after each model the file appended to the database at `db_path` (validated and
    versioned as `db ingest` does). A failed append is said once; the sweep and the file go on."""
    state: dict[str, Any] = {"path": None, "failed": False}

    def wrapped(kind: str, payload: Any) -> None:
        report(kind, payload)
        if kind == "start":
            state["path"] = payload[0]
        elif kind == "model_done" and not state["failed"] and state["path"].is_file():
            try:
                result = _db().ingest([state["path"]], db_path)
            except ZoobenchError as exc:
                state["failed"] = True
                err.print(f"[red]error:[/red] not appended to {db_path}: {escape(str(exc))} "
                          f"(measuring goes on; later: zoobench db ingest {escape(str(state['path']))})")
                return
            if result.dataset_version is not None:
                err.print(f"{payload}: appended to {db_path}, dataset version {result.dataset_version}")

    return wrapped


def collect(more_models: list[str] | None = None, ingest: bool = False, db: Path = DEFAULT_DB,
            **options: Any) -> None:
    """Measure models (each in a fresh process) into a measurement file under --out/<device>/."""
    try:
        from zoobench.collect.config import CollectConfig
        from zoobench.collect.progress import progress_reporter
        from zoobench.collect.runner import collect as run_collect
    except ImportError as exc:
        raise ZoobenchError(
            f"collect needs the collector extra: pip install 'zoobench[collect]' ({exc})"
        ) from None
    if more_models and not options["models"]:
        raise ZoobenchError(f"unexpected argument(s) {' '.join(more_models)}: give models with --model A B C")
    options["models"] = [*(options["models"] or []), *(more_models or [])]
    cfg = _config(CollectConfig, options)
    if cfg.plan:
        _plan(cfg, db)
        return
    if cfg.executor:
        _fan_out(cfg, ingest, db)
        return
    try:
        with progress_reporter(err) as report:
            summary = run_collect(cfg, _ingesting(report, db) if ingest else report)
    except KeyboardInterrupt:
        err.print("interrupted: every finished measurement is in the file; rerun with --resume")
        raise typer.Exit(130) from None
    counts = ", ".join(f"{n} {s}" for s, n in sorted(summary.by_status.items())) or "nothing"
    out.print(
        f"{escape(str(summary.path))}: {summary.measured} measured, {summary.skipped} already "
        f"there; batches: {counts}"
    )
    if summary.failed_models:
        err.print(f"[yellow]models with errors:[/yellow] {', '.join(summary.failed_models)}")


def _duration(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 5400 else f"{seconds / 60:.1f} min" if seconds >= 90 \
        else f"{seconds:.0f} s"


def _plan(cfg: Any, db_path: Path) -> None:
    """`collect --plan`: each job's models, batch sizes and settings, and its forward passes' time
    from the database (measured on the device, else predicted from its other models by FLOPs)."""
    from zoobench.collect import plan

    jobs = plan.plan(cfg)
    hint = plan.device_hint(cfg)
    why = "" if hint else "name the jobs' device with --device-name to estimate from the database"
    longest = 0.0
    for job in jobs:
        out.print(f"[bold]{job.label}[/bold] on {escape(job.device)}: {len(job.models)} models × batch "
                  f"sizes {','.join(map(str, job.batch_sizes))}, {job.settings_key} → file "
                  f"{escape(job.file_stem)}-<date>.json")
        out.print("  " + escape(" ".join(job.models)))
        if hint is None or not db_path.exists():
            continue
        try:
            times = _db().batch_times(db_path, hint, job.settings_key, job.models, list(job.batch_sizes))
        except ZoobenchError as exc:
            why = f"no estimate: {exc}"
            continue
        basis = {"measured": 0, "predicted": 0, None: 0}
        seconds = 0.0
        for row in times.rows:
            basis[row["basis"]] += 1
            if row["batch_ms"] is not None:
                seconds += plan.forward_seconds(cfg, row["batch_ms"])
        longest = max(longest, seconds)
        out.print(f"  estimate on {escape(times.device['name'])}: {_duration(seconds)} of forward passes "
                  f"({basis['measured']} batch sizes measured there, {basis['predicted']} predicted from "
                  f"its other models by FLOPs, {basis[None]} unknown)")
    if longest:
        out.print(f"jobs run side by side: about {_duration(longest)} of forward passes for the longest; "
                  "model construction and start-up add little (bench/bench_sweep.py)")
    elif why or not db_path.exists():
        err.print(why or f"no estimate: no database at {db_path} (zoobench db build)")


def _fan_out(cfg: Any, ingest: bool, db: Path) -> None:
    """`collect --executor`: the jobs' progress as they run, then each job's file or failure."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from zoobench.collect import fanout

    bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err)
    tasks: dict[str, Any] = {}

    def report(kind: str, payload: Any) -> None:
        if kind == "job":
            label, job_id, state, done, total, last = payload
            text = f"{label} [{escape(str(job_id))}] {escape(str(state))} {escape(last)}"
            if label not in tasks:
                tasks[label] = bars.add_task(text, total=total or None)
            bars.update(tasks[label], description=text, completed=done, total=total or None)

    with bars:
        summary = fanout.fan_out(cfg, report)
    paths = []
    for job in summary.jobs:
        if job.summary is not None:
            paths.append(job.summary.path)
            counts = ", ".join(f"{n} {s}" for s, n in sorted(job.summary.by_status.items())) or "nothing"
            out.print(f"{job.shard.label} [{escape(job.job_id)}]: {escape(str(job.summary.path))}: "
                      f"{job.summary.measured} measured, {job.summary.skipped} already there; "
                      f"batches: {counts}")
    for job in summary.failed:
        logs = " ".join(escape(str(p)) for p in job.logs or ())
        err.print(f"[red]✗[/red] {job.shard.label} [{escape(job.job_id)}] {escape(job.state)}: "
                  f"{escape(job.error or '')}; logs: {logs}")
    if ingest and paths:
        result = _db().ingest(paths, db)
        if result.dataset_version is not None:
            out.print(f"appended {len(result.added)} file(s) to {db}, "
                      f"dataset version {result.dataset_version}")
    if summary.failed:
        err.print(f"[red]error:[/red] {len(summary.failed)} of {len(summary.jobs)} jobs failed: "
                  "what they measured is in their files; rerun with --resume to finish them")
        raise typer.Exit(1)


collect.__signature__ = inspect.Signature(_collect_options())  # type: ignore[attr-defined]
command(app)(collect)


# --- import ----------------------------------------------------------------------------------------

import_app = typer.Typer(help="Turn other tools' result files into measurement files.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def _print_written(paths: list[Path]) -> None:
    for path in paths:
        out.print(f"wrote {escape(str(path))}")


def import_timm_benchmark(**options: Any) -> None:
    """The CSV timm's benchmark.py writes (--results-file) → a measurement file per CSV. Device,
    precision, memory format, eager/compiled and versions come from the file name where it follows
    timm's naming (benchmark-infer-amp-nchw-pt291-cu130-5090[-dynamo].csv), else from the options."""
    _print_written(timm_import.import_benchmarks(_config(timm_import.TimmBenchmarkConfig, options)))


def import_timm_results(**options: Any) -> None:
    """timm's results-*.csv (ImageNet accuracy per weight and resolution) → reference accuracies."""
    _print_written(timm_import.import_results(_config(timm_import.TimmResultsConfig, options)))


for _fn, _config_type, _name in ((import_timm_benchmark, timm_import.TimmBenchmarkConfig, "timm-benchmark"),
                                 (import_timm_results, timm_import.TimmResultsConfig, "timm-results")):
    _fn.__signature__ = inspect.Signature(_config_params(_config_type))  # type: ignore[attr-defined]
    command(import_app, _name)(_fn)


# --- site ------------------------------------------------------------------------------------------

site_app = typer.Typer(help="Render the database into a static MkDocs Material site.", no_args_is_help=True)
app.add_typer(site_app, name="site")
SiteOut = Annotated[Path, typer.Option("--out", help="Folder of the built site.", file_okay=False)]
SiteName = Annotated[str | None, typer.Option(help="The site's name in its header and titles [zoobench].")]
SiteUrl = Annotated[str | None, typer.Option(help="Where it will be published: https://lab.example/bench/")]
RepoUrl = Annotated[
    str | None,
    typer.Option(help="The repository the Contributing page clones [https://github.com/zoobench/zoobench]."),
]
MkdocsConfig = Annotated[
    Path | None,
    typer.Option(help="Build with this MkDocs configuration file instead of zoobench's.", dir_okay=False),
]
NpmCache = Annotated[
    Path | None, typer.Option(help="Folder npm installs the pinned JavaScript into (default: build/npm).")
]


def _build_site(db: Path, out_dir: Path, **site: Any) -> None:
    from zoobench.site import build_site

    report = build_site(db, out_dir, **site)
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    version = report.dataset_version
    out.print(f"built {report.out_dir}: {report.pages} pages from dataset version {version} ({steps})")


@command(site_app, "build")
def site_build(
    db: DbOption = DEFAULT_DB,
    out_dir: SiteOut = Path("build/site"),
    site_name: SiteName = None,
    site_url: SiteUrl = None,
    repo_url: RepoUrl = None,
    mkdocs_config: MkdocsConfig = None,
    npm_cache: NpmCache = None,
) -> None:
    """Build the site: SQL → Jinja → markdown (build/docs) → MkDocs Material HTML (--out)."""
    _build_site(db, out_dir, site_name=site_name, site_url=site_url, repo_url=repo_url, config=mkdocs_config,
                npm_cache=npm_cache)


@command(site_app, "serve")
def site_serve(
    db: DbOption = DEFAULT_DB,
    out_dir: SiteOut = Path("build/site"),
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
    no_build: Annotated[bool, typer.Option("--no-build", help="Serve the last build as it is.")] = False,
    site_name: SiteName = None,
    repo_url: RepoUrl = None,
    mkdocs_config: MkdocsConfig = None,
    npm_cache: NpmCache = None,
) -> None:
    """Build (unless --no-build), then serve the site on http://127.0.0.1:PORT/ until Ctrl+C."""
    from zoobench.site.serve import serve

    if not no_build:
        _build_site(db, out_dir, site_name=site_name, repo_url=repo_url, config=mkdocs_config,
                    npm_cache=npm_cache)
    with serve(out_dir, port) as url:
        out.print(f"serving {out_dir} at {url} (Ctrl+C to stop)")
        try:
            import time

            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


# --- prediction across devices ------------------------------------------------------------------

PREDICT_COLUMNS = ["model_id", "resolution_px", "batch_size", "time_per_image_ms", "fps", "low_ms", "high_ms",
                   "method"]


@command(app)
def predict(
    device: Annotated[str, typer.Option("--device", "-d", help="Device id or a unique part of its name.")],
    batch_size: Annotated[
        int | None, typer.Option(help="Batch size (default: the one the device has most measurements at).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Predict time per image of every model a device has not measured, with a 90 % interval."""
    from zoobench.db import predictions

    result = predictions.predict(db, device, batch_size)
    rows = [[r[c] for c in PREDICT_COLUMNS] for r in result.rows]
    col = result.column
    _emit(PREDICT_COLUMNS, rows, fmt, title=f"{result.device['name']} ({col.device_id}), {col.settings_key}, "
          f"batch size {col.batch_size}: predicted from {result.known} measured models")
    if fmt is Format.table:
        out.print(f"{len(rows)} models predicted by {result.method}; low/high: 90 % interval of the method's "
                  "held-out error (bench/bench_predict.py)")


@command(db_app, "predict")
def db_predict(db: DbOption = DEFAULT_DB) -> None:
    """Refit the `predictions` table on the database's current dataset version (`db build` does it too)."""
    from zoobench.db import predictions

    n = predictions.refresh_file(db)
    out.print(f"{db}: {n} predictions written")
