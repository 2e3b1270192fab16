"""The measurement file format, defined once: the collector writes it, `db` reads it.

A measurement file is one JSON object per run: one device (or none, for a table of reference
accuracies), one collector invocation or one published table. Units are in the field names:
`_ms` milliseconds, `_mb` mebibytes (2**20 bytes), `_j` joules, `_w` watts, `_s` seconds,
`_px` pixels, `_img_s` images per second. A value that was not measured is `null`, never 0.

`docs/measurement-format.md` documents every field; `zoobench schema` prints the JSON Schema
(also committed as `docs/measurement-schema-v2.json`, beside version 1's).

Version 1 files still load: they are validated with the same models, must not use a field that
version 2 added (`V2_FIELDS`), and are given version 2's defaults with version 1's meaning
(fp16/bf16 were autocast; the runtime was PyTorch). They keep `schema_version: 1` in memory, so
their content hash is computed, and checked, over exactly the version 1 fields.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import pydantic_core
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from zoobench import registry
from zoobench.errors import InvalidMeasurementFile, ZoobenchError

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
MB = 2**20
"""Bytes in the format's `_mb` unit (a mebibyte)."""
MAX_FILE_BYTES = 32 * MB
"""Files above this size are refused before parsing (a full sweep of 100 models is ~5 MiB)."""

# Bounds that no honest measurement reaches: they catch unit mistakes and garbage.
MAX_MS = 1e7  # ~2.8 hours for one forward pass
MIN_MS = 1e-6  # 1 ns: nothing runs a forward pass faster, and 1/x of it stays finite
MAX_MB = 1e8  # ~95 TiB
MAX_BATCH = 1 << 16
MAX_INT32 = 2**31 - 1  # the database's INTEGER columns
# created_at: from the first public ImageNet benchmarks to at most a day ahead (clock skew).
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
# A throughput and a latency from different loops (TensorRT's throughput runs several streams)
# may disagree by a few times; beyond this factor one of them is wrong.
THROUGHPUT_LATENCY_FACTOR = 10.0

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
Ms = Annotated[float, Field(ge=0, le=MAX_MS)]
PositiveMs = Annotated[float, Field(ge=MIN_MS, le=MAX_MS)]
Mb = Annotated[float, Field(gt=0, le=MAX_MB)]  # missing is null: 0 MiB is never a measurement
Percent = Annotated[float, Field(ge=0, le=100)]


def _known_model_id(model_id: str) -> str:
    if model_id.startswith(registry.TIMM_PREFIX) and not registry.is_known_id(model_id):
        raise ValueError(f"unknown model id {model_id!r}: timm defines no architecture of that name")
    if not registry.is_known_id(model_id):
        raise ValueError(
            f"unknown model id {model_id!r}: use a registry id (`zoobench models`) or timm:<name>"
        )
    return model_id


ModelId = Annotated[
    str, StringConstraints(pattern=r"^(timm:)?[a-z0-9][a-z0-9_.-]{0,99}$"), AfterValidator(_known_model_id)
]


