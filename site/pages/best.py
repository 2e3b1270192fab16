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
    runtime: str
    several_runtimes: bool  # the device has grids for other runtimes too
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
    cols = ["device_id", "runtime", "batch_size", "model_id", "name", "top1", "accuracy_source", "fps",
            "memory_mb"]
    grids = []
    for d in base.devices:
        mine = [r for r in rows if r["device_id"] == d["device_id"]]
        runtimes = sorted({r["runtime"] for r in mine}, key=lambda rt: (rt != "pytorch", rt))
        for runtime in runtimes:
            these = [r for r in mine if r["runtime"] == runtime]
            sizes = {r["batch_size"] for r in these}
            batch = 1 if 1 in sizes else min(sizes)
            has_memory = any(r["memory_mb"] is not None for r in these)
            limits: tuple[float | None, ...] = MEMORY_GB if has_memory else (None,)
            cells = [
                [GridCell(gb, fps, data.best(BestQuery(d["device_id"], gb, fps, batch_size=batch, top=TOP,
                                                       runtime=runtime)))
                 for fps in MIN_FPS]
                for gb in limits
            ]
            grids.append(DeviceGrid(d["device_id"], d["name"], runtime, len(runtimes) > 1, batch,
                                    has_memory, cells))
    lookup = {"columns": cols, "rows": [[r[c] for c in cols] for r in rows]}
    return Page("best.md", "best.md.j2", BestContext(base, grids, lookup, capped, base.devices), "Best model")
