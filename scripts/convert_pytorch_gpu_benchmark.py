"""Convert pytorch-gpu-benchmark's published per-iteration times
(`../shared/seed-data/pytorch-gpu-benchmark/`) into measurement files.

Writes twelve files under `--out` (default `measurements/published/`), one per GPU and precision:
`pytorch-gpu-benchmark-<gpu>-<fp32|fp16-cast|fp64-cast>.json` for the RTX 2080 Ti, TITAN Xp,
TITAN RTX and A100-SXM4-40GB.

Conventions applied:

- Each CSV column is a torchvision model (its constructor name, resolved through the registry);
  each of its 50 rows one timed iteration of a batch of 12 at 224 x 224, in ms. They go, in
  order, into `latency_per_batch.times_ms`; mean, median, min, max, p90, std and n are computed
  from them by `zoobench.stats.latency_from_times`, the function `zoobench collect` uses;
  `latency_per_image` is the same over times / 12. No throughput was published: it stays null.
- `_float_` is fp32; `_half_` and `_double_` cast model and input (`.half()`, `.double()`):
  precision `fp16` / `fp64` with method `cast`.
- The host-to-device copy of each batch is inside the timed region: `input_on_device: false`.
  5 untimed warm-up iterations (`WARM_UP`), 50 timed (`NUM_TEST`), as config.json says where
  present (the same script ran on the other two).
- Device details (CUDA, cuDNN, CPU threads, host memory, kernel) come from each folder's
  `system_info.txt`; the host name is kept only as its SHA-256.
- `created_at` is a fixed constant, so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import zoobench
from zoobench import registry
from zoobench.measurement import (
    SCHEMA_VERSION,
    BatchResult,
    Citation,
    Device,
    DeviceKind,
    MeasurementFile,
    ModelResult,
    Precision,
    PrecisionMethod,
    Run,
    Settings,
    Software,
    Source,
    Status,
    Tool,
    write_file,
)
from zoobench.stats import latency_from_times

REPO = Path(__file__).resolve().parents[1]
CREATED_AT = datetime(2026, 11, 21, tzinfo=UTC)
TOOL = Tool(name="scripts/convert_pytorch_gpu_benchmark.py", version=zoobench.__version__)
URL = "https://github.com/ryujaehun/pytorch-gpu-benchmark"
COMMIT = "3f47a9e2a43ca751ffade0add700b54b00e44bf0"
BATCH_SIZE = 12
RESOLUTION = 224
WARMUP = 5
TIMED = 50
TIMING = (
    "benchmark_models.py (commit 3f47a9e): torchvision model built without weights, eval(), under "
    "torch.no_grad(); random 3 x 224 x 224 batches of 12 from a DataLoader; per iteration "
    "torch.cuda.synchronize(), time.time(), model(img.to('cuda')), torch.cuda.synchronize(), "
    "time.time(), so the host-to-device copy of the batch is timed; 5 untimed warm-up iterations, "
    "then 50 timed; every timed iteration published."
)
# file-name part -> (precision, precision_method, file suffix)
PRECISIONS = {
    "float": (Precision.fp32, None, "fp32"),
    "half": (Precision.fp16, PrecisionMethod.cast, "fp16-cast"),
    "double": (Precision.fp64, PrecisionMethod.cast, "fp64-cast"),
}


class SourceError(ValueError):
    """A malformed source file, with its name and line."""


@dataclass(frozen=True)
class Gpu:
    folder: str
    slug: str
    device_name: str  # as system_info.txt's `Device Name` prints it
    name: str
    memory_gb: int
    year: int
    notes: str


GPUS = (
    Gpu("2080ti(2)", "rtx-2080-ti", "GeForce RTX 2080 Ti",
        "NVIDIA GeForce RTX 2080 Ti (pytorch-gpu-benchmark 2020)", 11, 2020,
        "Run of 2020-01-17 (folder `2080ti(2)`), one of the 4 GPUs the host showed."),
    Gpu("TITANXP", "titan-xp", "TITAN Xp",
        "NVIDIA TITAN Xp (pytorch-gpu-benchmark 2021)", 12, 2021,
        "Run of 2021-01-07, one of the 4 GPUs the host showed: the card model of Bianco et al. 2018, "
        "measured again by another source three years later."),
    Gpu("TitanRTX", "titan-rtx", "TITAN RTX",
        "NVIDIA TITAN RTX (pytorch-gpu-benchmark 2021)", 24, 2021,
        "Run of 2021-01-03, one of the 4 GPUs the host showed."),
    Gpu("dgx-a100", "a100-sxm4-40gb", "A100-SXM4-40GB",
        "NVIDIA A100-SXM4-40GB (DGX A100; pytorch-gpu-benchmark 2021)", 40, 2021,
        "Run of 2021-01-03 on a DGX A100, one of the 4 GPUs the host showed. Whether fp32 "
        "convolutions ran as TF32 (PyTorch's default on Ampere since 1.7) is not recorded."),
)


# --- reading -------------------------------------------------------------------------------------


def parse_system_info(text: str, name: str) -> dict[str, str]:
    """`key : value` and `key: value` lines of system_info.txt, plus the uname fields."""
    info: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("uname_result("):
            info.update(re.findall(r"(\w+)='([^']*)'", line))
        elif ":" in line:
            key, _, value = line.partition(":")
            info[key.strip()] = value.strip()
    for needed in ("Device Name", "CUDA Version", "Cudnn Version", "benchmark start"):
        if needed not in info:
            raise SourceError(f"{name}: no `{needed}` line")
    return info


def parse_times(text: str, name: str) -> dict[str, list[float]]:
    """{model: [ms per iteration, in order]} from a CSV whose header names the models."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise SourceError(f"{name}: empty file")
    if len(set(header)) != len(header) or not all(header):
        raise SourceError(f"{name}:1: empty or repeated model names in the header")
    times: dict[str, list[float]] = {model: [] for model in header}
    for line, row in enumerate(reader, start=2):
        if len(row) != len(header):
            raise SourceError(f"{name}:{line}: {len(row)} values, the header has {len(header)}")
        for model, cell in zip(header, row, strict=True):
            try:
                value = float(cell)
            except ValueError:
                raise SourceError(f"{name}:{line}: {model}: not a number: {cell[:40]!r}") from None
            if not math.isfinite(value) or value <= 0:
                raise SourceError(f"{name}:{line}: {model}: not a positive time: {cell[:40]!r}")
            times[model].append(value)
    if not all(times.values()):
        raise SourceError(f"{name}: no timed iterations")
    return times


