"""What a runtime buys: per model, the time under another runtime (TensorRT …) against PyTorch eager
on the same device, batch size and precision (view runtime_speedups), with the difference between
the two runtimes' outputs where the source published it."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart
from zoobench.site.data import Data
from zoobench.site.format import runtime_name
from zoobench.site.pages.common import Page, Stamp, restamp


@dataclass
class RuntimeGroup:
    anchor: str
    device_id: str
    device_name: str
    runtime: str
    runtime_name: str
    precision: str
    precision_method: str | None
    batch_size: int
    statistic: str
    rows: list[dict[str, Any]]
    median_speedup: float | None
    has_throughput: bool
    has_output_diff: bool
    chart: Chart


@dataclass
class RuntimesContext:
    stamp: Stamp
    groups: list[RuntimeGroup]


def _group_key(r: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("device_id", "runtime", "precision", "precision_method", "batch_size", "statistic")
    return tuple(r[k] for k in keys)


def _chart(anchor: str, g: list[dict[str, Any]]) -> Chart:
    first, name = g[0], runtime_name(g[0]["runtime"])
    points = [{"name": r["name"], "speed-up": r["speedup"], "PyTorch ms": r["pytorch_ms"],
               f"{name} ms": r["runtime_ms"]} for r in g]
    spec = charts.ratio_dots(
        points,
        x="speed-up",
        y="name",
        x_title=f"PyTorch time ÷ {name} time (log)",
        tooltip=[("name", "N"), ("speed-up", "Q"), ("PyTorch ms", "Q"), (f"{name} ms", "Q")],
    )
    return Chart(anchor, spec, caption=f"{len(g)} models on {first['device_name']}, batch size "
                 f"{first['batch_size']}, {first['precision']}: right of 1, {name} was faster.")


def runtimes_page(data: Data, base: Stamp) -> Page:
    rows = data.rows("runtime_speedups_rows")
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in rows:
        grouped.setdefault(_group_key(r), []).append(r)
    groups = []
    for (device_id, runtime, precision, method, batch, statistic), g in grouped.items():
        anchor = f"{device_id}-{runtime}-{precision}-b{batch}"
        groups.append(RuntimeGroup(
            anchor, device_id, g[0]["device_name"], runtime, runtime_name(runtime), precision, method, batch,
            statistic, g,
            median(r["speedup"] for r in g),
            any(r["throughput_speedup"] is not None for r in g),
            any(r["output_max_abs_diff"] is not None for r in g),
            _chart(anchor, g),
        ))
    shown = sorted({g.device_id for g in groups})
    sources = sorted({c for r in rows for c in (r["pytorch_citation_id"], r["citation_id"]) if c})
    ctx = RuntimesContext(restamp(base, devices=shown, sources=sources), groups)
    return Page("runtimes.md", "runtimes.md.j2", ctx, "What a runtime buys", [g.chart for g in groups])
