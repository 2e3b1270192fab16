"""The per-model worker: runs in a fresh process, measures one model, sends results as they come.

Messages on the connection, in order: ("model", ModelResult dict without batches) when asked for,
("progress", (done, total)) during an accuracy run, ("batch", BatchResult dict) per batch size,
("phases", {phase: seconds}) where the worker's time went, then ("done", None), or ("fatal", text)
when the model cannot be measured at all.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from zoobench.collect import accuracy, energy, facts, memory, models, ops, timing
from zoobench.collect.config import CollectConfig
from zoobench.measurement import MB, BatchResult, ModelResult, Status
from zoobench.stats import latency_from_times

AUTOCAST = {"fp16": torch.float16, "bf16": torch.bfloat16}


@dataclass(frozen=True)
class Job:
    """One model for a worker: the batch sizes still to measure, and the sweep's own config."""

    model_id: str
    batch_sizes: tuple[int, ...]
    model_info: bool  # send params, size, FLOPs, accuracy (False when resuming)
    cfg: CollectConfig


class _Counter(io.RawIOBase):
    """A write-only sink that only counts bytes (file size without the file)."""

    def __init__(self) -> None:
        self.n = 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        n = len(memoryview(b).cast("B"))
        self.n += n
        return n


def state_dict_mb(model: nn.Module) -> float:
    sink = _Counter()
    torch.save(model.state_dict(), sink)
    return round(sink.n / MB, 4)


def configure(job: Job) -> torch.device:
    """Threads, memory limit, TF32 and cuDNN switches; returns the device."""
    if job.cfg.threads:
        torch.set_num_threads(job.cfg.threads)
    if job.cfg.memory_limit_mb:
        vm_kib = memory._status_kib("VmSize") or 0
        limit = vm_kib * 1024 + job.cfg.memory_limit_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    device = torch.device(job.cfg.device)
    if device.type == "cuda":
        device = torch.device("cuda", device.index or 0)
        torch.cuda.set_device(device)
        torch.backends.cudnn.benchmark = True
        tf32 = job.cfg.precision == "tf32"
        torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
    return device


def model_info(job: Job, model: nn.Module, resolution: int, device: torch.device,
               send: Callable[[str, Any], None]) -> ModelResult:
    from zoobench import registry

    info = registry.get(job.model_id)
    acc = accuracy.reference(job.model_id)
    weights = Path(job.cfg.weights) if job.cfg.weights else accuracy.cached_weights(job.model_id)
    if weights and job.cfg.imagenet_val:
        accuracy.load_weights(model, weights)
        acc.append(accuracy.evaluate(
            model, models.preprocess(job.model_id), Path(job.cfg.imagenet_val), device,
            batch_size=job.cfg.eval_batch_size, weights=weights.name,
            progress=lambda done, total: send("progress", (done, total))))
    known = facts.of(job.model_id, resolution, model, state_dict_mb)
    return ModelResult(model_id=job.model_id, name=info.name, resolution_px=resolution,
                       params=known.params, file_size_mb=known.file_size_mb, flops=known.flops,
                       accuracy=acc)


def measure_batch(job: Job, model: Callable[[torch.Tensor], Any], device: torch.device,
                  resolution: int, batch_size: int, baseline_rss_mb: float,
                  phases: timing.Phases | None = None) -> BatchResult:
    memory.start(device)
    x = torch.randn(batch_size, 3, resolution, resolution, device=device)
    if job.cfg.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    dtype = AUTOCAST.get(job.cfg.precision)

    def step() -> Any:
        ctx = torch.autocast(device.type, dtype=dtype) if dtype else contextlib.nullcontext()
        with ctx:
            return model(x)

    with torch.inference_mode():
        started = time.perf_counter()
        t = timing.time_passes(step, device, warmup=job.cfg.warmup, iters=job.cfg.iters,
                               min_seconds=job.cfg.min_seconds)
        if phases is not None:
            phases.add("warm-up passes", time.perf_counter() - started - t.wall_s)
            phases.add("timed passes", t.wall_s)
        mem = memory.read(device, baseline_rss_mb)
        en = energy.measure(step, device, batch_size, job.cfg.min_seconds) if job.cfg.energy else None
        op_ms = ops.op_times_ms(step, device) if job.cfg.profile_ops else None
    return BatchResult(
        batch_size=batch_size, status=Status.ok,
        latency_per_batch=latency_from_times(t.times_ms, t.first_ms),
        latency_per_image=latency_from_times(t.times_ms, t.first_ms, keep_times=False, scale=batch_size),
        throughput_img_s=round(batch_size * len(t.times_ms) / t.wall_s, 4),
        memory=mem, energy=en, op_time_ms=op_ms,
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:500]


def run(job: Job, send: Callable[[str, Any], None], phases: timing.Phases) -> None:
    parent = os.getppid()
    device = configure(job)
    baseline = memory.rss_mb()
    with warnings.catch_warnings(), phases("model construction"):
        warnings.simplefilter("ignore")
        model = models.create_model(job.model_id)
        resolution = job.cfg.resolution_px or models.preprocess(job.model_id).resolution_px
    if job.model_info:
        with phases("model facts (params, size, FLOPs, accuracy)"):
            info = model_info(job, model, resolution, device, send)
        send("model", info)
    model = model.to(device)
    if job.cfg.channels_last:
        model = model.to(memory_format=torch.channels_last)
    forward: Callable[[torch.Tensor], Any] = model
    if job.cfg.compile:
        forward = torch.compile(model)
    failed: str | None = None  # set once a batch failed in a way that dooms the larger ones
    for bs in sorted(job.batch_sizes):
        if os.getppid() != parent:  # the collector was killed: stop quietly
            return
        if failed:
            status = Status.oom if failed.startswith("oom") else Status.error
            send("batch", BatchResult(batch_size=bs, status=status,
                                      error=failed[4:] if status is Status.oom else failed))
            continue
        try:
            result = measure_batch(job, forward, device, resolution, bs, baseline, phases)
        except Exception as exc:
            oom = memory.is_oom(exc)
            msg = _first_line(exc)
            del exc
            memory.free(device)
            if oom:
                result = BatchResult(batch_size=bs, status=Status.oom, error=f"out of memory: {msg}")
                failed = f"oom:skipped: a smaller batch ({bs}) of this model ran out of memory"
            else:
                result = BatchResult(batch_size=bs, status=Status.error, error=msg)
                if device.type == "cuda":  # never go on after a CUDA error: the context may be broken
                    failed = f"skipped: batch {bs} failed with a CUDA error ({msg[:200]})"
        send("batch", result)


def main(job: Job, conn: Any) -> None:
    """Process entry point (a process forked from the runner's fork server, or spawned)."""
    phases = timing.Phases(entered=time.time())  # the runner reads process start from `entered`

    def send(kind: str, payload: Any) -> None:
        conn.send((kind, payload))

    try:
        run(job, send, phases)
        send("phases", phases)
        send("done", None)
    except BaseException as exc:  # reported to the parent, which records an error and goes on
        tb = traceback.format_exc(limit=4)
        with contextlib.suppress(Exception):
            send("fatal", f"{_first_line(exc)}\n{tb}"[:4000])
    finally:
        conn.close()
