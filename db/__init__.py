"""zoobench.db: validates measurement files into a versioned DuckDB file.

Library functions the CLI (and tests) call: `ingest`, `build`, `info`, `query`, `best`, `migrate`.
"""

from zoobench.db.ingest import IngestReport, ingest
from zoobench.db.schema import connect, latest_version, migrate

__all__ = ["IngestReport", "connect", "ingest", "latest_version", "migrate"]