class Strict(BaseModel):
    """Base: unknown fields are errors, NaN/inf are errors, numbers are not parsed from strings."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=False)


class Source(StrEnum):
    measured = "measured"
    published = "published"


class Citation(Strict):
    """The publication a published run transcribes."""

    id: Slug = Field(description="Short source id used across the database, e.g. `bianco2018`.")
    authors: list[Name] = Field(min_length=1, description="Authors, in the order of the publication.")
    title: Name = Field(description="Title of the paper or document.")
    venue: Name = Field(description="Journal, conference, or `software` for a package's docs.")
    year: int = Field(ge=1950, le=2100, description="Year of publication.")
    doi: Name | None = Field(None, description="DOI, without the https://doi.org/ prefix.")
    url: Name | None = Field(None, description="Where to read it.")
    locator: Name | None = Field(None, description="Table or figure, e.g. `Table 1(a)`.")


class Tool(Strict):
    """The program that wrote the file."""

    name: Name = Field(description="What wrote the file: `zoobench collect`, a conversion script.")
    version: Name = Field(description="Its version (zoobench's version for the collector).")
    git_commit: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{7,40}$")] | None = Field(
        None, description="Git commit of the zoobench checkout that wrote the file."
    )


class Run(Strict):
    """Provenance: what this file is, who or what made it, and when."""

    id: str = Field(
        "",
        description="`sha256:` + hex digest of the file's canonical JSON with this field empty. "
        "Written by `finalize()`; checked on load.",
    )
    created_at: datetime = Field(description="When the file was written (ISO 8601, with zone).")
    tool: Tool
    source: Source = Field(description="`measured` by zoobench, or `published` (transcribed from a source).")
    citation: Citation | None = Field(None, description="Required when `source` is `published`.")
    contributor: Name | None = Field(None, description="Who measured (name or handle).")
    notes: Text | None = Field(None, description="Anything a reader should know about the run.")

    @model_validator(mode="after")
    def _citation_for_published(self) -> Run:
        if self.source is Source.published and self.citation is None:
            raise ValueError("a published run needs a citation")
        if self.created_at.tzinfo is None:
            raise ValueError("created_at needs a time zone (e.g. +00:00)")
        if self.created_at < EARLIEST:
            raise ValueError(f"created_at {self.created_at.isoformat()} is before {EARLIEST.year}")
        if self.created_at > datetime.now(UTC) + FUTURE_SLACK:
            raise ValueError(f"created_at {self.created_at.isoformat()} is in the future")
        return self


class DeviceKind(StrEnum):
    cpu = "cpu"
    gpu = "gpu"
    embedded = "embedded"


class Device(Strict):
    """The hardware measured, as the collector found it (or as the paper describes it)."""

    id: Slug = Field(description="Stable id; also the folder name under measurements/measured/.")
    name: Name = Field(description="Display name, e.g. `NVIDIA Titan Xp (i7-7700 workstation)`.")
    kind: DeviceKind = Field(description="`cpu`, a discrete `gpu`, or an `embedded` board.")
    vendor: Name | None = Field(None, description="e.g. NVIDIA, Intel, AMD, Apple.")
    model: Name | None = Field(None, description="Accelerator or CPU model as reported.")
    memory_mb: Mb | None = Field(None, description="Device memory (shared memory on embedded).")
    host_memory_mb: Mb | None = Field(None, description="System RAM of the host.")
    driver_version: Name | None = Field(None, description="GPU driver version.")
    cuda_version: Name | None = Field(None, description="CUDA runtime version torch was built with.")
    cudnn_version: Name | None = Field(None, description="cuDNN version torch uses.")
    cpu_model: Name | None = Field(None, description="Host CPU model name.")
    cpu_cores: int | None = Field(None, ge=1, le=100_000, description="Physical CPU cores.")
    cpu_threads: int | None = Field(None, ge=1, le=100_000, description="Logical CPUs (hardware threads).")
    os: Name | None = Field(None, description="Operating system and kernel.")
    hostname_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        None, description="SHA-256 of the host name: tells runs of one machine apart without naming it."
    )
    notes: Text | None = Field(None, description="Power mode, cooling, anything unusual.")


class Software(Strict):
    """Versions of the software stack that ran the models."""

    python: Name | None = Field(None, description="Python version.")
    torch: Name | None = Field(None, description="PyTorch version (with its build tag).")
    torchvision: Name | None = Field(None, description="torchvision version.")
    timm: Name | None = Field(None, description="timm version.")
    pretrainedmodels: Name | None = Field(None, description="pretrainedmodels version.")
    framework: Name | None = Field(
        None, description="Free text for published runs, e.g. `PyTorch 0.4, CUDA 9.0, cuDNN 5.1`."
    )


class Precision(StrEnum):
    fp32 = "fp32"
    tf32 = "tf32"
    fp16 = "fp16"
    bf16 = "bf16"
    fp64 = "fp64"


class PrecisionMethod(StrEnum):
    autocast = "autocast"  # torch.autocast: fp32 weights, some ops in fp16/bf16
    cast = "cast"  # model and input converted: .half(), .to(torch.bfloat16), .double()


class Settings(Strict):
    """How the models were run and timed; part of a measurement's identity."""

    V2_FIELDS: ClassVar[frozenset[str]] = frozenset({"runtime", "precision_method", "throughput_timing"})

    runtime: Slug = Field(
        "pytorch",
        description="What executed the network: `pytorch` (eager or `torch.compile`), `tensorrt`; "
        "room for `onnxruntime`, `openvino`, `coreml` …",
    )
    precision: Precision = Field(
        Precision.fp32,
        description="`fp32`; `tf32` (fp32 with TF32 matmul/conv); `fp16`/`bf16` (see "
        "`precision_method`); `fp64` (always a cast).",
    )
    precision_method: PrecisionMethod | None = Field(
        None,
        description="How fp16/bf16/fp64 was applied: `autocast` (torch.autocast) or `cast` (model and "
        "input converted, e.g. `.half()`); null for fp32/tf32 or when the source does not say.",
    )
    memory_format: Literal["contiguous", "channels_last"] = Field(
        "contiguous", description="Tensor layout of model and input (NCHW or channels_last)."
    )
    execution: Literal["eager", "compiled"] = Field("eager", description="Eager, or `torch.compile`d.")
    compile_mode: Name | None = Field(None, description="`torch.compile` mode, when compiled.")
    threads: int | None = Field(None, ge=1, le=100_000, description="torch intra-op threads.")
    cudnn_benchmark: bool | None = Field(None, description="`torch.backends.cudnn.benchmark`.")
    allow_tf32: bool | None = Field(None, description="`torch.backends.cuda.matmul.allow_tf32`.")
    warmup_iters: int | None = Field(
        None, ge=0, le=1_000_000, description="Untimed iterations before timing."
    )
    timed_iters: int | None = Field(None, ge=1, le=10_000_000, description="Minimum timed iterations.")
    min_seconds: float | None = Field(None, ge=0, le=86_400, description="Minimum timed duration per batch.")
    input_on_device: bool | None = Field(
        None, description="True when the input tensor is made on the device, so only the model is timed."
    )
    timing: Text | None = Field(None, description="How the times were taken, in words.")
    throughput_timing: Text | None = Field(
        None,
        description="How `throughput_img_s` was measured when it comes from another loop than the "
        "latency (e.g. torch2trt's); both are kept as published, neither derived from the other.",
    )

    @model_validator(mode="after")
    def _precision_method(self) -> Settings:
        if self.precision in (Precision.fp32, Precision.tf32) and self.precision_method is not None:
            raise ValueError(f"precision_method is for fp16/bf16/fp64, not {self.precision}")
        if self.precision is Precision.fp64 and self.precision_method is not PrecisionMethod.cast:
            raise ValueError("fp64 is always a cast: set precision_method to `cast`")
        return self

    @property
    def key(self) -> str:
        """The settings part of a measurement's identity, e.g. `fp32/contiguous/eager`,
        `fp16-cast/contiguous/compiled:max-autotune`, `fp16/contiguous/tensorrt`."""
        if self.runtime != "pytorch":
            mode = self.runtime
        else:
            mode = f"compiled:{self.compile_mode}" if self.compile_mode else self.execution
        cast = "-cast" if self.precision_method is PrecisionMethod.cast else ""
        return f"{self.precision}{cast}/{self.memory_format}/{mode}"


