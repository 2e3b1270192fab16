"""Prediction across devices (#12): the numerics on known matrices, the predictions table, the
across-device views and `zoobench predict` on the shipped data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from zoobench import db
from zoobench.cli import app
from zoobench.db import predict as P
from zoobench.db import predictions

FIELDS = ["model_id", "resolution_px", "batch_size", "time_per_image_ms", "fps", "low_ms", "high_ms", "method"]


def synthetic(rows: int = 300, devices: int = 6, seed: int = 1) -> P.Matrix:
    """log time = model speed + device factor + a rank-1 interaction + 2 % noise, 30 % missing."""
    rng = np.random.default_rng(seed)
    model, kind = rng.normal(0, 1, rows), rng.normal(0, 0.3, rows)
    dev, load = rng.normal(0, 0.5, devices), rng.normal(0, 1, devices)
    logt = model[:, None] + dev[None, :] + np.outer(kind, load) + rng.normal(0, 0.01, (rows, devices))
    logt[rng.random((rows, devices)) < 0.3] = np.nan
    cols = [P.Column(f"d{j}", "fp32/contiguous/eager", 1) for j in range(devices)]
    specs = np.column_stack([model + rng.normal(0, 0.2, rows)] * 3)
    return P.Matrix([(f"m{i}", 224) for i in range(rows)], cols, logt, specs)


def test_ranks_and_rank_correlations_match_hand_computed_values() -> None:
    assert list(P.ranks(np.array([3.0, 1.0, 3.0, 2.0]))) == [3.5, 1.0, 3.5, 2.0]
    a, b = np.array([1.0, 2.0, 3.0]), np.array([1.0, 3.0, 2.0])
    assert P.kendall(a, b) == pytest.approx(1 / 3)
    assert P.spearman(a, b) == pytest.approx(0.5)
    assert P.kendall(a, a) == pytest.approx(1.0) and P.spearman(a, -a) == pytest.approx(-1.0)


def test_low_rank_recovers_a_new_device_from_ten_models_and_beats_the_factor_baseline() -> None:
    m = synthetic()
    errs = {}
    for method in ("device-factor", "low-rank", "nearest+specs"):
        feats = P.features(m, method, m.others("d0"))
        p, y, hidden = P.holdout(m, 0, method, 10, np.random.default_rng(0), feats)
        errs[method] = P.score(p[hidden], y[hidden])
    assert errs["low-rank"].mdape < 0.6 * errs["device-factor"].mdape
    assert errs["low-rank"].spearman > errs["device-factor"].spearman > 0.9
    assert errs["nearest+specs"].mdape < errs["device-factor"].mdape and errs["nearest+specs"].spearman > 0.9


def test_rows_sharing_nothing_with_the_target_are_not_predicted() -> None:
    m = synthetic(rows=40, devices=3)
    m.logt[:20, 1:] = np.nan  # the first 20 rows only on d0, the rest never on d0
    m.logt[20:, 0] = np.nan
    pred = P.predict(m, 0, "low-rank")
    assert np.all(np.isnan(pred[20:]))


def test_predictions_table_on_shipped_data(shipped_db: Path) -> None:
    con = db.connect(shipped_db, read_only=True)
    try:
        rows = db.fetch(con, "SELECT * FROM predictions").records()
        overlap = con.execute(
            "SELECT count(*) FROM predictions p JOIN latest_measurements lm USING "
            "(model_id, resolution_px, device_id, settings_key, batch_size) WHERE lm.status = 'ok'"
        ).fetchall()[0][0]
        version = con.execute("SELECT max(version) FROM dataset_versions").fetchall()[0][0]
        open_rows = con.execute("SELECT count(*) FROM open_predictions").fetchall()[0][0]
    finally:
        con.close()
    assert rows and overlap == 0 and open_rows == len(rows)
    for r in rows:
        assert r["low_ms"] < r["time_per_image_ms"] < r["high_ms"]
        assert r["fps"] == pytest.approx(1000 / r["time_per_image_ms"])
        assert r["method"] == predictions.METHOD and r["dataset_version"] == version


def test_across_device_views(shipped_db: Path) -> None:
    con = db.connect(shipped_db, read_only=True)
    try:
        agree = db.fetch(con, "SELECT * FROM rank_agreement").records()
        fronts = db.fetch(con, "SELECT * FROM pareto_membership").records()
        fits = db.fetch(con, "SELECT * FROM spec_fits").records()
    finally:
        con.close()
    same = [r for r in agree if r["device_a"] == r["device_b"]]
    assert same and all(r["spearman"] == pytest.approx(1.0) for r in same)
    assert all(-1 - 1e-9 <= r["spearman"] <= 1 + 1e-9 for r in agree if r["spearman"] == r["spearman"])
    assert any(r["on_front"] for r in fronts) and any(not r["on_front"] for r in fronts)
    assert {r["spec"] for r in fits} >= {"gflops", "params"}
    assert all(0 <= r["r2"] <= 1 for r in fits)


def test_cli_predict_json_has_the_issue_fields(shipped_db: Path) -> None:
    result = CliRunner().invoke(app, ["predict", "--device", "tx1", "--format", "json", "--db", str(shipped_db)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(list(r) == FIELDS for r in rows)
    assert {r["batch_size"] for r in rows} == {1}


def test_cli_predict_at_an_unmeasured_batch_size_is_a_clear_error(shipped_db: Path) -> None:
    result = CliRunner().invoke(app, ["predict", "--device", "tx1", "--batch-size", "128", "--db", str(shipped_db)])
    assert result.exit_code == 1
    assert "batch size 128" in result.output and "Traceback" not in result.output


def test_best_include_predicted_flags_predicted_rows(shipped_db: Path) -> None:
    q = db.BestQuery("a100", batch_size=12, top=10_000)
    measured = db.best(shipped_db, q).rows
    both = db.best(shipped_db, db.BestQuery("a100", batch_size=12, top=10_000, include_predicted=True)).rows
    assert not any(r["predicted"] for r in measured)
    flagged = [r for r in both if r["predicted"]]
    assert flagged and all(r["low_ms"] < r["time_per_image_ms"] < r["high_ms"] for r in flagged)
    assert {r["model_id"] for r in flagged}.isdisjoint(r["model_id"] for r in measured)
    assert [r for r in both if not r["predicted"]] == measured
    budget = db.BestQuery("a100", batch_size=12, top=100, max_memory_gb=100, include_predicted=True)
    assert not any(r["predicted"] for r in db.best(shipped_db, budget).rows)  # no memory figure
    result = CliRunner().invoke(app, ["best", "--device", "a100", "--batch-size", "12", "--include-predicted",
                                      "--top", "50", "--db", str(shipped_db)])
    assert result.exit_code == 0 and "predicted = true: not measured" in result.output


def test_probe_preset_is_chosen_from_the_data(shipped_db: Path) -> None:
    from zoobench import registry
    from zoobench.collect import presets

    doc = json.loads(presets.PROBE_FILE.read_text())
    assert presets.get("probe") == tuple(doc["models"]) and len(doc["models"]) == doc["k"]
    assert "pivoted QR" in doc["how"] and doc["dataset_digest"].startswith("sha256:")
    assert all(registry.resolve(m) == m for m in doc["models"])
    con = db.connect(shipped_db, read_only=True)
    try:
        chosen, candidates = predictions.choose_probe(con, 5)
        devices = dict(con.execute(
            "SELECT model_id, count(DISTINCT device_id) FROM device_speed GROUP BY 1").fetchall())
    finally:
        con.close()
    assert len(chosen) == len(set(chosen)) == 5 and all(devices[m] >= 2 for m in chosen)
    assert candidates > 5


def test_span_takes_the_rows_that_span_the_most() -> None:
    z = np.array([[1.0, 0.0], [0.0, 1.0], [3.0, 0.0], [1.0, 1.0]])
    assert P.span(z, 2) == [2, 1]  # the longest row, then the most of what is left
    assert sorted(P.span(z, 4)) == [0, 1, 2, 3]


MODELS = ["alexnet", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "vgg11", "vgg13",
          "vgg16", "squeezenet1_0", "squeezenet1_1", "densenet121", "mobilenet_v2", "googlenet"]


def small_world(tmp_path: Path) -> Path:
    """Four CPUs measured all 14 models at batch 1 (speed = model × device factor, 5 % noise); the
    new one, d0, only the first five: the other nine are predicted on it."""
    from factories import measured_dict, write

    rng = np.random.default_rng(3)
    speed = dict(zip(MODELS, rng.uniform(2, 200, len(MODELS)), strict=True))
    for j, factor in enumerate([1.0, 0.5, 2.0, 3.0]):
        models = MODELS[:5] if j == 0 else MODELS
        timings = {mid: [(1, float(speed[mid] * factor * rng.uniform(0.95, 1.05)))] for mid in models}
        write(tmp_path / "in" / f"d{j}.json", measured_dict(device_id=f"d{j}", device_name=f"D{j}", models=timings))
    target = tmp_path / "z.duckdb"
    db.ingest([tmp_path / "in"], target)
    return target


def predicted_on(path: Path, view: str = "open_predictions") -> dict[str, int]:
    """model id → dataset version of its prediction on d0."""
    return dict(db.query(path, f"SELECT model_id, dataset_version FROM {view} WHERE device_id = 'd0'").rows)


def test_ingest_refits_predictions_and_a_measured_cell_even_oom_is_never_predicted(tmp_path: Path) -> None:
    from factories import measured_dict, write

    target = small_world(tmp_path)
    before = predicted_on(target)
    assert set(before) == set(MODELS[5:]) and set(before.values()) == {1}
    oom, ok = MODELS[5], MODELS[6]
    write(tmp_path / "new" / "a.json", measured_dict(device_id="d0", device_name="D0", models={oom: [(1, None)]},
                                                     created="2026-01-03T00:00:00+00:00"))
    write(tmp_path / "new" / "b.json", measured_dict(device_id="d0", device_name="D0", models={ok: [(1, 150.0)]},
                                                     created="2026-01-03T00:00:00+00:00"))
    assert db.ingest([tmp_path / "new"], target).dataset_version == 2
    after = predicted_on(target, "predictions")  # the table itself, refitted by the ingest
    assert set(after) == set(MODELS[7:]) and set(after.values()) == {2}
    # A prediction made before the cell was measured (what a database before schema v8 could hold)
    # is not shown either: a measurement, even an out-of-memory one, always wins.
    con = db.connect(target)
    try:
        con.execute("INSERT INTO predictions SELECT * REPLACE ($1 AS model_id) FROM predictions "
                    "WHERE device_id = 'd0' LIMIT 1", [oom])
    finally:
        con.close()
    assert oom in predicted_on(target, "predictions") and oom not in predicted_on(target)
    rows = predictions.predict(target, "d0").rows
    assert {r["model_id"] for r in rows} == set(MODELS[7:])
