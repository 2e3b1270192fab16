"""Flatten one validated measurement file into rows of the database's tables (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from zoobench import registry
from zoobench.measurement import Latency, MeasurementFile

Row = dict[str, Any]


def utc(t: datetime) -> datetime:
    """A naive UTC datetime: the database stores TIMESTAMP in UTC."""
    return t.astimezone(UTC).replace(tzinfo=None)


def _stats(prefix: str, lat: Latency | None) -> Row:
    fields = ("mean", "median", "min", "max", "p90", "std")
    if lat is None:
        return {f"{prefix}_{f}_ms": None for f in fields}
    return {f"{prefix}_{f}_ms": getattr(lat, f"{f}_ms") for f in fields}


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


def run_rows(doc: MeasurementFile, *, path: str, dataset_version: int) -> dict[str, list[Row]]:
    """Rows for every table but `models`, `dataset_*` (the ingest adds those)."""
    run, dev, sw, st = doc.run, doc.device, doc.software, doc.settings
    rows: dict[str, list[Row]] = {
        t: []
        for t in ("sources", "devices", "runs", "model_specs", "accuracy", "measurements", "op_breakdown")
    }
    cite = run.citation
    if cite:
        rows["sources"].append(
            {
                "source_id": cite.id,
                "authors": cite.authors,
                "title": cite.title,
                "venue": cite.venue,
                "year": cite.year,
                "doi": cite.doi,
                "url": cite.url,
            }
        )
    if dev:
        rows["devices"].append(
            dev.model_dump(mode="json", exclude={"id"}) | {"device_id": dev.id, "last_run_id": run.id}
        )
    rows["runs"].append(
        {
            "run_id": run.id,
            "dataset_version": dataset_version,
            "file_path": path,
            "created_at": utc(run.created_at).isoformat(),
            "source": run.source.value,
            "citation_id": cite.id if cite else None,
            "citation_locator": cite.locator if cite else None,
            "contributor": run.contributor,
            "notes": run.notes,
            "tool_name": run.tool.name,
            "tool_version": run.tool.version,
            "git_commit": run.tool.git_commit,
            "device_id": dev.id if dev else None,
            "driver_version": dev.driver_version if dev else None,
            "cuda_version": dev.cuda_version if dev else None,
            "cudnn_version": dev.cudnn_version if dev else None,
            "os": dev.os if dev else None,
            **sw.model_dump(mode="json"),
            "settings_key": st.key if st else None,
            **(st.model_dump(mode="json") if st else {}),
        }
    )
    for m in doc.models:
        flops = m.flops
        rows["model_specs"].append(
            {
                "run_id": run.id,
                "model_id": m.model_id,
                "weights": m.weights,
                "name_as_given": m.name,
                "resolution_px": m.resolution_px,
                "params": m.params,
                "file_size_mb": m.file_size_mb,
                "gflops": flops.gflops if flops else None,
                "flops_convention": flops.convention.value if flops else None,
                "flops_reported": flops.reported if flops else None,
                "flops_by_operator": flops.by_operator if flops else None,
            }
        )
        for a in m.accuracy:
            rows["accuracy"].append(
                {"run_id": run.id, "model_id": m.model_id, "weights": m.weights}
                | a.model_dump(mode="json", exclude={"weights"})
                | {"weights": a.weights or m.weights}
            )
        for b in m.batches:
            assert dev is not None and st is not None  # the format guarantees both
            per_batch, mem, energy = b.latency_per_batch, b.memory, b.energy
            rows["measurements"].append(
                {
                    "run_id": run.id,
                    "model_id": m.model_id,
                    "weights": m.weights,
                    "device_id": dev.id,
                    "batch_size": b.batch_size,
                    "settings_key": st.key,
                    "precision": st.precision.value,
                    "memory_format": st.memory_format,
                    "execution": st.execution,
                    "status": b.status.value,
                    "error": b.error,
                    **_stats("image", b.latency_per_image),
                    **_stats("batch", per_batch),
                    "batch_first_ms": per_batch.first_ms if per_batch else None,
                    "iterations": (per_batch and per_batch.n)
                    or (b.latency_per_image and b.latency_per_image.n),
                    "times_ms": per_batch.times_ms if per_batch else None,
                    "throughput_img_s": b.throughput_img_s,
                    **(mem.model_dump(mode="json") if mem else {}),
                    "energy_per_image_j": energy.per_image_j if energy else None,
                    "mean_power_w": energy.mean_power_w if energy else None,
                    "energy_window_s": energy.window_s if energy else None,
                    "energy_method": energy.method if energy else None,
                }
            )
            for category, ms in (b.op_time_ms or {}).items():
                rows["op_breakdown"].append(
                    {
                        "run_id": run.id,
                        "model_id": m.model_id,
                        "weights": m.weights,
                        "device_id": dev.id,
                        "batch_size": b.batch_size,
                        "category": category.value,
                        "time_ms": ms,
                    }
                )
    return rows