class FlopsConvention(StrEnum):
    flop_counter = "flop_counter"  # torch.utils.flop_counter: 2 per multiply-add, matmul/conv/attention
    macs_x2 = "macs_x2"  # a published multiply-add count, doubled
    conv_only = "conv_only"  # 2 per multiply-add, convolutions only (Bianco 2018)


class Flops(Strict):
    """Floating-point operations of one forward pass at batch 1."""

    gflops: float = Field(gt=0, le=1e6, description="GFLOPs at batch 1, 2 FLOPs per multiply-add.")
    convention: FlopsConvention = Field(
        description="`flop_counter` (torch.utils.flop_counter), `macs_x2` (published multiply-adds ×2), "
        "`conv_only` (convolutions only)."
    )
    reported: Name | None = Field(None, description="The figure as the source gave it, with unit.")
    by_operator: dict[Name, Annotated[float, Field(ge=0, le=1e6)]] | None = Field(
        None, description="GFLOPs per operator (e.g. `aten.convolution`), where counted."
    )


class AccuracyKind(StrEnum):
    measured = "measured"
    reference = "reference"


class Accuracy(Strict):
    """One top-1/top-5 figure for the model, measured or from a source."""

    V2_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"resolution_px", "crop_pct", "interpolation", "pretrain"}
    )

    top1: Percent | None = Field(None, description="Top-1 accuracy, percent.")
    top5: Percent | None = Field(None, description="Top-5 accuracy, percent.")
    dataset: Name = Field(
        "imagenet-1k-val",
        description="Evaluation set: `imagenet-1k-val`, `imagenet-real`, `imagenetv2-matched-frequency`, "
        "`imagenet-sketch`, `imagenet-a`, `imagenet-r` …",
    )
    crop: Name | None = Field(
        None, description="`center` for the single centre crop; null when the source does not say."
    )
    kind: AccuracyKind = Field(description="`measured` by this run, or a `reference` value.")
    source: Slug = Field(description="Source id: a citation id, `torchvision`, `zoobench` …")
    evaluated_with: Name | None = Field(
        None, description="Who evaluated the weights: `pytorch-port`, `Caffe`, `TensorFlow` …"
    )
    weights: Name | None = Field(None, description="Weights evaluated, e.g. `IMAGENET1K_V2`.")
    images: int | None = Field(None, ge=1, le=10**9, description="Images evaluated, when measured.")
    resolution_px: int | None = Field(
        None, ge=8, le=8192, description="Evaluation input side; null = the model entry's `resolution_px`."
    )
    crop_pct: Annotated[float, Field(gt=0, le=2)] | None = Field(
        None,
        description="Centre-crop fraction: the image is resized to resolution_px / crop_pct, then "
        "centre-cropped (e.g. 0.875; timm uses up to 1.15, a crop larger than the resized image).",
    )
    interpolation: Name | None = Field(None, description="Resize interpolation, e.g. `bicubic`.")
    pretrain: Name | None = Field(
        None, description="Pretraining data of the weights, e.g. `in1k`, `in22k`, `laion2b`."
    )

    @model_validator(mode="after")
    def _some_value(self) -> Accuracy:
        if self.top1 is None and self.top5 is None:
            raise ValueError("an accuracy entry needs top1 or top5")
        if self.top1 is not None and self.top5 is not None and self.top5 < self.top1:
            raise ValueError(f"top5 ({self.top5}) below top1 ({self.top1})")
        return self


