"""What `validate` accepts must ingest; what could mislead a reader or hang the reader is refused.

Issue #9, items 4 (created_at in the future), 6 (accepted files that crashed ingest), 7 (special
files) and 10 (lax validation).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from factories import finalized, measured_dict, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_strategy import from_schema
from test_format import VALID, mutate, problems_of

from zoobench import db, measurement, registry
from zoobench.errors import InvalidMeasurementFile

ZOOBENCH = Path(sys.executable).parent / "zoobench"
BATCH = ["models", 0, "batches", 0]


# --- item 10: lax validation ---------------------------------------------------------------------


def _raw(data: dict[str, Any]) -> str:
    return json.dumps(data)


LAX: list[tuple[str, str, str]] = [
    ("version true", _raw(VALID | {"schema_version": True}), "schema_version: unsupported version True"),
    ("version 2.0", _raw(VALID).replace('"schema_version": 2', '"schema_version": 2.0'),
     "schema_version: unsupported version 2.0"),
    ("latency of 5e-324 ms", _raw(mutate(VALID, [*BATCH, "latency_per_image", "median_ms"], 5e-324)),
     "models[0].batches[0].latency_per_image.median_ms: Input should be greater than or equal to"),
    ("memory of exactly 0", _raw(mutate(VALID, [*BATCH, "memory", "host_rss_peak_mb"], 0.0)),
     "models[0].batches[0].memory.host_rss_peak_mb: Input should be greater than 0"),
    ("device memory of 0", _raw(mutate(VALID, ["device", "memory_mb"], 0.0)), "device.memory_mb"),
    ("energy of 0", _raw(mutate(VALID, [*BATCH, "energy"], {"per_image_j": 0.0})), "models[0].batches[0].energy.per_image_j"),
    ("throughput 20,000× the latency's", _raw(mutate(VALID, [*BATCH, "throughput_img_s"],
                                                     VALID["models"][0]["batches"][0]["throughput_img_s"] * 2e4)),
     "models[0].batches[0]: throughput_img_s"),
    ("throughput 20,000× below", _raw(mutate(VALID, [*BATCH, "throughput_img_s"],
                                             VALID["models"][0]["batches"][0]["throughput_img_s"] / 2e4)),
     "models[0].batches[0]: throughput_img_s"),
    ("created_at in 2999", _raw(mutate(VALID, ["run", "created_at"], "2999-01-01T00:00:00+00:00")),
     "run: created_at 2999-01-01T00:00:00+00:00 is in the future"),
    ("created_at in year 1", _raw(mutate(VALID, ["run", "created_at"], "0001-01-01T00:00:00+05:00")), "run: created_at"),
    ("created_at at 9999's end", _raw(mutate(VALID, ["run", "created_at"], "9999-12-31T23:00:00-05:00")), "run: created_at"),
    ("3e9 images", _raw(mutate(VALID, ["models", 0, "accuracy", 0, "images"], 3_000_000_000)),
     "models[0].accuracy[0].images: Input should be less than or equal to"),
    ("1e30 images", _raw(mutate(VALID, ["models", 0, "accuracy", 0, "images"], 10**30)), "models[0].accuracy[0].images"),
]


@pytest.mark.parametrize(("case", "text", "expected"), LAX, ids=[c[0] for c in LAX])
def test_lax_values_are_refused(case: str, text: str, expected: str) -> None:
    problems = problems_of(text)
    assert any(p.startswith(expected) for p in problems), problems


def test_duplicate_keys_are_refused_naming_where() -> None:
    text = _raw(VALID)
    doubled = text.replace('"median_ms": 10.0,', '"median_ms": 1.0, "median_ms": 10.0,', 1)
    assert doubled != text
    problems = problems_of(doubled)
    assert problems == ["models[0].batches[0].latency_per_batch: key 'median_ms' appears more than once"]
    top = '{"schema_version": 2, ' + text[1:]
    assert problems_of(top) == ["(top level): key 'schema_version' appears more than once"]


def test_a_throughput_from_another_loop_within_ten_times_is_honest() -> None:
    """torch2trt publishes TensorRT's throughput (several streams) and a latency from one stream."""
    implied = VALID["models"][0]["batches"][0]["throughput_img_s"]
    for factor in (0.2, 3.0, 9.5):
        text = _raw(finalized(mutate(VALID, [*BATCH, "throughput_img_s"], implied * factor)))
        assert measurement.parse(text)


