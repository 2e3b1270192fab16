"""Export every public table and view as Parquet or CSV files, with DuckDB's own writer."""

from __future__ import annotations

from pathlib import Path

import duckdb

from zoobench.db.lookup import PUBLIC_TABLES
from zoobench.db.schema import connect
from zoobench.errors import ZoobenchError

PUBLIC_VIEWS = (
    "measurements_enriched",
    "latest_measurements",
    "accuracy_ranked",
    "model_accuracy",
    "model_summary",
    "model_device_summary",
    "device_default_settings",
    "default_measurements",
)
FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}


def export(db_path: Path, out_dir: Path, formats: tuple[str, ...] = ("parquet", "csv")) -> list[Path]:
    """Write `<name>.<format>` for each public table and view into `out_dir`; return the paths."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ZoobenchError(f"unknown export format(s): {', '.join(sorted(unknown))}; use parquet or csv")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    con = connect(db_path, read_only=True)
    try:
        for name in (*PUBLIC_TABLES, *PUBLIC_VIEWS):
            for fmt in formats:
                path = out_dir / f"{name}.{fmt}"
                # Lists and structs have no CSV form: JSON-encode them there.
                select = f"SELECT * FROM {name} ORDER BY ALL"
                if fmt == "csv":
                    select = _csv_select(con, name)
                con.execute(f"COPY ({select}) TO '{_quote(path)}' {FORMATS[fmt]}")
                written.append(path)
    finally:
        con.close()
    return written


def _csv_select(con: duckdb.DuckDBPyConnection, name: str) -> str:
    types = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position", [name]
    ).fetchall()
    nested = ("[]", "STRUCT", "MAP")
    exprs = [f'to_json("{c}") AS "{c}"' if any(n in t for n in nested) else f'"{c}"' for c, t in types]
    return f"SELECT {', '.join(exprs)} FROM {name} ORDER BY ALL"


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
