"""Latency: warm-up, device synchronisation, a minimum of iterations and of duration, every time kept."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch

TIMING_NOTE = (
    "random input made on the device before timing (only the model is timed); eval mode under "
    "torch.inference_mode(); untimed warm-up passes, the first recorded as first_ms; then timed "
    "passes until both the minimum iterations and the minimum seconds are reached, each read with "
    "time.perf_counter() between device synchronisations; throughput = images / timed wall time"
)


@dataclass
class Timed:
    first_ms: float
    times_ms: list[float]
    wall_s: float  # the timed window, from before the first timed pass to after the last sync


@dataclass
class Phases:
    """Where a process's time went: seconds per named phase (the sweep-overhead bench reads it)."""

    entered: float = 0.0  # time.time() when the process began its work
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - t)


def sync_fn(device: torch.device) -> Callable[[], None]:
    if device.type == "cuda":
        return lambda: torch.cuda.synchronize(device)
    return lambda: None


def time_passes(step: Callable[[], object], device: torch.device, *, warmup: int, iters: int,
                min_seconds: float, max_iters: int = 100_000) -> Timed:
    """Run `step` `warmup` times untimed-ish (the first is recorded), then time it."""
    sync = sync_fn(device)
    sync()
    t0 = time.perf_counter()
    step()
    sync()
    first_ms = (time.perf_counter() - t0) * 1e3
    for _ in range(max(0, warmup - 1)):
        step()
    sync()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < max_iters and (len(times) < iters or time.perf_counter() - start < min_seconds):
        t = time.perf_counter()
        step()
        sync()
        times.append((time.perf_counter() - t) * 1e3)
    return Timed(first_ms, times, time.perf_counter() - start)
