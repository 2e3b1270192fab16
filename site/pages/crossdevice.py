"""Across devices: does a model's speed carry from one device to another? Rank agreement per
device pair (heat map), Pareto-front membership per device, and R² of time on each spec — all
from `zoobench.db.crossdevice` (views `rank_agreement`, `pareto_membership`, `spec_fits`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zoobench.db import crossdevice
from zoobench.site import charts
from zoobench.site.charts import Chart
from zoobench.site.data import Data
from zoobench.site.pages.common import Page, Stamp, restamp

SPECS = (("gflops", "GFLOPs"), ("params", "parameters"), ("activations", "activations"))


@dataclass
class CrossDeviceContext:
    stamp: Stamp
    names: dict[str, str]
    agreement: list[dict[str, Any]]
    agreement_sentence: str
    chart: Chart | None
    front_devices: list[str]
    fronts: list[dict[str, Any]]
    front_sentence: str
    fits: list[dict[str, Any]]
    fit_sentence: str
    specs: tuple[tuple[str, str], ...] = SPECS


def _agreement_sentence(pairs: list[dict[str, Any]], names: dict[str, str]) -> str:
    if not pairs:
        return "No two devices share three measured models yet."
    worst = min(pairs, key=lambda r: r["spearman"])
    best = max(pairs, key=lambda r: r["spearman"])
    return (f"Over {len(pairs)} device pairs sharing at least three models, Spearman's rho runs from "
            f"{worst['spearman']:.2f} ({names[worst['device_a']]} vs {names[worst['device_b']]}, "
            f"{worst['shared_models']} models) to {best['spearman']:.2f} ({names[best['device_a']]} vs "
            f"{names[best['device_b']]}, {best['shared_models']} models).")


def _fit_sentence(fits: list[dict[str, Any]]) -> str:
    if not fits:
        return "No device has times and specs for three models yet."
    wins = {key: sum(f["best"] == key for f in fits) for key, _ in SPECS}
    label = dict(SPECS)
    parts = [f"{label[k]} on {n}" for k, n in sorted(wins.items(), key=lambda kv: -kv[1]) if n]
    return (f"Of {len(fits)} device × batch-size cases, the spec that explains log time best is "
            + ", ".join(parts) + ".")


def crossdevice_page(data: Data, base: Stamp) -> Page:
    names = {d["device_id"]: d["name"] for d in base.devices}
    agreement = crossdevice.rank_agreement(data.con)
    for r in agreement:
        r["a"], r["b"] = names.get(r["device_a"], r["device_a"]), names.get(r["device_b"], r["device_b"])
        r["label"] = f"{r['spearman']:.2f}\n{r['shared_models']}" if r["spearman"] == r["spearman"] else ""
    pairs = [r for r in agreement if r["device_a"] < r["device_b"] and r["spearman"] == r["spearman"]]
    order = sorted({r["a"] for r in agreement})
    chart = None
    if agreement:
        spec = charts.heatmap(
            agreement, x="a", y="b", value="spearman", label="label", value_title="Spearman's rho",
            tooltip=[("a", "N"), ("b", "N"), ("spearman", "Q"), ("kendall", "Q"), ("shared_models", "Q")],
            order=order,
        )
        chart = Chart("rank-agreement", spec, caption="Each cell: Spearman's rho of time per image over the "
                      "models both devices measured (each at its default settings and most-measured batch "
                      "size), and below it the number of those models. Kendall's tau: tooltip and table.")
    fronts = crossdevice.pareto_fronts(data.con)
    fits = crossdevice.spec_fits(data.con)
    shown = sorted({r["device_a"] for r in agreement} | set(fronts.devices) | {f["device_id"] for f in fits})
    ctx = CrossDeviceContext(
        restamp(base, devices=shown), names, pairs, _agreement_sentence(pairs, names), chart,
        fronts.devices, fronts.rows, fronts.sentence, fits, _fit_sentence(fits),
    )
    return Page("across-devices.md", "crossdevice.md.j2", ctx, "Across devices", [chart] if chart else [])
