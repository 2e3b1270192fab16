"""Benchmark (not a test): how long `zoobench db ingest` takes for many files in one call.

    python bench/bench_ingest.py [--files 10000] [--devices 20] [--reuse]

Writes `--files` measurement files (each one model of the shipped CPU sweep, 4 batch sizes with
every timed iteration, on one of `--devices` synthetic devices, each its own run) under
build/bench/ingest/, then ingests them all in one call into a fresh copy of the shipped database,
timing validation (read, parse, check every file) and insert (one transaction) apart, as
`db.ingest` does them. Prints the times against the target (≤ 30 s for 10,000 files).
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from zoobench import db
from zoobench.db.ingestion import append_files, find_files, load_all
from zoobench.db.rows import utc
from zoobench.measurement import Device, load_file, write_file

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "bench" / "ingest"
TEMPLATE = REPO / "measurements" / "measured" / "cpu-intel-xeon-2c"
TARGET_S = 30.0


def write_files(folder: Path, n: int, devices: int) -> int:
    """`n` distinct files, one model each, cut from the shipped CPU sweep; returns bytes written."""
    template = load_file(next(TEMPLATE.glob("*.json")))
    assert template.device is not None
    models = template.models
    start = datetime(2026, 1, 1, tzinfo=UTC)
    size = 0
    for i in range(n):
        doc = template.model_copy()
        dev = i % devices
        doc.run = template.run.model_copy(update={"created_at": start + timedelta(minutes=i),
                                                  "notes": f"bench_ingest file {i}"})
        doc.device = Device(**(template.device.model_dump() | {
            "id": f"bench-cpu-{dev}", "name": f"Synthetic CPU {dev} (bench_ingest)"}))
        doc.models = [models[i % len(models)]]
        path = write_file(doc, folder / doc.device.id / f"run-{i:05d}.json")
        size += path.stat().st_size
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--devices", type=int, default=20)
    ap.add_argument("--reuse", action="store_true", help="keep the files of an earlier run with as many")
    args = ap.parse_args()
    console = Console(width=120)
    folder = OUT / "files"
    if not (args.reuse and len(list(folder.rglob("*.json"))) == args.files):
        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        size = write_files(folder, args.files, args.devices)
        console.print(f"wrote {args.files:,} files ({size / 2**20:.1f} MB) in "
                      f"{time.perf_counter() - t:.1f} s")

    target = OUT / "ingest.duckdb"
    target.unlink(missing_ok=True)
    db.build(REPO / "measurements", target)
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    files = load_all(find_files([folder]), OUT)  # what db.ingest validates, before opening the db
    t1, c1 = time.perf_counter(), time.process_time()
    now = utc(datetime.now(UTC))
    with db.connect(target, now=now) as con:
        report = append_files(con, files, target, now)
    t2, c2 = time.perf_counter(), time.process_time()
    rows = report.rows.get("measurements", 0)

    table = Table("step", "seconds", "CPU seconds", "per file", title=f"zoobench db ingest: {len(files):,} "
                  f"files in one call, {rows:,} measurement rows (load average {load:.1f} on "
                  f"{os.cpu_count()} CPUs)")
    for label, s, cpu in (("validate (read, parse, check)", t1 - t0, c1 - c0),
                          ("insert (one transaction)", t2 - t1, c2 - c1), ("total", t2 - t0, c2 - c0)):
        table.add_row(label, f"{s:.1f}", f"{cpu:.1f}", f"{1e3 * s / max(1, len(files)):.2f} ms")
    console.print(table)
    console.print(f"ingest of {len(files):,} files: {t2 - t0:.1f} s (target ≤ {TARGET_S:.0f} s)")


if __name__ == "__main__":
    main()
