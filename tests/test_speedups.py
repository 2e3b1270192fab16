"""What a newer PyTorch buys (view software_speedups) and what one setting buys (view
setting_speedups): pairs are made only of rows that differ in exactly what is compared — checked on
hand-made runs of one device — and, on the shipped data, timm's files pair as the pages say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import measured_dict, write

from zoobench import db

# One device, resnet18 at batch 1 (ms per batch) under five runs: settings and PyTorch version.
RUNS = {
    "a": ("2.4.0", {"precision": "fp32"}, 10.0),
    "b": ("2.4.0", {"precision": "fp32", "memory_format": "channels_last"}, 8.0),
    "c": ("2.4.0", {"precision": "fp16", "precision_method": "autocast", "memory_format": "channels_last"}, 4.0),
    "d": ("2.4.0", {"precision": "fp32", "execution": "compiled"}, 5.0),
    "e": ("2.9.1", {"precision": "fp32"}, 8.0),
    "f": ("2.9.1", {"precision": "fp16", "precision_method": "autocast"}, 2.0),
}


def run(name: str, torch: str, settings: dict[str, Any], ms: float) -> dict[str, Any]:
    doc = measured_dict(models={"resnet18": [(1, ms)], "squeezenet1_1": [(1 if name != "e" else 2, ms / 2)]},
                        created=f"2026-01-02T03:04:0{len(name)}+00:00")
    doc["software"]["torch"] = torch
    doc["settings"].update(settings)
    return doc


@pytest.fixture(scope="module")
def pairs_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("speedups")
    files = [write(root / "data" / f"{name}.json", run(name, *spec)) for name, spec in RUNS.items()]
    path = root / "zoobench.duckdb"
    db.ingest(files, path)
    return path


def rows(path: Path, sql: str) -> list[dict[str, Any]]:
    return db.query(path, sql).records()


def test_setting_pairs_differ_in_exactly_one_setting(pairs_db: Path) -> None:
    got = rows(pairs_db, """
        SELECT torch_version, setting, baseline, changed, baseline_settings_key, changed_settings_key, speedup
        FROM setting_speedups WHERE model_id = 'resnet18' ORDER BY ALL""")
    assert [(r["torch_version"], r["setting"], r["baseline"], r["changed"], round(r["speedup"], 6)) for r in got] == [
        ("2.4.0", "execution", "eager", "compiled", 2.0),  # a → d
        ("2.4.0", "memory_format", "contiguous", "channels_last", 1.25),  # a → b
        ("2.4.0", "precision", "fp32", "fp16 autocast", 2.0),  # b → c (both channels_last)
        ("2.9.1", "precision", "fp32", "fp16 autocast", 4.0),  # e → f
    ]
    # a and c differ in precision and memory format; b and d in memory format and execution; runs
    # under different PyTorch versions (a and e) are never a setting's pair
    keys = {(r["baseline_settings_key"], r["changed_settings_key"]) for r in got}
    assert ("fp32/contiguous/eager", "fp16/channels_last/eager") not in keys
    assert not {("fp32/channels_last/eager", "fp32/contiguous/compiled"),
                ("fp32/contiguous/compiled", "fp32/channels_last/eager")} & keys


def test_software_pairs_keep_model_resolution_batch_and_settings(pairs_db: Path) -> None:
    got = rows(pairs_db, """
        SELECT model_id, batch_size, old_torch, new_torch, old_settings_key, new_settings_key, also_differs, speedup
        FROM software_speedups ORDER BY ALL""")
    strict = [r for r in got if r["also_differs"] is None]
    # a → e and nothing else: squeezenet ran at batch 2 under 2.9.1, batch 1 under 2.4.0
    assert [(r["model_id"], r["batch_size"], r["old_settings_key"], r["speedup"]) for r in strict] == [
        ("resnet18", 1, "fp32/contiguous/eager", 10.0 / 8.0)]
    assert all(r["old_settings_key"] == r["new_settings_key"] for r in strict)
    # one other setting changed as well: kept, and named; two or more: left out
    loose = {(r["old_settings_key"], r["new_settings_key"]): r["also_differs"] for r in got if r["also_differs"]}
    assert loose == {
        ("fp32/channels_last/eager", "fp32/contiguous/eager"): "memory_format",  # b → e
        ("fp32/contiguous/compiled", "fp32/contiguous/eager"): "execution",  # d → e
        ("fp32/contiguous/eager", "fp16/contiguous/eager"): "precision",  # a → f
        ("fp16/channels_last/eager", "fp16/contiguous/eager"): "memory_format",  # c → f
    }
    assert {(r["old_torch"], r["new_torch"]) for r in got} == {("2.4.0", "2.9.1")}


def test_timm_rtx_3090_versions_and_settings(shipped_db: Path) -> None:
    software = rows(shipped_db, """
        SELECT old_torch, new_torch, count(*) AS n, bool_and(old_settings_key = new_settings_key) AS same
        FROM software_speedups WHERE device_id = 'rtx-3090-timm' AND also_differs IS NULL
        GROUP BY ALL ORDER BY ALL""")
    assert [(r["old_torch"], r["new_torch"], r["same"]) for r in software] == [
        ("1.13", "2.1.0", True), ("1.13", "2.4.0", True), ("2.1.0", "2.4.0", True)]
    assert all(r["n"] > 500 for r in software)
    # one pair by hand: ResNet-50 at 224 px, batch 1024, from the two files' step times
    r50 = rows(shipped_db, """
        SELECT s.old_ms, s.new_ms, s.speedup, o.batch_mean_ms AS old_batch_ms, n.batch_mean_ms AS new_batch_ms
        FROM software_speedups s
        JOIN measurements o ON o.run_id = s.old_run_id AND o.model_id = s.model_id
         AND o.resolution_px = s.resolution_px AND o.batch_size = s.batch_size
        JOIN measurements n ON n.run_id = s.new_run_id AND n.model_id = s.model_id
         AND n.resolution_px = s.resolution_px AND n.batch_size = s.batch_size
        WHERE s.device_id = 'rtx-3090-timm' AND s.model_id = 'resnet50' AND s.resolution_px = 224
          AND s.old_torch = '1.13' AND s.new_torch = '2.1.0' AND s.batch_size = 1024""")
    assert len(r50) == 1
    assert r50[0]["speedup"] == pytest.approx(r50[0]["old_batch_ms"] / r50[0]["new_batch_ms"])
    settings = rows(shipped_db, """
        SELECT device_id, setting, baseline, changed FROM setting_speedups
        WHERE baseline_citation_id = 'timm' GROUP BY ALL ORDER BY ALL""")
    assert [tuple(r.values()) for r in settings] == [
        ("rtx-3090-timm", "memory_format", "contiguous", "channels_last"),
        ("rtx-4090-timm", "execution", "eager", "compiled"),
        ("rtx-5090-timm", "execution", "eager", "compiled"),
        ("rtx-pro-6000-maxq-timm", "execution", "eager", "compiled"),
        ("rtx-pro-6000-maxq-timm", "precision", "fp16 autocast", "bf16 autocast"),
        ("rtx-pro-6000-maxq-timm", "precision_method", "bf16 autocast", "bf16 cast"),
    ]
