"""Home: what zoobench is, the dataset's counts, and key findings recomputed from the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zoobench.site.data import Data
from zoobench.site.pages.common import Page, Stamp


@dataclass
class Finding:
    device_id: str
    device_name: str
    best_at_30: dict[str, Any] | None  # best top-1 at ≥ 30 images/s, batch size 1
    fastest: dict[str, Any] | None  # most images/s at any batch size
    memory_floor: dict[str, Any] | None  # smallest memory of any model at batch size 1


@dataclass
class HomeContext:
    stamp: Stamp
    counts: dict[str, Any]
    findings: list[Finding]


def home_page(data: Data, base: Stamp) -> Page:
    findings = []
    for d in base.devices:
        rows = data.rows("device_findings", device_id=d["device_id"])
        by = {r["finding"]: r for r in rows}
        findings.append(
            Finding(
                d["device_id"], d["name"], by.get("best_at_30"), by.get("fastest"), by.get("memory_floor")
            )
        )
    return Page("index.md", "home.md.j2", HomeContext(base, data.one("counts"), findings), "Home")
