"""torch2trt's Jetson tables and pytorch-gpu-benchmark's per-iteration times as shipped measurement
files: the parsers, the byte-for-byte reproduction, and the numbers traced back to the source."""

from __future__ import annotations

import csv
import runpy
import statistics
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zoobench.measurement import MeasurementFile, ModelResult, load_file

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = REPO / "measurements" / "published"
SEED = REPO.parent / "shared" / "seed-data"
T2T, PGB = SEED / "torch2trt", SEED / "pytorch-gpu-benchmark"
needs_seed = pytest.mark.skipif(not SEED.is_dir(), reason=f"seed data not found at {SEED}")


@cache
def script(name: str) -> dict[str, Any]:
    return runpy.run_path(str(REPO / "scripts" / f"{name}.py"), run_name=name)


@cache
def doc(name: str) -> MeasurementFile:
    return load_file(PUBLISHED / name)


def model(file: str, model_id: str) -> ModelResult:
    return next(m for m in doc(file).models if m.model_id == model_id)


# --- parsers -------------------------------------------------------------------------------------

HEADER = ("| Name | Data Type | Input Shapes | torch2trt kwargs | Max Error | Throughput (PyTorch) | "
          "Throughput (TensorRT) | Latency (PyTorch) | Latency (TensorRT) |\n|---|---|---|---|---|---|---|---|---|\n")
ROW = "| torchvision.models.resnet.resnet18 | float16 | [(1, 3, 224, 224)] | {'fp16_mode': True} | 5.86E-03 | 29.4 | 90.2 | 34.7 | 11.4 |\n"


def test_torch2trt_table_repeated_header_and_numbers() -> None:
    s = script("convert_torch2trt")
    rows = s["parse_table"](HEADER + ROW + HEADER + ROW.replace("resnet18", "resnet34"), "t.md")
    assert [r["Name"].rsplit(".", 1)[1] for r in rows] == ["resnet18", "resnet34"]
    assert s["number"]({"x": "1.29e+03"}, "x", "w") == 1290.0
    assert s["input_shape"](rows[0], "w") == (1, 224)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + ROW.replace(" 90.2 |", ""), r"t\.md:3: 8 cells, the header has 9"),
        (ROW, r"t\.md:1: a row before the header row"),
        (HEADER + "not a table\n", r"t\.md:3: not a table row"),
        (HEADER.replace("Max Error", "Error"), r"t\.md:1: columns"),
        (HEADER, r"t\.md: no rows"),
    ],
)
def test_torch2trt_table_errors_name_file_and_line(text: str, message: str) -> None:
    s = script("convert_torch2trt")
    with pytest.raises(s["TableError"], match=message):
        s["parse_table"](text, "t.md")


def test_torch2trt_bad_cells_are_named() -> None:
    s = script("convert_torch2trt")
    with pytest.raises(s["TableError"], match="Max Error: not a number"):
        s["number"]({"Max Error": "n/a"}, "Max Error", "t.md row 1")
    with pytest.raises(s["TableError"], match="Input Shapes"):
        s["input_shape"]({"Input Shapes": "[(1, 3, 224, 200)]"}, "t.md row 1")


def test_pytorch_gpu_benchmark_times_and_errors() -> None:
    s = script("convert_pytorch_gpu_benchmark")
    assert s["parse_times"]("a,b\n1.5,2\n1.25,3\n", "x.csv") == {"a": [1.5, 1.25], "b": [2.0, 3.0]}
    for text, message in [
        ("a,b\n1,2\n3\n", r"x\.csv:3: 1 values, the header has 2"),
        ("a,b\n1,oops\n", r"x\.csv:2: b: not a number"),
        ("a,b\n1,-2\n", r"x\.csv:2: b: not a positive time"),
        ("a,a\n1,2\n", r"x\.csv:1: empty or repeated"),
        ("a,b\n", r"x\.csv: no timed iterations"),
        ("", r"x\.csv: empty file"),
    ]:
        with pytest.raises(s["SourceError"], match=message):
            s["parse_times"](text, "x.csv")


