"""Downloads: the DuckDB file, Parquet and CSV of every public table and view, the JSON Schema.

DuckDB writes the Parquet and CSV itself (COPY … TO), so no pyarrow. The DuckDB file is copied with
`COPY FROM DATABASE` into a file at an older storage version, which DuckDB-WASM in the SQL console
(and older DuckDB clients) can open.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from zoobench import db
from zoobench.db.export import PUBLIC_VIEWS
from zoobench.db.lookup import PUBLIC_TABLES

STORAGE_VERSION = "v1.0.0"
DB_NAME = "zoobench.duckdb"


@dataclass
class Download:
    name: str
    kind: str  # table | view
    rows: int
    parquet: str
    csv: str
    parquet_bytes: int
    csv_bytes: int


def _q(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_downloads(db_path: Path, dest: Path) -> list[Download]:
    """Write `dest/zoobench.duckdb`, `dest/parquet/*.parquet`, `dest/csv/*.csv`, the schema and an index."""
    from zoobench import measurement

    db_copy = dest / DB_NAME
    db_copy.unlink(missing_ok=True)
    dest.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_q(db_path)} AS src (READ_ONLY)")
        con.execute(f"ATTACH {_q(db_copy)} AS pub (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("COPY FROM DATABASE src TO pub")
    finally:
        con.close()
    db.export(db_path, dest / "parquet", ("parquet",))
    db.export(db_path, dest / "csv", ("csv",))
    counts = db.query(db_path, " UNION ALL ".join(
        f"SELECT '{name}', count(*) FROM {name}" for name in (*PUBLIC_TABLES, *PUBLIC_VIEWS))).rows
    kinds = {name: "table" for name in PUBLIC_TABLES} | {name: "view" for name in PUBLIC_VIEWS}
    out = []
    for name, rows in counts:
        pq, csv = dest / "parquet" / f"{name}.parquet", dest / "csv" / f"{name}.csv"
        out.append(Download(name, kinds[name], rows, f"parquet/{name}.parquet", f"csv/{name}.csv",
                            pq.stat().st_size, csv.stat().st_size))
    schema = dest / "measurement-schema-v1.json"
    schema.write_text(json.dumps(measurement.json_schema(), indent=2, sort_keys=True) + "\n", "utf-8")
    (dest / "index.json").write_text(json.dumps([vars(d) for d in out], indent=2) + "\n", "utf-8")
    return out


def read_index(dest: Path) -> list[Download]:
    return [Download(**d) for d in json.loads((dest / "index.json").read_text("utf-8"))]
