"""Best model at constraints: Bianco 2018 Table 3 per device (the question `zoobench best` asks), and
the rows the in-page lookup filters live."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoobench.db import BestQuery
from zoobench.site.data import Data
from zoobench.site.pages.common import EMBED_CAP, Page, Stamp

MEMORY_GB = (0.7, 1.0, 1.4)
MIN_FPS = (15, 30, 60)
TOP = 5


@dataclass
class GridCell:
    max_memory_gb: float | None
    min_fps: float
    rows: list[dict[str, Any]]


@dataclass
class DeviceGrid:
    device_id: str
    device_name: str
    batch_size: int
    has_memory: bool
    cells: list[list[GridCell]]  # rows: memory limits (or one row: no memory limit), columns: FPS


@dataclass
class BestContext:
    stamp: Stamp
    grids: list[DeviceGrid]
    lookup: dict[str, Any]
    lookup_capped: bool
    devices: list[dict[str, Any]] = field(default_factory=list)
    memory_gb: tuple[float, ...] = MEMORY_GB
    min_fps: tuple[int, ...] = MIN_FPS
    cap: int = EMBED_CAP


def best_page(data: Data, base: Stamp) -> Page:
    rows = data.rows("lookup_rows", cap=EMBED_CAP + 1)
    capped = len(rows) > EMBED_CAP
    rows = rows[:EMBED_CAP]
    cols = ["device_id", "batch_size", "model_id", "name", "top1", "accuracy_source", "fps", "memory_mb"]
    grids = []
    for d in base.devices:
        mine = [r for r in rows if r["device_id"] == d["device_id"]]
        if not mine:
            continue
        batch = 1 if any(r["batch_size"] == 1 for r in mine) else min(r["batch_size"] for r in mine)
        has_memory = any(r["memory_mb"] is not None for r in mine)
        limits: tuple[float | None, ...] = MEMORY_GB if has_memory else (None,)
        cells = [
            [GridCell(gb, fps, data.best(BestQuery(d["device_id"], gb, fps, batch_size=batch, top=TOP)))
             for fps in MIN_FPS]
            for gb in limits
        ]
        grids.append(DeviceGrid(d["device_id"], d["name"], batch, has_memory, cells))
    lookup = {"columns": cols, "rows": [[r[c] for c in cols] for r in rows]}
    return Page("best.md", "best.md.j2", BestContext(base, grids, lookup, capped, base.devices), "Best model")