def config(folder: Path) -> dict[str, object]:
    """config.json where present, checked against the settings this converter writes."""
    path = folder / "config.json"
    if not path.exists():
        return {}
    cfg = json.loads(path.read_text(encoding="utf-8"))
    expected = {"WARM_UP": WARMUP, "NUM_TEST": TIMED, "BATCH_SIZE": BATCH_SIZE, "NUM_GPU": 1}
    for key, value in expected.items():
        if cfg.get(key) != value:
            raise SourceError(f"{path}: {key} is {cfg.get(key)!r}, expected {value}")
    return cfg


def csv_path(folder: Path, gpu: Gpu, precision: str) -> Path:
    return folder / f"{gpu.device_name}_1_gpus__{precision}_model_inference_benchmark.csv"


# --- building ------------------------------------------------------------------------------------


def citation(gpu: Gpu) -> Citation:
    return Citation(
        id="pytorch-gpu-benchmark",
        authors=["Jaehun Ryu"],
        title="pytorch-gpu-benchmark: PyTorch benchmarks of torchvision models on GPUs",
        venue="software (GitHub)",
        year=gpu.year,
        url=URL,
        locator=f"results/{gpu.folder}/ at commit {COMMIT[:12]}",
    )


def device(gpu: Gpu, info: dict[str, str]) -> Device:
    if info["Device Name"] != gpu.device_name:
        raise SourceError(f"{gpu.folder}/system_info.txt: Device Name {info['Device Name']!r}, "
                          f"expected {gpu.device_name!r}")
    cudnn = info["Cudnn Version"]  # 7605 -> 7.6.5, 8004 -> 8.0.4
    return Device(
        id=f"{gpu.slug}-pytorch-gpu-benchmark",
        name=gpu.name,
        kind=DeviceKind.gpu,
        vendor="NVIDIA",
        model=gpu.device_name,
        memory_mb=gpu.memory_gb * 1024,
        cuda_version=info["CUDA Version"],
        cudnn_version=f"{int(cudnn[0])}.{int(cudnn[1])}.{int(cudnn[2:])}" if cudnn.isdigit() else cudnn,
        cpu_threads=int(info["cpu_count"]) if info.get("cpu_count", "").isdigit() else None,
        os=f"{info['system']} {info['release']}" if "system" in info else None,
        hostname_sha256=hashlib.sha256(info["node"].encode()).hexdigest() if "node" in info else None,
        notes=gpu.notes,
    )


