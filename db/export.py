"""Export every public table and view with DuckDB's own writers: Parquet and CSV files, and the
downloads the site publishes (a copy of the database any DuckDB client opens, Parquet, CSV, the
measurement format's JSON Schema, and an index of them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from zoobench import measurement
from zoobench.db.schema import PUBLIC_TABLES, PUBLIC_VIEWS, Connection, connect, snapshot_views
from zoobench.errors import ZoobenchError

FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}
# The published DuckDB file is written at this storage version, which DuckDB-WASM in the site's
# SQL console (and older DuckDB clients) can open.
STORAGE_VERSION = "v1.0.0"
DB_NAME = "zoobench.duckdb"
INDEX_NAME = "index.json"
# The site offers CSV of a table or view up to this many rows; larger ones (the measurements at a
# million rows: hundreds of MB of text, most of the site build's time) only as Parquet, which is
# a fraction of the size and which DuckDB, pandas, polars and Arrow read (and turn into CSV).
CSV_MAX_ROWS = 100_000


@dataclass
class Download:
    """One public table or view as the site offers it."""

    name: str
    kind: str  # table | view
    rows: int
    parquet: str
    csv: str | None  # None: too many rows for CSV (CSV_MAX_ROWS)
    parquet_bytes: int
    csv_bytes: int | None


def export(db_path: Path, out_dir: Path, formats: tuple[str, ...] = ("parquet", "csv")) -> list[Path]:
    """Write `<name>.<format>` for each public table and view into `out_dir`; return the paths."""
    return list(_export(db_path, {fmt: out_dir for fmt in formats}))


def _export(db_path: Path, folders: dict[str, Path], csv_max_rows: int | None = None) -> dict[Path, int]:
    """Each public table and view into `folders[format]/<name>.<format>`; the paths and their rows.
    Each table or view is computed and sorted once (a temporary table), then written in every format
    (CSV only up to `csv_max_rows` rows, if given)."""
    unknown = set(folders) - set(FORMATS)
    if unknown:
        raise ZoobenchError(f"unknown export format(s): {', '.join(sorted(unknown))}; use parquet or csv")
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, int] = {}
    con = connect(db_path, read_only=True)
    try:
        snapshot_views(con)
        for name in (*PUBLIC_TABLES, *PUBLIC_VIEWS):
            con.execute(f"CREATE OR REPLACE TEMP TABLE export_rows AS SELECT * FROM {name} ORDER BY ALL")
            (count,) = con.execute("SELECT count(*) FROM export_rows").fetchone()
            for fmt, folder in folders.items():
                if fmt == "csv" and csv_max_rows is not None and count > csv_max_rows:
                    continue
                path = folder / f"{name}.{fmt}"
                # Lists and structs have no CSV form: JSON-encode them there.
                select = _csv_select(con, name) if fmt == "csv" else "SELECT * FROM export_rows"
                try:
                    (rows,) = con.execute(f"COPY ({select}) TO {_quote(path)} {FORMATS[fmt]}").fetchone()
                except duckdb.Error as exc:  # a full disk, a read-only folder
                    raise ZoobenchError(f"{path}: could not write ({str(exc).splitlines()[0]})") from None
                written[path] = rows
    finally:
        con.close()
    return written


def export_downloads(db_path: Path, dest: Path) -> list[Download]:
    """Write `dest/zoobench.duckdb`, `dest/parquet/*.parquet`, `dest/csv/*.csv` (tables and views of
    at most CSV_MAX_ROWS rows), the JSON Schema and `dest/index.json` (what `read_index` returns)."""
    db_copy = dest / DB_NAME
    db_copy.unlink(missing_ok=True)
    dest.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_quote(db_path)} AS src (READ_ONLY)")
        con.execute(f"ATTACH {_quote(db_copy)} AS pub (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("COPY FROM DATABASE src TO pub")
    finally:
        con.close()
    for old in (dest / "csv").glob("*.csv"):  # a rebuild into the same folder offers no stale CSV
        old.unlink()
    rows = _export(db_path, {"parquet": dest / "parquet", "csv": dest / "csv"}, CSV_MAX_ROWS)
    out = []
    for name in (*PUBLIC_TABLES, *PUBLIC_VIEWS):
        pq, csv = dest / "parquet" / f"{name}.parquet", dest / "csv" / f"{name}.csv"
        kind = "view" if name in PUBLIC_VIEWS else "table"
        has_csv = csv in rows
        out.append(Download(name, kind, rows[pq], f"parquet/{name}.parquet",
                            f"csv/{name}.csv" if has_csv else None,
                            pq.stat().st_size, csv.stat().st_size if has_csv else None))
    schema = dest / f"measurement-schema-v{measurement.SCHEMA_VERSION}.json"
    schema.write_text(json.dumps(measurement.json_schema(), indent=2, sort_keys=True) + "\n", "utf-8")
    (dest / INDEX_NAME).write_text(json.dumps([vars(d) for d in out], indent=2) + "\n", "utf-8")
    return out


def read_index(dest: Path) -> list[Download]:
    """The downloads `export_downloads` wrote into `dest`."""
    return [Download(**d) for d in json.loads((dest / INDEX_NAME).read_text("utf-8"))]


def _csv_select(con: Connection, name: str) -> str:
    """The rows of `name` (already in `export_rows`, sorted) with nested columns as JSON text."""
    types = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = 'main' ORDER BY ordinal_position", [name]
    ).fetchall()
    nested = ("[]", "STRUCT", "MAP")
    exprs = [f'to_json("{c}") AS "{c}"' if any(n in t for n in nested) else f'"{c}"' for c, t in types]
    return f"SELECT {', '.join(exprs)} FROM export_rows"


def _quote(path: Path) -> str:
    """A path as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"
