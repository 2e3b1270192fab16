"""`zoobench review`: what a pull request's files add, changes beyond the threshold, implausible values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MEASUREMENTS
from factories import measured_dict, write
from typer.testing import CliRunner

from zoobench import db
from zoobench.cli import app
from zoobench.db.review import peak_tflops
from zoobench.errors import InvalidMeasurementFiles


def test_new_device_settings_and_model_are_reported(shipped_db: Path, tmp_path: Path) -> None:
    before = shipped_db.read_bytes()
    data = measured_dict(device_id="my-laptop", device_name="My Laptop",
                         models={"resnet18": [(1, 10.0)], "timm:cspnext_tiny": [(1, 8.0)]})
    report = db.review([write(tmp_path / "pr.json", data)], shipped_db)
    new = {(n["kind"], n["id"]) for n in report.new}
    assert ("device", "my-laptop") in new
    assert ("settings", "my-laptop fp32/contiguous/eager") in new
    assert ("model", "timm:cspnext_tiny") in new  # a timm model no shipped file has
    assert ("model", "resnet18") not in new  # the shipped data already has it
    assert report.files[0]["device_is_new"] and not report.files[0]["already_in_database"]
    assert report.changes == [] and report.implausible == []
    assert shipped_db.read_bytes() == before  # reviewing never writes to the database


def test_a_doctored_latency_is_flagged(shipped_db_copy: Path, tmp_path: Path) -> None:
    db.ingest([write(tmp_path / "first.json", measured_dict())], shipped_db_copy)
    doctored = measured_dict(created="2026-06-01T00:00:00+00:00",
                             models={"resnet18": [(1, 25.0), (2, 16.5)], "squeezenet1_1": [(1, 4.0), (2, None)]})
    report = db.review([write(tmp_path / "second.json", doctored)], shipped_db_copy, threshold=0.10)
    changes = {(c["model_id"], c["batch_size"]): c for c in report.changes}
    assert len(changes) == 4
    assert changes[("resnet18", 1)]["time_change"] == pytest.approx(1.5)  # 10 → 25 ms
    assert changes[("resnet18", 1)]["flagged"]
    assert changes[("resnet18", 2)]["time_change"] == pytest.approx(0.03125)  # within 10 %
    assert not changes[("resnet18", 2)]["flagged"]
    assert not changes[("squeezenet1_1", 2)]["flagged"]  # oom before and after
    assert [(c["model_id"], c["batch_size"]) for c in report.flagged_changes] == [("resnet18", 1)]
    assert "⚠️ | resnet18 | test-cpu | 1" in report.markdown()


def test_faster_than_the_device_can_compute_is_implausible(shipped_db: Path, tmp_path: Path) -> None:
    data = measured_dict(models={"resnet18": [(1, 0.001)]})  # 1.5 GFLOPs in 1 µs = 1.5 PFLOP/s
    report = db.review([write(tmp_path / "fast.json", data)], shipped_db)
    assert len(report.implausible) == 1
    flag = report.implausible[0]
    assert flag.model_id == "resnet18" and "above the device's peak" in flag.problem
    assert "2 threads × 5 GHz" in flag.problem


def test_peak_table_and_bounds() -> None:
    row = {"precision": "bf16", "device_model": "NVIDIA H100 80GB HBM3", "device_name": "x",
           "device_kind": "gpu", "cpu_threads": None, "cpu_cores": None}
    assert peak_tflops(row)[0] == pytest.approx(989.4)
    assert peak_tflops(row | {"precision": "fp32"})[0] == pytest.approx(494.7)
    assert peak_tflops(row | {"device_model": "Mystery GPU"})[1].startswith("generic")
    cpu = row | {"device_kind": "cpu", "device_model": "Some CPU", "cpu_threads": 8, "precision": "fp32"}
    assert peak_tflops(cpu)[0] == pytest.approx(8 * 5 * 64 / 1000)


def test_every_shipped_accelerator_has_a_datasheet_peak() -> None:
    """review bounds each published GPU and Jetson by its own datasheet, not by the generic ceiling."""
    seen = set()
    for path in sorted((MEASUREMENTS / "published").glob("*.json")):
        device = json.loads(path.read_text("utf-8")).get("device") or {}
        if device.get("kind") in ("gpu", "embedded") and device["name"] not in seen:
            seen.add(device["name"])
            row = {"precision": "fp32", "device_model": device.get("model"), "device_name": device["name"],
                   "device_kind": device["kind"], "cpu_threads": None, "cpu_cores": None}
            assert not peak_tflops(row)[1].startswith("generic"), device["name"]
    assert len(seen) >= 10


def test_the_published_measurements_are_plausible(tmp_path: Path) -> None:
    """Every shipped number passes review's checks, reviewed as new files (against no database):
    the peaks, the memory and the latency/throughput agreement hold for real published runs."""
    report = db.review([MEASUREMENTS / "published"], tmp_path / "none.duckdb")
    assert report.implausible == [] and report.conflicts == []
    assert len(report.files) == len(list((MEASUREMENTS / "published").glob("*.json")))


def test_more_memory_than_the_device_has(shipped_db: Path, tmp_path: Path) -> None:
    data = measured_dict(models={"resnet18": [(1, 10.0)]})
    data["device"] |= {"kind": "gpu", "memory_mb": 1024.0}
    batch = data["models"][0]["batches"][0]
    batch["memory"] = {"device_total_mb": 4096.0}
    report = db.review([write(tmp_path / "mem.json", data)], shipped_db)
    assert any("4096 MiB of device memory used, but the device has 1024 MiB" in f.problem for f in report.implausible)


def test_strings_from_files_are_escaped(shipped_db: Path, tmp_path: Path) -> None:
    data = measured_dict(device_id="evil", device_name="<script>alert(1)</script> | `x` [y](z)")
    text = db.review([write(tmp_path / "evil.json", data)], shipped_db).markdown()
    assert "<script>" not in text
    assert "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt; &#124; &#96;x&#96; &#91;y&#93;&#40;z&#41;" in text


def test_already_ingested_files_add_nothing(shipped_db: Path) -> None:
    published = sorted((Path(__file__).parents[1] / "measurements" / "published").glob("*.json"))
    report = db.review(published, shipped_db)
    assert all(f["already_in_database"] for f in report.files)
    assert report.new == [] and report.changes == []


def test_invalid_files_are_refused(shipped_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1}')
    with pytest.raises(InvalidMeasurementFiles, match=r"bad\.json"):
        db.review([bad], shipped_db)


def test_review_cli(shipped_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "pr.json", measured_dict(models={"resnet18": [(1, 0.001)]}))
    runner = CliRunner()
    md = runner.invoke(app, ["review", str(path), "--db", str(shipped_db)])
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("## zoobench review")
    strict = runner.invoke(app, ["review", str(path), "--db", str(shipped_db), "--strict"])
    assert strict.exit_code == 2
    as_json = runner.invoke(app, ["review", str(path), "--db", str(shipped_db), "-f", "json"])
    data = json.loads(as_json.stdout)[0]
    assert {"files", "new", "changes", "implausible", "threshold"} <= set(data)
    assert data["implausible"][0]["model_id"] == "resnet18"
