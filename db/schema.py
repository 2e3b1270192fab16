"""Opening the database: numbered migrations applied in order, recorded in `schema_migrations`.

`db/migrations/NNNN_name.sql` files are the schema; a file's number is the schema version it
produces. Opening for writing upgrades an older file in place, in one transaction per migration;
opening read-only refuses an older file (run `zoobench db migrate`) and any file newer than this
zoobench knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path

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
    "open_predictions",
    "device_speed",
    "rank_agreement",
    "pareto_membership",
    "spec_fits",
)


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


def connect(path: Path, *, read_only: bool = False, now: datetime | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database; for writing, bring its schema up to date first."""
    if read_only and not path.exists():
        raise ZoobenchError(f"{path}: no database here; build one with `zoobench db build`")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = open_file(path, read_only)
    try:
        _check_and_migrate(con, path, read_only, now or datetime.now(UTC))
    except BaseException:
        con.close()
        raise
    return con


def open_file(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
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
    if not path.exists():
        raise ZoobenchError(f"{path}: no database here")
    con = open_file(path, read_only=False)
    try:
        before = schema_version(con)
        _check_and_migrate(con, path, False, datetime.now(UTC))
    finally:
        con.close()
    return before, latest_version()
