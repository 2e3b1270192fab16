"""What keeps a sweep cheap: model facts counted once per model × resolution and reused, workers
forked from a fork server, and the phases a sweep reports (bench/bench_sweep.py prints them)."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

from zoobench.collect import facts, models  # noqa: E402
from zoobench.collect.config import CollectConfig  # noqa: E402
from zoobench.collect.runner import collect  # noqa: E402
from zoobench.collect.worker import state_dict_mb  # noqa: E402
from zoobench.measurement import load_file  # noqa: E402


def test_model_facts_are_counted_once_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZOOBENCH_CACHE", str(tmp_path))
    model = models.create_model("squeezenet1_1")
    first = facts.of("squeezenet1_1", 64, model, state_dict_mb)
    assert first.params == sum(p.numel() for p in model.parameters()) and first.flops.gflops > 0
    [entry] = (tmp_path / "model-facts").glob("squeezenet1-1-64px-*.json")

    def never(_: object) -> float:
        raise AssertionError("counted again")

    assert facts.of("squeezenet1_1", 64, model, never) == first
    assert facts.of("squeezenet1_1", 96, model, state_dict_mb).flops.gflops > first.flops.gflops
    entry.write_text("{")  # a broken entry is counted again, and rewritten
    assert facts.of("squeezenet1_1", 64, model, state_dict_mb) == first
    assert facts.of("squeezenet1_1", 64, model, never) == first


def test_a_sweep_reports_where_its_time_went(tmp_path: Path) -> None:
    seen: dict[str, dict[str, float]] = {}
    cfg = CollectConfig(models=["squeezenet1_1", "mobilenet_v3_small"], batch_sizes=(1, 2), out=tmp_path,
                        warmup=2, iters=2, min_seconds=0.0, resolution_px=64)
    summary = collect(cfg, lambda kind, payload: seen.update([payload]) if kind == "phases" else None)
    assert set(seen) == {"squeezenet1_1", "mobilenet_v3_small"}
    for phases in seen.values():
        assert {"worker start (process, imports)", "model construction", "warm-up passes", "timed passes",
                "file writes"} <= set(phases)
        assert phases["timed passes"] > 0 and phases["warm-up passes"] > 0
    assert len(load_file(summary.path).models) == 2

