"""Devices: an index, and a page per device with Bianco's colour-coded time table (Table 1), the
memory table (Table 2), throughput vs batch size (EmBench Fig. 2), and the runs' provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart
from zoobench.site.data import Data
from zoobench.site.format import FPS_BINS, fps_bin
from zoobench.site.pages.common import Page, Stamp, group_by, page_slug, restamp


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
    bins: list[tuple[str, str]] = field(default_factory=lambda: [(c, label) for _, c, label in FPS_BINS])


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
    for model_id, cells in group_by(grid, "model_id").items():
        by_bs = {c["batch_size"]: c for c in cells}
        rows.append(
            GridRow(
                model_id,
                cells[0]["name"],
                [_cell(bs, by_bs.get(bs)) for bs in batch_sizes],
            )
        )
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
    )
    ok = [r for r in grid if r["status"] == "ok" and r["fps"]]
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


def _fill_predicted(rows: list[GridRow], batch_sizes: list[int], predicted: list[dict[str, Any]]
                    ) -> tuple[list[GridRow], list[dict[str, Any]]]:
    """Predicted cells into the grid's empty cells of models it shows; the other predictions apart."""
    by_model = {r.model_id: r for r in rows}
    rest = []
    for p in predicted:
        row = by_model.get(p["model_id"])
        if row is None or p["batch_size"] not in batch_sizes:
            rest.append(p)
            continue
        i = batch_sizes.index(p["batch_size"])
        if row.cells[i].status is None:
            row.cells[i] = Cell(p["batch_size"], "predicted", p["time_per_image_ms"], p["fps"], prediction=p)
    return rows, rest


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
