"""Compare: each model across devices (time per image at batch size 1, speed ratios), and
device-vs-device scatters."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart
from zoobench.site.data import Data
from zoobench.site.fits import fit_row, linear_fit
from zoobench.site.pages.common import Page, Stamp, group_by

BATCH = 1
MAX_PAIRS = 6
# The table shows at most this many devices (those with the most models): at 27 devices its
# 1,458 rows × 54 columns made a 3.5 MB page. Every device's times are in the downloads.
MAX_DEVICES = 8


@dataclass
class CompareRow:
    model_id: str
    name: str
    times: list[float | None]  # per device, in `devices` order
    ratios: list[float | None]  # time on the reference device / time on this device (> 1: faster)


@dataclass
class CompareContext:
    stamp: Stamp
    devices: list[dict[str, Any]]
    reference: dict[str, Any] | None
    rows: list[CompareRow]
    batch_size: int
    fits: list[dict[str, Any]]
    all_devices: int  # devices with measurements at `batch_size`; more than `devices` when capped


def compare_page(data: Data, base: Stamp) -> Page:
    pairs = data.rows("compare_pairs", batch_size=BATCH)
    by_device = group_by(pairs, "device_id")
    measured = [d for d in base.devices if d["device_id"] in by_device]
    most = sorted(measured, key=lambda d: -len(by_device[d["device_id"]]))[:MAX_DEVICES]
    devices = [d for d in measured if d in most]  # in the usual order
    # the reference is the device with the most models at this batch size
    reference = most[0] if most else None
    rows = []
    for mid, group in group_by(pairs, "model_id").items():
        t = {r["device_id"]: r["time_per_image_ms"] for r in group}
        times = [t.get(d["device_id"]) for d in devices]
        if sum(d["device_id"] in t for d in devices) < 2:
            continue
        ref = t.get(reference["device_id"]) if reference else None
        rows.append(CompareRow(mid, group[0]["name"], times, [ref / x if ref and x else None for x in times]))
    rows.sort(key=lambda r: r.name.lower())
    page_charts, fits = [], []
    for a, b in list(combinations(devices, 2))[:MAX_PAIRS]:
        ia, ib = devices.index(a), devices.index(b)
        pts = [
            {"name": r.name, "x": r.times[ia], "y": r.times[ib]} for r in rows if r.times[ia] and r.times[ib]
        ]
        if len(pts) < 2:
            continue
        fit = linear_fit([p["x"] for p in pts], [p["y"] for p in pts])
        fits.append(fit_row(f"{b['device_id']} vs {a['device_id']}", fit, a["device_id"], b["device_id"]))
        page_charts.append(
            Chart(
                f"vs-{a['device_id']}-{b['device_id']}",
                charts.scatter(
                    pts,
                    x="x",
                    y="y",
                    x_title=f"{a['device_id']}: ms per image (log)",
                    y_title=f"{b['device_id']}: ms per image (log)",
                    log_x=True,
                    log_y=True,
                    tooltip=[("name", "N"), ("x", "Q"), ("y", "Q")],
                ),
                caption=f"{len(pts)} models measured on both, batch size {BATCH}.",
            )
        )
    ctx = CompareContext(base, devices, reference, rows, BATCH, fits, len(measured))
    return Page("compare.md", "compare.md.j2", ctx, "Compare", page_charts)
