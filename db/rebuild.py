"""Rebuild the database from the measurement files alone, deterministically and crash-safely.

The new database is written beside the target under a temporary name and renamed into place only
when complete, so a crash, a full disk or a bad file leaves the old database as it was. The writer
lock is held from start to rename, so an ingest cannot slip in and be lost; what a killed build left
behind is removed by the next one. Same files → same rows:
files are read in sorted order, paths are recorded relative to the data folder, and every
timestamp the build writes is the newest `run.created_at` among the files (or
`SOURCE_DATE_EPOCH` when set, the reproducible-builds convention).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from zoobench.db.ingestion import IngestReport, append_files, find_files, load_all
from zoobench.db.rows import utc
from zoobench.db.schema import connect, open_file, sweep_dead, write_failed, writer_lock
from zoobench.errors import ZoobenchError


def build_time(created: list[datetime]) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).replace(tzinfo=None)
    return max(utc(t) for t in created)


def build(data_dir: Path, db_path: Path) -> IngestReport:
    if not data_dir.is_dir():
        raise ZoobenchError(f"{data_dir}: no such folder of measurement files (give yours: --data DIR)")
    files = load_all(find_files([data_dir]), base=data_dir)
    if not files:
        raise ZoobenchError(f"{data_dir}: no measurement files (*.json) found")
    when = build_time([f.doc.run.created_at for f in files])
    with writer_lock(db_path):
        if db_path.exists():
            open_file(db_path, read_only=False).close()  # fail now, cleanly, if another process holds it
        sweep_dead(db_path)
        tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
        _remove(tmp)
        try:
            con = connect(tmp, now=when)
            try:
                report = append_files(con, files, db_path, when)  # predictions fitted on it too
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _remove(db_path.with_name(db_path.name + ".wal"))  # a stale log must not replay onto the new file
            os.replace(tmp, db_path)
        except (duckdb.Error, OSError) as exc:
            raise write_failed(db_path, exc) from None
        finally:
            _remove(tmp)
    return report


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
