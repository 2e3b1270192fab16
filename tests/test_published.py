"""The published reference files in measurements/published: valid, reproducible, faithful."""

from __future__ import annotations

import runpy
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from zoobench.measurement import MeasurementFile, ModelResult, Status, load_file

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = REPO / "measurements" / "published"
SCRIPTS = REPO / "scripts"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-data"
SEED_FILES = [
    "bianco2018-titanxp.json",
    "bianco2018-jetsontx1.json",
    "bianco2018-top1.json",
    "embench2019-table1.json",
    "pretrainedmodels-readme.json",
]
needs_seed = pytest.mark.skipif(not SEED.is_dir(), reason=f"seed data not found at {SEED}")


def script(name: str) -> dict[str, Any]:
    """The globals of scripts/<name>.py, loaded without running its command line."""
    return runpy.run_path(str(SCRIPTS / f"{name}.py"), run_name=name)


@cache
def doc(name: str) -> MeasurementFile:
    return load_file(PUBLISHED / name)


def model(name: str, file: str, weights: str | None = None) -> ModelResult:
    return next(m for m in doc(file).models if m.name == name and m.weights == weights)


def torchvision_files() -> list[Path]:
    return sorted(PUBLISHED.glob("torchvision-*-weights.json"))


def test_published_files_exist() -> None:
    names = {p.name for p in PUBLISHED.glob("*.json")}
    assert set(SEED_FILES) <= names
    assert torchvision_files()


@pytest.mark.parametrize("path", sorted(PUBLISHED.glob("*.json")), ids=lambda p: p.name)
def test_published_file_validates_and_is_cited(path: Path) -> None:
    run = load_file(path).run
    assert run.source == "published"
    assert run.citation is not None
    assert run.citation.doi or run.citation.url
    assert run.citation.locator


@needs_seed
def test_convert_seed_data_reproduces_committed_files(tmp_path: Path) -> None:
    script("convert_seed_data")["main"](["--seed-dir", str(SEED), "--out", str(tmp_path)])
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(SEED_FILES)
    for name in written:
        assert (tmp_path / name).read_bytes() == (PUBLISHED / name).read_bytes(), (
            f"{name} differs from a fresh conversion: run scripts/convert_seed_data.py"
        )


def test_names_that_share_an_id_are_refused() -> None:
    resolve_unique = script("convert_seed_data")["resolve_unique"]
    assert resolve_unique(["ResNet-50", "ResNet-50", "VGG 11"], "t") == {
        "ResNet-50": "resnet50", "VGG 11": "vgg11"}
    with pytest.raises(SystemExit, match="resnet50"):
        resolve_unique(["ResNet-50", "ResNet 50"], "t")


def test_titanxp_alexnet_batch_1() -> None:
    b = model("AlexNet", "bianco2018-titanxp.json").batches[0]
    assert b.batch_size == 1 and b.status is Status.ok
    assert b.latency_per_image.mean_ms == 1.28
    assert b.latency_per_batch.mean_ms == 1.28
    assert b.memory.device_total_mb == 0.82 * 1024
    assert b.throughput_img_s is None


def test_titanxp_per_batch_is_per_image_times_batch() -> None:
    b = next(b for b in model("ResNet-50", "bianco2018-titanxp.json").batches if b.batch_size == 64)
    assert b.latency_per_image.mean_ms == 1.34
    assert b.latency_per_batch.mean_ms == pytest.approx(1.34 * 64)
    assert b.memory.device_total_mb == pytest.approx(1.86 * 1024)


def test_bianco_resolutions() -> None:
    res = {m.name: m.resolution_px for m in doc("bianco2018-titanxp.json").models}
    assert res["NASNet-A-Large"] == 331
    assert res["Inception-v3"] == res["Xception"] == res["Inception-ResNet-v2"] == 299
    assert res["ResNet-50"] == 224


def test_jetson_nasnet_large_oom_at_32_and_64() -> None:
    nasnet = model("NASNet-A-Large", "bianco2018-jetsontx1.json")
    batches = {b.batch_size: b for b in nasnet.batches}
    assert batches[16].status is Status.ok
    assert batches[16].latency_per_image.mean_ms == 389.67
    for bs in (32, 64):
        assert batches[bs].status is Status.oom
        assert batches[bs].latency_per_image is None
        assert "did not fit in memory" in batches[bs].error
    assert all(b.memory is None for b in batches.values())


def test_top1_is_device_free_reference() -> None:
    d = doc("bianco2018-top1.json")
    assert d.device is None and d.settings is None
    acc = model("NASNet-A-Large", "bianco2018-top1.json").accuracy
    assert [(a.top1, a.kind, a.source, a.crop) for a in acc] == [
        (82.50, "reference", "bianco2018", "center")]


