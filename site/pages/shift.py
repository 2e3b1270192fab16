"""Accuracy under shift: ImageNet-1k top-1 against each other evaluation set (ReaL, ImageNetV2, Sketch,
ImageNet-A, ImageNet-R), one point per weights × resolution, a least-squares line per set on logit
scales (fits.py), drawn back on percent axes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from zoobench.site import charts
from zoobench.site.charts import Chart, fit_line
from zoobench.site.data import Data
from zoobench.site.fits import fit_row, logit_fit
from zoobench.site.format import EVAL_SETS
from zoobench.site.pages.common import Page, Stamp, group_by, restamp

IMAGENET = "ImageNet"  # the x field of the chart
ABOVE = 5  # weights listed per set as most above their set's line


@dataclass
class SetFit:
    dataset: str
    label: str
    full_name: str
    fit: dict[str, Any]  # fits.fit_row
    reading: list[tuple[float, float]]  # (ImageNet top-1, the line's top-1 on the set) at its 10th, 90th pct
    above: list[dict[str, Any]]  # the points most above the line: model, weights, x, y, gap


@dataclass
class ShiftContext:
    stamp: Stamp
    sets: list[SetFit]
    points: int  # weights × resolutions with an ImageNet top-1 and at least one other set


def _label(r: dict[str, Any]) -> str:
    weights = f" · {r['weights']}" if r["weights"] else ""
    px = f" @ {r['resolution_px']} px" if r["resolution_px"] else ""
    return f"{r['name']}{weights}{px}"


def shift_page(data: Data, base: Stamp) -> Page:
    rows = data.rows("shift_points")
    labels = {d: (label, full) for d, label, full in EVAL_SETS}
    points: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        key = (r["model_id"], r["source"], r["weights"], r["resolution_px"])
        p = points.setdefault(key, {"model": _label(r), IMAGENET: r["imagenet_top1"]})
        p[labels.get(r["dataset"], (r["dataset"],))[0]] = r["top1"]
    sets, lines = [], []
    for dataset, group in group_by(rows, "dataset").items():
        label, full = labels.get(dataset, (dataset, dataset))
        x, y = [r["imagenet_top1"] for r in group], [r["top1"] for r in group]
        fit = logit_fit(x, y)
        above: list[dict[str, Any]] = []
        reading: list[tuple[float, float]] = []
        if fit:
            lines += [dict(p, set=label) for p in fit_line(fit, min(x), max(x), label, steps=40)]
            reading = [(float(q), fit.predict(float(q))) for q in np.percentile(x, [10, 90])]
            gaps = sorted(group, key=lambda r: fit.predict(r["imagenet_top1"]) - r["top1"])[:ABOVE]
            above = [dict(r, label=_label(r), gap=r["top1"] - fit.predict(r["imagenet_top1"])) for r in gaps]
        sets.append(SetFit(dataset, label, full, fit_row(label, fit, "ImageNet", label), reading, above))
    order = [d for d, _, _ in EVAL_SETS]
    sets.sort(key=lambda s: order.index(s.dataset) if s.dataset in order else len(order))
    page_charts = []
    if sets:
        page_charts.append(
            Chart(
                "shift",
                charts.sets_scatter(
                    list(points.values()),
                    x=IMAGENET,
                    sets=[s.label for s in sets],
                    x_title="ImageNet-1k top-1 (%)",
                    y_title="top-1 on the other set (%)",
                    lines=lines,
                    tooltip=[("model", "N"), (IMAGENET, "Q")],
                ),
                caption=f"{len(points):,} weights × evaluation resolutions; solid: each set's fit (least "
                "squares on logit scales); dashed: y = x. Click a set in the legend to pick it out.",
            )
        )
    sources = sorted({r["source"] for r in rows})
    ctx = ShiftContext(restamp(base, [], sources), sets, len(points))
    return Page("shift.md", "shift.md.j2", ctx, "Accuracy under shift", page_charts)
