"""The collector end to end, on small real models at low resolution: file written as it goes,
validates, resumes after a kill, records a real out-of-memory, survives a dead worker."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

from typer.testing import CliRunner  # noqa: E402

from zoobench.cli import app  # noqa: E402
from zoobench.collect import runner  # noqa: E402
from zoobench.collect.runner import CollectConfig, collect  # noqa: E402
from zoobench.errors import ZoobenchError  # noqa: E402
from zoobench.measurement import Status, load_file  # noqa: E402

FAST = dict(warmup=1, iters=2, min_seconds=0.0, resolution_px=64)


def _cfg(tmp_path: Path, **kw: object) -> CollectConfig:
    return CollectConfig(**{"models": ["squeezenet1_1"], "batch_sizes": (1, 2), "out": tmp_path,
                            **FAST, **kw})  # type: ignore[arg-type]


def test_cli_collect_resnet18_matches_torchvision(tmp_path: Path) -> None:
    """The issue's acceptance check: params and FLOPs of the written file match torchvision."""
    from torchvision.models import ResNet18_Weights

    result = CliRunner().invoke(app, [
        "collect", "--model", "resnet18", "--device", "cpu", "--batch-sizes", "1,2", "--out",
        str(tmp_path), "--warmup", "1", "--iters", "2", "--min-seconds", "0"])
    assert result.exit_code == 0, result.output
    [path] = tmp_path.glob("*/resnet18-fp32-contiguous-eager-*.json")
    doc = load_file(path)
    [m] = doc.models
    meta = ResNet18_Weights.DEFAULT.meta
    assert m.params == meta["num_params"]
    assert abs(m.flops.gflops - 2 * meta["_ops"]) / (2 * meta["_ops"]) < 0.01
    assert m.file_size_mb == pytest.approx(meta["_file_size"], rel=0.01)
    assert [b.status for b in m.batches] == [Status.ok, Status.ok]
    assert m.accuracy[0].kind == "reference" and m.accuracy[0].top1 == meta["_metrics"]["ImageNet-1K"]["acc@1"]
    assert doc.device.kind == "cpu" and doc.device.cpu_model and doc.software.torch
    assert doc.settings.key == "fp32/contiguous/eager" and doc.settings.warmup_iters == 1


def test_end_to_end_collect_validate_ingest_query(tmp_path: Path) -> None:
    out = tmp_path / "measured"
    summary = collect(_cfg(out, models=["squeezenet1_1", "mobilenet_v3_small"]))
    doc = load_file(summary.path)  # validates, checks the content hash
    assert summary.path.parent.name == doc.device.id
    assert [m.model_id for m in doc.models] == ["squeezenet1_1", "mobilenet_v3_small"]
    for m in doc.models:
        assert m.resolution_px == 64 and m.params and m.flops and m.file_size_mb
        for b in m.batches:
            lat = b.latency_per_batch
            assert b.status is Status.ok and lat.n == len(lat.times_ms) >= 2
            assert lat.min_ms <= lat.median_ms <= lat.max_ms and b.throughput_img_s > 0
            assert b.memory.host_rss_peak_mb > 0 and b.memory.host_rss_delta_mb is not None
            assert b.latency_per_image.mean_ms == pytest.approx(lat.mean_ms / b.batch_size, rel=1e-3)
    cli = CliRunner().invoke(app, ["validate", str(summary.path)])
    assert cli.exit_code == 0, cli.output

    import zoobench.db as zdb

    db_path = tmp_path / "z.duckdb"
    zdb.ingest([summary.path], db_path)
    res = zdb.query(db_path, "select model_id, batch_size, status, image_median_ms from measurements "
                             "order by model_id, batch_size")
    rows = [tuple(r) for r in res.rows]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("mobilenet_v3_small", 1, "ok"), ("mobilenet_v3_small", 2, "ok"),
        ("squeezenet1_1", 1, "ok"), ("squeezenet1_1", 2, "ok")]
    sq = next(m for m in doc.models if m.model_id == "squeezenet1_1")
    assert rows[2][3] == pytest.approx(sq.batches[0].latency_per_image.median_ms)