def test_embench_resnet50() -> None:
    m = model("ResNet 50", "embench2019-table1.json")
    assert m.model_id == "resnet50"
    assert m.flops.gflops == pytest.approx(4154.96 * 2 / 1000, rel=1e-12)
    assert m.flops.convention == "macs_x2"
    assert m.params == 25_560_000
    assert (m.accuracy[0].top1, m.accuracy[0].top5) == (76.13, 92.86)


def test_pretrainedmodels_port_and_original_kept_apart() -> None:
    nasnet = model("NASNet-A-Large", "pretrainedmodels-readme.json")
    acc = {a.evaluated_with: a for a in nasnet.accuracy}
    assert set(acc) == {"pytorch-port", "Tensorflow"}
    assert acc["pytorch-port"].top1 == 82.566
    assert acc["Tensorflow"].top1 == 82.693


def test_torchvision_reference_resnet50_v2() -> None:
    for path in torchvision_files():
        m = next(m for m in load_file(path).models
                 if m.model_id == "resnet50" and m.weights == "IMAGENET1K_V2")
        assert m.params == 25_557_032
        assert m.resolution_px == 224
        assert m.flops.gflops == pytest.approx(2 * 4.089)
        assert [(a.top1, a.top5, a.weights) for a in m.accuracy] == [
            (80.858, 95.434, "IMAGENET1K_V2")]


@pytest.mark.torch
def test_torchvision_reference_reproduces(tmp_path: Path) -> None:
    torchvision = pytest.importorskip("torchvision")
    version = torchvision.__version__.split("+")[0]
    committed = PUBLISHED / f"torchvision-{version}-weights.json"
    if not committed.exists():
        found = ", ".join(p.name for p in torchvision_files())
        pytest.skip(f"torchvision {version} installed, but the committed file is for another "
                    f"version ({found})")
    script("torchvision_reference")["main"](["--out", str(tmp_path)])
    assert (tmp_path / committed.name).read_bytes() == committed.read_bytes(), (
        f"{committed.name} differs from a fresh run of scripts/torchvision_reference.py"
    )


TIMM_SEED = SEED / "timm"


@pytest.mark.skipif(not TIMM_SEED.is_dir(), reason=f"seed data not found at {TIMM_SEED}")
def test_convert_timm_reproduces_committed_files(tmp_path: Path) -> None:
    script("convert_timm")["main"](["--seed-dir", str(TIMM_SEED), "--out", str(tmp_path)])
    written = sorted(p.name for p in tmp_path.iterdir())
    csvs = sorted(p.stem for p in TIMM_SEED.glob("*.csv") if not p.name.startswith("model_metadata"))
    assert written == sorted(f"timm-{stem}.json" for stem in csvs) == sorted(p.name for p in PUBLISHED.glob("timm-*.json"))
    for name in written:
        assert (tmp_path / name).read_bytes() == (PUBLISHED / name).read_bytes(), (
            f"{name} differs from a fresh conversion: run scripts/convert_timm.py"
        )


def test_timm_5090_resnet50_as_the_csv_says() -> None:
    d = doc("timm-benchmark-infer-amp-nchw-pt291-cu130-5090.json")
    assert d.device.id == "rtx-5090-timm" and d.software.torch == "2.9.1" and d.device.cuda_version == "13.0"
    assert d.settings.key == "fp16/contiguous/eager" and d.run.citation.id == "timm"
    assert "aa4b5850c1543fa488abf260f18390eda46cf85d" in d.run.citation.locator
    r50 = {m.resolution_px: m for m in d.models if m.name == "resnet50"}
    assert sorted(r50) == [160, 176, 224, 288]
    b = r50[288].batches[0]
    assert r50[288].model_id == "timm:resnet50" and b.batch_size == 1024 and b.throughput_img_s > 0


def test_timm_results_keep_resolution_crop_and_pretraining() -> None:
    d = doc("timm-results-imagenet.json")
    r50 = {(m.weights, m.resolution_px): m.accuracy[0] for m in d.models if m.model_id == "timm:resnet50"}
    assert len({res for _, res in r50}) >= 2
    a = next(iter(r50.values()))
    assert a.source == "timm" and a.dataset == "imagenet-1k-val" and a.crop_pct and a.interpolation
    assert sum(1 for m in d.models if m.accuracy[0].pretrain) > 200
    datasets = {doc(p.name).models[0].accuracy[0].dataset for p in PUBLISHED.glob("timm-results-*.json")}
    assert datasets == {"imagenet-1k-val", "imagenet-real", "imagenetv2-matched-frequency", "imagenet-sketch",
                        "imagenet-a", "imagenet-r"}
