"""Devices: an index, and a page per device with Bianco's colour-coded time table (Table 1), the
memory table (Table 2), throughput vs batch size (EmBench Fig. 2), and the runs' provenance.

Where resolution, not batch size, varies (timm's benchmarks: one batch size per model ×
resolution), the page is a model × resolution table instead: one row per model at a resolution,
one images/s column per settings × PyTorch version measured, and top-1 against images/s."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart
from zoobench.site.data import Data
from zoobench.site.format import FPS_BINS, fps_bin
from zoobench.site.pages.common import Page, Stamp, group_by, page_slug, restamp

# The batch-size grids show at most this many models (the fastest): at 1,458 models a device page
# was 1.9 MB. The shipped data's devices measured ≤ 100 models this way (timm's are model × resolution).
MAX_GRID_ROWS = 500


@dataclass
class Cell:
    batch_size: int
    status: str | None  # ok | oom | error | None (not measured)
    time_ms: float | None = None
    fps: float | None = None
    memory_mb: float | None = None
    css: str = ""
    prediction: dict[str, Any] | None = None  # status "predicted": the row of `predictions`


@dataclass
class GridRow:
    model_id: str
    name: str
    cells: list[Cell]
    resolution_px: int | None = None


@dataclass
class SettingsColumn:
    """One settings × PyTorch version a device was measured with (a column of the resolution table)."""

    settings_key: str
    precision: str
    memory_format: str
    execution: str
    torch_version: str | None
    models: int
    usual_batch: int
    heading: str = "images/s"  # what sets it apart from the page's other columns


def _headings(columns: list[SettingsColumn]) -> None:
    """Each column headed by what differs between the columns (e.g. 'eager', 'PyTorch 2.1.0')."""
    parts = [[c.precision, c.memory_format, c.execution, f"PyTorch {c.torch_version or 'n/a'}"]
             for c in columns]
    varies = [i for i in range(4) if len({p[i] for p in parts}) > 1]
    for c, p in zip(columns, parts, strict=True):
        c.heading = " ".join(p[i] for i in varies) or "images/s"


@dataclass
class RateCell:
    fps: float
    time_ms: float
    batch_size: int
    css: str


@dataclass
class ResolutionRow:
    model_id: str
    label: str
    resolution_px: int
    params: float | None
    gflops: float | None
    top1: float | None
    cells: list[RateCell | None]


@dataclass
class DeviceContext:
    stamp: Stamp
    device: dict[str, Any]
    settings_key: str | None
    other_settings: list[dict[str, Any]]
    batch_sizes: list[int]
    rows: list[GridRow]
    time_statistic: str
    memory_basis: str
    has_memory: bool
    runs: list[dict[str, Any]]
    predicted: list[dict[str, Any]] = field(default_factory=list)  # models not in the grid
    layout: str = "batch"  # batch: model × batch size grids; resolution: model × resolution table
    columns: list[SettingsColumn] = field(default_factory=list)  # layout resolution
    table: list[ResolutionRow] = field(default_factory=list)  # layout resolution
    bins: list[tuple[str, str]] = field(default_factory=lambda: [(c, label) for _, c, label in FPS_BINS])
    all_rows: int = 0  # rows of the batch-size grids before the MAX_GRID_ROWS cap


@dataclass
class DevicesIndexContext:
    stamp: Stamp
    devices: list[dict[str, Any]]


def device_page(data: Data, base: Stamp, device_id: str,
                predictions: list[dict[str, Any]] | None = None) -> Page:
    device = data.one("device", device_id=device_id)
    settings = data.rows("device_settings", device_id=device_id)
    key = settings[0]["settings_key"] if settings else None
    grid = data.rows("device_grid", device_id=device_id, settings_key=key) if key else []
    runs = data.rows("device_runs", device_id=device_id)
    batch_sizes = sorted({r["batch_size"] for r in grid})
    rows = []
    for (model_id, res), cells in group_by(grid, "model_id", "resolution_px").items():
        by_bs = {c["batch_size"]: c for c in cells}
        cells_by_bs = [_cell(bs, by_bs.get(bs)) for bs in batch_sizes]
        rows.append(GridRow(model_id, cells[0]["name"], cells_by_bs, res))
    predicted = [p for p in predictions or [] if p["settings_key"] == key]
    rows, rest = _fill_predicted(rows, batch_sizes, predicted)
    sources = sorted({r["citation_id"] for r in runs if r["citation_id"]})
    ctx = DeviceContext(
        stamp=restamp(base, [device_id], sources),
        device=device,
        settings_key=key,
        other_settings=settings[1:],
        batch_sizes=batch_sizes,
        rows=rows,
        time_statistic=", ".join(sorted({r["time_statistic"] for r in grid if r["time_statistic"]})) or "n/a",
        memory_basis=", ".join(sorted({r["memory_basis"] for r in grid if r["memory_basis"]}))
        or "not measured",
        has_memory=any(r["memory_mb"] is not None for r in grid),
        runs=runs,
        predicted=rest,
        all_rows=len(rows),
    )
    if _resolution_varies(grid):
        return _resolution_page(data, ctx, device_id)
    if len(rows) > MAX_GRID_ROWS:  # the fastest (best time per image at any batch size), in table order
        kept = set(map(id, sorted(rows, key=_best_time)[:MAX_GRID_ROWS]))
        ctx.rows = [r for r in rows if id(r) in kept]
    shown = {(r.model_id, r.resolution_px) for r in ctx.rows}
    ok = [r for r in grid if r["status"] == "ok"
          and r["fps"] and (r["model_id"], r["resolution_px"]) in shown]
    chart = Chart(
        f"throughput-{device_id}",
        charts.lines_by(
            ok,
            x="batch_size",
            y="fps",
            series="name",
            x_title="batch size",
            y_title="images per second",
            tooltip=[("name", "N"), ("batch_size", "Q"), ("fps", "Q"), ("time_per_image_ms", "Q")],
        ),
        caption=f"Images per second (1000 / {ctx.time_statistic} time per image) vs batch size "
        f"on {device_id}, settings {key}.",
    )
    return Page(f"devices/{page_slug(device_id)}.md", "device.md.j2", ctx, device_id, [chart])


def _resolution_varies(grid: list[dict[str, Any]]) -> bool:
    """True where resolutions differ and most models × resolutions have one batch size (timm's tables;
    a model may have been measured at another batch size under an older PyTorch)."""
    pairs = group_by(grid, "model_id", "resolution_px")
    single = sum(len({r["batch_size"] for r in rows}) == 1 for rows in pairs.values())
    return len({r["resolution_px"] for r in grid}) > 1 and 2 * single >= len(pairs)


def _resolution_page(data: Data, ctx: DeviceContext, device_id: str) -> Page:
    """The model × resolution table: a row per model at a resolution, a column per settings × PyTorch."""
    ctx.layout = "resolution"
    ctx.columns = [
        SettingsColumn(c["settings_key"], c["precision"], c["memory_format"], c["execution"],
                       c["torch_version"], c["models"], c["usual_batch"])
        for c in data.rows("device_columns", device_id=device_id)
    ]
    _headings(ctx.columns)
    index = {(c.settings_key, c.torch_version): i for i, c in enumerate(ctx.columns)}
    found = data.rows("device_table", device_id=device_id)
    for (model_id, res), cells in group_by(found, "model_id", "resolution_px").items():
        first = cells[0]
        row = ResolutionRow(model_id, first["label"], res, first["params"], first["gflops"], first["top1"],
                            [None] * len(ctx.columns))
        for c in cells:
            row.cells[index[c["settings_key"], c["torch_version"]]] = RateCell(
                c["fps"], c["time_per_image_ms"], c["batch_size"], fps_bin(c["fps"]))
        ctx.table.append(row)
    first_col = ctx.columns[0] if ctx.columns else None
    points = [
        {"model": r.label, "px": r.resolution_px, "top1": r.top1, "fps": float(f"{r.cells[0].fps:.4g}")}
        for r in ctx.table if r.top1 is not None and r.cells and r.cells[0] is not None
    ]
    chart = Chart(
        f"top1-fps-{device_id}",
        charts.scatter(points, x="fps", y="top1", x_title="images per second (log)", y_title="top-1 (%)",
                       log_x=True, tooltip=[("model", "N"), ("px", "Q"), ("fps", "Q"), ("top1", "Q")]),
        caption=f"ImageNet top-1 at the resolution measured against images per second on {device_id}"
        + (f", {first_col.settings_key}, PyTorch {first_col.torch_version}" if first_col else "")
        + "; models without a published top-1 at that resolution are left out.",
    )
    return Page(f"devices/{page_slug(device_id)}.md", "device.md.j2", ctx, device_id, [chart])


def _fill_predicted(rows: list[GridRow], batch_sizes: list[int], predicted: list[dict[str, Any]]
                    ) -> tuple[list[GridRow], list[dict[str, Any]]]:
    """Predicted cells into the grid's empty cells of models it shows; the other predictions apart."""
    by_model = {(r.model_id, r.resolution_px): r for r in rows}
    rest = []
    for p in predicted:
        row = by_model.get((p["model_id"], p["resolution_px"]))
        if row is None or p["batch_size"] not in batch_sizes:
            rest.append(p)
            continue
        i = batch_sizes.index(p["batch_size"])
        if row.cells[i].status is None:
            row.cells[i] = Cell(p["batch_size"], "predicted", p["time_per_image_ms"], p["fps"], prediction=p)
    return rows, rest


def _best_time(row: GridRow) -> float:
    return min((c.time_ms for c in row.cells if c.status == "ok" and c.time_ms), default=math.inf)


def _cell(bs: int, row: dict[str, Any] | None) -> Cell:
    if row is None:
        return Cell(bs, None)
    return Cell(
        bs, row["status"], row["time_per_image_ms"], row["fps"], row["memory_mb"], fps_bin(row["fps"])
    )


def devices_index(data: Data, base: Stamp) -> Page:
    return Page(
        "devices/index.md", "devices.md.j2", DevicesIndexContext(base, data.rows("devices")), "Devices"
    )
