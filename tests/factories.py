"""Small, valid measurement files built in code, for tests that need one to tweak."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from zoobench.measurement import SCHEMA_VERSION, MeasurementFile, canonical_json, finalize


def measured_dict(
    *,
    device_id: str = "test-cpu",
    device_name: str = "Test CPU",
    models: dict[str, list[tuple[int, float | None]]] | None = None,
    created: str = "2026-01-02T03:04:05+00:00",
    precision: str = "fp32",
    memory_mb: float | None = 512.0,
) -> dict[str, Any]:
    """A measured run: `models` maps model id → [(batch size, median ms per batch or None = oom)]."""
    models = models or {"resnet18": [(1, 10.0), (2, 16.0)], "squeezenet1_1": [(1, 4.0), (2, None)]}
    entries = []
    for model_id, batches in models.items():
        rows = []
        for bs, ms in batches:
            if ms is None:
                rows.append({"batch_size": bs, "status": "oom", "error": "out of memory"})
                continue
            times = [ms * 0.98, ms, ms * 1.05]
            rows.append(
                {
                    "batch_size": bs,
                    "status": "ok",
                    "latency_per_batch": {
                        "mean_ms": sum(times) / 3,
                        "median_ms": ms,
                        "min_ms": min(times),
                        "max_ms": max(times),
                        "n": 3,
                        "times_ms": times,
                    },
                    "latency_per_image": {"median_ms": ms / bs, "mean_ms": sum(times) / 3 / bs},
                    "throughput_img_s": bs * 1000 / (sum(times) / 3),
                    "memory": {"host_rss_peak_mb": memory_mb, "host_rss_delta_mb": None},
                    "op_time_ms": {"convolution": ms * 0.7, "other": ms * 0.3},
                }
            )
        entries.append(
            {
                "model_id": model_id,
                "name": model_id,
                "resolution_px": 224,
                "params": 1000,
                "flops": {"gflops": 1.5, "convention": "flop_counter"},
                "accuracy": [{"top1": 70.0, "top5": 90.0, "kind": "reference", "source": "torchvision"}],
                "batches": rows,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "run": {
            "created_at": created,
            "tool": {"name": "tests", "version": "0"},
            "source": "measured",
            "contributor": "test suite",
        },
        "device": {
            "id": device_id,
            "name": device_name,
            "kind": "cpu",
            "cpu_model": "Test CPU",
            "cpu_cores": 2,
            "cpu_threads": 2,
        },
        "software": {"python": "3.11", "torch": "2.14.1"},
        "settings": {"precision": precision, "warmup_iters": 1, "timed_iters": 3},
        "models": entries,
    }


def finalized(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its run.id set to its content hash."""
    doc = MeasurementFile.model_validate_json(json.dumps(data), strict=True)
    return json.loads(canonical_json(finalize(doc)))


def write(path: Path, data: dict[str, Any], *, rehash: bool = True) -> Path:
    data = finalized(copy.deepcopy(data)) if rehash else data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def now() -> str:
    return datetime.now(UTC).isoformat()