def test_created_at_up_to_a_day_ahead_is_clock_skew() -> None:
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat()
    assert measurement.parse(_raw(finalized(mutate(VALID, ["run", "created_at"], soon))))


def test_every_integer_fits_its_database_column() -> None:
    """The class behind `accuracy.images` of 3e9: an INTEGER column holds 2**31 - 1 at most."""
    bigint = {"params"}

    def walk(node: Any, name: str = "") -> list[str]:
        if isinstance(node, dict):
            bad = []
            if node.get("type") == "integer" and "const" not in node and "enum" not in node and name not in bigint and node.get("maximum", 2**63) > 2**31 - 1:
                bad.append(name)
            for key, value in node.items():
                bad += walk(value, key if key not in ("anyOf", "items", "properties") else name)
            return bad
        if isinstance(node, list):
            return [b for v in node for b in walk(v, name)]
        return []

    assert walk(measurement.json_schema()) == []


# --- item 6: what validate accepts must ingest -------------------------------------------------------

KNOWN_IDS = st.sampled_from([*(m.id for m in registry.all_models()[:40]), "timm:convnext_atto"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=from_schema(measurement.json_schema(), {"model_id": KNOWN_IDS}))
def test_what_validate_accepts_ingests(data: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    data["run"]["id"] = ""
    try:  # give the generated file its content hash, as the writer would
        doc = measurement.MeasurementFile.model_validate_json(json.dumps(data), strict=True)
    except ValueError:
        return
    text = measurement.canonical_json(measurement.finalize(doc))
    try:
        measurement.parse(text, "generated.json")
    except InvalidMeasurementFile:
        return  # refused by name: fine
    folder = tmp_path_factory.mktemp("gen")
    path, property_db = folder / "generated.json", folder / "zoobench.duckdb"  # a fresh database each
    path.write_text(text, encoding="utf-8")
    db.ingest([path], property_db)  # must not raise
    con = duckdb.connect(str(property_db), read_only=True)
    try:  # the views divide by times: they must read back too
        for view in ("latest_measurements", "model_summary", "model_device_summary"):
            con.execute(f"SELECT * FROM {view}").fetchall()
    finally:
        con.close()


# --- item 7: special files ---------------------------------------------------------------------------


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    """`zoobench validate` in a child with 1 GiB of address space and 60 s: a hang or an endless
    read fails the test instead of the machine."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30 * 2, 2**30 * 2))

    return subprocess.run([str(ZOOBENCH), "validate", str(path)], capture_output=True, text=True,
                          timeout=60, preexec_fn=limit)


@pytest.mark.parametrize("kind", ["symlink to /dev/zero", "fifo", "folder"])
def test_special_files_are_refused_without_reading(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "run.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    result = _validate(path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    # a folder is searched for files (as `db ingest` does); this one has none
    expected = "no measurement files" if kind == "folder" else "not a regular file"
    assert expected in result.stderr and "run.json" in result.stderr


def test_special_files_in_a_folder_are_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "pr"
    write(folder / "good.json", measured_dict())
    os.mkfifo(folder / "pipe.json")
    with pytest.raises(Exception, match=r"pipe\.json") as info:
        db.ingest([folder], tmp_path / "zoobench.duckdb")
    assert "not a regular file" in str(info.value)
    assert not (tmp_path / "zoobench.duckdb").exists()


def test_the_read_is_bounded_whatever_stat_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc files say they are empty; the read stops at the limit all the same."""
    monkeypatch.setattr(measurement, "MAX_FILE_BYTES", 64)
    with pytest.raises(InvalidMeasurementFile, match="over the 64 byte limit"):
        measurement.read_file(Path("/proc/self/maps"))