def test_profile_ops_records_categories(tmp_path: Path) -> None:
    doc = load_file(collect(_cfg(tmp_path, batch_sizes=(1,), profile_ops=True)).path)
    ops = doc.models[0].batches[0].op_time_ms
    assert ops and ops["convolution"] > 0 and set(ops) >= {"pooling", "activation", "other"}


def test_out_of_memory_is_recorded_and_the_sweep_goes_on(tmp_path: Path) -> None:
    """A real allocation failure: the worker's address space is limited to 500 MiB above its
    start; batch 1024 of ResNet-18 at 64 px needs more than that."""
    cfg = _cfg(tmp_path, models=["resnet18", "squeezenet1_1"], batch_sizes=(1, 1024, 2048),
               memory_limit_mb=500)
    doc = load_file(collect(cfg).path)
    r18, sq = doc.models
    assert [b.status for b in r18.batches] == [Status.ok, Status.oom, Status.oom]
    assert "can't allocate" in r18.batches[1].error or "memory" in r18.batches[1].error
    assert "skipped" in r18.batches[2].error
    assert sq.batches[0].status is Status.ok  # the next model still runs


def test_a_dead_worker_is_an_error_and_the_sweep_goes_on(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path, models=["squeezenet1_1"], batch_sizes=(1,), model_timeout_s=0.01)
    summary = collect(cfg)
    doc = load_file(summary.path)
    assert doc.models[0].batches[0].status is Status.error
    assert "killed" in doc.models[0].batches[0].error and summary.failed_models == ["squeezenet1_1"]


_KILL_SCRIPT = """
import sys
from pathlib import Path
from zoobench.collect.runner import CollectConfig, collect
if __name__ == "__main__":
    collect(CollectConfig(models=["squeezenet1_1", "mobilenet_v3_small"], batch_sizes=(1, 2, 4),
                          out=Path(sys.argv[1]), warmup=1, iters=2, min_seconds=1.0, resolution_px=64))
"""


def test_resume_after_a_killed_run(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_text(_KILL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path)], start_new_session=True)
    deadline = time.monotonic() + 120
    done: list[tuple[str, int]] = []
    try:
        while time.monotonic() < deadline and not done:
            time.sleep(0.2)
            for path in tmp_path.glob("*/*.json"):
                try:
                    doc = load_file(path)
                except Exception:
                    continue  # not there yet
                done = [(m.model_id, b.batch_size) for m in doc.models for b in m.batches]
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the collector and its worker, mid-measurement
        proc.wait()
    assert done, "no measurement was written before the deadline"
    [path] = tmp_path.glob("*/*.json")
    before = load_file(path)  # the file survives the kill intact
    kept = {(m.model_id, b.batch_size): b.latency_per_batch.times_ms
            for m in before.models for b in m.batches}
    assert 0 < len(kept) < 6

    cfg = CollectConfig(models=["squeezenet1_1", "mobilenet_v3_small"], batch_sizes=(1, 2, 4),
                        out=tmp_path, resume=True, **{**FAST, "min_seconds": 1.0})
    summary = collect(cfg)
    assert summary.path == path and summary.skipped == len(kept)
    after = load_file(path)
    got = {(m.model_id, b.batch_size): b.latency_per_batch.times_ms for m in after.models for b in m.batches}
    assert len(got) == 6
    assert all(got[k] == v for k, v in kept.items())  # finished measurements are not redone


def test_resume_refuses_other_settings_and_an_existing_file_needs_resume(tmp_path: Path) -> None:
    collect(_cfg(tmp_path, batch_sizes=(1,)))
    with pytest.raises(ZoobenchError, match="--resume"):
        collect(_cfg(tmp_path, batch_sizes=(1,)))
    with pytest.raises(ZoobenchError, match="other settings"):
        collect(_cfg(tmp_path, batch_sizes=(1,), resume=True, iters=3))
    summary = collect(_cfg(tmp_path, batch_sizes=(1, 2), resume=True))
    assert (summary.skipped, summary.measured) == (1, 1)


