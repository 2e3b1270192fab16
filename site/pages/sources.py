"""Sources compared: two devices of one device model (the same card measured by two sources or
contributors), the ratio of their times per model at comparable batch sizes, and how their methods
differ (views device_model_pairs and source_comparison)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart
from zoobench.site.data import Data
from zoobench.site.pages.common import Page, Stamp, group_by, restamp

# Run fields that describe how the numbers were made, as (column, label), in display order.
METHOD_FIELDS = (
    ("source", "source"),
    ("year", "year"),
    ("contributor", "contributor"),
    ("framework", "framework"),
    ("torch", "PyTorch"),
    ("cuda_version", "CUDA"),
    ("cudnn_version", "cuDNN"),
    ("driver_version", "driver"),
    ("runtime", "runtime"),
    ("precision", "precision"),
    ("precision_method", "precision by"),
    ("memory_format", "memory format"),
    ("execution", "execution"),
    ("cudnn_benchmark", "cudnn.benchmark"),
    ("allow_tf32", "TF32 allowed"),
    ("warmup_iters", "warm-up iterations"),
    ("timed_iters", "timed iterations"),
    ("input_on_device", "input already on the device"),
    ("statistics", "headline statistic"),
    ("batch_sizes", "batch sizes"),
    ("timing", "timing, as the run describes it"),
)
# Columns whose null means "does not apply" (fp32 has no cast or autocast), not "not recorded".
NOT_APPLICABLE_WHEN_NULL = {"precision_method"}


@dataclass
class MethodRow:
    label: str
    a: str
    b: str
    differs: bool


@dataclass
class SettingsComparison:
    settings_key: str
    rows: list[dict[str, Any]]
    median_ratio: float | None
    interpolated: int
    methods: list[MethodRow]
    chart: Chart | None


@dataclass
class PairComparison:
    anchor: str
    device_model: str
    device_a: dict[str, Any]
    device_b: dict[str, Any]
    settings: list[SettingsComparison]
    sources: list[str]  # citation ids of the runs compared ('measured' for zoobench runs)


@dataclass
class SourcesContext:
    stamp: Stamp
    pairs: list[PairComparison]


def _text(value: Any, column: str = "") -> str:
    if value is None:
        return "—" if column in NOT_APPLICABLE_WHEN_NULL else "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _side(runs: list[dict[str, Any]], column: str) -> str:
    """A field over a device's runs at one settings key (usually one run): distinct values joined."""
    return " | ".join(dict.fromkeys(_text(r.get(column), column) for r in runs)) or "not recorded"


def method_rows(runs_a: list[dict[str, Any]], runs_b: list[dict[str, Any]]) -> list[MethodRow]:
    rows = []
    for column, label in METHOD_FIELDS:
        if not any(column in r for r in runs_a + runs_b):
            continue  # a column this database does not have
        a, b = _side(runs_a, column), _side(runs_b, column)
        rows.append(MethodRow(label, a, b, a != b))
    return rows


def short_how(how: str) -> str:
    """'interpolated (log-linear between batch 8 and 16)' -> 'interpolated 8–16'."""
    if how.startswith("interpolated"):
        sizes = [w for w in how.replace(")", "").split() if w.isdigit()]
        return "interpolated " + "–".join(sizes)
    return how


def _chart(anchor: str, key: str, rows: list[dict[str, Any]], a: dict[str, Any], b: dict[str, Any]) -> Chart:
    points = [
        {
            "name": r["name"],
            "ratio": r["ratio_b_to_a"],
            "batch_size": r["batch_size"],
            "comparable by": "interpolated" if "interpolated" in f"{r['how_a']}{r['how_b']}" else "measured",
        }
        for r in rows
    ]
    spec = charts.ratio_dots(
        points,
        x="ratio",
        y="name",
        color="comparable by",
        x_title="ratio B ÷ A (log; 1 = same)",
        tooltip=[("name", "N"), ("ratio", "Q"), ("batch_size", "O"), ("comparable by", "N")],
    )
    return Chart(
        f"{anchor}-{key.replace('/', '-')}",
        spec,
        caption=f"{len(points)} models; left of 1: {b['name']} was faster, right: slower.",
    )


def pair_comparison(data: Data, pair: dict[str, Any], devices: dict[str, dict[str, Any]]) -> PairComparison:
    a, b = devices[pair["device_a"]], devices[pair["device_b"]]
    anchor = f"{a['device_id']}--{b['device_id']}"
    rows = data.rows("source_comparison_rows", device_a=a["device_id"], device_b=b["device_id"])
    runs = data.rows("source_methods", device_a=a["device_id"], device_b=b["device_id"])
    runs_by_key = group_by(runs, "settings_key")
    for r in rows:
        r["how_a_short"], r["how_b_short"] = short_how(r["how_a"]), short_how(r["how_b"])
    settings = []
    for key, group in group_by(rows, "settings_key").items():
        mine = runs_by_key.get(key, [])
        methods = method_rows(
            [r for r in mine if r["device_id"] == a["device_id"]],
            [r for r in mine if r["device_id"] == b["device_id"]],
        )
        ratios = [r["ratio_b_to_a"] for r in group]
        interpolated = sum("interpolated" in f"{r['how_a']}{r['how_b']}" for r in group)
        settings.append(SettingsComparison(
            key, group, median(ratios) if ratios else None, interpolated, methods,
            _chart(anchor, key, group, a, b) if group else None,
        ))
    sources = sorted({r["source"] for r in runs})
    return PairComparison(anchor, pair["device_model"], a, b, settings, sources)


def sources_page(data: Data, base: Stamp) -> Page:
    devices = {d["device_id"]: d for d in base.devices}
    pairs = [pair_comparison(data, p, devices) for p in data.rows("source_pairs")]
    shown = sorted({d for p in pairs for d in (p.device_a["device_id"], p.device_b["device_id"])})
    cited = sorted({s for p in pairs for s in p.sources})
    ctx = SourcesContext(restamp(base, devices=shown, sources=cited), pairs)
    page_charts = [s.chart for p in pairs for s in p.settings if s.chart]
    return Page("sources.md", "sources.md.j2", ctx, "Sources compared", page_charts)
