"""How tests/data/zoobench-v1.duckdb was made (run once, at schema version 1; kept for the record).

The fixture is a database as zoobench wrote it before migration 0002 existed: schema v1, one
dataset version, two devices. `tests/test_db.py` opens it with the current code and checks that it
is upgraded in place with its data intact. Do not regenerate it with a newer schema.
"""

import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parents[1]))

from factories import measured_dict, write

from zoobench.db import ingest, latest_version

if __name__ == "__main__":
    assert latest_version() == 1, "the v1 fixture must be made by a zoobench at schema version 1"
    out = Path(__file__).parent / "zoobench-v1.duckdb"
    out.unlink(missing_ok=True)
    src = Path("/tmp/zoobench-v1-fixture")
    write(src / "a.json", measured_dict())
    write(src / "b.json", measured_dict(device_id="other-cpu", device_name="Other CPU",
                                        created="2026-02-01T00:00:00+00:00"))
    full = src / "full.duckdb"
    full.unlink(missing_ok=True)
    ingest([src], full, base=src)
    # Copy into a file with 16 KiB blocks: 0.3 MB in git instead of 4 MB.
    con = duckdb.connect()
    con.execute(f"ATTACH '{out}' AS small (BLOCK_SIZE 16384)")
    con.execute(f"ATTACH '{full}' AS full_db (READ_ONLY)")
    con.execute("COPY FROM DATABASE full_db TO small")
    con.close()
    print(out, out.stat().st_size)
