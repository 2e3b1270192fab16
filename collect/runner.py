"""The collector: one fresh process per model, results merged into one measurement file that is
rewritten atomically after every batch, so an interrupted run keeps everything it finished."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

import torch

from zoobench import paths, registry
from zoobench.collect import accuracy, environment, models, presets, timing
from zoobench.collect.config import PRECISIONS, CollectConfig
from zoobench.collect.worker import Job
from zoobench.errors import ZoobenchError
from zoobench.measurement import (
    SCHEMA_VERSION,
    BatchResult,
    Device,
    MeasurementFile,
    ModelResult,
    Precision,
    PrecisionMethod,
    Run,
    Settings,
    Software,
    Source,
    Status,
    load_file,
    write_file,
)


def default_out() -> Path:
    """`measurements/measured` of the checkout when running from one, else of the current folder."""
    root = paths.checkout()
    if root is not None and (root / "measurements").is_dir():
        return root / "measurements" / "measured"
    return Path("measurements") / "measured"


@dataclass
class Summary:
    path: Path
    measured: int = 0  # batch measurements made by this run
    skipped: int = 0  # already in the file (resume)
    by_status: dict[str, int] = field(default_factory=dict)
    failed_models: list[str] = field(default_factory=list)


# --- naming and identity -------------------------------------------------------------------------


def set_name(cfg: CollectConfig) -> str:
    """The file's model part: the preset's name, else the model ids (sorted, joined by `+`); a
    list of more than three, or a long one, is cut to its first two, a count and a hash of the
    whole list (so that two lists never share a file)."""
    if cfg.name:
        return cfg.name
    if cfg.preset:
        return cfg.preset
    names = sorted(environment.slug(m.replace(":", "-")) for m in cfg.models)
    joined = "+".join(names)
    if len(names) <= 3 and len(joined) <= 60:
        return joined
    digest = hashlib.sha256(",".join(sorted(cfg.models)).encode()).hexdigest()[:6]
    return f"{names[0]}+{names[1]}+{len(names) - 2}-more-{digest}"


def file_stem(cfg: CollectConfig, settings: Settings) -> str:
    """`bianco2018-fp32-contiguous-eager` (the date follows): model set, precision, format."""
    execution = "compiled" if settings.execution == "compiled" else "eager"
    return f"{set_name(cfg)}-{settings.precision}-{settings.memory_format}-{execution}"


def measurement_path(out: Path, device_id: str, stem: str, when: datetime) -> Path:
    """The one place a measurement file is named: `<out>/<device-id>/<stem>-<YYYY-MM-DD>.json`."""
    return out / device_id / f"{stem}-{when:%Y-%m-%d}.json"


def settings_of(cfg: CollectConfig) -> Settings:
    cuda = cfg.device.startswith("cuda")
    return Settings(
        precision=Precision(cfg.precision),
        precision_method=PrecisionMethod.autocast if cfg.precision in ("fp16", "bf16") else None,
        memory_format="channels_last" if cfg.channels_last else "contiguous",
        execution="compiled" if cfg.compile else "eager", compile_mode="default" if cfg.compile else None,
        threads=cfg.threads or torch.get_num_threads(), cudnn_benchmark=True if cuda else None,
        allow_tf32=(cfg.precision == "tf32") if cuda else None, warmup_iters=cfg.warmup,
        timed_iters=cfg.iters, min_seconds=cfg.min_seconds, input_on_device=True,
        timing=timing.TIMING_NOTE + (f"; autocast to {cfg.precision}" if cfg.precision in
                                     ("fp16", "bf16") else ""),
    )


def check(cfg: CollectConfig) -> list[str]:
    """Validate the options; return the canonical model ids."""
    if bool(cfg.models) == bool(cfg.preset):
        raise ZoobenchError("give either --model ID... or --preset NAME")
    ids = list(presets.get(cfg.preset)) if cfg.preset else [registry.resolve(m) for m in cfg.models]
    if len(set(ids)) != len(ids):
        raise ZoobenchError(f"a model is named twice: {', '.join(ids)}")
    if cfg.precision not in PRECISIONS:
        raise ZoobenchError(f"--precision must be one of {', '.join(PRECISIONS)}")
    if not cfg.batch_sizes or any(b < 1 for b in cfg.batch_sizes):
        raise ZoobenchError("--batch-sizes must be positive integers, e.g. 1,2,4,8")
    if not re.fullmatch(r"cpu|cuda(:\d+)?", cfg.device):
        raise ZoobenchError(f"--device must be cpu or cuda[:N], not {cfg.device!r}")
    if cfg.device.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ZoobenchError("--device cuda: no CUDA device is available to torch")
        index = torch.device(cfg.device).index or 0
        if index >= torch.cuda.device_count():
            raise ZoobenchError(f"--device {cfg.device}: only {torch.cuda.device_count()} CUDA devices")
    if cfg.energy and not cfg.device.startswith("cuda"):
        raise ZoobenchError("--energy reads NVML's energy counter: it needs --device cuda")
    if cfg.precision == "tf32" and not cfg.device.startswith("cuda"):
        raise ZoobenchError("--precision tf32 applies to CUDA devices only")
    if cfg.weights is not None:
        if len(ids) != 1:
            raise ZoobenchError("--weights applies to one model: give a single --model")
        if not cfg.weights.is_file():
            raise ZoobenchError(f"--weights {cfg.weights}: no such file")
    for m in ids:
        models.library_of(m)  # raises UnknownModel early
    return ids


# --- the file --------------------------------------------------------------------------------


def describe(cfg: CollectConfig) -> Device:
    """The device record. A GPU is described from a short-lived process, so that this one never
    creates a CUDA context (it would hold device memory for the whole sweep)."""
    if not cfg.device.startswith("cuda"):
        return environment.describe_device(cfg.device, cfg.device_name)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(environment.describe_device, cfg.device, cfg.device_name).result()


def _notes(cfg: CollectConfig) -> str:
    return (f"{cfg.notes.strip()}\n" if cfg.notes else "") + (
        f"zoobench collect, models: {set_name(cfg)}; batch sizes {','.join(map(str, cfg.batch_sizes))}")


def _resume_target(out: Path, device_id: str, stem: str) -> Path | None:
    found = sorted((out / device_id).glob(f"{stem}-????-??-??.json"))
    return found[-1] if found else None


_SETTINGS_COMPARED = ("precision", "memory_format", "execution", "compile_mode", "threads",
                      "warmup_iters", "timed_iters", "min_seconds", "input_on_device")


def _check_resume(doc: MeasurementFile, device_id: str, settings: Settings, path: Path) -> None:
    if doc.device is None or doc.device.id != device_id:
        raise ZoobenchError(f"{path}: measured on another device, cannot resume it here")
    old = doc.settings
    diff = [f"{f}: {getattr(old, f)} in the file, {getattr(settings, f)} now"
            for f in _SETTINGS_COMPARED if old is not None and getattr(old, f) != getattr(settings, f)]
    if diff:
        raise ZoobenchError(f"{path}: cannot resume with other settings ({'; '.join(diff)})")


class _File:
    """The measurement file being built: the run's header and a plain list of model entries, merged
    from worker messages; written atomically (as a MeasurementFile) whenever it changes."""

    def __init__(self, path: Path, run: Run, settings: Settings, models: list[ModelResult]) -> None:
        self.path, self.run, self.settings, self.models = path, run, settings, models
        self.device: Device | None = None
        self.software = Software()
        self.notes = run.notes or ""
        self.loads: list[float] = []  # 1-minute load average at each batch: other work on the host
        self.started = datetime.now(UTC)
        self.write_s = 0.0  # time spent writing the file

    def entry(self, model_id: str) -> ModelResult | None:
        return next((m for m in self.models if m.model_id == model_id), None)

    def done(self, model_id: str) -> set[int]:
        """Batch sizes with a final status (ok / oom); `error` ones are retried on resume."""
        m = self.entry(model_id)
        return {b.batch_size for b in m.batches if b.status is not Status.error} if m else set()

    def has_batch(self, model_id: str, batch_size: int) -> bool:
        m = self.entry(model_id)
        return m is not None and any(b.batch_size == batch_size for b in m.batches)

    def set_model(self, result: ModelResult) -> None:
        old = self.entry(result.model_id)
        if old is not None:
            result.batches = old.batches
            self.models[self.models.index(old)] = result
        else:
            self.models.append(result)
        self.save()

    def add_batch(self, model_id: str, batch: BatchResult) -> None:
        m = self.entry(model_id)
        if m is None:
            m = ModelResult(model_id=model_id, name=registry.get(model_id).name)
            self.models.append(m)
        if hasattr(os, "getloadavg"):
            self.loads.append(os.getloadavg()[0])
        m.batches = sorted([b for b in m.batches if b.batch_size != batch.batch_size] + [batch],
                           key=lambda b: b.batch_size)
        self.save()

    def save(self) -> None:
        if not self.models:
            return
        started = time.perf_counter()
        self.run.created_at = datetime.now(UTC)
        if self.loads:
            xs = sorted(self.loads)
            self.run.notes = (  # one entry per session: a resumed run keeps the earlier ones
                f"{self.notes} | load average (1 min) at each of the {len(xs)} batches of the "
                f"session started {self.started:%Y-%m-%d %H:%M} UTC: min {xs[0]:.2f}, median "
                f"{xs[len(xs) // 2]:.2f}, max {xs[-1]:.2f}, on {os.cpu_count()} CPUs")
        # the current environment describes the file (a resumed run is on the same device)
        doc = MeasurementFile(schema_version=SCHEMA_VERSION, run=self.run, device=self.device,
                              software=self.software, settings=self.settings, models=self.models)
        write_file(doc, self.path)
        self.write_s += time.perf_counter() - started


# --- the sweep ---------------------------------------------------------------------------------


Reporter = Callable[[str, Any], None]  # ("start"|"batch"|"progress"|"phases"|"model_done", payload)

# What the fork server imports once. Not pretrainedmodels: its import builds ~0.5 GB of module-level
# networks, which would then sit in every worker's memory; its models import it themselves.
PRELOAD = ["zoobench.collect.worker", "torchvision.models", "timm"]


def worker_context(start: str) -> BaseContext:
    """How a model's process starts. `forkserver`: forked from a server process that has imported
    torch, torchvision and timm and never touches CUDA, so each model still runs in a fresh process
    (its own allocator, cuDNN choices and peak counters) without paying seconds of imports;
    `spawn`: a new interpreter for each model."""
    if start == "forkserver" and start not in mp.get_all_start_methods():
        start = "spawn"
    ctx = mp.get_context(start)
    if start == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)  # type: ignore[attr-defined]
    return ctx


def _run_worker(job: Job, file: _File, report: Reporter, timeout_s: float | None) -> str | None:
    """Run one model in a fresh process; return an error text when the worker failed."""
    ctx = worker_context(job.cfg.worker_start)
    recv, send = ctx.Pipe(duplex=False)
    from zoobench.collect import worker

    written = file.write_s
    proc = ctx.Process(target=worker.main, args=(job, send), daemon=False,
                       name=f"zoobench-{job.model_id}")
    launched = time.time()
    proc.start()
    send.close()
    started = time.monotonic()
    fatal: str | None = None
    finished = False
    try:
        while True:
            if timeout_s and time.monotonic() - started > timeout_s:
                fatal = f"worker killed after {timeout_s:g} s (model_timeout_s)"
                proc.kill()
                break
            if not recv.poll(0.5):
                if not proc.is_alive() and not recv.poll(0):
                    break
                continue
            try:
                kind, payload = recv.recv()
            except (EOFError, OSError):
                break
            if kind == "model":
                file.set_model(payload)
            elif kind == "batch":
                batch = payload
                file.add_batch(job.model_id, batch)
                report("batch", (job.model_id, batch))
            elif kind == "progress":
                report("progress", (job.model_id, payload))
            elif kind == "phases":
                report("phases", (job.model_id, {
                    "worker start (process, imports)": payload.entered - launched, **payload.seconds,
                    "file writes": file.write_s - written}))
            elif kind == "fatal":
                fatal = payload
            elif kind == "done":
                finished = True
                break
    finally:
        proc.join(timeout=10)
        if proc.is_alive():
            proc.kill()
            proc.join()
        recv.close()
    if finished:
        return None
    if fatal is None:
        code = proc.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        fatal = f"worker process died ({how})"
    return fatal


def collect(cfg: CollectConfig, report: Reporter | None = None) -> Summary:
    """Measure every model × batch size of `cfg` into one measurement file; return a summary."""
    report = report or (lambda kind, payload: None)
    ids = check(cfg)
    settings = settings_of(cfg)
    device = describe(cfg)
    device_id = device.id
    out = cfg.out or default_out()
    stem = file_stem(cfg, settings)
    path = _resume_target(out, device_id, stem) if cfg.resume else None
    if path is not None:
        doc = load_file(path)
        _check_resume(doc, device_id, settings, path)
        file = _File(path, doc.run, doc.settings or settings, doc.models)
    else:
        path = measurement_path(out, device_id, stem, datetime.now(UTC))
        if path.exists():
            raise ZoobenchError(f"{path} exists: pass --resume to continue it, or choose another --out")
        run = Run(created_at=datetime.now(UTC), tool=environment.tool(), source=Source.measured,
                  contributor=cfg.contributor, notes=_notes(cfg))
        file = _File(path, run, settings, [])
    # the current environment describes the file (a resumed run on the same device)
    file.device, file.software = device, environment.software()
    file.run.tool = environment.tool()

    summary = Summary(path=path)
    plan: list[tuple[str, tuple[int, ...], bool]] = []
    for model_id in ids:
        todo = tuple(b for b in sorted(set(cfg.batch_sizes)) if b not in file.done(model_id))
        summary.skipped += len(cfg.batch_sizes) - len(todo)
        has_info = (m := file.entry(model_id)) is not None and m.params is not None
        if todo or not has_info:
            plan.append((model_id, todo, not has_info))
    report("start", (path, sum(len(t) for _, t, _ in plan), summary.skipped, len(plan)))
    for name, why in presets.missing(cfg.preset or "").items():
        report("note", f"{cfg.preset}: {name} is not measured: {why}")
    if accuracy.pretrainedmodels_readme() is None and any(
            models.library_of(m) == "pretrainedmodels" for m in ids):
        report("note", f"{'/'.join(accuracy.PRETRAINEDMODELS_README)} not found (run from a checkout "
               "of zoobench): pretrainedmodels weights get no reference accuracy")

    for model_id, todo, need_info in plan:
        job = Job(model_id, todo, need_info, cfg)
        report("model", model_id)
        fatal = _run_worker(job, file, report, cfg.model_timeout_s)
        if fatal:
            summary.failed_models.append(model_id)
            oom = any(s in fatal for s in ("OutOfMemoryError", "MemoryError", "out of memory"))
            for bs in todo:
                if file.has_batch(model_id, bs):
                    continue
                batch = BatchResult(batch_size=bs, status=Status.oom if oom else Status.error,
                                    error=fatal.splitlines()[0][:1000] if oom else fatal[:4000])
                file.add_batch(model_id, batch)
                report("batch", (model_id, batch))
            if file.entry(model_id) is None:  # failed before any result, and no batches to record
                file.set_model(ModelResult(model_id=model_id, name=registry.get(model_id).name))
        report("model_done", model_id)

    for m in file.models:
        for b in m.batches:
            summary.by_status[b.status.value] = summary.by_status.get(b.status.value, 0) + 1
    summary.measured = sum(len(t) for _, t, _ in plan)
    return summary
