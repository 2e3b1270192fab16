"""`best` (Bianco 2018 Table 3 as a query) on the shipped Titan Xp data, against answers computed
by hand from the paper's tables (seed-data CSVs: time per image, memory, stated top-1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zoobench import db
from zoobench.cli import app
from zoobench.errors import UnknownDevice

# (max memory GB, min FPS, batch size) → top 5 as (model id, Bianco's top-1, FPS = 1000 / ms per image)
HAND_COMPUTED = {
    (1.0, 60, 1): [
        ("se_resnext50_32x4d", 79.11, 82.9),
        ("resnet152", 78.25, 69.9),
        ("inception_v3", 77.50, 99.0),
        ("fbresnet152", 77.44, 68.7),
        ("resnet101", 77.31, 112.4),
    ],
    (0.7, 15, 1): [
        ("dpn68", 75.95, 93.6),
        ("densenet121", 74.47, 112.0),
        ("nasnetamobile", 74.10, 44.7),
        ("bninception", 73.48, 172.7),
        ("mobilenet_v2", 71.81, 299.4),
    ],
    (1.4, 30, 1): [
        ("nasnetalarge", 82.50, 31.0),
        ("se_resnext101_32x4d", 80.28, 40.1),
        ("inceptionresnetv2", 80.28, 38.6),
        ("inceptionv4", 80.10, 52.7),
        ("dpn131", 79.44, 33.7),
    ],
    (1.0, 30, 16): [
        ("inceptionresnetv2", 80.28, 192.7),
        ("inceptionv4", 80.10, 243.9),
        ("dpn98", 79.23, 178.9),
        ("inception_v3", 77.50, 487.8),
        ("fbresnet152", 77.44, 252.5),
    ],
}


@pytest.mark.parametrize(
    ("constraints", "expected"),
    list(HAND_COMPUTED.items()),
    ids=[f"{m}GB-{f}fps-bs{b}" for m, f, b in HAND_COMPUTED],
)
def test_best_matches_hand_computed_answers(shipped_db: Path, constraints: tuple, expected: list) -> None:
    max_gb, min_fps, bs = constraints
    result = db.best(
        shipped_db,
        db.BestQuery(
            device="titan-xp-bianco2018", max_memory_gb=max_gb, min_fps=min_fps, batch_size=bs, accuracy_source="bianco2018"
        ),
    )
    assert result.device["device_id"] == "titan-xp-bianco2018"
    got = [(r["model_id"], r["top1"], round(r["fps"], 1)) for r in result.rows]
    assert got == expected
    assert all(r["memory_gb"] <= max_gb and r["accuracy_source"] == "bianco2018" for r in result.rows)


def test_default_accuracy_preference_is_shown(shipped_db: Path) -> None:
    rows = db.best(shipped_db, db.BestQuery(device="titan-xp-bianco2018", max_memory_gb=1.0, min_fps=60, top=50)).rows
    by_id = {r["model_id"]: r for r in rows}
    assert by_id["resnet152"]["accuracy_source"] == "torchvision"  # weights' own metadata first
    assert by_id["se_resnext50_32x4d"]["accuracy_source"] == "pretrainedmodels-readme"
    assert by_id["se_resnext50_32x4d"]["accuracy_evaluated_with"] == "pytorch-port"
    assert by_id["mobilenetv1_100"]["accuracy_source"] == "bianco2018"  # the only source it has
    top1 = [r["top1"] for r in rows if r["top1"] is not None]
    assert top1 == sorted(top1, reverse=True)


def test_constraints_filter(shipped_db: Path) -> None:
    everything = db.best(shipped_db, db.BestQuery(device="titan-xp-bianco2018", top=100)).rows
    assert len(everything) == 44
    fast = db.best(shipped_db, db.BestQuery(device="titan-xp-bianco2018", min_fps=500, top=100)).rows
    # ≥ 500 FPS is ≤ 2.0 ms per image at batch 1: AlexNet 1.28, SqueezeNet 1.53 and 1.60, ResNet-18 1.79
    assert {r["model_id"] for r in fast} == {"alexnet", "squeezenet1_0", "squeezenet1_1", "resnet18"}
    good = db.best(shipped_db, db.BestQuery(device="titan-xp-bianco2018", min_top1=82, top=100)).rows
    assert good and all(r["top1"] >= 82 for r in good)


def test_devices_without_memory_figures_fail_memory_constraints(shipped_db: Path) -> None:
    rows = db.best(shipped_db, db.BestQuery(device="jetson-tx1", max_memory_gb=4.0)).rows
    assert rows == []  # Bianco gives no memory table for the TX1: unknown is not "within budget"
    assert len(db.best(shipped_db, db.BestQuery(device="jetson-tx1", min_fps=30)).rows) == 5


def test_oom_batches_are_never_best(shipped_db: Path) -> None:
    rows = db.best(shipped_db, db.BestQuery(device="jetson-tx1", batch_size=64, top=100)).rows
    assert "nasnetalarge" not in {r["model_id"] for r in rows}


def test_device_matching(shipped_db: Path) -> None:
    with pytest.raises(UnknownDevice, match="matches several devices"):
        db.best(shipped_db, db.BestQuery(device="nvidia"))
    with pytest.raises(UnknownDevice, match=r"no device matches .tpu.*titan-xp-bianco2018"):
        db.best(shipped_db, db.BestQuery(device="tpu"))
    with pytest.raises(UnknownDevice, match="titan-xp-pytorch-gpu-benchmark"):
        db.best(shipped_db, db.BestQuery(device="titan"))  # two sources measured a Titan Xp
    found = db.best(shipped_db, db.BestQuery(device="TITAN XP (BIANCO")).device
    assert found["device_id"] == "titan-xp-bianco2018"


def test_best_cli_json(shipped_db: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "best",
            "--device",
            "titan-xp-bianco2018",
            "--max-memory-gb",
            "1.0",
            "--min-fps",
            "60",
            "--accuracy-source",
            "bianco2018",
            "--format",
            "json",
            "--db",
            str(shipped_db),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["model_id"] for r in rows] == [m for m, _, _ in HAND_COMPUTED[(1.0, 60, 1)]]
    assert {"model_id", "name", "top1", "fps", "memory_gb", "accuracy_source"} <= set(rows[0])


def test_best_cli_table_names_the_sources(shipped_db: Path) -> None:
    result = CliRunner().invoke(
        app, ["best", "-d", "titan-xp-bianco", "--max-memory-gb", "1", "--min-fps", "60", "--db", str(shipped_db)]
    )
    assert result.exit_code == 0, result.output
    assert "NVIDIA Titan Xp" in result.stdout and "accuracy from:" in result.stdout
    assert "time = mean per image" in result.stdout


TIMM = Path(__file__).resolve().parents[2] / "shared" / "seed-data" / "timm"


@pytest.mark.skipif(not TIMM.is_dir(), reason=f"seed data not found at {TIMM}")
def test_best_on_the_5090_at_any_batch_size_as_timms_csvs_say(shipped_db: Path) -> None:
    """The ten most accurate architecture × resolution pairs at ≥ 5,000 images/s, computed by hand
    from timm's benchmark CSV (fps = 1000 / (step time / batch)) and results-imagenet.csv (best
    top-1 among the weights evaluated at that resolution)."""
    import csv

    with (TIMM / "results-imagenet.csv").open() as f:
        top1: dict[tuple[str, int], float] = {}
        for r in csv.DictReader(f):
            key = (r["model"].split(".")[0], int(r["img_size"]))
            top1[key] = max(top1.get(key, 0.0), float(r["top1"]))
    with (TIMM / "benchmark-infer-amp-nchw-pt291-cu130-5090.csv").open() as f:
        fast = {
            (r["model"], int(r["infer_img_size"])): 1000 / (float(r["infer_step_time"]) / float(r["infer_batch_size"]))
            for r in csv.DictReader(f) if r["infer_step_time"]
        }
    ranked = sorted((k for k, fps in fast.items() if fps >= 5000 and k in top1), key=lambda k: (-top1[k], -fast[k]))
    result = CliRunner().invoke(app, [
        "best", "--device", "5090", "--settings", "fp16/contiguous/eager", "--batch-size", "any",
        "--min-fps", "5000", "--accuracy-source", "timm", "--top", "10", "--format", "json", "--db", str(shipped_db)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    got = [(r["implementation"].removeprefix("timm:"), r["resolution_px"]) for r in rows]
    assert got == ranked[:10]
    assert [r["top1"] for r in rows] == [top1[k] for k in ranked[:10]]
    for r in rows:
        assert {"model_id", "name", "resolution_px", "batch_size", "top1", "fps", "memory_gb",
                "accuracy_source", "weights"} <= set(r)
        assert r["accuracy_source"] == "timm" and r["settings_key"] == "fp16/contiguous/eager" and r["fps"] >= 5000
        assert r["label"] == r["name"] or r["label"] == f"{r['name']} @ {r['resolution_px']} px"


def test_batch_size_any_takes_each_models_fastest_batch(shipped_db: Path) -> None:
    fixed = db.best(shipped_db, db.BestQuery("titan-xp-bianco2018", batch_size=64, top=100))
    anyb = db.best(shipped_db, db.BestQuery("titan-xp-bianco2018", batch_size=None, top=100))
    assert len({(r["model_id"], r["resolution_px"]) for r in anyb.rows}) == len(anyb.rows)
    by_model = {r["model_id"]: r for r in anyb.rows}
    for r in fixed.rows:
        assert by_model[r["model_id"]]["fps"] >= r["fps"]
    result = CliRunner().invoke(app, ["best", "-d", "titan-xp-bianco2018", "--batch-size", "many", "--db", str(shipped_db)])
    assert result.exit_code == 1 and "neither a whole number nor `any`" in result.output


def test_resolution_is_part_of_the_row(shipped_db: Path) -> None:
    rows = db.best(shipped_db, db.BestQuery("5090", batch_size=None, settings_key="fp16/contiguous/eager",
                                            top=5000)).rows
    r50 = {r["resolution_px"]: r for r in rows if r["model_id"] == "resnet50"}
    assert sorted(r50) == [160, 176, 224, 288]
    assert r50[224]["label"] == "ResNet-50" and r50[288]["label"] == "ResNet-50 @ 288 px"
    assert r50[288]["implementation"] == "timm:resnet50"
