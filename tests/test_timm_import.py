"""zoobench import timm-benchmark / timm-results: timm's CSVs become measurement files, or a clear
error names file, line and column and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from zoobench import db, timm_import
from zoobench.cli import app
from zoobench.measurement import load_file

BENCH_HEADER = "model,infer_img_size,infer_samples_per_sec,infer_step_time,infer_batch_size,param_count,infer_gmacs,infer_macts"
BENCH_ROWS = [
    "resnet50,224,11604.38,88.243,1024,25.56,4.11,11.11",
    "resnet50,288,7000.5,146.275,1024,25.56,6.8,18.37",
    "convnext_atto,224,30000.0,34.133,1024,3.7,0.55,3.81",
    "eva02_enormous_patch14_clip_224,224,,,,1132.46,497.58,4350.56",
]
RESULTS = """model,img_size,top1,top1_err,top5,top5_err,param_count,crop_pct,interpolation
resnet50.a1_in1k,288,81.22,18.78,95.11,4.89,25.56,1.000,bicubic
resnet50.a1_in1k,224,80.1,19.9,94.5,5.5,25.56,0.950,bicubic
resnet50.fb_swsl_ig1b_ft_in1k,224,81.18,18.82,95.98,4.02,25.56,0.875,bilinear
convnext_atto.d2_in1k,224,75.66,24.34,92.99,7.01,3.70,0.950,bicubic
eva_giant_patch14_336.clip_ft_in1k,336,89.46,10.54,98.82,1.18,"1,013.01",1.000,bicubic
"""


def bench_csv(folder: Path, name: str = "benchmark-infer-amp-nchw-pt291-cu130-5090.csv",
              rows: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([BENCH_HEADER, *(BENCH_ROWS if rows is None else rows)]) + "\n")
    return path


def test_benchmark_csv_becomes_a_measurement_file(tmp_path: Path) -> None:
    cfg = timm_import.TimmBenchmarkConfig(csvs=[bench_csv(tmp_path / "in")], out=tmp_path / "out")
    (path,) = timm_import.import_benchmarks(cfg)
    assert path == tmp_path / "out" / "rtx-5090-timm" / "timm-benchmark-infer-amp-nchw-pt291-cu130-5090.json"
    doc = load_file(path)
    assert doc.device.name == "NVIDIA GeForce RTX 5090" and doc.device.cuda_version == "13.0"
    assert doc.software.torch == "2.9.1" and doc.run.source == "measured"
    st = doc.settings
    assert (st.precision, st.precision_method, st.memory_format, st.execution) == ("fp16", "autocast", "contiguous", "eager")
    assert st.key == "fp16/contiguous/eager"
    r50 = {m.resolution_px: m for m in doc.models if m.name == "resnet50"}
    assert set(r50) == {224, 288}
    m = r50[288]
    assert m.model_id == "timm:resnet50" and m.params == 25_560_000 and m.activations_m == 18.37
    assert m.flops.gflops == pytest.approx(13.6) and m.flops.convention == "macs_x2"
    (b,) = m.batches
    assert (b.batch_size, b.throughput_img_s, b.latency_per_batch.mean_ms) == (1024, 7000.5, 146.275)
    assert b.latency_per_image.mean_ms == pytest.approx(146.275 / 1024, rel=1e-6)
    eva = next(m for m in doc.models if m.name.startswith("eva02"))
    assert eva.batches == [] and eva.params == 1_132_460_000  # timm could not run it: specs only


@pytest.mark.parametrize(
    ("name", "key", "torch", "compiled"),
    [
        ("benchmark-infer-amp_bf16-nchw-pt291-cu130-pro6000maxq-dynamo.csv", "bf16/contiguous/compiled", "2.9.1", True),
        ("benchmark-infer-bf16-nchw-pt291-cu130-pro6000maxq-dynamo.csv", "bf16-cast/contiguous/compiled", "2.9.1", True),
        ("benchmark-infer-amp-nhwc-pt240-cu124-rtx4090.csv", "fp16/channels_last/eager", "2.4.0", False),
        ("benchmark-infer-fp32-nchw-pt240-cpu-i9_10940x-dynamo.csv", "fp32/contiguous/compiled", "2.4.0", True),
        ("benchmark-infer-amp-nchw-pt113-cu117-rtx3090.csv", "fp16/contiguous/eager", "1.13", False),
    ],
)
def test_settings_and_versions_come_from_timms_file_names(tmp_path: Path, name: str, key: str, torch: str,
                                                         compiled: bool) -> None:
    cfg = timm_import.TimmBenchmarkConfig(csvs=[bench_csv(tmp_path, name)])
    doc = timm_import.benchmark_file(cfg.csvs[0], cfg)
    assert doc.settings.key == key and doc.software.torch == torch
    assert (doc.settings.execution == "compiled") is compiled


def test_a_users_own_file_takes_its_facts_from_options(tmp_path: Path) -> None:
    path = bench_csv(tmp_path / "in", "my-run.csv")
    with pytest.raises(timm_import.InvalidCsv) as info:
        timm_import.import_benchmarks(timm_import.TimmBenchmarkConfig(csvs=[path], out=tmp_path / "out"))
    assert any("give --precision" in p for p in info.value.problems)
    assert any("give --device-name" in p for p in info.value.problems)
    cfg = timm_import.TimmBenchmarkConfig(
        csvs=[path], out=tmp_path / "out", device_name="My RTX 4070 (desktop)", precision="amp",
        memory_format="nhwc", compiled=True, torch="2.9.1", cuda="12.8", contributor="me",
    )
    (out,) = timm_import.import_benchmarks(cfg)
    doc = load_file(out)
    assert out.parent.name == "my-rtx-4070-desktop" and doc.device.kind == "gpu"
    assert doc.settings.key == "fp16/channels_last/compiled" and doc.run.contributor == "me"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("resnet50,224,abc,88.2,1024,25.56,4.11,11.11", "line 2, column 3 (infer_samples_per_sec): not a number: 'abc'"),
        ("resnet50,224,100.0,88.2,10.5,25.56,4.11,11.11", "line 2, column 5 (infer_batch_size): not a positive whole number"),
        ("resnet9000,224,100.0,88.2,8,25.56,4.11,11.11", "line 2, column 1 (model): timm defines no architecture 'resnet9000'"),
        ("resnet50,224,100.0", "line 2: 3 fields, the header has 8"),
        ("resnet50,224,-5,88.2,8,25.56,4.11,11.11", "line 2, column 3 (infer_samples_per_sec): not a valid value"),
    ],
)
def test_a_malformed_csv_names_file_line_and_column_and_writes_nothing(tmp_path: Path, row: str,
                                                                       problem: str) -> None:
    good = bench_csv(tmp_path / "in")
    bad = bench_csv(tmp_path / "in", "benchmark-infer-amp-nchw-pt291-cu128-4090.csv", [row])
    cfg = timm_import.TimmBenchmarkConfig(csvs=[good, bad], out=tmp_path / "out")
    with pytest.raises(timm_import.InvalidCsv) as info:
        timm_import.import_benchmarks(cfg)
    assert info.value.file == str(bad)
    assert any(p.startswith(problem) for p in info.value.problems), info.value.problems
    assert not (tmp_path / "out").exists()  # the good file before it was not written either


def test_cli_reports_a_bad_csv_without_a_traceback(tmp_path: Path) -> None:
    bad = bench_csv(tmp_path, rows=["resnet50,224,abc,88.2,1024,25.56,4.11,11.11"])
    result = CliRunner().invoke(app, ["import", "timm-benchmark", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "line 2, column 3 (infer_samples_per_sec)" in result.output and "Traceback" not in result.output
    assert "nothing was written" in result.output
    good = bench_csv(tmp_path)
    result = CliRunner().invoke(app, ["import", "timm-benchmark", str(good), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0 and "rtx-5090-timm" in result.output


def test_results_csv_becomes_reference_accuracies_per_weight_and_resolution(tmp_path: Path) -> None:
    csv = tmp_path / "results-imagenet.csv"
    csv.write_text(RESULTS)
    meta = tmp_path / "model_metadata-in1k.csv"
    meta.write_text("model,pretrain\nconvnext_atto,in1k\nswsl_resnext101_32x8d,ig1b-swsl\n")
    cfg = timm_import.TimmResultsConfig(csvs=[csv], out=tmp_path / "out", metadata=meta)
    (path,) = timm_import.import_results(cfg)
    doc = load_file(path)
    assert doc.device is None and path.parent.name == "timm-results"
    entries = {(m.model_id, m.weights, m.resolution_px): m for m in doc.models}
    assert len(entries) == 5
    a = entries[("timm:resnet50", "a1_in1k", 288)].accuracy[0]
    assert (a.top1, a.top5, a.dataset, a.source, a.kind) == (81.22, 95.11, "imagenet-1k-val", "timm", "reference")
    assert (a.resolution_px, a.crop_pct, a.interpolation, a.pretrain) == (288, 1.0, "bicubic", None)
    assert entries[("timm:convnext_atto", "d2_in1k", 224)].accuracy[0].pretrain == "in1k"  # its only weight
    assert entries[("timm:eva_giant_patch14_336", "clip_ft_in1k", 336)].params == 1_013_010_000
    # in the database: filed under resnet50, at 224 and 288 px; accuracy_at picks the best per resolution
    target = tmp_path / "z.duckdb"
    db.ingest([path], target)
    rows = db.query(target, "SELECT resolution_px, top1, weights FROM accuracy_at('timm') "
                            "WHERE model_id = 'resnet50' ORDER BY 1").rows
    assert rows == [(224, 81.18, "fb_swsl_ig1b_ft_in1k"), (288, 81.22, "a1_in1k")]


def test_results_dataset_comes_from_the_file_name(tmp_path: Path) -> None:
    csv = tmp_path / "results-imagenet-r.csv"
    csv.write_text(RESULTS)
    doc = timm_import.results_file(csv, timm_import.TimmResultsConfig(csvs=[csv]), {})
    assert {m.accuracy[0].dataset for m in doc.models} == {"imagenet-r"}
    other = tmp_path / "results-mine.csv"
    other.write_text(RESULTS)
    with pytest.raises(timm_import.InvalidCsv, match="give --dataset"):
        timm_import.results_file(other, timm_import.TimmResultsConfig(csvs=[other]), {})