class Latency(Strict):
    """Latency statistics. Per batch: every timed iteration is in `times_ms`."""

    mean_ms: PositiveMs | None = Field(None, description="Mean over the timed iterations.")
    median_ms: PositiveMs | None = Field(None, description="Median (the site's default statistic).")
    min_ms: PositiveMs | None = Field(None, description="Fastest iteration (EmBench's statistic).")
    max_ms: PositiveMs | None = Field(None, description="Slowest timed iteration.")
    p90_ms: PositiveMs | None = Field(None, description="90th percentile.")
    std_ms: Ms | None = Field(None, description="Standard deviation (population).")
    n: int | None = Field(None, ge=1, le=10_000_000, description="Timed iterations.")
    first_ms: PositiveMs | None = Field(None, description="The first (untimed, warm-up) iteration.")
    times_ms: list[PositiveMs] | None = Field(None, description="Every timed iteration, in order.")

    @model_validator(mode="after")
    def _consistent(self) -> Latency:
        if self.mean_ms is None and self.median_ms is None and self.min_ms is None:
            raise ValueError("latency needs at least one of mean_ms, median_ms, min_ms")
        lo, hi = self.min_ms, self.max_ms
        for name in ("mean_ms", "median_ms", "p90_ms"):
            v = getattr(self, name)
            if v is not None and ((lo is not None and v < lo * 0.999) or (hi is not None and v > hi * 1.001)):
                raise ValueError(f"{name} ({v}) outside [min_ms, max_ms] ({lo}, {hi})")
        if self.times_ms is not None and self.n is not None and len(self.times_ms) != self.n:
            raise ValueError(f"n is {self.n} but times_ms has {len(self.times_ms)} values")
        return self


