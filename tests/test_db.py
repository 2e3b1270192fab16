"""The versioned DuckDB file: ingest, build, migrations, locking, read-only queries."""

from __future__ import annotations

import copy
import importlib
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from conftest import MEASUREMENTS, REPO
from factories import measured_dict, write

from zoobench import db
from zoobench.db import ingestion as ingest_module
from zoobench.errors import (
    DatabaseLocked,
    InvalidMeasurementFiles,
    ReadOnlyQuery,
    SchemaVersionError,
    ZoobenchError,
)

TABLES = (*db.PUBLIC_TABLES, "schema_migrations")
VIEWS = db.PUBLIC_VIEWS


def counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def all_rows(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in TABLES
            if t != "schema_migrations" and t in have
        } | {"schema_migrations": con.execute("SELECT version, name FROM schema_migrations").fetchall()}


def test_ingest_is_idempotent_and_versions_the_dataset(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "a.json", measured_dict())
    target = tmp_path / "z.duckdb"
    first = db.ingest([data], target)
    assert first.dataset_version == 1 and len(first.added) == 1
    before = counts(target)

    again = db.ingest([data], target)
    assert again.dataset_version is None and again.added == []
    assert "already in the database" in again.skipped[0]
    assert counts(target) == before

    write(data / "b.json", measured_dict(device_id="second", created="2026-03-01T00:00:00+00:00"))
    second = db.ingest([data], target)
    assert second.dataset_version == 2 and second.added == [str(data / "b.json")]
    after = counts(target)
    assert after["runs"] == 2 and after["dataset_versions"] == 2
    assert after["measurements"] == 2 * before["measurements"]
    with duckdb.connect(str(target), read_only=True) as con:
        versions = con.execute(
            "SELECT version, files_added, files_total, [f.path FOR f IN files] FROM dataset_versions"
        ).fetchall()
        assert versions == [(1, 1, 1, [str(data / "a.json")]), (2, 1, 2, [str(data / "b.json")])]
        hashes = con.execute(
            "SELECT version, path, run_id, file_sha256 FROM dataset_files ORDER BY 1"
        ).fetchall()
        assert [h[0] for h in hashes] == [1, 2] and all(h[2].startswith("sha256:") for h in hashes)


def test_same_content_twice_in_one_ingest_is_added_once(tmp_path: Path) -> None:
    a = write(tmp_path / "a.json", measured_dict())
    shutil.copy(a, tmp_path / "copy.json")
    report = db.ingest([tmp_path], tmp_path / "z.duckdb")
    assert len(report.added) == 1 and len(report.skipped) == 1


def test_one_bad_file_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "z.duckdb"
    db.ingest([write(tmp_path / "first" / "a.json", measured_dict())], target)
    before = target.read_bytes()
    batch = tmp_path / "batch"
    write(batch / "good.json", measured_dict(device_id="good"))
    bad = measured_dict(device_id="bad")
    bad["models"][0]["batches"][0]["latency_per_batch"]["median_ms"] = -5
    write(batch / "bad.json", bad, rehash=False)
    with pytest.raises(InvalidMeasurementFiles) as info:
        db.ingest([batch], target)
    message = str(info.value)
    assert str(batch / "bad.json") in message
    assert "models[0].batches[0].latency_per_batch.median_ms" in message
    assert target.read_bytes() == before


def test_failure_inside_the_transaction_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "z.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    before = all_rows(target)
    real_insert = ingest_module._insert

    def failing_insert(con, scratch, table, rows, verb="INSERT"):  # type: ignore[no-untyped-def]
        real_insert(con, scratch, table, rows, verb)
        if table == "measurements":
            raise RuntimeError("disk full, say")

    monkeypatch.setattr(ingest_module, "_insert", failing_insert)
    with pytest.raises(RuntimeError):
        db.ingest([write(tmp_path / "more" / "b.json", measured_dict(device_id="b"))], target)
    assert all_rows(target) == before


def test_build_is_deterministic(tmp_path: Path) -> None:
    db.build(MEASUREMENTS, tmp_path / "one.duckdb")
    copied = shutil.copytree(MEASUREMENTS, tmp_path / "elsewhere")
    db.build(copied, tmp_path / "two.duckdb")
    one, two = all_rows(tmp_path / "one.duckdb"), all_rows(tmp_path / "two.duckdb")
    assert one == two
    assert one["dataset_versions"][0][0] == 1


def test_build_replaces_only_when_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "z.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    before = target.read_bytes()

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # as if killed half-way

    monkeypatch.setattr("zoobench.db.rebuild.append_files", crash)
    with pytest.raises(KeyboardInterrupt):
        db.build(MEASUREMENTS, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "z.duckdb"]


