"""How long a sweep would take on a device, from what the database holds (`collect --plan`): each
model × batch size measured there, or predicted from the device's other models by FLOPs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zoobench.db.lookup import fetch, find_device
from zoobench.db.schema import connect, query_sql


@dataclass
class BatchTimes:
    device: dict[str, Any]
    settings_key: str
    rows: list[dict[str, Any]] = field(default_factory=list)  # model_id, batch_size, batch_ms, basis


def batch_times(db_path: Path, device: str, settings_key: str, models: list[str],
                batch_sizes: list[int]) -> BatchTimes:
    """Time per batch of each model × batch size on `device` (id or a unique part of its name)."""
    con = connect(db_path, read_only=True)
    try:
        found = find_device(con, device)
        params = {"device_id": found["device_id"], "settings_key": settings_key, "models": models,
                  "batch_sizes": batch_sizes}
        return BatchTimes(found, settings_key, fetch(con, query_sql("batch_time_estimate"), params).records())
    finally:
        con.close()
