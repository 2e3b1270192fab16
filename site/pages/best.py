"""Best model at constraints: Bianco 2018 Table 3 per device (the question `zoobench best` asks), and
the rows the in-page lookup filters live."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoobench.site.data import Data
from zoobench.site.packed import pack
from zoobench.site.pages.common import EMBED_CAP, Page, Stamp, group_by

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


def _grids(data: Data, base: Stamp) -> list[DeviceGrid]:
    """Every device's Table 3 grids from one query (`queries/best_grid.sql`), pytorch's first."""
    rows = data.rows("best_grid", memory_gb=list(MEMORY_GB), min_fps=list(MIN_FPS), top=TOP)
    names = {d["device_id"]: d["name"] for d in base.devices}
    by_grid = group_by(rows, "device_id", "runtime")
    grids = []
    for device_id in names:
        mine = [rt for dev, rt in by_grid if dev == device_id]
        runtimes = sorted(mine, key=lambda rt: (rt != "pytorch", rt))
        for runtime in runtimes:
            these = by_grid[device_id, runtime]
            first = these[0]
            limits: tuple[float | None, ...] = MEMORY_GB if first["has_memory"] else (None,)
            cell_rows = group_by(these, "max_memory_gb", "min_fps")
            cells = [
                [GridCell(gb, fps, [r for r in cell_rows.get((gb, fps), []) if r["model_id"] is not None])
                 for fps in MIN_FPS]
                for gb in limits
            ]
            grids.append(DeviceGrid(device_id, names[device_id], runtime, len(runtimes) > 1,
                                    first["batch_size"], first["has_memory"], cells))
    return grids


def best_page(data: Data, base: Stamp) -> Page:
    rows = data.rows("lookup_rows", cap=EMBED_CAP + 1)
    capped = len(rows) > EMBED_CAP
    rows = rows[:EMBED_CAP]
    cols = ["device_id", "runtime", "batch_size", "model_id", "name", "top1", "accuracy_source", "fps",
            "memory_mb"]
    lookup = pack(rows, cols)
    return Page("best.md", "best.md.j2", BestContext(base, _grids(data, base), lookup, capped, base.devices),
                "Best model")