def test_build_with_a_bad_file_leaves_the_database(tmp_path: Path) -> None:
    data = shutil.copytree(MEASUREMENTS, tmp_path / "data")
    target = tmp_path / "z.duckdb"
    db.build(data, target)
    before = target.read_bytes()
    (data / "measured" / "broken.json").write_text('{"schema_version": 1}')
    with pytest.raises(InvalidMeasurementFiles, match=r"broken\.json"):
        db.build(data, target)
    assert target.read_bytes() == before


def test_build_survives_a_killed_process(tmp_path: Path) -> None:
    """A real kill -9 in the middle of a build: the old database is intact, the next build works."""
    target = tmp_path / "z.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    before = all_rows(target)
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        import zoobench.db.rebuild as b
        real = b.append_files
        def append_then_die(*args, **kwargs):
            real(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
        b.append_files = append_then_die
        b.build(Path({str(MEASUREMENTS)!r}), Path({str(target)!r}))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9
    assert all_rows(target) == before
    db.build(MEASUREMENTS, target)  # the leftover temporary file does not get in the way
    assert counts(target)["runs"] == len(list(MEASUREMENTS.rglob("*.json")))


def test_migration_upgrades_the_v1_fixture_in_place(tmp_path: Path) -> None:
    path = Path(shutil.copy(REPO / "tests" / "data" / "zoobench-v1.duckdb", tmp_path / "old.duckdb"))
    old = all_rows(path)
    assert old["schema_migrations"] == [(1, "initial")]
    with pytest.raises(SchemaVersionError, match="too old"):
        db.query(path, "SELECT 1")
    assert db.migrate(path) == (1, db.latest_version())
    new = all_rows(path)
    assert [v for v, _ in new["schema_migrations"]] == list(range(1, db.latest_version() + 1))
    same = [t for t in TABLES if t not in ("schema_migrations", "dataset_versions", "predictions")]
    # columns added later go at the end: the old columns are unchanged
    assert {t: sorted(r[: len(old[t][0])] for r in new[t]) for t in same} == {t: sorted(old[t]) for t in same}
    # v4 (format v2): v1's meaning in the new columns
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute(
            "SELECT DISTINCT implementation = model_id, resolution_px, runtime, precision_method FROM measurements"
        ).fetchall() == [(True, 224, "pytorch", None)]
        assert con.execute("SELECT DISTINCT runtime FROM runs").fetchall() == [("pytorch",)]
        assert con.execute("SELECT DISTINCT resolution_px, implementation = model_id FROM accuracy").fetchall() == [
            (224, True)]
    # v2 lists each version's files on dataset_versions, filled in for the old version
    (version,) = new["dataset_versions"]
    assert version[:6] == old["dataset_versions"][0]
    assert [f["path"] for f in version[6]] == ["a.json", "b.json"]
    assert sorted(f["run_id"] for f in version[6]) == sorted(r[2] for r in old["dataset_files"])
    # v5: no output differences before; the fixture's devices are of different device models and ran
    # one runtime, so the views that pair two devices or two runtimes are empty
    assert db.query(path, "SELECT count(*) FROM measurements WHERE output_max_abs_diff IS NOT NULL").rows == [(0,)]
    paired = {"device_model_pairs", "source_comparison", "runtime_speedups"}
    # v7: predictions are made by build; rank agreement and spec fits need 3 models per device
    paired |= {"open_predictions", "rank_agreement", "spec_fits"}
    # v9: one run per device, so no two PyTorch versions or settings of a device to pair
    paired |= {"software_speedups", "setting_speedups"}
    for view in VIEWS:
        assert (db.query(path, f"SELECT count(*) FROM {view}").rows[0][0] > 0) == (view not in paired), view
    # and it takes new data on top
    report = db.ingest([write(tmp_path / "c.json", measured_dict(device_id="third"))], path)
    assert report.dataset_version == 2


def test_ingest_migrates_an_old_file_by_itself(tmp_path: Path) -> None:
    path = Path(shutil.copy(REPO / "tests" / "data" / "zoobench-v1.duckdb", tmp_path / "old.duckdb"))
    db.ingest([write(tmp_path / "c.json", measured_dict(device_id="third"))], path)
    assert db.info(path).schema_version == db.latest_version()


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], path)
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_migrations VALUES (999, 'from_the_future', now())")
    for call in (lambda: db.info(path), lambda: db.ingest([tmp_path / "a.json"], path)):
        with pytest.raises(SchemaVersionError, match="too new, upgrade zoobench"):
            call()


