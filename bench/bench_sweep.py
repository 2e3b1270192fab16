"""Benchmark (not a test): where a sweep's time goes, and its overhead ratio.

    python bench/bench_sweep.py                                   # bianco2018, batch 1-8, CPU
    python bench/bench_sweep.py --model resnet18 alexnet --start spawn

Runs `zoobench collect` (the library call the command makes, with its default timing settings)
into a scratch folder and prints the time of each phase: the command's own start (interpreter,
imports: measured in a separate process), the sweep's setup, each worker's start (process and
imports), model construction, model facts (params, size, FLOPs; reused from the cache when warm,
see `--cold`), warm-up and timed forward passes, file writes, and what is left (messages, worker
exit). The last line is `overhead ratio: X` = wall time ÷ forward passes (warm-up and timed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from zoobench.collect.config import CollectConfig, parse_batch_sizes
from zoobench.collect.runner import collect

FORWARD = ("warm-up passes", "timed passes")
TARGET = 1.25


def command_start() -> float:
    """What `zoobench collect` pays before its sweep begins: interpreter, CLI and collector imports."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import zoobench.cli, zoobench.collect.runner"], check=True)
    return time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", default="bianco2018")
    p.add_argument("--model", nargs="+", help="these models instead of the preset")
    p.add_argument("--batch-sizes", default="1,2,4,8")
    p.add_argument("--device", default="cpu")
    p.add_argument("--start", default="forkserver", choices=("forkserver", "spawn"),
                   help="how each model's process starts")
    p.add_argument("--cold", action="store_true", help="count model facts again (an empty cache)")
    args = p.parse_args()
    console = Console(width=110)
    loads = [os.getloadavg()[0]]
    phases: dict[str, float] = {}
    models: list[str] = []

    def report(kind: str, payload: object) -> None:
        if kind == "phases":
            model_id, seconds = payload  # type: ignore[misc]
            models.append(model_id)
            loads.append(os.getloadavg()[0])
            for name, s in seconds.items():
                phases[name] = phases.get(name, 0.0) + s
        elif kind == "start":
            marks["setup"] = time.perf_counter() - marks["t0"]

    with tempfile.TemporaryDirectory() as tmp:
        if args.cold:
            os.environ["ZOOBENCH_CACHE"] = str(Path(tmp) / "cache")
        start = command_start()
        cfg = CollectConfig(models=args.model or [], preset=None if args.model else args.preset,
                            device=args.device, batch_sizes=parse_batch_sizes(args.batch_sizes),
                            out=Path(tmp) / "out", worker_start=args.start)
        marks = {"t0": time.perf_counter()}
        summary = collect(cfg, report)
        sweep = time.perf_counter() - marks["t0"]
    wall = start + sweep
    forward = sum(phases.get(name, 0.0) for name in FORWARD)
    rows = [("command start (interpreter, imports)", start), ("sweep setup (options, device, versions)",
                                                               marks.get("setup", 0.0)),
            *sorted(phases.items(), key=lambda kv: -kv[1])]
    rows.append(("other (messages, worker exit, accounting)", wall - sum(s for _, s in rows)))
    xs = sorted(loads)
    table = Table("phase", "seconds", "share", "per model", title=(
        f"zoobench collect {'--model ' + ' '.join(args.model) if args.model else '--preset ' + args.preset}"
        f" --batch-sizes {args.batch_sizes} --device {args.device}: {len(models)} models, "
        f"{summary.measured} batch measurements, workers by {args.start}; load average (1 min) "
        f"min {xs[0]:.1f} / median {xs[len(xs) // 2]:.1f} / max {xs[-1]:.1f} on {os.cpu_count()} CPUs"))
    for name, s in rows:
        table.add_row(name + (" *" if name in FORWARD else ""), f"{s:.1f}", f"{100 * s / wall:.1f} %",
                      f"{s / max(1, len(models)):.2f}")
    table.add_row("wall time", f"{wall:.1f}", "100 %", f"{wall / max(1, len(models)):.2f}")
    console.print(table)
    console.print(f"* forward passes: {forward:.1f} s; target: overhead ratio ≤ {TARGET}")
    console.print(f"overhead ratio: {wall / forward:.2f}" if forward else "overhead ratio: n/a")


if __name__ == "__main__":
    main()
