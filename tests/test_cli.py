"""CLI wiring: each command calls the library and reports errors as messages, never tracebacks."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import typer
from conftest import MEASUREMENTS
from factories import measured_dict, write
from typer.testing import CliRunner

from zoobench.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_every_command_has_help() -> None:
    root = typer.main.get_command(app)

    def walk(group, prefix: list[str]) -> list[list[str]]:
        found = []
        for name, cmd in group.commands.items():
            assert cmd.help, f"`zoobench {' '.join([*prefix, name])}` has no help text"
            found.append([*prefix, name])
            if hasattr(cmd, "commands"):
                found += walk(cmd, [*prefix, name])
        return found

    paths = walk(root, [])
    assert ["db", "ingest"] in paths and ["best"] in paths
    for path in paths:
        result = run(*path, "--help")
        assert result.exit_code == 0, result.output


def test_validate(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", measured_dict())
    result = run("validate", str(good), *map(str, sorted((MEASUREMENTS / "published").glob("*.json"))))
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "run": {}}')
    result = run("validate", str(good), str(bad))
    assert result.exit_code == 1
    assert str(bad) in result.stderr and "run.created_at: Field required" in result.stderr
    assert "Traceback" not in result.output
    # a folder, as review and db ingest accept: every JSON file below it
    result = run("validate", str(MEASUREMENTS / "published"))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("✓") == len(list((MEASUREMENTS / "published").glob("*.json")))
    result = run("validate", str(tmp_path / "missing"))
    assert result.exit_code == 1 and "no such file or folder" in result.stderr


def test_missing_database_hint_names_the_given_path(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.duckdb"
    result = run("site", "build", "--db", str(target))
    assert result.exit_code == 1
    assert f"zoobench db build --db {target}" in result.stderr


def test_db_commands(tmp_path: Path) -> None:
    target = str(tmp_path / "z.duckdb")
    result = run("db", "build", "--data", str(MEASUREMENTS), "--db", target)
    assert result.exit_code == 0, result.output
    assert "dataset version 1" in result.stdout
    result = run("db", "ingest", str(MEASUREMENTS), "--db", target)
    assert result.exit_code == 0 and "nothing new" in result.stdout
    result = run("db", "ingest", str(write(tmp_path / "m.json", measured_dict())), "--db", target)
    assert result.exit_code == 0 and "dataset version 2" in result.stdout
    result = run("db", "info", "--db", target)
    assert result.exit_code == 0, result.output
    assert "titan-xp-bianco2018" in result.stdout and "jetson-tx1-bianco2018" in result.stdout
    assert "bianco2018" in result.stdout and "test-cpu" in result.stdout
    # dataset versions as one line each (version, date, files added, digest); the files only on request
    digest = json.loads(run("query", "SELECT digest FROM dataset_versions WHERE version = 2", "--db", target,
                            "--format", "json").stdout)[0]["digest"]
    cells = [c.strip() for c in next(x for x in result.stdout.splitlines() if digest in x).split("│")[1:-1]]
    assert cells[0] == "2" and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", cells[1]) and cells[2] == "1"
    assert "m.json" not in result.stdout and "'path'" not in result.stdout and "run_id" not in result.stdout
    listed = run("db", "info", "--files", "--db", target)
    assert listed.exit_code == 0, listed.output
    assert "files added" in listed.stdout and str(tmp_path / "m.json") in listed.stdout
    assert "published/bianco2018-titanxp.json" in listed.stdout
    info = json.loads(run("db", "info", "--json", "--db", target).stdout)[0]
    assert info["schema_version"] >= 2 and len(info["dataset_versions"]) == 2
    assert run("db", "migrate", "--db", target).stdout.startswith(f"{target}: already at schema")


def test_db_ingest_refuses_bad_files_and_says_nothing_changed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    result = run("db", "ingest", str(bad), "--db", str(tmp_path / "z.duckdb"))
    assert result.exit_code == 1
    assert str(bad) in result.stderr and "(top level): expected the run object" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "z.duckdb").exists()


def test_query_formats(shipped_db: Path) -> None:
    sql = (
        "SELECT model_id, batch_size, time_per_image_ms FROM latest_measurements "
        "WHERE device_id = 'titan-xp-bianco2018' AND model_id = 'alexnet' ORDER BY batch_size"
    )
    as_json = json.loads(run("query", sql, "--db", str(shipped_db), "--format", "json").stdout)
    assert as_json[0] == {"model_id": "alexnet", "batch_size": 1, "time_per_image_ms": 1.28}
    rows = list(csv.reader(io.StringIO(run("query", sql, "--db", str(shipped_db), "-f", "csv").stdout)))
    assert rows[0] == ["model_id", "batch_size", "time_per_image_ms"] and len(rows) == 8
    md = run("query", sql, "--db", str(shipped_db), "-f", "markdown").stdout
    assert md.splitlines()[0] == "| model_id | batch_size | time_per_image_ms |"
    table = run("query", sql, "--db", str(shipped_db)).stdout
    assert "alexnet" in table


def test_query_refuses_writes_with_a_clear_message(shipped_db: Path) -> None:
    result = run("query", "DELETE FROM runs", "--db", str(shipped_db))
    assert result.exit_code == 1
    assert "refused: DELETE statement" in result.stderr and "read-only" in result.stderr


def test_missing_database_is_a_message(tmp_path: Path) -> None:
    result = run("query", "SELECT 1", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and "no database here" in result.stderr


def test_schema_command_prints_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"].startswith("zoobench measurement file")
    assert "schema_version" in schema["required"]
