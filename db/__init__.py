"""zoobench.db: validates measurement files into a versioned DuckDB file.

Library functions the CLI (and tests) call: `ingest`, `build`, `info`, `query`, `best`, `migrate`.
"""

from zoobench.db.export import export
from zoobench.db.ingestion import IngestReport, ingest
from zoobench.db.lookup import BestQuery, BestResult, Info, Result, best, info, query
from zoobench.db.rebuild import build
from zoobench.db.review import Review, review
from zoobench.db.schema import connect, latest_version, migrate

__all__ = [
    "BestQuery",
    "BestResult",
    "Info",
    "IngestReport",
    "Result",
    "Review",
    "best",
    "build",
    "connect",
    "export",
    "info",
    "ingest",
    "latest_version",
    "migrate",
    "query",
    "review",
]
