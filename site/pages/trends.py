"""Trends: the three studies' figures recomputed, each fit computed in `fits.py` and printed beside its
chart (method, slope, intercept, R², points used)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart, fit_line
from zoobench.site.data import Data
from zoobench.site.fits import fit_row, linear_fit, pareto_front, upper_bound
from zoobench.site.pages.common import Page, Stamp, group_by

MAX_DEVICES = 8
# The speed charts embed at most this many measurement rows (the shipped data has about 10,400):
# at EMBED_CAP's 20,000 the page was 1.4 MB at a million measurements.
SPEED_CAP = 11_000


@dataclass
class Section:
    id: str
    title: str
    text: str
    charts: list[Chart] = field(default_factory=list)
    fits: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class TrendsContext:
    stamp: Stamp
    sections: list[Section]
    capped: bool
    cap: int = SPEED_CAP
    max_devices: int = MAX_DEVICES


def _span(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def accuracy_vs_flops(models: list[dict[str, Any]]) -> Section:
    pts = [m for m in models if m["gflops"] and m["top1"]]
    sec = Section(
        "accuracy-flops",
        "Accuracy vs GFLOPs (Bianco Fig. 1, Canziani Fig. 2)",
        "Each model once (its best-known specs and preferred accuracy); bubble size = parameters. "
        "Fit: top-1 (and top-5) against log10(GFLOPs), least squares.",
    )
    tip = [
        ("name", "N"),
        ("family", "N"),
        ("gflops", "Q"),
        ("top1", "Q"),
        ("top5", "Q"),
        ("params", "Q"),
        ("accuracy_source", "N"),
    ]
    for metric in ("top1", "top5"):
        use = [m for m in pts if m[metric] is not None]
        fit = linear_fit([m["gflops"] for m in use], [m[metric] for m in use], log_x=True)
        lines = fit_line(fit, *_span([m["gflops"] for m in use]), "least squares") if fit else None
        sec.fits.append(fit_row(f"{metric} vs GFLOPs", fit, "GFLOPs", metric))
        sec.charts.append(
            Chart(
                f"{metric}-gflops",
                charts.scatter(
                    use,
                    x="gflops",
                    y=metric,
                    x_title="GFLOPs (2 per multiply-add)",
                    y_title=f"{metric.replace('top', 'top-')} (%)",
                    size="params",
                    log_x=True,
                    tooltip=tip,
                    lines=lines,
                ),
                caption=f"{len(use)} models with GFLOPs and {metric}; specs and accuracy sources in the "
                "tooltip and on each model's page.",
            )
        )
    return sec


def accuracy_density(models: list[dict[str, Any]]) -> Section:
    pts = [dict(m, density=m["top1"] / (m["params"] / 1e6)) for m in models if m["params"] and m["top1"]]
    fit = linear_fit([p["density"] for p in pts], [p["top1"] for p in pts], log_x=True)
    sec = Section(
        "density",
        "Accuracy density (Bianco Fig. 2)",
        "Accuracy density = top-1 (%) / millions of parameters: how much accuracy each parameter buys.",
    )
    sec.fits.append(fit_row("top-1 vs density", fit, "density", "top1"))
    top = sorted(pts, key=lambda p: -p["density"])[:40]
    sec.charts.append(
        Chart(
            "density-bars",
            charts.bars(
                top,
                x="density",
                y="name",
                x_title="top-1 % per M params",
                tooltip=[("name", "N"), ("density", "Q"), ("top1", "Q"), ("params", "Q")],
            ),
            caption=f"The {len(top)} densest of {len(pts)} models.",
        )
    )
    lines = fit_line(fit, *_span([p["density"] for p in pts]), "least squares") if fit else None
    sec.charts.append(
        Chart(
            "top1-density",
            charts.scatter(
                pts,
                x="density",
                y="top1",
                x_title="accuracy density (top-1 % per M params)",
                y_title="top-1 (%)",
                color="family",
                log_x=True,
                lines=lines,
                tooltip=[("name", "N"), ("density", "Q"), ("top1", "Q"), ("params", "Q")],
            ),
            caption="Top-1 vs accuracy density, log x.",
        )
    )
    return sec


def accuracy_vs_speed(speed: dict[str, list[dict[str, Any]]]) -> Section:
    sec = Section(
        "accuracy-speed",
        "Top-1 vs images per second, with the linear upper bound (Bianco Fig. 3, Canziani Fig. 9)",
        "Batch size 1 on each device; log x. The upper bound is the tightest line (in log10 images/s) "
        "that no model exceeds: the best accuracy one can expect at a given speed.",
    )
    for dev, rows in speed.items():
        pts = [r for r in rows if r["batch_size"] == 1 and r["top1"] is not None and r["fps"]]
        if len(pts) < 2:
            continue
        ub = upper_bound([p["fps"] for p in pts], [p["top1"] for p in pts], log_x=True)
        ls = linear_fit([p["fps"] for p in pts], [p["top1"] for p in pts], log_x=True)
        lines = []
        if ub:
            lines += fit_line(ub, *_span([p["fps"] for p in pts]), "upper bound")
        if ls:
            lines += fit_line(ls, *_span([p["fps"] for p in pts]), "least squares")
        sec.fits += [
            fit_row(f"{dev}: upper bound", ub, "images/s", "top1"),
            fit_row(f"{dev}: least squares", ls, "images/s", "top1"),
        ]
        sec.charts.append(
            Chart(
                f"speed-{dev}",
                charts.scatter(
                    pts,
                    x="fps",
                    y="top1",
                    x_title="images per second (batch 1, log)",
                    y_title="top-1 (%)",
                    color="family",
                    log_x=True,
                    lines=lines,
                    tooltip=[
                        ("name", "N"),
                        ("fps", "Q"),
                        ("top1", "Q"),
                        ("accuracy_source", "N"),
                        ("device_name", "N"),
                    ],
                ),
                caption=f"{pts[0]['device_name']} ({dev}), {len(pts)} models at batch size 1.",
            )
        )
    return sec


@dataclass(frozen=True)
class PerBatch:
    """A section of one scatter per device, y against x, with a least-squares line per batch size."""

    id: str
    chart: str  # chart ids are `<chart>-<device id>`
    title: str
    text: str
    x: str
    y: str
    x_title: str
    y_title: str
    fit_names: tuple[str, str]  # how the fit's equation names x and y
    basis: str  # the column the caption lists the values of (what the y values are)
    tooltip: tuple[tuple[str, str], ...] = ()


MEMORY_VS_SIZE = PerBatch(
    "memory-size",
    "memory",
    "Memory vs model size (Bianco Fig. 4, Canziani Fig. 6)",
    "Total memory (GPU: device-wide incl. CUDA context; CPU: peak RSS) against the weights' file "
    "size, one least-squares line per batch size. The intercept is the floor any model pays.",
    x="file_size_mb",
    y="memory_mb",
    x_title="model file size (MB)",
    y_title="memory (MB)",
    fit_names=("file_MB", "memory_MB"),
    basis="memory_basis",
    tooltip=(("memory_basis", "N"),),
)
FLOPS_VS_LATENCY = PerBatch(
    "flops-latency",
    "flops",
    "GFLOPs vs time per image (Canziani Fig. 7, EmBench Fig. 1)",
    "One least-squares line per batch size: time per image (ms) = slope × GFLOPs + intercept.",
    x="gflops",
    y="time_per_image_ms",
    x_title="GFLOPs",
    y_title="time per image (ms)",
    fit_names=("GFLOPs", "ms"),
    basis="time_statistic",
)


def per_batch(spec: PerBatch, speed: dict[str, list[dict[str, Any]]]) -> Section:
    sec = Section(spec.id, spec.title, spec.text)
    for dev, rows in speed.items():
        pts = [r for r in rows if r[spec.x] and r[spec.y] is not None]
        if len(pts) < 2:
            continue
        lines = []
        for bs, group in sorted(group_by(pts, "batch_size").items()):
            fit = linear_fit([p[spec.x] for p in group], [p[spec.y] for p in group])
            sec.fits.append(fit_row(f"{dev}: batch {bs}", fit, *spec.fit_names))
            if fit:
                lines += fit_line(fit, *_span([p[spec.x] for p in group]), f"batch {bs}", steps=2)
        sec.charts.append(
            Chart(
                f"{spec.chart}-{dev}",
                charts.scatter(
                    [dict(p, batch=str(p["batch_size"])) for p in pts],
                    x=spec.x,
                    y=spec.y,
                    x_title=spec.x_title,
                    y_title=spec.y_title,
                    color="batch",
                    lines=lines,
                    tooltip=[("name", "N"), ("batch_size", "Q"), (spec.x, "Q"), (spec.y, "Q"), *spec.tooltip],
                ),
                caption=f"{pts[0]['device_name']} ({dev}); {spec.basis.replace('_', ' ')}: "
                f"{', '.join(sorted({p[spec.basis] for p in pts}))}.",
            )
        )
    return sec


def pareto(speed: dict[str, list[dict[str, Any]]]) -> Section:
    sec = Section(
        "pareto",
        "Accuracy–latency Pareto front per device (EmBench Fig. 3)",
        "Batch size 1. A model is on the front when no other model is both at least as fast and at "
        "least as accurate (and better in one).",
    )
    for dev, rows in speed.items():
        pts = [r for r in rows if r["batch_size"] == 1 and r["top1"] is not None and r["time_per_image_ms"]]
        if not pts:
            continue
        front = pareto_front([(p["model_id"], p["time_per_image_ms"], p["top1"]) for p in pts])
        on = set(front)
        data = [dict(p, pareto="on the front" if p["model_id"] in on else "dominated") for p in pts]
        by_id = {p["model_id"]: p for p in pts}
        lines = [
            {"x": by_id[m]["time_per_image_ms"], "y": by_id[m]["top1"], "line": "Pareto front"} for m in front
        ]
        sec.fits.append(
            {
                "label": f"{dev}: Pareto front",
                "method": "non-dominated (min latency, max top-1)",
                "equation": " → ".join(by_id[m]["name"] for m in front),
                "slope": None,
                "intercept": None,
                "r2": None,
                "n": len(pts),
            }
        )
        sec.charts.append(
            Chart(
                f"pareto-{dev}",
                charts.scatter(
                    data,
                    x="time_per_image_ms",
                    y="top1",
                    x_title="time per image (ms, batch 1, log)",
                    y_title="top-1 (%)",
                    color="pareto",
                    log_x=True,
                    lines=lines,
                    tooltip=[("name", "N"), ("time_per_image_ms", "Q"), ("top1", "Q"), ("pareto", "N")],
                ),
                caption=f"{pts[0]['device_name']} ({dev}): {len(front)} of {len(pts)} models on the front.",
            )
        )
    return sec


def operators(data: Data) -> Section:
    rows = data.rows("op_share")
    sec = Section(
        "operators",
        "Time per operator type (EmBench Fig. 4)",
        "Share of profiled time per operator category (torch.profiler, grouped), smallest profiled "
        "batch size per model.",
    )
    if not rows:
        sec.note = "No per-operator measurements in this dataset yet (`zoobench collect --profile-ops`)."
    for dev, group in group_by(rows, "device_id").items():
        sec.charts.append(
            Chart(
                f"ops-{dev}",
                charts.stacked_share(group, y="model_id"),
                caption=f"{dev}: per-operator time share.",
            )
        )
    return sec


def energy(speed: dict[str, list[dict[str, Any]]]) -> Section:
    sec = Section(
        "energy",
        "Energy per image",
        "Joules per image from the device's energy counter "
        "(NVML total energy over a timed window), against top-1.",
    )
    pts = [r for rows in speed.values() for r in rows if r["energy_per_image_j"] is not None]
    if not pts:
        sec.note = (
            "No energy measurements in this dataset yet (`zoobench collect --energy` on an NVIDIA GPU)."
        )
        return sec
    sec.charts.append(
        Chart(
            "energy",
            charts.scatter(
                pts,
                x="energy_per_image_j",
                y="top1",
                x_title="energy per image (J, log)",
                y_title="top-1 (%)",
                color="device_name",
                log_x=True,
                tooltip=[
                    ("name", "N"),
                    ("device_name", "N"),
                    ("batch_size", "Q"),
                    ("energy_per_image_j", "Q"),
                ],
            ),
            caption=f"{len(pts)} measurements with energy.",
        )
    )
    return sec


def trends_page(data: Data, base: Stamp) -> Page:
    models = data.rows("models_catalogue")
    rows = data.rows("speed_points", cap=SPEED_CAP + 1)
    capped = len(rows) > SPEED_CAP
    speed = group_by(rows[:SPEED_CAP], "device_id")
    if len(speed) > MAX_DEVICES:  # per-device charts for the devices with the most measurements
        capped = True
        speed = dict(sorted(speed.items(), key=lambda kv: -len(kv[1]))[:MAX_DEVICES])
    sections = [
        accuracy_vs_flops(models),
        accuracy_density(models),
        accuracy_vs_speed(speed),
        per_batch(MEMORY_VS_SIZE, speed),
        per_batch(FLOPS_VS_LATENCY, speed),
        pareto(speed),
        operators(data),
        energy(speed),
    ]
    page_charts = [c for s in sections for c in s.charts]
    return Page("trends.md", "trends.md.j2", TrendsContext(base, sections, capped), "Trends", page_charts)
