"""Convert torch2trt's published Jetson benchmarks (`../shared/seed-data/torch2trt/`) into
measurement files.

Writes four files under `--out` (default `measurements/published/`): one per board (Jetson Nano,
Jetson AGX Xavier) and runtime (PyTorch eager, TensorRT), because a file has one set of settings:
`torch2trt-jetson-nano-pytorch.json`, `torch2trt-jetson-nano-tensorrt.json`,
`torch2trt-jetson-agx-xavier-pytorch.json`, `torch2trt-jetson-agx-xavier-tensorrt.json`.

Conventions applied:

- One model entry per table row, batch 1 (`Input Shapes`), resolution from the input shape.
  `Name` is kept as printed; the model id is its last dotted part (the torchvision constructor),
  resolved through the registry.
- `Data Type` float16: model and input cast with `.half()` (precision `fp16`, method `cast`); the
  TensorRT engine was built from that half model with the row's `torch2trt kwargs`
  (`fp16_mode=True`).
- `Latency (…)` is the mean of 50 calls, each followed by a synchronisation: `latency_per_batch`
  and `latency_per_image` (batch 1: the same) `mean_ms`, n = 50. `Throughput (…)` comes from
  another loop (50 back-to-back calls, one synchronisation at the end): kept as
  `throughput_img_s` and labelled by `settings.throughput_timing`; neither is derived from the
  other (they disagree by up to ~30 %).
- `Max Error` (largest absolute difference between the PyTorch and the TensorRT outputs on one
  input) describes the TensorRT engine's outputs: it goes on the TensorRT file's batch as
  `output_max_abs_diff`, with `output_reference` naming what it was compared against.
- `created_at` is a fixed constant, so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import ast
import math
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
    Latency,
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

REPO = Path(__file__).resolve().parents[1]
CREATED_AT = datetime(2026, 11, 21, tzinfo=UTC)
TOOL = Tool(name="scripts/convert_torch2trt.py", version=zoobench.__version__)
TIMED_ITERS = 50
COLUMNS = (
    "Name",
    "Data Type",
    "Input Shapes",
    "torch2trt kwargs",
    "Max Error",
    "Throughput (PyTorch)",
    "Throughput (TensorRT)",
    "Latency (PyTorch)",
    "Latency (TensorRT)",
)
RUNTIMES = {"pytorch": "PyTorch", "tensorrt": "TensorRT"}  # runtime slug -> column suffix
URL = "https://github.com/NVIDIA-AI-IOT/torch2trt"
COMMIT = "4e820ae31b4e35d59685935223b05b2e11d47b03"
LATENCY_TIMING = (
    "torch2trt/test.py (commit 03131b0): model and input cast with .half(); time.time() around 50 "
    "calls, each followed by torch.cuda.current_stream().synchronize(); the table gives the mean "
    "time per call (batch 1)."
)
THROUGHPUT_TIMING = (
    "A separate loop of 50 back-to-back calls with one torch.cuda.current_stream().synchronize() "
    "at the end, timed with time.time(): images / elapsed seconds. Not derived from the latency, "
    "and not equal to 1000 / latency."
)


class TableError(ValueError):
    """A malformed line of a torch2trt table, with file and line number."""


@dataclass(frozen=True)
class Board:
    file: str
    slug: str
    device: Device
    framework: str
    year: int


BOARDS = (
    Board(
        file="JETSON_NANO.md",
        slug="jetson-nano",
        year=2019,
        framework="PyTorch and TensorRT on JetPack (versions not stated), torch2trt",
        device=Device(
            id="jetson-nano-torch2trt",
            name="NVIDIA Jetson Nano (torch2trt 2019)",
            kind=DeviceKind.embedded,
            vendor="NVIDIA",
            model="Jetson Nano",
            memory_mb=4 * 1024,
            cpu_model="ARM Cortex-A57",
            notes="Jetson Nano developer kit as benchmarked by NVIDIA's torch2trt (table last "
            "changed June 2019): 128-core Maxwell GPU, 4 GB LPDDR4 shared between CPU and GPU. "
            "Power mode not stated. No memory figures were published.",
        ),
    ),
    Board(
        file="JETSON_XAVIER.md",
        slug="jetson-agx-xavier",
        year=2019,
        framework="PyTorch and TensorRT on JetPack (versions not stated), torch2trt",
        device=Device(
            id="jetson-agx-xavier-torch2trt",
            name="NVIDIA Jetson AGX Xavier (torch2trt 2019)",
            kind=DeviceKind.embedded,
            vendor="NVIDIA",
            model="Jetson AGX Xavier",
            cpu_model="NVIDIA Carmel ARMv8.2",
            notes="Jetson AGX Xavier as benchmarked by NVIDIA's torch2trt (table last changed "
            "October 2019): 512-core Volta GPU with tensor cores, memory shared between CPU and "
            "GPU. Power mode not stated. No memory figures were published.",
        ),
    ),
)


# --- reading -------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_table(text: str, name: str) -> list[dict[str, str]]:
    """The rows of a torch2trt markdown table, as {column: cell}; repeated header rows skipped."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not line.lstrip().startswith("|"):
            raise TableError(f"{name}:{number}: not a table row: {line[:60]!r}")
        cells = _cells(line)
        if cells[0] == "Name":
            if tuple(cells) != COLUMNS:
                raise TableError(f"{name}:{number}: columns {cells}, expected {list(COLUMNS)}")
            header = cells
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue  # the separator under a header
        if header is None:
            raise TableError(f"{name}:{number}: a row before the header row")
        if len(cells) != len(header):
            raise TableError(f"{name}:{number}: {len(cells)} cells, the header has {len(header)}")
        rows.append(dict(zip(header, cells, strict=True)))
    if not rows:
        raise TableError(f"{name}: no rows")
    return rows


