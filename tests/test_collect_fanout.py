"""The fan-out with submitit: two jobs on this machine's CPU (submitit's local executor), two shards,
one killed mid-run and resumed; the Slurm job script the options make; and the options' checks."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("submitit")
pytestmark = pytest.mark.torch

from zoobench.collect import fanout  # noqa: E402
from zoobench.collect.config import CollectConfig  # noqa: E402
from zoobench.errors import ZoobenchError  # noqa: E402
from zoobench.measurement import Status, load_file  # noqa: E402

MODELS = ["squeezenet1_1", "mobilenet_v3_small"]


def _cfg(tmp_path: Path, **kw: object) -> CollectConfig:
    return CollectConfig(**{"models": MODELS, "batch_sizes": (1, 2), "out": tmp_path / "measured",
                            "executor": "local", "jobs": 2, "jobs_dir": tmp_path / "jobs", "warmup": 1,
                            "iters": 2, "min_seconds": 1.0, "resolution_px": 64, **kw})  # type: ignore[arg-type]


def test_two_local_jobs_one_killed_then_resumed(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path)
    jobs = fanout.submit(cfg)
    assert [s.cfg.models for s, _ in jobs] == [MODELS[0::2], MODELS[1::2]]
    _, victim = jobs[0]
    deadline = time.monotonic() + 300
    while fanout._progress_of(victim)[0] < 1 and not victim.done():
        assert time.monotonic() < deadline, "job 1 measured nothing in time"
        time.sleep(0.3)
    victim.cancel()  # killed mid-sweep, as a scheduler's preemption or a scancel would
    seen: list[tuple] = []
    summary = fanout.wait(jobs, lambda kind, payload: seen.append(payload) if kind == "job" else None,
                          poll_s=0.5)
    [failed] = summary.failed
    assert failed.shard.index == 0 and failed.logs and all(p.is_file() for p in failed.logs)
    assert {label for label, *_ in seen} == {"job 1/2", "job 2/2"}
    done = summary.jobs[1].summary
    assert done is not None and "shard-2-of-2" in done.path.name
    doc = load_file(done.path)  # an ordinary measurement file
    assert [m.model_id for m in doc.models] == MODELS[1::2]
    assert all(b.status is Status.ok for m in doc.models for b in m.batches)

    [partial] = (tmp_path / "measured").glob("*/*shard-1-of-2*.json")
    kept = {(m.model_id, b.batch_size): b.latency_per_batch.times_ms
            for m in load_file(partial).models for b in m.batches if b.status is Status.ok}
    assert len(kept) == 1

    again = fanout.fan_out(replace(cfg, resume=True), poll_s=0.5)
    assert not again.failed
    first, second = (j.summary for j in again.jobs)
    assert first is not None and second is not None
    assert first.path == partial and (first.skipped, first.measured) == (1, 1)
    assert second.path == done.path and (second.measured, second.skipped) == (0, 2)
    got = {(m.model_id, b.batch_size): b.latency_per_batch.times_ms for m in load_file(partial).models
           for b in m.batches}
    assert len(got) == 2 and all(got[k] == v for k, v in kept.items())


def test_slurm_job_script_carries_the_options(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path, executor="slurm", device="cuda", partition="a100", gpus_per_job=2,
               time_limit_min=90, sbatch=["account=lab", "--qos=low"])
    from submitit.slurm.slurm import _make_sbatch_string

    script = _make_sbatch_string("python -m submitit.core._submit x", tmp_path / "jobs",
                                 **fanout.slurm_parameters(cfg))
    for line in ("#SBATCH --partition=a100", "#SBATCH --gpus-per-node=2", "#SBATCH --time=90",
                 "#SBATCH --account=lab", "#SBATCH --qos=low", "#SBATCH --job-name=zoobench-collect"):
        assert line in script


@pytest.mark.parametrize(("kw", "message"), [
    ({"partition": "gpu"}, "--partition"), ({"executor": "slurm", "devices": ("cuda:0",)}, "--devices"),
    ({"executor": "slurm", "sbatch": ["account"]}, "KEY=VALUE"), ({"jobs": 3}, "more jobs than models"),
    ({"jobs": 1, "devices": ("cpu", "cuda:1")}, "one job each"),
])
def test_fan_out_options_are_checked(tmp_path: Path, kw: dict, message: str) -> None:
    with pytest.raises(ZoobenchError, match=message):
        fanout.check(_cfg(tmp_path, **kw))
        fanout.shards(_cfg(tmp_path, **kw))


def test_devices_give_one_job_per_gpu_each_seeing_its_own(tmp_path: Path) -> None:
    parts = fanout.shards(_cfg(tmp_path, jobs=None, devices=("cuda:0", "cuda:1")))
    assert [(s.gpu, s.cfg.device) for s in parts] == [(0, "cuda"), (1, "cuda")]
    assert [s.cfg.name.rsplit("-shard-", 1)[1] for s in parts] == ["1-of-2", "2-of-2"]


def test_plan_estimates_from_the_database(shipped_db: Path) -> None:
    from typer.testing import CliRunner

    from zoobench.cli import app

    run = CliRunner().invoke(app, ["collect", "--preset", "bianco2018", "--batch-sizes", "1,2,4,8", "--plan",
                                   "--device-name", "cpu-intel-xeon-2c", "--db", str(shipped_db)])
    assert run.exit_code == 0, run.output
    assert "job 1/1 on cpu: 44 models" in run.output and "176 batch sizes measured there" in run.output
    run = CliRunner().invoke(app, ["collect", "--model", "resnet18", "mnasnet1_0", "--batch-sizes", "1",
                                   "--executor", "local", "--jobs", "2", "--plan", "--device-name",
                                   "cpu-intel-xeon-2c", "--db", str(shipped_db)])
    assert run.exit_code == 0, run.output
    assert "job 2/2" in run.output and "1 predicted from its other models" in run.output
