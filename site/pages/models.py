"""Models: the catalogue (sortable, filterable) and a page per model (its measurements on every
device, time and memory vs batch size, accuracy from every source, every spec a source gives)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart
from zoobench.site.data import Data
from zoobench.site.format import EVAL_SETS
from zoobench.site.pages.common import Page, Stamp, group_by, page_slug, restamp


@dataclass
class CatalogueContext:
    stamp: Stamp
    models: list[dict[str, Any]]


@dataclass
class DeviceBlock:
    device_id: str
    device_name: str
    settings_key: str
    time_statistic: str
    memory_basis: str
    rows: list[dict[str, Any]]


@dataclass
class AccuracyRow:
    """One weights × evaluation resolution of one source, with a cell per evaluation set."""

    weights: str | None
    resolution_px: int | None
    detail: str  # kind, crop, interpolation, evaluated with, pretraining data
    cells: dict[str, dict[str, Any]]  # dataset → its accuracy row (top1, top5)


@dataclass
class SourceAccuracy:
    source: str
    title: str | None
    year: int | None
    url: str | None
    cited: str  # the runs' citation locators (files, tables), shortened
    rows: list[AccuracyRow]


@dataclass
class AccuracyTable:
    """A model's accuracy: rows = source × weights × resolution, columns = the evaluation sets it has."""

    sets: list[tuple[str, str, str]]  # (dataset, short label, full name), in EVAL_SETS order
    sources: list[SourceAccuracy]


@dataclass
class ModelContext:
    stamp: Stamp
    model: dict[str, Any]
    devices: list[DeviceBlock]
    accuracy: AccuracyTable
    specs: list[dict[str, Any]]
    predicted: list[dict[str, Any]] = field(default_factory=list)  # rows of `predictions`


def catalogue_page(data: Data, base: Stamp) -> Page:
    return Page(
        "models/index.md", "models.md.j2", CatalogueContext(base, data.rows("models_catalogue")), "Models"
    )


def model_pages(data: Data, base: Stamp) -> list[Page]:
    """A page per model; three queries for all models, split here (fast at a million rows)."""
    measured = group_by(data.rows("model_measurements"), "model_id")
    accuracy = group_by(data.rows("model_accuracy_all"), "model_id")
    specs = group_by(data.rows("model_specs_all"), "model_id")
    predicted = group_by(data.rows("predictions"), "model_id")
    pages = []
    for model in data.rows("models_catalogue"):
        mid = model["model_id"]
        rows = measured.get(mid, [])
        blocks = [
            DeviceBlock(
                dev,
                r[0]["device_name"],
                r[0]["settings_key"],
                ", ".join(sorted({x["time_statistic"] for x in r if x["time_statistic"]})),
                ", ".join(sorted({x["memory_basis"] for x in r if x["memory_basis"]})) or "not measured",
                r,
            )
            for dev, r in group_by(rows, "device_id").items()
        ]
        sources = {a["source"] for a in accuracy.get(mid, [])} | {s["source"] for s in specs.get(mid, [])}
        sources |= {r["citation_id"] for r in rows if r["citation_id"]}
        ctx = ModelContext(
            restamp(base, [b.device_id for b in blocks], sorted(sources)),
            model,
            blocks,
            accuracy_table(accuracy.get(mid, [])),
            specs.get(mid, []),
            predicted.get(mid, []),
        )
        pages.append(Page(f"models/{page_slug(mid)}.md", "model.md.j2", ctx, mid, _charts(mid, rows)))
    return pages


def _detail(r: dict[str, Any]) -> str:
    crop = f"crop {r['crop_pct']:g}" if r["crop_pct"] else r["crop"] and f"{r['crop']} crop"
    pretrain = r["pretrain"] and f"pretrained on {r['pretrain']}"
    return " · ".join(x for x in (r["kind"], crop, r["interpolation"], r["evaluated_with"], pretrain) if x)


def _cited(locators: list[str]) -> str:
    """Locators sharing an ' at commit X' suffix listed once before it (timm's six results files)."""
    by_commit: dict[str, list[str]] = {}
    for loc in dict.fromkeys(x for x in locators if x):
        head, sep, commit = loc.partition(" at commit ")
        by_commit.setdefault(f" at commit {commit[:12]}" if sep else "", []).append(head)
    return "; ".join(", ".join(heads) + commit for commit, heads in by_commit.items())


def accuracy_table(rows: list[dict[str, Any]]) -> AccuracyTable:
    """Pivot a model's accuracy rows (query `model_accuracy_all`, in preference order) into one row per
    source × weights × resolution × evaluation method and one column per evaluation set."""
    known = {d for d, _, _ in EVAL_SETS}
    sets = [s for s in EVAL_SETS if any(r["dataset"] == s[0] for r in rows)]
    sets += [(d, d, d) for d in dict.fromkeys(r["dataset"] for r in rows) if d not in known]
    out: list[SourceAccuracy] = []
    for source, group in group_by(rows, "source").items():
        pivot: dict[tuple[Any, ...], AccuracyRow] = {}
        for r in group:
            key = (r["kind"], r["weights"], r["resolution_px"], r["crop"], r["crop_pct"],
                   r["interpolation"], r["evaluated_with"])
            row = pivot.setdefault(key, AccuracyRow(r["weights"], r["resolution_px"], _detail(r), {}))
            row.cells.setdefault(r["dataset"], r)
        ranked = sorted(pivot.values(), key=lambda a: -(a.cells.get("imagenet-1k-val", {}).get("top1") or -1))
        first = group[0]
        out.append(SourceAccuracy(source, first["source_title"], first["source_year"], first["source_url"],
                                  _cited([r["citation_locator"] for r in group]), ranked))
    return AccuracyTable(sets, out)


def _charts(model_id: str, rows: list[dict[str, Any]]) -> list[Chart]:
    ok = [r for r in rows if r["status"] == "ok"]  # one line per device × resolution (query's `device`)
    if not ok:
        return []
    tip = [
        ("device", "N"),
        ("resolution_px", "Q"),
        ("batch_size", "Q"),
        ("time_per_image_ms", "Q"),
        ("fps", "Q"),
        ("memory_mb", "Q"),
    ]
    out = [
        Chart(
            f"time-{page_slug(model_id)}",
            charts.lines_by(
                ok,
                x="batch_size",
                y="time_per_image_ms",
                series="device",
                x_title="batch size",
                y_title="time per image (ms)",
                tooltip=tip,
            ),
            caption="Time per image vs batch size on every device (default settings per device).",
        )
    ]
    mem = [r for r in ok if r["memory_mb"] is not None]
    if mem:
        out.append(
            Chart(
                f"memory-{page_slug(model_id)}",
                charts.lines_by(
                    mem,
                    x="batch_size",
                    y="memory_mb",
                    series="device",
                    x_title="batch size",
                    y_title="memory (MB)",
                    log_y=False,
                    tooltip=tip,
                ),
                caption="Memory vs batch size (GPU: device memory incl. CUDA context; CPU: peak RSS).",
            )
        )
    return out