def number(row: dict[str, str], column: str, where: str) -> float:
    """A finite number from a cell (`1.29e+03`, `2.29E-05`, `46.4`)."""
    try:
        value = float(row[column])
    except ValueError:
        raise TableError(f"{where}: {column}: not a number: {row[column]!r}") from None
    if not math.isfinite(value) or value < 0:
        raise TableError(f"{where}: {column}: not a finite non-negative number: {row[column]!r}")
    return value


def input_shape(row: dict[str, str], where: str) -> tuple[int, int]:
    """(batch size, resolution) from `[(1, 3, 224, 224)]`: one NCHW input with H = W."""
    try:
        shapes = ast.literal_eval(row["Input Shapes"])
        ((batch, channels, height, width),) = shapes
    except (ValueError, SyntaxError, TypeError):
        raise TableError(f"{where}: Input Shapes: not one NCHW shape: {row['Input Shapes']!r}") from None
    if channels != 3 or height != width:
        raise TableError(f"{where}: Input Shapes: expected (N, 3, S, S): {row['Input Shapes']!r}")
    return int(batch), int(height)


def constructor(name: str) -> str:
    """`torchvision.models.resnet.resnet18` -> `resnet18` (the last dotted part)."""
    return name.rsplit(".", 1)[-1]


# --- building ------------------------------------------------------------------------------------


def citation(board: Board) -> Citation:
    return Citation(
        id="torch2trt",
        authors=["NVIDIA-AI-IOT"],
        title="torch2trt: an easy to use PyTorch to TensorRT converter (benchmarks)",
        venue="software (GitHub)",
        year=board.year,
        url=URL,
        locator=f"benchmarks/{board.file} at commit {COMMIT[:12]}",
    )


def settings(runtime: str, kwargs: str) -> Settings:
    engine = f" The TensorRT engine was built by torch2trt with {kwargs}." if runtime == "tensorrt" else ""
    return Settings(
        precision=Precision.fp16,
        precision_method=PrecisionMethod.cast,
        runtime=runtime,
        memory_format="contiguous",
        execution="eager",
        timed_iters=TIMED_ITERS,
        input_on_device=True,
        timing=LATENCY_TIMING + engine,
        throughput_timing=THROUGHPUT_TIMING,
    )


def batch(row: dict[str, str], runtime: str, where: str) -> BatchResult:
    batch_size, _ = input_shape(row, where)
    suffix = RUNTIMES[runtime]
    latency_ms = number(row, f"Latency ({suffix})", where)
    extra = {}
    if runtime == "tensorrt":
        extra = {
            "output_max_abs_diff": number(row, "Max Error", where),
            "output_reference": "pytorch",
        }
    return BatchResult(
        batch_size=batch_size,
        status=Status.ok,
        latency_per_batch=Latency(mean_ms=latency_ms, n=TIMED_ITERS),
        latency_per_image=Latency(mean_ms=round(latency_ms / batch_size, 6), n=TIMED_ITERS),
        throughput_img_s=number(row, f"Throughput ({suffix})", where),
        **extra,
    )


def models(rows: list[dict[str, str]], runtime: str, file: str) -> list[ModelResult]:
    out = []
    for i, row in enumerate(rows, start=1):
        where = f"{file} row {i} ({row['Name']})"
        if row["Data Type"] != "float16":
            raise TableError(f"{where}: Data Type {row['Data Type']!r}: only float16 is known")
        _, resolution = input_shape(row, where)
        out.append(ModelResult(
            model_id=registry.resolve(constructor(row["Name"])),
            name=row["Name"],
            resolution_px=resolution,
            batches=[batch(row, runtime, where)],
        ))
    return out


def measurement_file(board: Board, rows: list[dict[str, str]], runtime: str) -> MeasurementFile:
    kwargs = sorted({r["torch2trt kwargs"] for r in rows})
    if len(kwargs) != 1:
        raise TableError(f"{board.file}: several torch2trt kwargs {kwargs}: one file per settings")
    label = RUNTIMES[runtime]
    notes = (
        f"{label} columns of torch2trt's {board.file}: latency = `Latency ({label})`, the mean of "
        f"50 synchronised calls; throughput = `Throughput ({label})`, from a separate loop "
        "(settings.throughput_timing). Batch 1, fp16 by .half()."
    )
    if runtime == "tensorrt":
        notes += (" `Max Error` (largest absolute difference between the PyTorch and TensorRT "
                  "outputs) is each batch's output_max_abs_diff.")
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=Run(created_at=CREATED_AT, tool=TOOL, source=Source.published, citation=citation(board),
                notes=notes),
        device=board.device,
        software=Software(framework=board.framework),
        settings=settings(runtime, kwargs[0]),
        models=models(rows, runtime, board.file),
    )


def convert(seed: Path, out: Path) -> list[Path]:
    """Write the four files under `out`; return their paths."""
    written = []
    for board in BOARDS:
        path = seed / board.file
        rows = parse_table(path.read_text(encoding="utf-8"), str(path))
        for runtime in RUNTIMES:
            doc = measurement_file(board, rows, runtime)
            written.append(write_file(doc, out / f"torch2trt-{board.slug}-{runtime}.json"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-dir", type=Path, default=REPO.parent / "shared" / "seed-data" / "torch2trt",
                        help="folder of torch2trt's tables (default: ../shared/seed-data/torch2trt)")
    parser.add_argument("--out", type=Path, default=REPO / "measurements" / "published",
                        help="output folder (default: measurements/published)")
    args = parser.parse_args(argv)
    try:
        paths = convert(args.seed_dir, args.out)
    except TableError as exc:
        raise SystemExit(f"error: {exc}") from None
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