@needs_seed
def test_pytorch_gpu_benchmark_system_info() -> None:
    s = script("convert_pytorch_gpu_benchmark")
    info = s["parse_system_info"]((PGB / "dgx-a100" / "system_info.txt").read_text(), "system_info.txt")
    assert (info["Device Name"], info["CUDA Version"], info["Cudnn Version"]) == ("A100-SXM4-40GB", "11.1", "8004")
    with pytest.raises(s["SourceError"], match=r"x\.txt: no `Device Name` line"):
        s["parse_system_info"]("CUDA Version : 10.2\n", "x.txt")


# --- the shipped files ---------------------------------------------------------------------------


def files(prefix: str) -> list[str]:
    return sorted(p.name for p in PUBLISHED.glob(f"{prefix}-*.json"))


@needs_seed
@pytest.mark.parametrize(("name", "prefix", "count"), [
    ("convert_torch2trt", "torch2trt", 4),
    ("convert_pytorch_gpu_benchmark", "pytorch-gpu-benchmark", 12),
])
def test_converters_reproduce_committed_files(tmp_path: Path, name: str, prefix: str, count: int) -> None:
    script(name)["main"](["--out", str(tmp_path)])
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) == count
    assert written == files(prefix)
    for f in written:
        assert (tmp_path / f).read_bytes() == (PUBLISHED / f).read_bytes(), (
            f"{f} differs from a fresh conversion: run scripts/{name}.py"
        )


@needs_seed
def test_a100_statistics_come_from_the_50_published_iterations() -> None:
    src = PGB / "dgx-a100" / "A100-SXM4-40GB_1_gpus__float_model_inference_benchmark.csv"
    with src.open(newline="") as f:
        published = [float(r["resnet50"]) for r in csv.DictReader(f)]
    b = model("pytorch-gpu-benchmark-a100-sxm4-40gb-fp32.json", "resnet50").batches[0]
    lat = b.latency_per_batch
    assert b.batch_size == 12 and lat.n == 50
    assert lat.times_ms == pytest.approx(published, abs=1e-6)
    assert lat.median_ms == pytest.approx(statistics.median(published), abs=1e-6)
    assert lat.p90_ms == pytest.approx(float(np.percentile(published, 90)), abs=1e-6)
    assert lat.mean_ms == pytest.approx(statistics.fmean(published), abs=1e-6)
    assert b.latency_per_image.median_ms == pytest.approx(statistics.median(published) / 12, abs=1e-6)
    assert b.throughput_img_s is None


def test_pytorch_gpu_benchmark_settings() -> None:
    for precision, method in (("fp32", None), ("fp16-cast", "cast"), ("fp64-cast", "cast")):
        d = doc(f"pytorch-gpu-benchmark-titan-xp-{precision}.json")
        st = d.settings
        assert st.input_on_device is False
        assert (st.warmup_iters, st.timed_iters) == (5, 50)
        assert st.precision_method == method and st.runtime == "pytorch"
        assert st.precision == precision.split("-")[0]
        assert d.device.id == "titan-xp-pytorch-gpu-benchmark" and d.device.model == "TITAN Xp"
        assert d.run.citation.id == "pytorch-gpu-benchmark"
        assert len(d.models) == 32


def test_torch2trt_both_runtimes_throughput_and_latency_kept() -> None:
    pt = model("torch2trt-jetson-nano-pytorch.json", "resnet18").batches[0]
    trt = model("torch2trt-jetson-nano-tensorrt.json", "resnet18").batches[0]
    assert (pt.latency_per_batch.mean_ms, pt.throughput_img_s) == (34.7, 29.4)
    assert (trt.latency_per_batch.mean_ms, trt.throughput_img_s) == (11.4, 90.2)
    assert trt.output_max_abs_diff == 5.86e-03 and trt.output_reference == "pytorch"
    assert pt.output_max_abs_diff is None
    for runtime in ("pytorch", "tensorrt"):
        st = doc(f"torch2trt-jetson-nano-{runtime}.json").settings
        assert st.runtime == runtime and st.precision == "fp16" and st.precision_method == "cast"
        assert "separate loop" in st.throughput_timing
    xavier = model("torch2trt-jetson-agx-xavier-tensorrt.json", "squeezenet1_1").batches[0]
    assert xavier.throughput_img_s == 1290.0 and xavier.latency_per_batch.mean_ms == 1.02
    assert len(doc("torch2trt-jetson-agx-xavier-pytorch.json").models) == 29
    assert model("torch2trt-jetson-nano-pytorch.json", "resnet18").name == "torchvision.models.resnet.resnet18"
