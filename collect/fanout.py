"""Fan a sweep out as jobs with submitit: on this machine (one job per GPU) or on a Slurm cluster
(one job per shard of the models). Each job is an ordinary `collect` of its shard that writes its
own measurement file into the usual tree (so nothing new to ingest), named after the shard, so that
`--resume` continues each shard's own file. The command waits, shows each job's progress (read from
its log), and names the failed jobs with their logs' paths.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import submitit

from zoobench.collect import runner
from zoobench.collect.config import CollectConfig
from zoobench.errors import ZoobenchError

PROGRESS = re.compile(r"^zoobench-progress (\d+)/(\d+)(?: (.*))?$", re.MULTILINE)


@dataclass(frozen=True)
class Shard:
    """One job's part of the sweep: its config, and the GPU index it gets on this machine."""

    index: int
    count: int
    cfg: CollectConfig
    gpu: int | None = None

    @property
    def label(self) -> str:
        return f"job {self.index + 1}/{self.count}"


@dataclass
class JobOutcome:
    shard: Shard
    job_id: str
    state: str
    summary: runner.Summary | None = None
    error: str | None = None
    logs: tuple[Path, Path] | None = None  # stdout, stderr


@dataclass
class FanOutSummary:
    jobs: list[JobOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[JobOutcome]:
        return [j for j in self.jobs if j.summary is None]


def shards(cfg: CollectConfig) -> list[Shard]:
    """The models dealt round-robin into one shard per job (a preset's order mixes sizes, so the
    shards take about equally long); each shard's config measures on its job's own device."""
    ids = runner.check(replace(cfg, executor=None, devices=(), device="cpu"))
    count = cfg.jobs or len(cfg.devices) or 1
    if count > len(ids):
        raise ZoobenchError(f"--jobs {count}: more jobs than models ({len(ids)})")
    if cfg.devices and len(cfg.devices) != count:
        raise ZoobenchError(f"--devices names {len(cfg.devices)} devices for {count} jobs: one job each")
    base = runner.set_name(cfg)
    out = (cfg.out or runner.default_out()).resolve()  # a job may start in another folder
    result = []
    for i in range(count):
        device, gpu = cfg.device, None
        if cfg.devices:  # on this machine: the job sees only its own GPU, as cuda:0
            device = cfg.devices[i]
            gpu = int(device.partition(":")[2] or 0) if device.startswith("cuda") else None
            device = "cuda" if gpu is not None else device
        job_cfg = replace(cfg, models=ids[i::count], preset=None, out=out, executor=None, devices=(),
                          jobs=None, plan=False, device=device,
                          name=base if count == 1 else f"{base}-shard-{i + 1}-of-{count}")
        result.append(Shard(i, count, job_cfg, gpu))
    return result


def run_shard(cfg: CollectConfig) -> runner.Summary:
    """The job itself: collect the shard, printing a progress line per batch into the job's log."""
    state = {"done": 0, "total": 0}

    def report(kind: str, payload: Any) -> None:
        if kind == "start":
            path, state["total"], skipped, _ = payload
            print(f"writing {path} ({skipped} measurements already there)", flush=True)
        elif kind == "batch":
            state["done"] += 1
            model_id, batch = payload
            print(f"zoobench-progress {state['done']}/{state['total']} {model_id} batch "
                  f"{batch.batch_size}: {batch.status.value}", flush=True)
        elif kind == "note":
            print(payload, flush=True)

    return runner.collect(cfg, report)


def _sbatch_parameters(cfg: CollectConfig) -> dict[str, str]:
    params = {}
    for item in cfg.sbatch:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ZoobenchError(f"--sbatch {item!r}: expected KEY=VALUE, e.g. --sbatch account=mylab")
        params[key.strip().removeprefix("--")] = value.strip()
    return params


def slurm_parameters(cfg: CollectConfig) -> dict[str, Any]:
    """submitit's SlurmExecutor parameters (the `#SBATCH` lines) of `cfg`."""
    gpus = cfg.gpus_per_job if cfg.gpus_per_job is not None else int(cfg.device.startswith("cuda"))
    return {"job_name": "zoobench-collect", "time": cfg.time_limit_min, "gpus_per_node": gpus,
            "ntasks_per_node": 1, "additional_parameters": _sbatch_parameters(cfg),
            **({"partition": cfg.partition} if cfg.partition else {})}


def executor(cfg: CollectConfig, folder: Path) -> submitit.Executor:
    """The submitit executor for `cfg.executor`, with the job's time limit and Slurm's options."""
    if cfg.executor == "slurm":
        try:
            ex: submitit.Executor = submitit.SlurmExecutor(folder=folder)
        except RuntimeError as exc:  # no srun on this host
            raise ZoobenchError(f"--executor slurm: {exc}") from None
        ex.update_parameters(**slurm_parameters(cfg))
        return ex
    ex = submitit.LocalExecutor(folder=folder)
    ex.update_parameters(timeout_min=cfg.time_limit_min)
    return ex


def check(cfg: CollectConfig) -> None:
    if cfg.executor not in ("local", "slurm"):
        raise ZoobenchError(f"--executor must be local or slurm, not {cfg.executor!r}")
    slurm_only = {"--partition": cfg.partition, "--gpus-per-job": cfg.gpus_per_job, "--sbatch": cfg.sbatch}
    given = [flag for flag, value in slurm_only.items() if value]
    if cfg.executor == "local" and given:
        raise ZoobenchError(f"{', '.join(given)}: Slurm options, for --executor slurm")
    if cfg.executor == "slurm" and cfg.devices:
        raise ZoobenchError("--devices is for --executor local; on Slurm each job uses its node's GPUs "
                            "(--gpus-per-job)")
    _sbatch_parameters(cfg)


def submit(cfg: CollectConfig) -> list[tuple[Shard, submitit.Job]]:
    """Submit one job per shard; return them (the caller waits with `wait`)."""
    check(cfg)
    parts = shards(cfg)
    folder = (cfg.jobs_dir or Path("build") / "collect-jobs").resolve() / "%j"
    ex = executor(cfg, folder)
    jobs = []
    for shard in parts:
        if isinstance(ex, submitit.LocalExecutor):  # the job sees its own GPU only (or none)
            gpus = () if shard.gpu is None else (shard.gpu,)
            ex.update_parameters(gpus_per_node=len(gpus), visible_gpus=gpus)
        jobs.append((shard, ex.submit(run_shard, shard.cfg)))
    return jobs


Progress = Any  # a callable (kind, payload): ("job", (label, job_id, state, done, total, last line))


def _progress_of(job: submitit.Job) -> tuple[int, int, str]:
    try:
        text = Path(job.paths.stdout).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0, 0, ""
    found = PROGRESS.findall(text)
    if not found:
        return 0, 0, ""
    done, total, last = found[-1]
    return int(done), int(total), last


def wait(jobs: list[tuple[Shard, submitit.Job]], report: Progress | None = None,
         poll_s: float = 2.0) -> FanOutSummary:
    """Wait for every job, reporting each one's state and progress; collect the outcomes."""
    report = report or (lambda kind, payload: None)
    pending = dict(enumerate(jobs))
    outcomes: dict[int, JobOutcome] = {}
    while pending:
        for i, (shard, job) in list(pending.items()):
            done, total, last = _progress_of(job)
            state = job.state
            report("job", (shard.label, job.job_id, state, done, total, last))
            if job.done():
                outcomes[i] = _outcome(shard, job)
                del pending[i]
                report("job_done", outcomes[i])
        if pending:
            time.sleep(poll_s)
    return FanOutSummary([outcomes[i] for i in sorted(outcomes)])


def _outcome(shard: Shard, job: submitit.Job) -> JobOutcome:
    logs = (Path(job.paths.stdout), Path(job.paths.stderr))
    try:
        summary = job.result()
    except Exception as exc:  # the job failed, was killed or cancelled: its logs say why
        text = str(exc).strip().splitlines()
        return JobOutcome(shard, job.job_id, job.state, error=text[-1] if text else type(exc).__name__,
                          logs=logs)
    return JobOutcome(shard, job.job_id, job.state, summary=summary, logs=logs)


def fan_out(cfg: CollectConfig, report: Progress | None = None, poll_s: float = 2.0) -> FanOutSummary:
    """Submit one job per shard of `cfg` and wait for them all."""
    return wait(submit(cfg), report, poll_s)