def test_file_naming_and_device_id(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from zoobench.collect import environment

    cfg = CollectConfig(preset="bianco2018", precision="bf16", channels_last=True)
    stem = runner.file_stem(cfg, runner.settings_of(cfg))
    assert stem == "bianco2018-bf16-channels_last-eager"
    path = runner.measurement_path(tmp_path, "dev", stem, datetime(2026, 1, 2, tzinfo=UTC))
    assert path == tmp_path / "dev" / "bianco2018-bf16-channels_last-eager-2026-01-02.json"
    import re

    assert environment.device_id("cpu", "My Laptop (M2)") == "my-laptop-m2"
    # the models' own names, sorted; a long list cut to two, a count and a hash of the whole list
    assert runner.set_name(CollectConfig(models=["timm:convnext_tiny", "resnet18"])) == "resnet18+timm-convnext-tiny"
    many = runner.set_name(CollectConfig(models=["vgg16", "alexnet", "resnet18", "densenet121"]))
    assert re.fullmatch(r"alexnet\+densenet121\+2-more-[0-9a-f]{6}", many)
    assert many != runner.set_name(CollectConfig(models=["vgg19", "alexnet", "resnet18", "densenet121"]))
    assert re.fullmatch(r"^[a-z0-9][a-z0-9._-]{0,63}$", environment.device_id("cpu"))


@pytest.mark.parametrize(("kw", "message"), [
    ({"device": "cuda:7"}, "CUDA"), ({"energy": True}, "--energy"), ({"precision": "fp8"}, "precision"),
    ({"models": [], "preset": None}, "--model"), ({"preset": "nope", "models": []}, "preset"),
    ({"batch_sizes": (0,)}, "batch"),
])
def test_bad_options_are_messages(tmp_path: Path, kw: dict, message: str) -> None:
    if kw.get("device", "").startswith("cuda") and torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    with pytest.raises(ZoobenchError, match=message):
        runner.check(_cfg(tmp_path, **kw))


def test_measurement_file_is_canonical_json(tmp_path: Path) -> None:
    path = collect(_cfg(tmp_path, batch_sizes=(1,))).path
    data = json.loads(path.read_text())
    assert data["run"]["id"].startswith("sha256:") and data["run"]["source"] == "measured"
    assert data["device"]["hostname_sha256"] and "hostname" not in data["device"]


def test_cli_collect_models_after_one_flag_ingests_after_each_model(tmp_path: Path) -> None:
    """`--model A B`, one log line per model without a terminal, and `--ingest` appending the file
    to the database after each model (as `db ingest` does)."""
    db_path = tmp_path / "z.duckdb"
    result = CliRunner().invoke(app, [
        "collect", "--model", "squeezenet1_1", "mobilenet_v3_small", "--batch-sizes", "1", "--warmup", "1",
        "--iters", "2", "--min-seconds", "0", "--out", str(tmp_path / "out"), "--ingest", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "out").rglob("*.json")
    assert written.name.startswith("mobilenet-v3-small+squeezenet1-1-fp32-contiguous-eager-")
    for model_id in ("squeezenet1_1", "mobilenet_v3_small"):
        assert re.search(rf"^{model_id}: 1 batches \(1 ok\) in [0-9.]+ s$", result.output, re.M), result.output
        assert re.search(rf"^{model_id}: appended to .*, dataset version [12]$", result.output, re.M)
    import zoobench.db as zdb

    rows = zdb.query(db_path, "SELECT model_id, batch_size, status FROM latest_measurements ORDER BY 1").rows
    assert rows == [("mobilenet_v3_small", 1, "ok"), ("squeezenet1_1", 1, "ok")]
    assert zdb.query(db_path, "SELECT max(version) FROM dataset_versions").rows == [(2,)]