def test_locked_database_gives_a_clear_message_and_loses_nothing(tmp_path: Path) -> None:
    target = tmp_path / "z.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(target)!r}); "
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "held"
        new = write(tmp_path / "new" / "b.json", measured_dict(device_id="b"))
        with pytest.raises(DatabaseLocked, match="in use by another process, nothing was changed"):
            db.ingest([new], target)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert db.ingest([new], target).dataset_version == 2  # retried later, it goes in


def test_query_is_read_only(shipped_db: Path) -> None:
    before = shipped_db.read_bytes()
    for sql in (
        "DELETE FROM runs",
        "DROP TABLE runs",
        "INSERT INTO models VALUES ('x','x','x',1,'x',1)",
        "CREATE TABLE t (x INT)",
        "COPY runs TO '/tmp/zoobench-leak.csv'",
        "ATTACH '/tmp/zoobench-other.duckdb' AS other",
        "SELECT 1; DELETE FROM runs",
    ):
        with pytest.raises(ReadOnlyQuery, match="refused"):
            db.query(shipped_db, sql)
    assert shipped_db.read_bytes() == before
    result = db.query(shipped_db, "SELECT count(*) AS n FROM runs")
    assert result.columns == ["n"] and result.rows[0][0] >= 6


def test_query_errors_are_messages(shipped_db: Path) -> None:
    with pytest.raises(ZoobenchError, match="SQL error"):
        db.query(shipped_db, "SELECT * FROM no_such_table")
    with pytest.raises(ZoobenchError, match="no database here"):
        db.query(shipped_db.parent / "missing.duckdb", "SELECT 1")


def test_info_lists_devices_with_their_sources(shipped_db: Path) -> None:
    info = db.info(shipped_db)
    assert info.schema_version == db.latest_version()
    devices = {d["device_id"]: d for d in info.devices}
    assert devices["titan-xp-bianco2018"]["sources"] == "bianco2018"
    assert devices["jetson-tx1-bianco2018"]["sources"] == "bianco2018"
    assert devices["titan-xp-bianco2018"]["measurements"] == 44 * 7
    sources = {s["source"] for s in info.sources}
    assert {"bianco2018", "embench2019", "pretrainedmodels-readme", "torchvision"} <= sources


def test_every_number_has_provenance(shipped_db: Path) -> None:
    orphans = db.query(
        shipped_db,
        """
        SELECT count(*) FROM measurements m LEFT JOIN runs r USING (run_id)
        WHERE r.run_id IS NULL OR (r.source = 'published' AND r.citation_id IS NULL)
           OR (r.source = 'measured' AND r.torch IS NULL)""",
    ).rows[0][0]
    assert orphans == 0
    uncited = db.query(
        shipped_db,
        """
        SELECT count(*) FROM accuracy a JOIN runs r USING (run_id)
        WHERE r.source = 'published' AND r.citation_id NOT IN (SELECT source_id FROM sources)""",
    )
    assert uncited.rows[0][0] == 0


def test_headline_numbers_say_what_they_are(shipped_db: Path) -> None:
    row = db.query(
        shipped_db,
        """
        SELECT time_per_image_ms, time_statistic, fps, memory_mb, memory_basis
        FROM latest_measurements WHERE device_id = 'titan-xp-bianco2018'
          AND model_id = 'alexnet' AND batch_size = 1""",
    ).records()[0]
    assert row == {
        "time_per_image_ms": 1.28,
        "time_statistic": "mean",
        "fps": pytest.approx(1000 / 1.28),
        "memory_mb": pytest.approx(0.82 * 1024),
        "memory_basis": "device_total",
    }
    oom = db.query(
        shipped_db,
        """SELECT status, fps FROM latest_measurements
        WHERE device_id = 'jetson-tx1-bianco2018' AND model_id = 'nasnetalarge' AND batch_size = 64""",
    )
    assert oom.rows == [("oom", None)]


def test_every_table_and_view_is_public(shipped_db: Path) -> None:
    """What `db info` counts, `db export` writes and the site offers is all the database holds."""
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
    assert sorted(db.PUBLIC_TABLES) == sorted(n for n, k in kinds.items() if k == "BASE TABLE" and n != "schema_migrations")
    assert sorted(db.PUBLIC_VIEWS) == sorted(n for n, k in kinds.items() if k == "VIEW")


