"""What `zoobench collect` is asked to do, declared once: `CollectConfig`.

Each field that is a command-line option carries its help and flags in its metadata (`option`,
core/options.py); the CLI builds the `collect` command from these fields, and the worker's `Job`
carries the config itself. A new option is one new field here. No torch here: the CLI imports
this module to build its help.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from zoobench.errors import ZoobenchError
from zoobench.measurement import Precision
from zoobench.options import option

DEFAULT_BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)
PRECISIONS = (Precision.fp32, Precision.tf32, Precision.fp16, Precision.bf16)  # the ones collect runs


def parse_batch_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise ZoobenchError(f"--batch-sizes: expected integers separated by commas, got {text!r}") from None
    return sizes


def parse_devices(text: str) -> tuple[str, ...]:
    devices = tuple(d.strip() for d in text.split(",") if d.strip())
    bad = [d for d in devices if not re.fullmatch(r"cpu|cuda(:\d+)?", d)]
    if bad or len(set(devices)) != len(devices):
        raise ZoobenchError(f"--devices: expected distinct cpu or cuda:N separated by commas, got {text!r}")
    return devices


EXECUTORS = ("local", "slurm")


@dataclass
class CollectConfig:
    models: list[str] = field(default_factory=list, metadata=option(
        "Model ids or names: --model A B C, or --model A --model B.", "--model", "-m", metavar="ID [ID ...]"
    ))
    preset: str | None = field(default=None, metadata=option(
        "bianco2018, canziani2016, embench2019, or probe (the models that best predict the rest)."))
    device: str = field(default="cpu", metadata=option("cpu or cuda[:N]."))
    batch_sizes: tuple[int, ...] = field(default=DEFAULT_BATCH_SIZES, metadata=option(
        "Comma-separated batch sizes.", parser=parse_batch_sizes, metavar="N,N,..."
    ))
    precision: Precision = field(
        default=Precision.fp32, metadata=option("fp32, tf32, or fp16/bf16 by autocast.", choices=PRECISIONS)
    )
    channels_last: bool = field(default=False, metadata=option("NHWC memory format."))
    compile: bool = field(default=False, metadata=option("torch.compile the model."))
    warmup: int = field(default=10, metadata=option("Untimed warm-up passes.", min=1))
    iters: int = field(default=10, metadata=option("Minimum timed passes.", min=1))
    min_seconds: float = field(default=1.0, metadata=option("Minimum timed seconds per batch size.", min=0))
    out: Path | None = field(default=None, metadata=option("Root folder (default measurements/measured)."))
    weights: Path | None = field(
        default=None, metadata=option("Checkpoint for the accuracy run (one model).")
    )
    imagenet_val: Path | None = field(
        default=None, metadata=option("ImageNet validation set, ImageFolder layout.")
    )
    energy: bool = field(default=False, metadata=option("Energy per image from NVML (CUDA)."))
    profile_ops: bool = field(default=False, metadata=option("Time per operator type."))
    device_name: str | None = field(default=None, metadata=option("Friendly device name (also the folder)."))
    resume: bool = field(default=False, metadata=option("Continue the file; skip what it has."))
    contributor: str | None = field(default=None, metadata=option("Your name or handle, for the file."))
    notes: str | None = field(
        default=None, metadata=option("What the file cannot tell: power mode, cooling, anything unusual.")
    )
    plan: bool = field(default=False, metadata=option(
        "Print what would run (per job) and an estimate of its time from the database; run nothing."))
    # fan-out (collect/fanout.py): jobs with submitit, each an ordinary collect of its shard of the models
    executor: str | None = field(default=None, metadata=option(
        "Run the models as jobs with submitit: local (this machine) or slurm; the command waits.",
        choices=EXECUTORS))
    jobs: int | None = field(default=None, metadata=option(
        "Number of jobs (shards of the models); default one per --devices entry, else 1.", min=1))
    devices: tuple[str, ...] = field(default=(), metadata=option(
        "With --executor local: one job per device, e.g. cuda:0,cuda:1.", parser=parse_devices,
        metavar="DEV,DEV,..."))
    partition: str | None = field(default=None, metadata=option("Slurm partition of the jobs."))
    gpus_per_job: int | None = field(default=None, metadata=option(
        "Slurm: GPUs per job (default 1 with --device cuda, else 0).", min=0))
    time_limit_min: int = field(default=24 * 60, metadata=option("Time limit of each job (minutes).", min=1))
    sbatch: list[str] = field(default_factory=list, metadata=option(
        "Any other sbatch parameter, KEY=VALUE (repeatable): --sbatch account=lab --sbatch qos=low.",
        metavar="KEY=VALUE"))
    jobs_dir: Path | None = field(default=None, metadata=option(
        "Folder of the jobs' logs and state (default build/collect-jobs; shared with the nodes)."))
    # library-only (tests and the worker): not options
    name: str | None = None  # the model set's name in the file name (a fan-out's shard)
    threads: int | None = None
    resolution_px: int | None = None  # override every model's input side
    memory_limit_mb: int | None = None  # address-space limit of each worker
    model_timeout_s: float | None = None  # a worker running longer is killed, its batches `error`
    worker_start: str = "forkserver"  # or "spawn": how each model's fresh process starts
    eval_batch_size: int = 64
