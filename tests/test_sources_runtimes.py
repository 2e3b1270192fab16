"""Where sources meet (device models, source_comparison) and what a runtime buys (runtime_speedups),
on the database built from the shipped files, against values worked out from the seed data."""

from __future__ import annotations

import csv
import math
import statistics
from pathlib import Path

import duckdb
import pytest
from conftest import SEED
from typer.testing import CliRunner

from zoobench import db
from zoobench.cli import app


def rows(path: Path, sql: str, params: list | None = None) -> list[dict]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def test_db_info_lists_the_new_devices(shipped_db: Path) -> None:
    names = {d["name"] for d in db.info(shipped_db).devices}
    for part in ("Jetson Nano", "Jetson AGX Xavier", "RTX 2080 Ti", "TITAN RTX", "A100"):
        assert any(part in n for n in names), part
    assert sum("titan xp" in n.lower() for n in names) == 2


@pytest.mark.parametrize(("label", "key"), [
    ("TITAN Xp", "titan-xp"),
    ("NVIDIA GeForce RTX 2080 Ti", "rtx-2080-ti"),
    ("GeForce RTX 2080 Ti", "rtx-2080-ti"),
    ("Tesla V100-SXM2-16GB", "v100-sxm2-16gb"),
    ("Jetson TX1 (Maxwell, 256 CUDA cores; ARM Cortex-A57)", "jetson-tx1"),
    ("Intel(R) Xeon(R) Processor @ 2.50GHz", "intel-xeon-processor-2-50ghz"),
])
def test_device_model_key(shipped_db: Path, label: str, key: str) -> None:
    assert rows(shipped_db, "SELECT device_model_key(?) AS k", [label]) == [{"k": key}]


def test_the_two_titan_xps_are_one_device_model(shipped_db: Path) -> None:
    pairs = rows(shipped_db, "SELECT * FROM device_model_pairs")
    assert pairs == [{
        "device_model": "titan-xp",
        "device_a": "titan-xp-bianco2018",
        "device_b": "titan-xp-pytorch-gpu-benchmark",
    }]


def bianco_mean(model: str, batch: int) -> float:
    with (SEED / "bianco2018_titanxp_time_ms.csv").open(newline="") as f:
        return next(float(r[f"bs{batch}"]) for r in csv.DictReader(f) if r["model"] == model)


def pgb_times(model: str) -> list[float]:
    path = SEED / "pytorch-gpu-benchmark" / "TITANXP" / "TITAN Xp_1_gpus__float_model_inference_benchmark.csv"
    with path.open(newline="") as f:
        return [float(r[model]) for r in csv.DictReader(f)]


def test_source_comparison_interpolates_bianco_at_batch_12(shipped_db: Path) -> None:
    got = rows(shipped_db, "SELECT * FROM source_comparison WHERE model_id = 'resnet50'")
    assert len(got) == 1
    r = got[0]
    assert (r["batch_size"], r["statistic"], r["settings_key"]) == (12, "mean", "fp32/contiguous/eager")
    assert r["how_a"] == "interpolated (log-linear between batch 8 and 16)" and r["how_b"] == "measured"
    t8, t16 = bianco_mean("ResNet-50", 8), bianco_mean("ResNet-50", 16)
    expected_a = math.exp(math.log(t8) + (math.log(12) - math.log(8)) / math.log(2) * math.log(t16 / t8))
    expected_b = statistics.fmean(pgb_times("resnet50")) / 12
    assert r["time_a_ms"] == pytest.approx(expected_a, rel=1e-9)
    assert r["time_b_ms"] == pytest.approx(expected_b, rel=1e-6)
    assert r["ratio_b_to_a"] == pytest.approx(expected_b / expected_a, rel=1e-6)


def test_source_comparison_covers_every_model_both_measured(shipped_db: Path) -> None:
    both = rows(shipped_db, """
        SELECT count(DISTINCT a.model_id) AS n
        FROM measurements a JOIN measurements b USING (model_id)
        WHERE a.device_id = 'titan-xp-bianco2018' AND b.device_id = 'titan-xp-pytorch-gpu-benchmark'
          AND a.settings_key = b.settings_key""")[0]["n"]
    compared = rows(shipped_db, "SELECT count(*) AS n FROM source_comparison")[0]["n"]
    assert compared == both == 20