class Memory(Strict):
    """Memory used while running the batch."""

    allocated_peak_mb: Mb | None = Field(None, description="torch.cuda.max_memory_allocated.")
    reserved_peak_mb: Mb | None = Field(None, description="torch.cuda.max_memory_reserved.")
    device_total_mb: Mb | None = Field(
        None,
        description="Device memory the process held (NVML), CUDA context included; "
        "for published figures, the device-wide reading the paper gives.",
    )
    host_rss_peak_mb: Mb | None = Field(
        None,
        description="Peak RSS of the measuring process during this batch (Linux: VmHWM, reset before "
        "each batch through /proc/self/clear_refs), the whole process: Python, libraries, model, tensors.",
    )
    host_rss_delta_mb: Mb | None = Field(None, description="Peak RSS over the pre-model baseline.")


class Energy(Strict):
    """Energy of the timed window, where measured (NVML on NVIDIA GPUs)."""

    per_image_j: Annotated[float, Field(gt=0, le=1e5)] | None = Field(None, description="Energy ÷ images.")
    mean_power_w: Annotated[float, Field(gt=0, le=1e5)] | None = Field(None, description="Energy ÷ time.")
    window_s: Annotated[float, Field(gt=0, le=86_400)] | None = Field(
        None, description="Length of the measured window (well above 100 ms)."
    )
    method: Name | None = Field(None, description="e.g. `nvml-total-energy`.")


class OpCategory(StrEnum):
    convolution = "convolution"
    batch_norm = "batch_norm"
    activation = "activation"
    pooling = "pooling"
    linear = "linear"
    other = "other"


class Status(StrEnum):
    ok = "ok"
    oom = "oom"
    error = "error"


class BatchResult(Strict):
    """One batch size of one model: its status and, when `ok`, its numbers."""

    V2_FIELDS: ClassVar[frozenset[str]] = frozenset({"output_max_abs_diff", "output_reference"})

    batch_size: int = Field(ge=1, le=MAX_BATCH, description="Images per forward pass.")
    status: Status = Field(description="`ok`; `oom`: out of memory; `error`: failed otherwise.")
    error: Text | None = Field(None, description="Why, when status is `oom` or `error`.")
    latency_per_batch: Latency | None = None
    latency_per_image: Latency | None = None
    throughput_img_s: Annotated[float, Field(ge=1e-6, le=1e9)] | None = Field(
        None,
        description="Images per second over the timed window (samples / wall time); refused when it "
        f"disagrees with the latency by more than {THROUGHPUT_LATENCY_FACTOR:g}× either way.",
    )
    memory: Memory | None = None
    energy: Energy | None = None
    op_time_ms: dict[OpCategory, Ms] | None = Field(
        None, description="Time per operator type for one batch (torch.profiler), where measured."
    )
    output_max_abs_diff: Annotated[float, Field(ge=0, le=1e30)] | None = Field(
        None,
        description="Largest absolute difference between this batch's outputs and those of the "
        "`output_reference` runtime on the same input (torch2trt's `Max Error`), as measured or published.",
    )
    output_reference: Slug | None = Field(
        None, description="The runtime `output_max_abs_diff` compares with, e.g. `pytorch`."
    )

    @model_validator(mode="after")
    def _status_fields(self) -> BatchResult:
        if (self.output_max_abs_diff is None) != (self.output_reference is None):
            raise ValueError("output_max_abs_diff and output_reference go together")
        if self.status is Status.ok:
            if self.latency_per_batch is None and self.latency_per_image is None:
                raise ValueError("an `ok` batch needs latency_per_batch or latency_per_image")
            if self.error is not None:
                raise ValueError("an `ok` batch has no error message")
        elif self.latency_per_batch is not None or self.latency_per_image is not None:
            raise ValueError(f"a batch with status `{self.status}` has no latency")
        per_batch, per_image = self.latency_per_batch, self.latency_per_image
        if per_batch and per_image and per_batch.mean_ms and per_image.mean_ms:
            expected = per_batch.mean_ms / self.batch_size
            if not math.isclose(per_image.mean_ms, expected, rel_tol=0.02):
                raise ValueError(
                    f"latency_per_image.mean_ms ({per_image.mean_ms}) is not latency_per_batch.mean_ms "
                    f"/ batch_size ({expected:.6g})"
                )
        self._throughput_agrees()
        return self

    def _throughput_agrees(self) -> None:
        """Throughput and latency may come from different loops, but not from different worlds."""
        per_image = _ms_per_image(self.latency_per_image, 1) or _ms_per_image(
            self.latency_per_batch, self.batch_size
        )
        if self.throughput_img_s is None or per_image is None:
            return
        implied = 1000 / per_image
        ratio = self.throughput_img_s / implied
        if not 1 / THROUGHPUT_LATENCY_FACTOR <= ratio <= THROUGHPUT_LATENCY_FACTOR:
            raise ValueError(
                f"throughput_img_s ({self.throughput_img_s:.6g}) is {max(ratio, 1 / ratio):.3g}× away from "
                f"the {implied:.6g} images/s the latency implies (allowed: {THROUGHPUT_LATENCY_FACTOR:g}×)"
            )


