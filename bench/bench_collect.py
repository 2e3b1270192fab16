"""Benchmark of the collector itself (not a test): is it accurate, stable, and cheap?

1. Agreement: the collector's median latency against `torch.utils.benchmark.Timer` on the same
   model, batch and input size, in the same run.
2. Stability: the coefficient of variation of the median over repeated collections.
3. Overhead: a sweep's wall time divided by the sum of its timed passes.

    python bench/bench_collect.py                      # resnet18, batch 1, CPU
    python bench/bench_collect.py --model mobilenet_v2 --batch 8 --device cuda --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch
import torch.utils.benchmark as tbench
from rich.console import Console
from rich.table import Table

from zoobench.collect import models
from zoobench.collect.runner import CollectConfig, collect
from zoobench.measurement import load_file


def _collect(args: argparse.Namespace, out: Path, batch_sizes: tuple[int, ...]) -> tuple[float, Path]:
    cfg = CollectConfig(models=[args.model], device=args.device, batch_sizes=batch_sizes,
                        warmup=args.warmup, iters=args.iters, min_seconds=args.min_seconds, out=out)
    t0 = time.perf_counter()
    summary = collect(cfg)
    return time.perf_counter() - t0, summary.path


def _median_ms(path: Path, batch: int) -> float:
    m = load_file(path).models[0]
    b = next(b for b in m.batches if b.batch_size == batch)
    assert b.latency_per_batch and b.latency_per_batch.median_ms
    return b.latency_per_batch.median_ms


def _timer_median_ms(args: argparse.Namespace) -> float:
    device = torch.device(args.device)
    model = models.create_model(args.model).to(device)
    side = models.preprocess(args.model).resolution_px
    x = torch.randn(args.batch, 3, side, side, device=device)
    with torch.inference_mode():
        for _ in range(args.warmup):
            model(x)
        timer = tbench.Timer("model(x)", globals={"model": model, "x": x},
                             num_threads=torch.get_num_threads())
        m = timer.blocked_autorange(min_run_time=max(args.min_seconds, 2.0))
    return m.median * 1e3


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="resnet18")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--device", default="cpu")
    p.add_argument("--repeats", type=int, default=3, help="collections for the CV")
    p.add_argument("--sweep", default="1,2,4", help="batch sizes of the overhead sweep")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--min-seconds", type=float, default=1.0)
    args = p.parse_args()
    console = Console()
    table = Table("check", "value", "detail", title=f"zoobench collect: {args.model}, batch "
                  f"{args.batch}, {args.device}, {torch.get_num_threads()} threads")

    with tempfile.TemporaryDirectory() as tmp:
        medians = []
        for i in range(args.repeats):
            _, path = _collect(args, Path(tmp) / f"r{i}", (args.batch,))
            medians.append(_median_ms(path, args.batch))
        timer_ms = _timer_median_ms(args)
        ours = statistics.median(medians)
        table.add_row("collector median (ms)", f"{ours:.3f}",
                      "median over repeats of each run's median per batch")
        table.add_row("torch.utils.benchmark median (ms)", f"{timer_ms:.3f}",
                      "Timer.blocked_autorange, same process as this script")
        table.add_row("collector / Timer", f"{ours / timer_ms:.3f}", "1.000 = perfect agreement")
        cv = statistics.pstdev(medians) / statistics.fmean(medians) if len(medians) > 1 else 0.0
        table.add_row("CV of the median over collections", f"{100 * cv:.2f} %",
                      f"{args.repeats} fresh collections: " + ", ".join(f"{m:.2f}" for m in medians))

        sweep = tuple(int(s) for s in args.sweep.split(","))
        wall, path = _collect(args, Path(tmp) / "sweep", sweep)
        timed_s = sum(sum(b.latency_per_batch.times_ms or []) for b in load_file(path).models[0].batches
                      if b.latency_per_batch) / 1e3
        table.add_row("sweep wall / timed passes", f"{wall / timed_s:.2f}",
                      f"batches {args.sweep}: {wall:.1f} s wall, {timed_s:.1f} s timed (process start, "
                      "imports, FLOPs, file size, warm-up and file writes are the rest)")
    console.print(table)


if __name__ == "__main__":
    main()