def test_runtime_speedups_on_the_jetsons(shipped_db: Path) -> None:
    got = rows(shipped_db, "SELECT * FROM runtime_speedups ORDER BY device_id, model_id")
    assert {r["device_id"] for r in got} == {"jetson-nano-torch2trt", "jetson-agx-xavier-torch2trt"}
    assert len(got) == 18 + 29
    nano = {r["model_id"]: r for r in got if r["device_id"] == "jetson-nano-torch2trt"}
    r50 = nano["resnet50"]
    assert (r50["pytorch_ms"], r50["runtime_ms"]) == (81.7, 29.8)  # the table's Latency columns
    assert r50["speedup"] == pytest.approx(81.7 / 29.8)
    assert r50["throughput_speedup"] == pytest.approx(34.2 / 12.4)  # Throughput columns, as published
    assert r50["output_max_abs_diff"] == pytest.approx(6.45e-02) and r50["output_reference"] == "pytorch"
    assert nano["resnet101"]["output_max_abs_diff"] == 1010.0  # published as 1.01E+03, kept as it is
    assert {r["runtime"] for r in got} == {"tensorrt"} and {r["statistic"] for r in got} == {"mean"}


def test_throughput_and_latency_are_both_kept_and_labelled(shipped_db: Path) -> None:
    got = rows(shipped_db, """
        SELECT throughput_img_s, fps, throughput_timing FROM latest_measurements
        WHERE device_id = 'jetson-agx-xavier-torch2trt' AND model_id = 'squeezenet1_1'
          AND runtime = 'tensorrt'""")
    assert len(got) == 1
    assert got[0]["throughput_img_s"] == 1290.0
    assert got[0]["fps"] == pytest.approx(1000 / 1.02)
    assert "separate loop" in got[0]["throughput_timing"]


def test_a100_rows_carry_median_and_p90_of_the_50_iterations(shipped_db: Path) -> None:
    got = rows(shipped_db, """
        SELECT batch_median_ms, batch_p90_ms, iterations, times_ms FROM measurements
        WHERE device_id = 'a100-sxm4-40gb-pytorch-gpu-benchmark' AND model_id = 'resnet50'
          AND settings_key = 'fp32/contiguous/eager'""")[0]
    path = SEED / "pytorch-gpu-benchmark" / "dgx-a100" / "A100-SXM4-40GB_1_gpus__float_model_inference_benchmark.csv"
    with path.open(newline="") as f:
        times = [float(r["resnet50"]) for r in csv.DictReader(f)]
    assert got["iterations"] == len(got["times_ms"]) == 50
    assert got["batch_median_ms"] == pytest.approx(statistics.median(times), abs=1e-6)
    assert got["batch_p90_ms"] == pytest.approx(statistics.quantiles(times, n=10, method="inclusive")[-1], abs=1e-6)


def test_best_selects_a_runtime(shipped_db: Path) -> None:
    def ids(**kw: object) -> list[tuple[str, str]]:
        q = db.BestQuery(device="jetson-nano", min_fps=30, top=3, **kw)
        return [(r["model_id"], r["runtime"]) for r in db.best(shipped_db, q).rows]

    assert ids() == [("squeezenet1_1", "pytorch"), ("squeezenet1_0", "pytorch"), ("alexnet", "pytorch")]
    assert ids(runtime="tensorrt") == [("resnet50", "tensorrt"), ("densenet169", "tensorrt"),
                                       ("densenet121", "tensorrt")]
    assert ids(settings_key="fp16-cast/contiguous/tensorrt") == ids(runtime="tensorrt")
    result = CliRunner().invoke(
        app, ["best", "-d", "jetson-nano", "--min-fps", "30", "--runtime", "tensorrt", "--db", str(shipped_db)]
    )
    assert result.exit_code == 0, result.output
    assert "runtime tensorrt" in result.output and "ResNet-50" in result.output


def test_default_settings_prefer_pytorch_and_fp32_on_ties(shipped_db: Path) -> None:
    got = {r["device_id"]: r["settings_key"] for r in rows(shipped_db, "SELECT * FROM device_default_settings")}
    assert got["jetson-nano-torch2trt"] == "fp16-cast/contiguous/eager"
    assert got["titan-xp-pytorch-gpu-benchmark"] == "fp32/contiguous/eager"
    per_runtime = rows(shipped_db, """SELECT runtime, settings_key FROM device_runtime_default_settings
                                      WHERE device_id = 'jetson-agx-xavier-torch2trt' ORDER BY runtime""")
    assert [r["settings_key"] for r in per_runtime] == ["fp16-cast/contiguous/eager",
                                                         "fp16-cast/contiguous/tensorrt"]