def _ms_per_image(lat: Latency | None, batch_size: int) -> float | None:
    if lat is None:
        return None
    ms = lat.mean_ms or lat.median_ms or lat.min_ms
    return ms / batch_size if ms else None


class ModelResult(Strict):
    """One model (architecture, optionally one set of weights) and what the run says of it."""

    V2_FIELDS: ClassVar[frozenset[str]] = frozenset({"activations_m"})

    model_id: ModelId = Field(
        description="Registry id (`zoobench models`) or `timm:<name>`: the implementation that ran; "
        "the database files it under the canonical id the registry declares it equivalent to."
    )
    name: Name = Field(description="The model's name as the source gives it.")
    weights: Name | None = Field(None, description="Weights name, when the entry is about one.")
    resolution_px: int | None = Field(None, ge=8, le=8192, description="Input side, e.g. 224.")
    params: int | None = Field(None, ge=1, le=10**13, description="Parameters (sum of numel).")
    file_size_mb: Mb | None = Field(None, description="Bytes of the serialised state_dict / 2**20.")
    flops: Flops | None = None
    activations_m: Annotated[float, Field(gt=0, le=1e7)] | None = Field(
        None,
        description="Millions of activations at batch 1 and `resolution_px`: output elements of the "
        "conv/linear layers (timm's `infer_macts`); predicts GPU time better than FLOPs.",
    )
    accuracy: list[Accuracy] = Field(default_factory=list)
    batches: list[BatchResult] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_batches(self) -> ModelResult:
        sizes = [b.batch_size for b in self.batches]
        if len(sizes) != len(set(sizes)):
            raise ValueError(f"batch sizes repeat: {sorted(sizes)}")
        return self


class MeasurementFile(Strict):
    """The top-level object of a measurement file."""

    schema_version: Literal[1, 2] = Field(
        description="Version of this format: 2; version 1 files are read (upgraded on load), "
        "other versions are refused."
    )
    run: Run
    device: Device | None = Field(None, description="Null only for device-free reference tables.")
    software: Software = Field(default_factory=Software)
    settings: Settings | None = Field(None, description="Required when there are batches.")
    models: list[ModelResult] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_checks(self) -> MeasurementFile:
        has_batches = any(m.batches for m in self.models)
        if has_batches and self.device is None:
            raise ValueError("batches need a device")
        if has_batches and self.settings is None:
            raise ValueError("batches need settings")
        seen: set[tuple[str, str | None, int | None]] = set()
        dupes: set[str] = set()
        for m in self.models:
            key = (m.model_id, m.weights, m.resolution_px)
            if key in seen:
                dupes.add(f"{key[0]}/{key[1]}/{key[2]}")
            seen.add(key)
        if dupes:
            raise ValueError(
                f"model entries repeat (model_id/weights/resolution_px): {', '.join(sorted(dupes))}"
            )
        return self


# --- version 1 files -------------------------------------------------------------------------

