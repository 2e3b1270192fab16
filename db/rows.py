"""Flatten one validated measurement file into rows of the database's tables (pure functions).

Columns are the format's own field names, taken from its models: `_fields` turns a part of the
file into columns (a prefix, a few renames), all null when the file has no such part. A field
the format gains needs a column of the same name (a migration) and no code here.

Every model row is filed under the canonical id (`registry.canonical`) with the id that ran kept in
`implementation`, and carries its resolution: the entry's, else the model's default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from zoobench import registry
from zoobench.measurement import (
    BatchResult,
    Citation,
    Device,
    Energy,
    Flops,
    Latency,
    MeasurementFile,
    Memory,
    ModelResult,
    Run,
    Settings,
    Software,
    Tool,
)

Row = dict[str, Any]

RUN_TABLES = ("sources", "devices", "runs", "model_specs", "accuracy", "measurements", "op_breakdown")
"""The tables `run_rows` fills, in the order they are inserted (`devices` is merged, not appended)."""

STATS = ("mean_ms", "median_ms", "min_ms", "max_ms", "p90_ms", "std_ms")


def utc(t: datetime) -> datetime:
    """A naive UTC datetime: the database stores TIMESTAMP in UTC."""
    return t.astimezone(UTC).replace(tzinfo=None)


def _fields(
    kind: type[BaseModel],
    obj: BaseModel | None,
    prefix: str = "",
    *,
    only: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    rename: Mapping[str, str] | None = None,
) -> Row:
    """`obj`'s fields (all of `kind`'s, or `only` these) as columns `prefix + field` or `rename[field]`;
    every column null when `obj` is None."""
    names = [f for f in (only or kind.model_fields) if f not in set(exclude)]
    data = obj.model_dump(mode="json", include=set(names)) if obj is not None else {}
    return {(rename or {}).get(f, prefix + f): data.get(f) for f in names}


def model_row(model_id: str) -> Row:
    info = registry.get(model_id)
    return {
        "model_id": info.id,
        "name": info.name,
        "family": info.family,
        "year": info.year,
        "library": info.library,
        "resolution_px": info.resolution_px,
    }


def run_row(doc: MeasurementFile, *, path: str, dataset_version: int) -> Row:
    run, st = doc.run, doc.settings
    return {
        "run_id": run.id,
        "dataset_version": dataset_version,
        "file_path": path,
        "created_at": utc(run.created_at).isoformat(),
        **_fields(Run, run, only=("source", "contributor", "notes")),
        **_fields(Citation, run.citation, "citation_", only=("id", "locator")),
        **_fields(Tool, run.tool, "tool_", rename={"git_commit": "git_commit"}),
        **_fields(Device, doc.device, only=("id", "driver_version", "cuda_version", "cudnn_version", "os"),
                  rename={"id": "device_id"}),
        **_fields(Software, doc.software),
        "settings_key": st.key if st else None,
        **_fields(Settings, st),
    }


def identity(m: ModelResult) -> Row:
    """The columns that say which model a row is about: canonical id, implementation, resolution."""
    model_id = registry.canonical(m.model_id)
    return {
        "model_id": model_id,
        "implementation": m.model_id,
        "resolution_px": m.resolution_px or registry.get(model_id).resolution_px,
    }


def spec_row(run_id: str, m: ModelResult) -> Row:
    return {
        "run_id": run_id,
        **_fields(ModelResult, m, only=("weights", "resolution_px", "params", "file_size_mb",
                                         "activations_m")),
        "model_id": registry.canonical(m.model_id),
        "implementation": m.model_id,
        "name_as_given": m.name,
        **_fields(Flops, m.flops, "flops_", rename={"gflops": "gflops"}),
    }


def measurement_row(key: Row, settings: Settings, b: BatchResult) -> Row:
    """One batch size of one model; `key` holds run, model, weights and device."""
    per_batch, per_image = b.latency_per_batch, b.latency_per_image
    return {
        **key,
        **_fields(BatchResult, b, only=("batch_size", "status", "error", "throughput_img_s",
                                        "output_max_abs_diff", "output_reference")),
        "settings_key": settings.key,
        **_fields(Settings, settings,
                  only=("runtime", "precision", "precision_method", "memory_format", "execution")),
        **_fields(Latency, per_image, "image_", only=STATS),
        **_fields(Latency, per_batch, "batch_", only=(*STATS, "first_ms", "times_ms"),
                  rename={"times_ms": "times_ms"}),
        "iterations": (per_batch and per_batch.n) or (per_image and per_image.n),
        **_fields(Memory, b.memory),
        **_fields(Energy, b.energy, "energy_", rename={"mean_power_w": "mean_power_w"}),
    }


def run_rows(doc: MeasurementFile, *, path: str, dataset_version: int) -> dict[str, list[Row]]:
    """Rows for each of RUN_TABLES (the ingest adds `models` and `dataset_*`)."""
    run, dev, st = doc.run, doc.device, doc.settings
    rows: dict[str, list[Row]] = {t: [] for t in RUN_TABLES}
    if run.citation:
        source = _fields(Citation, run.citation, exclude=("locator",), rename={"id": "source_id"})
        rows["sources"].append(source)
    if dev:
        rows["devices"].append(_fields(Device, dev, rename={"id": "device_id"}) | {"last_run_id": run.id})
    rows["runs"].append(run_row(doc, path=path, dataset_version=dataset_version))
    for m in doc.models:
        model_key = {"run_id": run.id, **identity(m), "weights": m.weights}
        rows["model_specs"].append(spec_row(run.id, m))
        rows["accuracy"].extend(
            model_key
            | a.model_dump(mode="json")
            | {"weights": a.weights or m.weights,
               "resolution_px": a.resolution_px or model_key["resolution_px"]}
            for a in m.accuracy
        )
        for b in m.batches:
            assert dev is not None and st is not None  # the format guarantees both
            key = model_key | {"device_id": dev.id}
            rows["measurements"].append(measurement_row(key, st, b))
            rows["op_breakdown"].extend(
                key | {"batch_size": b.batch_size, "category": category.value, "time_ms": ms}
                for category, ms in (b.op_time_ms or {}).items()
            )
    return rows
