"""Home: the accuracy-vs-speed picture with its takeaway, the dataset's counts, and key findings per
device, all recomputed from the data."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart, fit_line
from zoobench.site.data import Data
from zoobench.site.fits import upper_bound
from zoobench.site.pages.common import Identity, Page, Stamp, group_by

STUDY = "bianco2018"  # the home chart is its Fig. 3: its devices, and today's fastest beside them
MIN_TOP1 = 80.0  # the findings' "fastest at ≥ 80 % top-1"


@dataclass
class Finding:
    device_id: str
    device_name: str
    best_at_30: dict[str, Any] | None  # best top-1 at ≥ 30 images/s, batch size 1
    fastest_accurate: dict[str, Any] | None  # most images/s of a model with top-1 ≥ MIN_TOP1, any batch size
    fastest: dict[str, Any] | None  # most images/s at any batch size
    memory_floor: dict[str, Any] | None  # smallest memory of any model at batch size 1


@dataclass
class Takeaway:
    """The home chart's line: at `top1` %, the fastest model on `then` and on `now`."""

    top1: float
    then: dict[str, Any]  # a row of home_speed
    now: dict[str, Any]

    @property
    def ratio(self) -> float:
        return self.now["fps"] / self.then["fps"]


@dataclass
class HomeContext:
    stamp: Stamp
    counts: dict[str, Any]
    findings: list[Finding]
    min_top1: float = MIN_TOP1
    takeaway: Takeaway | None = None
    chart: Chart | None = None
    site_name: str = Identity.name  # the heading; the intro tells zoobench's own site from a lab's


def _fastest_at(rows: list[dict[str, Any]], top1: float) -> dict[str, Any]:
    return max((r for r in rows if r["top1"] >= top1), key=lambda r: r["fps"])


def speed_picture(data: Data) -> tuple[Chart | None, Takeaway | None]:
    """Bianco 2018 Fig. 3 on the study's devices and today's fastest device: top-1 against images/s
    (each model at its best batch size), each device's linear upper bound (in log10 images/s), and
    what the fastest model at the highest top-1 every shown device reaches runs at on each."""
    by_device = group_by(data.rows("home_speed", study=STUDY), "device_id")
    if not by_device:
        return None, None
    fastest = max(by_device, key=lambda d: max(r["fps"] for r in by_device[d]))
    study = sorted((d for d, rows in by_device.items() if rows[0]["in_study"]),
                   key=lambda d: -max(r["fps"] for r in by_device[d]))
    shown = [*study, *([fastest] if fastest not in study else [])]
    points, lines, settings = [], [], []
    for dev in shown:
        rows = by_device[dev]
        points += rows
        settings.append(f"{rows[0]['device_name']}: {rows[0]['settings_key']}")
        ub = upper_bound([r["fps"] for r in rows], [r["top1"] for r in rows], log_x=True)
        if ub:
            span = (min(r["fps"] for r in rows), max(r["fps"] for r in rows))
            lines += [dict(p, device_name=rows[0]["device_name"]) for p in fit_line(ub, *span, "upper bound")]
    takeaway = None
    if len(shown) > 1:
        then, now = by_device[shown[0]], by_device[shown[-1]]
        top1 = float(math.floor(min(max(r["top1"] for r in then), max(r["top1"] for r in now))))
        takeaway = Takeaway(top1, _fastest_at(then, top1), _fastest_at(now, top1))
    chart = Chart(
        "home-speed",
        charts.bounds_scatter(
            points,
            x="fps",
            y="top1",
            color="device_name",
            x_title="images per second (best batch size, log)",
            y_title="top-1 (%)",
            lines=lines,
            tooltip=[("name", "N"), ("resolution_px", "Q"), ("device_name", "N"), ("batch_size", "Q"),
                     ("fps", "Q"), ("top1", "Q")],
        ),
        caption=f"{len(points):,} models × input sizes on {len(shown)} devices, each at the batch size that "
        "gave it the most images/s and at the device's default settings ("
        + "; ".join(settings) + "); dashed: each device's linear upper bound in log10 images/s "
        "(Bianco 2018 Fig. 3, which used batch size 1). Every device: Trends and each device's page.",
    )
    return chart, takeaway


def home_page(data: Data, base: Stamp, site_name: str = Identity.name) -> Page:
    findings = []
    for d in base.devices:
        rows = data.rows("device_findings", device_id=d["device_id"], min_top1=MIN_TOP1)
        by = {r["finding"]: r for r in rows}
        findings.append(
            Finding(d["device_id"], d["name"], by.get("best_at_30"), by.get("fastest_accurate"),
                    by.get("fastest"), by.get("memory_floor"))
        )
    findings.sort(key=lambda f: -(f.fastest["fps"] if f.fastest else 0))  # today's fastest devices first
    chart, takeaway = speed_picture(data)
    ctx = HomeContext(base, data.one("counts"), findings, MIN_TOP1, takeaway, chart, site_name)
    return Page("index.md", "home.md.j2", ctx, "Home", [chart] if chart else [])
