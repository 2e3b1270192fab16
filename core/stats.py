"""Latency statistics from per-iteration times: one function, used by `collect` and the converters
of published per-iteration tables, so that every median and p90 in the database means the same."""

from __future__ import annotations

import statistics

from zoobench.measurement import Latency


def _p90(xs: list[float]) -> float:
    if len(xs) == 1:
        return xs[0]
    return statistics.quantiles(xs, n=10, method="inclusive")[-1]


def _r(v: float) -> float:
    return round(v, 6)


def latency_from_times(times_ms: list[float], first_ms: float | None = None, *, keep_times: bool = True,
                       scale: float = 1.0) -> Latency:
    """Mean, median, min, max, p90 (inclusive), population std and n of `times_ms` divided by
    `scale` (the batch size, for per-image latency), rounded to 6 decimals; `first_ms` is the
    untimed first iteration, when known."""
    xs = [t / scale for t in times_ms]
    return Latency(
        mean_ms=_r(statistics.fmean(xs)), median_ms=_r(statistics.median(xs)), min_ms=_r(min(xs)),
        max_ms=_r(max(xs)), p90_ms=_r(_p90(xs)), std_ms=_r(statistics.pstdev(xs)), n=len(xs),
        first_ms=_r(first_ms / scale) if first_ms is not None else None,
        times_ms=[_r(x) for x in xs] if keep_times else None,
    )
