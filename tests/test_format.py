"""The measurement file format: round trip, JSON Schema, and strict refusal of malformed files."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from factories import finalized, measured_dict, write
from hypothesis import given, settings
from hypothesis import strategies as st

from zoobench import db, measurement
from zoobench.errors import InvalidMeasurementFile, InvalidMeasurementFiles

VALID = finalized(measured_dict())


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(InvalidMeasurementFile) as info:
        measurement.parse(text, "bad.json")
    assert info.value.file == "bad.json"
    return info.value.problems


def test_round_trip_is_lossless_and_hash_stable() -> None:
    text = json.dumps(VALID)
    doc = measurement.parse(text)
    again = measurement.parse(measurement.canonical_json(doc))
    assert again == doc
    assert measurement.content_hash(again) == doc.run.id
    assert json.loads(measurement.canonical_json(doc)) == VALID


def test_write_file_is_atomic_and_valid(tmp_path: Path) -> None:
    doc = measurement.parse(json.dumps(VALID))
    path = measurement.write_file(doc, tmp_path / "deep" / "run.json")
    assert measurement.load_file(path) == doc
    assert [p.name for p in path.parent.iterdir()] == ["run.json"]  # no temporary left behind


def test_missing_is_null_not_zero() -> None:
    text = measurement.canonical_json(measurement.parse(json.dumps(VALID)))
    data = json.loads(text)
    assert data["device"]["memory_mb"] is None
    assert "host_rss_delta_mb" in data["models"][0]["batches"][0]["memory"]


def test_committed_json_schema_is_current() -> None:
    committed = json.loads((REPO / "docs" / "measurement-schema-v2.json").read_text())
    assert committed == measurement.json_schema(), "run `zoobench schema -o docs/measurement-schema-v2.json`"


def test_format_doc_lists_every_field() -> None:
    from zoobench.format_doc import field_rows

    doc = (REPO / "docs" / "measurement-format.md").read_text()
    for path, _, _, meaning in field_rows():
        assert meaning, f"{path} has no description in core/measurement.py"
        assert f"`{path}`" in doc, f"{path} is not documented; run `zoobench schema --markdown -o docs/measurement-format.md`"


def mutate(data: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


_DELETE = object()


def dotted(path: list[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


MALFORMED: list[tuple[str, str | bytes, str]] = [
    ("not json", b"{not json", "(file): not valid JSON"),
    ("empty file", b"", "(file): not valid JSON"),
    ("top level list", b"[]", "(top level): expected the run object"),
    ("top level string", b'"run"', "(top level): expected the run object"),
    ("unknown version", json.dumps(VALID | {"schema_version": 3}), "schema_version: unsupported version 3 (too new"),
    ("version missing", json.dumps({k: v for k, v in VALID.items() if k != "schema_version"}), "schema_version"),
    ("version as text", json.dumps(VALID | {"schema_version": "1"}), "schema_version: unsupported"),
    ("run missing", json.dumps(mutate(VALID, ["run"], _DELETE)), "run: Field required"),
    ("models empty", json.dumps(mutate(VALID, ["models"], [])), "models: List should have at least 1 item"),
    ("unknown field", json.dumps(mutate(VALID, ["device", "colour"], "red")), "device.colour: Extra inputs"),
    ("empty device name", json.dumps(mutate(VALID, ["device", "name"], "  ")), "device.name: String should have at least 1"),
    ("bad device id", json.dumps(mutate(VALID, ["device", "id"], "../../etc")), "device.id: String should match pattern"),
    ("number as text", json.dumps(mutate(VALID, ["models", 0, "params"], "1000")), "models[0].params: Input should be a valid integer"),
    ("negative latency", json.dumps(mutate(VALID, ["models", 0, "batches", 0, "latency_per_batch", "median_ms"], -1.0)),
     "models[0].batches[0].latency_per_batch.median_ms: Input should be greater than or equal to"),
    ("absurd latency", json.dumps(mutate(VALID, ["models", 0, "batches", 0, "latency_per_batch", "max_ms"], 1e12)),
     "models[0].batches[0].latency_per_batch.max_ms: Input should be less than or equal to"),
    ("NaN", json.dumps(mutate(VALID, ["models", 0, "batches", 0, "throughput_img_s"], math.nan)),
     "models[0].batches[0].throughput_img_s: Input should be a finite number"),
    ("inf", json.dumps(VALID).replace('"params": 1000', '"params": 1e999', 1), "models[0].params"),
    ("top1 over 100", json.dumps(mutate(VALID, ["models", 0, "accuracy", 0, "top1"], 101.0)),
     "models[0].accuracy[0].top1: Input should be less than or equal to 100"),
    ("unknown model", json.dumps(mutate(VALID, ["models", 0, "model_id"], "resnet9000")), "models[0].model_id: unknown model id"),
    ("bad status", json.dumps(mutate(VALID, ["models", 0, "batches", 0, "status"], "fast")), "models[0].batches[0].status: Input should be"),
    ("oom with latency", json.dumps(mutate(VALID, ["models", 0, "batches", 0, "status"], "oom")),
     "models[0].batches[0]: a batch with status `oom` has no latency"),
    ("published without citation", json.dumps(mutate(VALID, ["run", "source"], "published")), "run: a published run needs a citation"),
    ("time without zone", json.dumps(mutate(VALID, ["run", "created_at"], "2026-01-01T00:00:00")), "run: created_at needs a time zone"),
    ("edited after writing", json.dumps(mutate(VALID, ["models", 0, "params"], 2000)), "run.id: does not match the content"),
    ("batches without device", json.dumps(mutate(VALID, ["device"], None)), "(top level): batches need a device"),
    ("repeated batch size", json.dumps(mutate(VALID, ["models", 0, "batches", 1], VALID["models"][0]["batches"][0])),
     "models[0]: batch sizes repeat"),
    ("per image vs per batch", json.dumps(mutate(VALID, ["models", 0, "batches", 1, "batch_size"], 4)),
     "models[0].batches[1]: latency_per_image.mean_ms"),
    ("bool for int", json.dumps(mutate(VALID, ["device", "cpu_cores"], True)), "device.cpu_cores: Input should be a valid integer"),
]


@pytest.mark.parametrize(("case", "text", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_is_refused_naming_the_field(case: str, text: str | bytes, expected: str) -> None:
    problems = problems_of(text)
    assert any(p.startswith(expected) or expected in p for p in problems), problems


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "big.json", measured_dict())
    monkeypatch.setattr(measurement, "MAX_FILE_BYTES", 100)
    with pytest.raises(InvalidMeasurementFile) as info:
        measurement.load_file(path)
    assert info.value.file == str(path)
    assert "over the 100 byte limit" in info.value.problems[0]


def leaves(node: Any, path: list[Any]) -> list[tuple[list[Any], Any]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in leaves(v, [*path, k])]
    if isinstance(node, list) and node:
        return [leaf for i, v in enumerate(node) for leaf in leaves(v, [*path, i])]
    return [(path, node)]


LEAVES = [(p, v) for p, v in leaves(VALID, []) if p != ["run", "id"]]
NUMERIC = [(p, v) for p, v in LEAVES if isinstance(v, int | float) and not isinstance(v, bool)]


@st.composite
def broken_files(draw: st.DrawFn) -> tuple[str, str]:
    """A valid file with one leaf made invalid: a nested list where a value belongs (wrong type),
    or a number made negative, NaN or infinite. Returns (JSON text, path of the broken field)."""
    if draw(st.booleans()):
        path, _ = draw(st.sampled_from(LEAVES))
        value: Any = [[]]
    else:
        path, old = draw(st.sampled_from(NUMERIC))
        value = draw(st.sampled_from([-abs(old) - 1, math.nan, math.inf, -math.inf]))
    return json.dumps(mutate(VALID, path, value)), dotted(path)


@pytest.fixture(scope="module")
def one_good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ingest")
    db.ingest([write(folder / "good.json", measured_dict())], folder / "zoobench.duckdb")
    return folder / "zoobench.duckdb"


@settings(max_examples=150, deadline=None)
@given(broken=broken_files())
def test_generated_malformed_files_name_the_field_and_change_nothing(
    broken: tuple[str, str], one_good_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text, path = broken
    problems = problems_of(text)
    # The broken field is named: itself, an element inside it, or the object holding it (for
    # checks across fields).
    parents = {path} | {path[:i] for i, ch in enumerate(path) if ch in ".["}
    named = [p.split(": ")[0] for p in problems]
    assert any(n in parents or n.startswith((f"{path}.", f"{path}[")) for n in named), (path, problems)

    folder = tmp_path_factory.mktemp("batch")
    good = write(folder / "another-good.json", measured_dict(device_id="another"))
    (folder / "bad.json").write_text(text)
    before = one_good_db.read_bytes()
    with pytest.raises(InvalidMeasurementFiles) as info:
        db.ingest([folder], one_good_db)
    assert [e.file for e in info.value.errors] == [str(folder / "bad.json")]
    assert one_good_db.read_bytes() == before, "the good file beside the bad one was not added either"
    assert good.exists()


# --- format version 2 -------------------------------------------------------------------------


def v1_file(**settings: Any) -> dict[str, Any]:
    data = measured_dict()
    data["schema_version"] = 1
    data["settings"].update(settings)
    return finalized(data)


def test_a_version_1_file_loads_with_version_1_meaning() -> None:
    data = v1_file(precision="fp16")
    assert "runtime" not in data["settings"] and "activations_m" not in data["models"][0]
    doc = measurement.parse(json.dumps(data))
    assert doc.schema_version == 1 and doc.run.id == data["run"]["id"]
    assert (doc.settings.runtime, doc.settings.precision_method) == ("pytorch", "autocast")
    assert doc.settings.key == "fp16/contiguous/eager"
    assert json.loads(measurement.canonical_json(doc)) == data  # the v1 bytes, hash and all


def test_the_shipped_version_1_file_still_loads() -> None:
    (path,) = (REPO / "measurements" / "measured").rglob("*.json")
    doc = measurement.load_file(path)
    assert doc.schema_version == 1 and doc.settings.key == "fp32/contiguous/eager"


@pytest.mark.parametrize(
    ("where", "value", "problem"),
    [
        (["settings", "runtime"], "tensorrt", "settings.runtime: new in schema version 2"),
        (["settings", "precision"], "fp64", "settings.precision: `fp64`: new in schema version 2"),
        (["models", 0, "activations_m"], 1.5, "models[0].activations_m: new in schema version 2"),
        (["models", 0, "accuracy", 0, "pretrain"], "in1k", "models[0].accuracy[0].pretrain: new in schema version 2"),
    ],
)
def test_a_version_1_file_may_not_use_version_2_fields(where: list[Any], value: Any, problem: str) -> None:
    # the field added after hashing: a version 1 hash does not cover version 2 fields
    data = mutate(finalized(measured_dict() | {"schema_version": 1}), where, value)
    if where[-1] == "precision":
        data["settings"]["precision_method"] = "cast"
    assert any(p.startswith(problem) for p in problems_of(json.dumps(data)))


@pytest.mark.parametrize(
    ("settings", "key"),
    [
        ({}, "fp32/contiguous/eager"),
        ({"precision": "fp16", "precision_method": "autocast"}, "fp16/contiguous/eager"),
        ({"precision": "bf16", "precision_method": "cast", "execution": "compiled"}, "bf16-cast/contiguous/compiled"),
        ({"precision": "fp64", "precision_method": "cast"}, "fp64-cast/contiguous/eager"),
        ({"precision": "fp16", "runtime": "tensorrt"}, "fp16/contiguous/tensorrt"),
        ({"memory_format": "channels_last", "execution": "compiled", "compile_mode": "max-autotune"},
         "fp32/channels_last/compiled:max-autotune"),
    ],
)
def test_settings_key(settings: dict[str, Any], key: str) -> None:
    assert measurement.Settings.model_validate_json(json.dumps(settings)).key == key


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"precision": "fp64"}, "fp64 is always a cast"),
        ({"precision": "fp32", "precision_method": "cast"}, "precision_method is for fp16/bf16/fp64"),
    ],
)
def test_precision_method_rules(settings: dict[str, Any], problem: str) -> None:
    data = mutate(measured_dict(), ["settings"], measured_dict()["settings"] | settings)
    assert any(problem in p for p in problems_of(json.dumps(data)))


def test_unknown_timm_ids_are_refused_without_timm() -> None:
    good = mutate(measured_dict(), ["models", 0, "model_id"], "timm:resnet50")
    assert measurement.parse(json.dumps(finalized(good))).models[0].model_id == "timm:resnet50"
    bad = mutate(measured_dict(), ["models", 0, "model_id"], "timm:resnet9000")
    assert any("timm defines no architecture of that name" in p for p in problems_of(json.dumps(bad)))


def test_entries_are_unique_by_model_weights_and_resolution() -> None:
    data = measured_dict(models={"resnet50": [(1, 10.0)]})
    other = copy.deepcopy(data["models"][0]) | {"resolution_px": 288}
    data["models"].append(other)
    assert measurement.parse(json.dumps(finalized(data))).models[1].resolution_px == 288
    other["resolution_px"] = 224
    assert any("model entries repeat (model_id/weights/resolution_px): resnet50/None/224" in p
               for p in problems_of(json.dumps(data)))
