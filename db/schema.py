"""Opening the database: numbered migrations applied in order, recorded in `schema_migrations`.

`db/migrations/NNNN_name.sql` files are the schema; a file's number is the schema version it
produces. Opening for writing upgrades an older file in place, in one transaction per migration;
opening read-only refuses an older file (run `zoobench db migrate`) and any file newer than this
zoobench knows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from zoobench.errors import DatabaseLocked, SchemaVersionError, ZoobenchError

Connection = duckdb.DuckDBPyConnection

# What users query by name: every one is exported, downloadable and counted by `db info`.
PUBLIC_TABLES = (
    "models",
    "devices",
    "runs",
    "measurements",
    "accuracy",
    "op_breakdown",
    "model_specs",
    "sources",
    "dataset_versions",
    "dataset_files",
    "predictions",
)
PUBLIC_VIEWS = (
    "measurements_enriched",
    "latest_measurements",
    "accuracy_ranked",
    "model_accuracy",
    "model_summary",
    "model_device_summary",
    "device_default_settings",
    "device_runtime_default_settings",
    "default_measurements",
    "device_models",
    "device_model_pairs",
    "source_comparison",
    "runtime_speedups",
    "software_speedups",
    "setting_speedups",
    "open_predictions",
    "device_speed",
    "rank_agreement",
    "pareto_membership",
    "spec_fits",
)

# The views most other views and the site's queries are built on, in dependency order. A read-only
# session that asks many questions (the site build, the export) computes them once: `snapshot_views`.
HUB_VIEWS = (
    "latest_measurements",
    "device_runtime_default_settings",
    "device_default_settings",
    "default_measurements",
)

try:
    import fcntl
except ImportError:  # Windows: DuckDB's own file lock is all there is
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    folder = resources.files("zoobench.db").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    assert [m.version for m in found] == list(range(1, len(found) + 1)), "migrations must be 1..N"
    return tuple(found)


def latest_version() -> int:
    return migrations()[-1].version


def query_sql(name: str, package: str = "zoobench.db") -> str:
    """The text of a named query, `<package>/queries/<name>.sql` (`db/queries/` by default)."""
    return resources.files(package).joinpath("queries", f"{name}.sql").read_text("utf-8")


def row_counts(con: Connection, names: tuple[str, ...] = PUBLIC_TABLES + PUBLIC_VIEWS) -> dict[str, int]:
    """Rows in each named table or view, in one query."""
    sql = " UNION ALL ".join(f"SELECT {i} AS i, count(*) FROM {n}" for i, n in enumerate(names))
    found = dict(con.execute(f"SELECT * FROM ({sql}) ORDER BY i").fetchall())
    return {n: found[i] for i, n in enumerate(names)}


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


# A connection for SQL from outside: no file but the database, no network, no extensions, and the
# configuration locked so that no statement can undo any of it (DuckDB's "Securing DuckDB" settings).
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "lock_configuration": True,
}


def require_database(path: Path) -> None:
    """A clear error, before anything is opened or written, where there is no database at `path`."""
    if not path.exists():
        raise ZoobenchError(f"{path}: no database here; build one with `zoobench db build --db {path}`")


def connect(
    path: Path, *, read_only: bool = False, now: datetime | None = None, sandbox: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the database; for writing, bring its schema up to date first; `sandbox`: see SANDBOX."""
    if read_only:
        require_database(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = open_file(path, read_only, SANDBOX if sandbox else None)
    try:
        _check_and_migrate(con, path, read_only, now or datetime.now(UTC))
    except BaseException:
        con.close()
        raise
    return con


def snapshot_views(con: Connection, views: tuple[str, ...] = HUB_VIEWS) -> None:
    """Compute each of `views` once into a temporary table of the same name, for the rest of this
    read-only session: DuckDB looks in `temp` before `main`, so every later query, and every view
    built on these, reads the table instead of computing the view again. The database file is not
    touched."""
    for name in views:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM main.{name}")


def open_file(path: Path, read_only: bool, config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config or {})
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLocked(str(path), str(exc)) from None
        raise ZoobenchError(f"{path}: cannot open the database: {exc}") from None
    except duckdb.Error as exc:
        raise ZoobenchError(f"{path}: not a zoobench DuckDB file ({exc})") from None


def _check_and_migrate(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool, now: datetime) -> None:
    current, latest = schema_version(con), latest_version()
    if current > latest:
        raise SchemaVersionError(
            f"{path}: schema version {current} is newer than this zoobench knows ({latest}): "
            "too new, upgrade zoobench"
        )
    if current == latest:
        return
    if read_only:
        raise SchemaVersionError(
            f"{path}: schema version {current} is older than this zoobench's ({latest}): "
            "too old, run `zoobench db migrate` first"
        )
    for migration in migrations()[current:]:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, now],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise ZoobenchError(
                f"{path}: migration {migration.version:04d}_{migration.name} failed, "
                f"database left at version {schema_version(con)}: {exc}"
            ) from None


def migrate(path: Path) -> tuple[int, int]:
    """Upgrade a database in place; returns (version before, version after)."""
    require_database(path)
    with writer_lock(path):
        con = open_file(path, read_only=False)
        try:
            before = schema_version(con)
            _check_and_migrate(con, path, False, datetime.now(UTC))
        finally:
            con.close()
    return before, latest_version()


# --- one writer at a time; what a killed writer left behind ------------------------------------------


@contextmanager
def writer_lock(db_path: Path) -> Iterator[None]:
    """Hold `.NAME.lock` beside the database for a whole ingest, build or migration. DuckDB's own
    lock ends when a connection closes, which a build does before it renames its new file over the
    old one: an ingest in between would report success and be lost. A second writer is refused."""
    lock = db_path.with_name(f".{db_path.name}.lock")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ZoobenchError(f"{lock.parent}: cannot write here ({exc.strerror}); nothing changed") from None
    held = False
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise DatabaseLocked(str(db_path), "another zoobench is writing it") from None
            if not lock.exists() or lock.stat().st_ino != os.fstat(fd).st_ino:  # its holder just left
                raise DatabaseLocked(str(db_path), "another zoobench was writing it a moment ago")
        held = True
        yield
    finally:
        if held:
            lock.unlink(missing_ok=True)  # while still holding it: the next writer makes a new one
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def sweep_dead(db_path: Path) -> list[Path]:
    """Remove what killed writers left beside the database: a build's `.NAME.building-PID` (and its
    `.wal`), an ingest's `.NAME.ingest-PID-*.ndjson`, when process PID no longer runs."""
    name = re.escape(db_path.name)
    pattern = re.compile(rf"\.{name}\.(?:building-(\d+)(?:\.wal)?|ingest-(\d+)-.*\.ndjson)")
    removed = []
    for path in db_path.parent.glob(f".{db_path.name}.*"):
        match = pattern.fullmatch(path.name)
        if match and not _alive(int(match[1] or match[2])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def write_failed(path: Path, exc: BaseException) -> ZoobenchError:
    """What a failed write says: where, why (a full disk, a read-only folder), and that nothing changed."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
    return ZoobenchError(f"{path}: could not write ({reason}); the database was left as it was")
