"""Across devices (EmBench's question on the whole dataset), from the views of migration 0007:
rank agreement per device pair (Spearman from `rank_agreement`, Kendall's tau-b added here),
Pareto-front membership per device, and how well each spec explains time (`spec_fits`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from zoobench.db import predict as P
from zoobench.db.lookup import fetch
from zoobench.db.schema import Connection


def rank_agreement(con: Connection) -> list[dict[str, Any]]:
    """One row per ordered device pair with shared models: spearman, kendall, shared_models."""
    rows = fetch(con, "SELECT * FROM rank_agreement ORDER BY device_a, device_b").records()
    speed: dict[str, dict[tuple[str, int], float]] = defaultdict(dict)
    for model_id, res, device_id, t in fetch(
        con, "SELECT model_id, resolution_px, device_id, time_per_image_ms FROM device_speed"
    ).rows:
        speed[device_id][(model_id, res)] = t
    for r in rows:
        a, b = speed[r["device_a"]], speed[r["device_b"]]
        shared = sorted(a.keys() & b.keys())
        r["kendall"] = P.kendall(np.array([a[k] for k in shared]), np.array([b[k] for k in shared]))
    return rows


@dataclass
class Fronts:
    devices: list[str]  # devices with a front (models with a top-1)
    rows: list[dict[str, Any]]  # per model on some front: model_id, resolution_px, top1, on[device]
    sentence: str


def pareto_fronts(con: Connection) -> Fronts:
    """Which models are on each device's accuracy–speed front (None: not measured there)."""
    recs = fetch(con, "SELECT * FROM pareto_membership ORDER BY device_id, model_id, resolution_px").records()
    devices = sorted({r["device_id"] for r in recs})
    models: dict[tuple[str, int], dict[str, Any]] = {}
    for r in recs:
        m = models.setdefault((r["model_id"], r["resolution_px"]),
                              {"model_id": r["model_id"], "resolution_px": r["resolution_px"],
                               "top1": r["top1"], "on": dict.fromkeys(devices)})
        m["on"][r["device_id"]] = bool(r["on_front"])
    on_some = [m for m in models.values() if any(m["on"].values())]
    on_some.sort(key=lambda m: (-sum(bool(v) for v in m["on"].values()), -(m["top1"] or 0), m["model_id"]))
    return Fronts(devices, on_some, _sentence(on_some, devices))


def _sentence(rows: list[dict[str, Any]], devices: list[str]) -> str:
    if not rows:
        return "No device has models with both a time and a top-1 yet."
    measured_twice = [m for m in rows if sum(v is not None for v in m["on"].values()) >= 2]
    everywhere = [m for m in measured_twice if all(v in (True, None) for v in m["on"].values())]
    split = [m for m in measured_twice if any(v is False for v in m["on"].values())]
    text = (f"{len(rows)} models are on the accuracy–speed front of at least one of {len(devices)} devices; "
            f"of the {len(measured_twice)} measured on two or more devices, {len(everywhere)} are on the "
            f"front of every device that measured them and {len(split)} are on some fronts and off others")
    if split:
        m = split[0]
        on = [d for d, v in m["on"].items() if v]
        off = [d for d, v in m["on"].items() if v is False]
        text += f" — e.g. {m['model_id']} is on {', '.join(on[:3])}'s front but not on {', '.join(off[:3])}'s"
    return text + "."


def spec_fits(con: Connection) -> list[dict[str, Any]]:
    """A row per device × batch size: R² of log time on log GFLOPs, parameters and activations,
    with the spec that explains it best."""
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for r in fetch(con, "SELECT * FROM spec_fits ORDER BY device_id, batch_size, spec").records():
        row = out.setdefault((r["device_id"], r["batch_size"]),
                             {"device_id": r["device_id"], "batch_size": r["batch_size"]})
        row[r["spec"]] = r["r2"]
        row[f"{r['spec']}_n"] = r["models"]
    for row in out.values():
        scored = {s: row.get(s) for s in ("gflops", "params", "activations") if row.get(s) is not None}
        row["best"] = max(scored, key=lambda s: scored[s]) if scored else None
    return list(out.values())