_V1_EXCLUDE: dict[str, Any] = {
    "settings": set(Settings.V2_FIELDS),
    "models": {"__all__": {
        "activations_m": True,
        "accuracy": {"__all__": set(Accuracy.V2_FIELDS)},
        "batches": {"__all__": set(BatchResult.V2_FIELDS)},
    }},
}


def _v2_fields_used(doc: MeasurementFile) -> list[str]:
    """Where a version 1 file uses what only version 2 has."""
    used = []
    if doc.settings is not None:
        used += [f"settings.{f}" for f in sorted(doc.settings.model_fields_set & Settings.V2_FIELDS)]
        if doc.settings.precision is Precision.fp64:
            used.append("settings.precision: `fp64`")
    for i, m in enumerate(doc.models):
        used += [f"models[{i}].{f}" for f in sorted(m.model_fields_set & ModelResult.V2_FIELDS)]
        for j, a in enumerate(m.accuracy):
            new = sorted(a.model_fields_set & Accuracy.V2_FIELDS)
            used += [f"models[{i}].accuracy[{j}].{f}" for f in new]
        for j, b in enumerate(m.batches):
            new = sorted(b.model_fields_set & BatchResult.V2_FIELDS)
            used += [f"models[{i}].batches[{j}].{f}" for f in new]
    return used


def _upgrade_v1(doc: MeasurementFile) -> MeasurementFile:
    """Version 1's meaning in version 2's fields: its fp16/bf16 were autocast."""
    st = doc.settings
    if st is not None and st.precision in (Precision.fp16, Precision.bf16):
        st.precision_method = PrecisionMethod.autocast
    return doc


# --- canonical form, content hash, load/dump -------------------------------------------------


def _data(doc: MeasurementFile) -> dict[str, Any]:
    return doc.model_dump(mode="json", exclude=_V1_EXCLUDE if doc.schema_version == 1 else None)