def test_export_writes_every_public_table_and_view(shipped_db: Path, tmp_path: Path) -> None:
    paths = db.export(shipped_db, tmp_path, ("parquet", "csv"))
    assert sorted(p.name for p in paths) == sorted(f"{n}.{f}" for n in (*db.PUBLIC_TABLES, *VIEWS) for f in ("parquet", "csv"))
    with duckdb.connect() as con:
        for table in ("measurements", "latest_measurements", "dataset_versions"):
            parquet = con.execute(f"SELECT count(*) FROM '{tmp_path / table}.parquet'").fetchone()[0]
            csv_rows = con.execute(f"SELECT count(*) FROM read_csv('{tmp_path / table}.csv')").fetchone()[0]
            expected = db.query(shipped_db, f"SELECT count(*) FROM {table}").rows[0][0]
            assert parquet == csv_rows == expected
        times = con.execute(f"SELECT times_ms FROM '{tmp_path}/measurements.parquet' WHERE times_ms IS NOT NULL").fetchall()
        assert all(isinstance(t[0], list) for t in times)  # lists stay lists in Parquet
    with pytest.raises(ZoobenchError, match="unknown export format"):
        db.export(shipped_db, tmp_path, ("xlsx",))


def test_site_downloads_offer_csv_only_of_small_tables(shipped_db: Path, tmp_path: Path, monkeypatch) -> None:
    """Above CSV_MAX_ROWS rows a table is offered as Parquet only: no CSV file, and the index says so."""
    monkeypatch.setattr(importlib.import_module("zoobench.db.export"), "CSV_MAX_ROWS", 20_000)
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "measurements.csv").write_text("stale\n")  # from an earlier build
    index = {d.name: d for d in db.export_downloads(shipped_db, tmp_path)}
    assert index == {d.name: d for d in db.read_index(tmp_path)}
    big, small = index["measurements"], index["models"]
    assert big.rows > 20_000 and big.csv is None and big.csv_bytes is None
    assert not (tmp_path / "csv" / "measurements.csv").exists()
    assert (tmp_path / big.parquet).is_file()
    assert small.rows <= 20_000 and (tmp_path / small.csv).is_file() and small.csv_bytes


def test_equivalent_ids_are_one_model_and_resolution_is_identity(tmp_path: Path) -> None:
    """timm:resnet50 ran; the rows are resnet50's, with the implementation kept; 224 and 288 px
    are two rows of the same key otherwise."""
    data = measured_dict(models={"timm:resnet50": [(1, 10.0)]})
    at_288 = copy.deepcopy(data["models"][0]) | {"resolution_px": 288}
    data["models"].append(at_288)
    path = tmp_path / "z.duckdb"
    db.ingest([write(tmp_path / "a.json", data), write(tmp_path / "b.json", measured_dict(
        models={"resnet50": [(1, 12.0)]}, device_id="other"))], path)
    rows = db.query(path, "SELECT model_id, implementation, resolution_px, device_id FROM latest_measurements "
                          "ORDER BY ALL").rows
    assert rows == [("resnet50", "resnet50", 224, "other"), ("resnet50", "timm:resnet50", 224, "test-cpu"),
                    ("resnet50", "timm:resnet50", 288, "test-cpu")]
    assert db.query(path, "SELECT model_id FROM models").rows == [("resnet50",)]
    assert db.query(path, "SELECT DISTINCT model_id, implementation FROM accuracy ORDER BY ALL").rows == [
        ("resnet50", "resnet50"), ("resnet50", "timm:resnet50")]


def test_device_speed_takes_the_accuracy_at_the_measured_resolution(tmp_path: Path) -> None:
    """Issue #8 item 3: accuracy joins on model and resolution. ResNet-50 measured at 224 and 288 px
    with a top-1 only at 224 px: the 288 px row has none (not the 224 px figure) and is off the front."""
    data = measured_dict(models={"resnet50": [(1, 10.0)]})
    data["models"].append(copy.deepcopy(data["models"][0]) | {"resolution_px": 288, "accuracy": []})
    path = tmp_path / "z.duckdb"
    db.ingest([write(tmp_path / "a.json", data)], path)
    assert db.query(path, "SELECT resolution_px, top1 FROM device_speed ORDER BY ALL").rows == [(224, 70.0), (288, None)]
    assert db.query(path, "SELECT resolution_px FROM pareto_membership").rows == [(224,)]


def test_snapshot_views_change_no_answer(shipped_db: Path) -> None:
    """The hub views computed once into temporary tables: every public view answers as before (to 10
    significant digits: parallel sums, as in spec_fits, may differ in the last digit from run to run)."""
    def plain(value: object) -> object:
        return float(f"{value:.10g}") if isinstance(value, float) else value

    def answers() -> dict[str, list[tuple]]:
        return {v: sorted((tuple(map(plain, r)) for r in con.execute(f"SELECT * FROM {v}").fetchall()), key=repr)
                for v in db.PUBLIC_VIEWS}

    con = db.connect(shipped_db, read_only=True)
    try:
        before = answers()
        db.snapshot_views(con)
        temp = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}
        assert temp == set(db.schema.HUB_VIEWS)
        assert answers() == before
    finally:
        con.close()