def settings(precision: Precision, method: PrecisionMethod | None) -> Settings:
    return Settings(
        precision=precision,
        precision_method=method,
        runtime="pytorch",
        memory_format="contiguous",
        execution="eager",
        warmup_iters=WARMUP,
        timed_iters=TIMED,
        input_on_device=False,
        timing=TIMING,
    )


def model_result(name: str, times: list[float]) -> ModelResult:
    return ModelResult(
        model_id=registry.resolve(name),
        name=name,
        resolution_px=RESOLUTION,
        batches=[BatchResult(
            batch_size=BATCH_SIZE,
            status=Status.ok,
            latency_per_batch=latency_from_times(times),
            latency_per_image=latency_from_times(times, scale=BATCH_SIZE, keep_times=False),
        )],
    )


def measurement_file(seed: Path, gpu: Gpu, part: str) -> MeasurementFile:
    folder = seed / gpu.folder
    config(folder)
    info = parse_system_info((folder / "system_info.txt").read_text(encoding="utf-8"),
                             str(folder / "system_info.txt"))
    path = csv_path(folder, gpu, part)
    times = parse_times(path.read_text(encoding="utf-8"), str(path))
    for model, values in times.items():
        if len(values) != TIMED:
            raise SourceError(f"{path}: {model}: {len(values)} iterations, expected {TIMED}")
    precision, method, _ = PRECISIONS[part]
    dev = device(gpu, info)
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=Run(
            created_at=CREATED_AT, tool=TOOL, source=Source.published, citation=citation(gpu),
            notes=f"Every timed iteration of `{path.name}` (batch 12, ms per batch), benchmark "
            f"started {info['benchmark start']}. Statistics computed from the 50 iterations by "
            "zoobench; the copy of each batch to the GPU is inside the timed region. No "
            "throughput or memory was published.",
        ),
        device=dev,
        software=Software(framework=f"PyTorch (version not recorded), CUDA {dev.cuda_version}, "
                                    f"cuDNN {dev.cudnn_version}"),
        settings=settings(precision, method),
        models=[model_result(name, values) for name, values in times.items()],
    )


def convert(seed: Path, out: Path) -> list[Path]:
    """Write the twelve files under `out`; return their paths."""
    written = []
    for gpu in GPUS:
        for part, (_, _, suffix) in PRECISIONS.items():
            doc = measurement_file(seed, gpu, part)
            written.append(write_file(doc, out / f"pytorch-gpu-benchmark-{gpu.slug}-{suffix}.json"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-dir", type=Path,
                        default=REPO.parent / "shared" / "seed-data" / "pytorch-gpu-benchmark",
                        help="the copied results folders "
                        "(default: ../shared/seed-data/pytorch-gpu-benchmark)")
    parser.add_argument("--out", type=Path, default=REPO / "measurements" / "published",
                        help="output folder (default: measurements/published)")
    args = parser.parse_args(argv)
    try:
        paths = convert(args.seed_dir, args.out)
    except (SourceError, OSError) as exc:
        raise SystemExit(f"error: {exc}") from None
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
