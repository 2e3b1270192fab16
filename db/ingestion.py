"""Append measurement files to the database: all valid or nothing written, idempotent by content.

Every file is validated before the database is opened; then all new files go in one transaction,
under one new dataset version, with the `predictions` table refitted on it. A file whose content
hash (`run.id`) is already present adds nothing. Rows are loaded with DuckDB's own JSON reader
from a temporary newline-delimited file, typed by the target table's own columns.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from zoobench import __version__, registry
from zoobench.db import predictions
from zoobench.db import rows as rowmaker
from zoobench.db.ownership import OwnershipConflict, conflicts, rank
from zoobench.db.schema import connect, sweep_dead, write_failed, writer_lock
from zoobench.errors import InvalidMeasurementFile, InvalidMeasurementFiles
from zoobench.measurement import MeasurementFile, find_files, parse, read_file


@dataclass
class LoadedFile:
    path: Path
    label: str  # the path as recorded in dataset_files
    doc: MeasurementFile
    sha256: str
    size: int


@dataclass
class IngestReport:
    db_path: Path
    dataset_version: int | None  # None when nothing was new
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def load_all(paths: list[Path], base: Path | None = None) -> list[LoadedFile]:
    """Validate every file; raise one error naming every bad file and field."""
    loaded, errors = [], []
    for path in paths:
        try:
            raw = read_file(path)  # read once: the bytes hashed are the bytes validated
            doc = parse(raw, str(path))
        except InvalidMeasurementFile as exc:
            errors.append(exc)
            continue
        label = path.relative_to(base).as_posix() if base else str(path)
        loaded.append(LoadedFile(path, label, doc, hashlib.sha256(raw).hexdigest(), len(raw)))
    if errors:
        raise InvalidMeasurementFiles(errors)
    return loaded


def ingest(
    inputs: Iterable[Path], db_path: Path, *, base: Path | None = None, now: datetime | None = None
) -> IngestReport:
    """Validate `inputs` (files or folders) and append the new ones to the database at `db_path`."""
    files = load_all(find_files(inputs), base)
    now = rowmaker.utc(now or datetime.now(UTC))
    with writer_lock(db_path):  # one writer at a time, a build included, from start to end
        sweep_dead(db_path)
        con = connect(db_path, now=now)
        try:
            return append_files(con, files, db_path, now)
        finally:
            con.close()


def append_files(
    con: duckdb.DuckDBPyConnection, files: list[LoadedFile], db_path: Path, now: datetime
) -> IngestReport:
    present = {r[0] for r in con.execute("SELECT run_id FROM runs").fetchall()}
    report = IngestReport(db_path, None)
    new: list[LoadedFile] = []
    for f in files:
        if f.doc.run.id in present:
            report.skipped.append(f"{f.label}: already in the database ({f.doc.run.id[:19]}…)")
        else:
            present.add(f.doc.run.id)
            new.append(f)
    if not new:
        return report
    clashes = conflicts(con, new)
    if clashes:
        raise OwnershipConflict(clashes)

    scratch = db_path.with_name(f".{db_path.name}.ingest-{os.getpid()}-")  # beside the database
    con.execute("BEGIN TRANSACTION")
    try:
        version = _one(con, "SELECT coalesce(max(version), 0) + 1 FROM dataset_versions")
        tables: dict[str, list[dict[str, Any]]] = {}  # in rowmaker.RUN_TABLES order
        devices: list[dict[str, Any]] = []
        model_ids: set[str] = set()
        for f in sorted(new, key=rank):  # owners first: a source row is its owner's
            created = rowmaker.utc(f.doc.run.created_at)
            for table, rows in rowmaker.run_rows(f.doc, path=f.label, dataset_version=version).items():
                if table == "devices":
                    devices.extend(r | {"_created": created} for r in rows)
                else:
                    tables.setdefault(table, []).extend(rows)
            model_ids.update(registry.canonical(m.model_id) for m in f.doc.models)
        _insert(con, scratch, "sources", tables.pop("sources"), "INSERT OR IGNORE")
        models = [rowmaker.model_row(m) for m in sorted(model_ids)]
        _insert(con, scratch, "models", models, "INSERT OR REPLACE")
        _insert(con, scratch, "devices", _newest_devices(con, devices), "INSERT OR REPLACE")
        for table, rows in tables.items():
            _insert(con, scratch, table, rows)
        _insert(
            con,
            scratch,
            "dataset_files",
            [
                {
                    "version": version,
                    "path": f.label,
                    "run_id": f.doc.run.id,
                    "file_sha256": f.sha256,
                    "size_bytes": f.size,
                }
                for f in new
            ],
        )
        all_ids = sorted(r[0] for r in con.execute("SELECT run_id FROM dataset_files").fetchall())
        digest = "sha256:" + hashlib.sha256("\n".join(all_ids).encode()).hexdigest()
        con.execute(
            "INSERT INTO dataset_versions BY NAME SELECT ? AS version, ? AS created_at, "
            "? AS zoobench_version, ? AS digest, ? AS files_added, ? AS files_total, "
            "list({'path': path, 'run_id': run_id, 'file_sha256': file_sha256} ORDER BY path) AS files "
            "FROM dataset_files WHERE version = ?",
            [version, now, __version__, digest, len(new), len(all_ids), version],
        )
        report.rows = {t: len(r) for t, r in tables.items()}
        predictions.refresh(con, now)  # refitted on this version, so no prediction lags the data
        con.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(duckdb.Error):  # DuckDB may have ended it already (a full disk does)
            con.execute("ROLLBACK")
        if isinstance(exc, duckdb.Error | OSError):
            raise write_failed(db_path, exc) from None
        raise
    report.dataset_version = version
    report.added = [f.label for f in new]
    return report


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def _newest_devices(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Device details come from each device's newest run (ties: the larger run id)."""
    known = dict(
        con.execute(
            "SELECT d.device_id, r.created_at FROM devices d JOIN runs r ON r.run_id = d.last_run_id"
        ).fetchall()
    )
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = (row["_created"], row["last_run_id"])
        held = best.get(row["device_id"])
        if held is None or key > (held["_created"], held["last_run_id"]):
            best[row["device_id"]] = row
    out = []
    for device_id, row in sorted(best.items()):
        if device_id in known and known[device_id] > row["_created"]:
            continue  # the database already holds newer details
        out.append({k: v for k, v in row.items() if k != "_created"})
    return out


def _insert(
    con: duckdb.DuckDBPyConnection,
    scratch: Path,
    table: str,
    rows: list[dict[str, Any]],
    verb: str = "INSERT",
) -> None:
    """Load rows with DuckDB's JSON reader from a file beside the database (`scratch` + random)."""
    if not rows:
        return
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns) + "}"
    with tempfile.NamedTemporaryFile(
        "w", dir=scratch.parent, prefix=scratch.name, suffix=".ndjson", encoding="utf-8", delete=False
    ) as tmp:
        try:
            for row in rows:
                tmp.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        except BaseException:
            Path(tmp.name).unlink(missing_ok=True)
            raise
    try:
        con.execute(
            f"{verb} INTO {table} BY NAME SELECT * FROM read_json(?, format = 'newline_delimited', "
            f"columns = {spec}, maximum_object_size = 67108864)",
            [tmp.name],
        )
    finally:
        Path(tmp.name).unlink(missing_ok=True)
