"""Read-only questions to the database: info, ad-hoc SQL, best model at constraints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from zoobench.db.schema import PUBLIC_TABLES, Connection, connect, query_sql, row_counts, schema_version
from zoobench.errors import ReadOnlyQuery, UnknownDevice, ZoobenchError
from zoobench.output import inert

READ_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA"}
# `EXPLAIN [ANALYZE] [(options)]` with any comments around its words: what follows is checked too
# (EXPLAIN ANALYZE runs the statement it explains).
_GAP = r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*"
_EXPLAIN = re.compile(rf"^{_GAP}EXPLAIN{_GAP}(?:ANALY[SZ]E{_GAP})?(?:\([^)]*\){_GAP})?", re.I | re.S)


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    types: list[str] = field(default_factory=list)  # DuckDB's type of each column, e.g. DECIMAL(6,2)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def fetch(con: Connection, sql: str, params: Any = None) -> Result:
    cur = con.execute(sql, params or {})
    described = cur.description or []
    return Result([d[0] for d in described], cur.fetchall(), [str(d[1]) for d in described])


def _statements(sql: str) -> list[str]:
    """The statements of `sql`, each checked to be a read, looking inside EXPLAIN."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise ZoobenchError(f"SQL error: {exc}") from None
    if not statements:
        raise ZoobenchError("no SQL statement given")
    for st in statements:
        kind, text = st.type.name, st.query
        while kind == "EXPLAIN":  # EXPLAIN ANALYZE COPY ... runs the COPY: check what is explained
            inner = _EXPLAIN.sub("", text, count=1)
            try:
                (explained,) = duckdb.extract_statements(inner)
            except (duckdb.Error, ValueError):
                raise ReadOnlyQuery(f"refused: cannot tell what EXPLAIN runs: {text.strip()[:80]}") from None
            kind, text = explained.type.name, explained.query
        if kind not in READ_STATEMENTS:
            raise ReadOnlyQuery(
                f"refused: {kind} statement; `zoobench query` is read-only "
                "(change the data by adding measurement files and running `zoobench db ingest`)"
            )
    return [st.query for st in statements]


def query(db_path: Path, sql: str) -> Result:
    """Run read-only SQL on a connection that cannot write, attach, install, load or reach out
    (`schema.SANDBOX`); statements that are not reads are refused before they run, too."""
    statements = _statements(sql)
    con = connect(db_path, read_only=True, sandbox=True)
    try:
        result = Result([], [])
        for text in statements:
            result = fetch(con, text)
        return result
    except duckdb.PermissionException as exc:
        raise ReadOnlyQuery(f"refused: `zoobench query` reads only the database ({exc})") from None
    except duckdb.Error as exc:
        if "read-only" in str(exc).lower() or "configuration has been locked" in str(exc):
            raise ReadOnlyQuery(
                f"refused: `zoobench query` cannot change the database or its settings ({exc})"
            ) from None
        raise ZoobenchError(f"SQL error: {exc}") from None
    finally:
        con.close()


@dataclass
class Info:
    path: Path
    schema_version: int
    dataset_versions: list[dict[str, Any]]
    tables: dict[str, int]
    devices: list[dict[str, Any]]
    sources: list[dict[str, Any]]


def info(db_path: Path) -> Info:
    con = connect(db_path, read_only=True)
    try:
        return Info(
            path=db_path,
            schema_version=schema_version(con),
            dataset_versions=fetch(con, "SELECT * FROM dataset_versions ORDER BY version").records(),
            tables=row_counts(con, PUBLIC_TABLES),
            devices=fetch(con, query_sql("info_devices")).records(),
            sources=fetch(con, query_sql("info_sources")).records(),
        )
    finally:
        con.close()


def find_device(con: Connection, needle: str) -> dict[str, Any]:
    """A device by id, or by a case-insensitive part of its id or name that matches only one."""
    found = fetch(con, query_sql("devices_matching"), {"needle": needle}).records()
    exact = [d for d in found if d["device_id"] == needle]
    if exact or len(found) == 1:
        return (exact or found)[0]
    if not found:
        known = ", ".join(r[0] for r in con.execute("SELECT device_id FROM devices ORDER BY 1").fetchall())
        raise UnknownDevice(f"no device matches {needle!r}; devices: {known or 'none'}")
    names = ", ".join(f"{d['device_id']} ({inert(d['name'])})" for d in found)
    raise UnknownDevice(f"{needle!r} matches several devices: {names}; give more of the name or the id")


@dataclass
class BestQuery:
    device: str
    max_memory_gb: float | None = None
    min_fps: float | None = None
    min_top1: float | None = None
    batch_size: int | None = 1  # None: any batch size (the fastest that meets the limits)
    top: int = 5
    accuracy_source: str | None = None
    precision: str | None = None
    runtime: str | None = None
    settings_key: str | None = None
    include_predicted: bool = False

    def __post_init__(self) -> None:
        if self.top < 1 or (self.batch_size is not None and self.batch_size < 1):
            raise ZoobenchError("--top and --batch-size must be at least 1")


@dataclass
class BestResult:
    device: dict[str, Any]
    query: BestQuery
    rows: list[dict[str, Any]] = field(default_factory=list)


def best(db_path: Path, q: BestQuery) -> BestResult:
    """Bianco 2018 Table 3 as a query (`db/queries/best_at_constraint.sql`)."""
    con = connect(db_path, read_only=True)
    try:
        return best_at(con, q)
    finally:
        con.close()


def best_at(con: Connection, q: BestQuery) -> BestResult:
    """`best` on an open connection (the site asks it for every cell of its grids)."""
    device = find_device(con, q.device)
    params = best_params(device["device_id"], q)
    return BestResult(device, q, fetch(con, query_sql("best_at_constraint"), params).records())


def best_params(device_id: str, q: BestQuery) -> dict[str, Any]:
    """The parameters of `db/queries/best_at_constraint.sql` for a question on one device."""
    return {
        "device_id": device_id,
        "batch_size": q.batch_size,
        "top": q.top,
        "max_memory_mb": q.max_memory_gb * 1024 if q.max_memory_gb is not None else None,
        "min_fps": q.min_fps,
        "min_top1": q.min_top1,
        "precision": q.precision,
        "runtime": q.runtime,
        "settings_key": q.settings_key,
        "accuracy_source": q.accuracy_source,
        "include_predicted": q.include_predicted,
    }