def _text(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def canonical_json(doc: MeasurementFile) -> str:
    """Deterministic JSON: sorted keys, nulls kept, two-space indent, trailing newline (a version 1
    document: version 1's fields only)."""
    return _text(_data(doc))


def _blank_id_text(doc: MeasurementFile) -> str:
    """The canonical JSON with `run.id` empty: what the content hash is taken of."""
    data = _data(doc)
    data["run"]["id"] = ""
    return _text(data)


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def content_hash(doc: MeasurementFile) -> str:
    return _digest(_blank_id_text(doc))


def finalize(doc: MeasurementFile) -> MeasurementFile:
    """Set `run.id` to the content hash; call last, after every other field is final."""
    doc.run.id = content_hash(doc)
    return doc


_BLANK_RUN_ID = '\n    "id": "",'  # `run.id` in the canonical text (run's keys are 4 spaces in)


def write_file(doc: MeasurementFile, path: Path) -> Path:
    """Finalize and write atomically: a temporary file beside the target, then a rename. The text
    is encoded once: the hashed text with the hash put into its `run.id`."""
    text = _blank_id_text(doc)
    doc.run.id = _digest(text)
    at = text.index(_BLANK_RUN_ID, text.index('\n  "run": {'))
    text = f'{text[:at]}\n    "id": {json.dumps(doc.run.id)},{text[at + len(_BLANK_RUN_ID):]}'
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-after", "function-wrap", "json-or-python")):
            continue  # validator wrappers, not fields
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _problems(err: ValidationError) -> list[str]:
    lines = []
    for e in err.errors(include_url=False):
        msg = e["msg"].removeprefix("Value error, ")
        got = e.get("input")
        if e["type"] in {"missing", "extra_forbidden"} or isinstance(got, dict | list):
            lines.append(f"{_loc(e['loc'])}: {msg}")
        else:
            lines.append(f"{_loc(e['loc'])}: {msg} (got {json.dumps(got, default=str)[:80]})")
    return lines


def parse(text: str | bytes, name: str = "<input>") -> MeasurementFile:
    """Parse and validate one file's content; raise InvalidMeasurementFile naming every problem."""
    if len(text) > MAX_FILE_BYTES:
        raise InvalidMeasurementFile(
            name, [f"(file): {len(text)} bytes, over the {MAX_FILE_BYTES} byte limit"]
        )
    try:  # NaN/Infinity are read here so that validation can name the field that holds them
        data = pydantic_core.from_json(text, allow_inf_nan=True)
    except ValueError as exc:
        raise InvalidMeasurementFile(name, [f"(file): not valid JSON: {exc}"]) from None
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise InvalidMeasurementFile(name, [f"(top level): expected the run object {{...}}, got {kind}"])
    duplicates = _duplicate_keys(text)
    if duplicates:
        raise InvalidMeasurementFile(
            name, [f"{where}: key {key!r} appears more than once" for where, key in duplicates]
        )
    version = data.get("schema_version")
    if type(version) is not int or version not in READABLE_VERSIONS:  # not true, not 1.0
        newer = isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION
        hint = "too new: upgrade zoobench" if newer else f"expected one of {READABLE_VERSIONS}"
        raise InvalidMeasurementFile(name, [f"schema_version: unsupported version {version!r} ({hint})"])
    try:  # JSON mode: strict types, ISO strings accepted for datetimes and enums
        doc = MeasurementFile.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise InvalidMeasurementFile(name, _problems(exc)) from None
    if version == 1:
        used = _v2_fields_used(doc)
        if used:
            raise InvalidMeasurementFile(
                name, [f"{u}: new in schema version 2, not allowed in a version 1 file" for u in used]
            )
    expected = content_hash(doc)
    if doc.run.id != expected:
        raise InvalidMeasurementFile(
            name,
            [
                f"run.id: does not match the content ({doc.run.id!r}, expected {expected!r}); "
                "was the file edited after it was written? Write files with zoobench's write_file()"
            ],
        )
    return _upgrade_v1(doc) if version == 1 else doc


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it saw twice."""

    repeated: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        keys = [k for k, _ in pairs]
        obj.repeated = tuple(sorted({k for k in keys if keys.count(k) > 1}))
    return obj


def _duplicate_keys(text: str | bytes) -> list[tuple[str, str]]:
    """(where, key) for every key repeated within one object: JSON parsers keep the last silently,
    so a reader of the first would see another value than the database."""
    try:  # called after pydantic's parser accepted the text, so nesting depth is bounded
        tree = json.loads(text, object_pairs_hook=_pairs)
    except (ValueError, RecursionError):
        return []
    found: list[tuple[str, str]] = []

    def walk(node: Any, where: tuple[Any, ...]) -> None:
        if isinstance(node, _Object):
            found.extend((_loc(where), key) for key in node.repeated)
            for key, value in node.items():
                walk(value, (*where, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*where, i))

    walk(tree, ())
    return found


def read_file(path: Path) -> bytes:
    """The bytes of a regular file, at most MAX_FILE_BYTES of them: devices, FIFOs, sockets and
    folders are refused without blocking, and the read is bounded whatever `stat` says."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO opens without a writer
    except OSError as exc:
        raise InvalidMeasurementFile(name, [f"(file): cannot read: {exc.strerror}"]) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InvalidMeasurementFile(
                name, ["(file): not a regular file (a folder, device, FIFO or socket): refused"]
            )
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidMeasurementFile(name, [f"(file): cannot read: {exc.strerror}"]) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidMeasurementFile(name, [f"(file): over the {MAX_FILE_BYTES} byte limit"])
    return raw


def load_file(path: Path) -> MeasurementFile:
    return parse(read_file(path), str(path))


def json_schema() -> dict[str, Any]:
    schema = MeasurementFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://zoobench.org/schema/measurement-v{SCHEMA_VERSION}.json"
    schema["title"] = f"zoobench measurement file, version {SCHEMA_VERSION}"
    return schema


def find_files(inputs: Iterable[Path]) -> list[Path]:
    """Files as given, and every `*.json` below a given folder, in sorted order."""
    found: list[Path] = []
    for p in inputs:
        if p.is_dir():
            # not only regular files: the others are refused by name, not skipped in silence
            found.extend(sorted(f for f in p.rglob("*.json") if not (f.is_dir() or f.name.startswith("."))))
        elif p.exists() or p.is_symlink():  # load_file refuses what is not a regular file
            found.append(p)
        else:
            raise ZoobenchError(f"{p}: no such file or folder")
    return found
