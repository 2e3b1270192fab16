"""zoobench.db: validates measurement files into a versioned DuckDB file.

Library functions the CLI (and tests) call: `ingest`, `build`, `info`, `query`, `best`, `migrate`.
The site reads the database only through this package: `connect`, `fetch`, `query_sql`,
`best_at`, `export_downloads`, `snapshot_views`, `require_database`.
"""

from zoobench.db.estimate import BatchTimes, batch_times
from zoobench.db.export import CSV_MAX_ROWS, Download, export, export_downloads, read_index
from zoobench.db.ingestion import IngestReport, ingest
from zoobench.db.lookup import (
    BestQuery,
    BestResult,
    Info,
    Result,
    best,
    best_at,
    best_params,
    fetch,
    info,
    query,
)
from zoobench.db.rebuild import build
from zoobench.db.review import Review, review
from zoobench.db.schema import (
    PUBLIC_TABLES,
    PUBLIC_VIEWS,
    Connection,
    connect,
    latest_version,
    migrate,
    query_sql,
    require_database,
    snapshot_views,
)

__all__ = [
    "CSV_MAX_ROWS",
    "PUBLIC_TABLES",
    "PUBLIC_VIEWS",
    "BatchTimes",
    "BestQuery",
    "BestResult",
    "Connection",
    "Download",
    "Info",
    "IngestReport",
    "Result",
    "Review",
    "batch_times",
    "best",
    "best_at",
    "best_params",
    "build",
    "connect",
    "export",
    "export_downloads",
    "fetch",
    "info",
    "ingest",
    "latest_version",
    "migrate",
    "query",
    "query_sql",
    "read_index",
    "require_database",
    "review",
    "snapshot_views",
]
