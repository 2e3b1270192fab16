"""`zoobench query` cannot write, attach, install, load or reach out, whatever the SQL (issue #9, item 1),
and what the CLI prints from the database is inert in a terminal (item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import measured_dict, write
from typer.testing import CliRunner

from zoobench import db
from zoobench.cli import app
from zoobench.errors import ReadOnlyQuery, ZoobenchError
from zoobench.output import inert


def _attempts(db_path: Path, out: Path) -> list[str]:
    target = str(db_path).replace("'", "''")
    return [
        f"EXPLAIN ANALYZE COPY (SELECT 'x') TO '{out}' (FORMAT csv)",
        f"EXPLAIN ANALYZE COPY (SELECT 'x') TO '{target}' (FORMAT csv)",  # the database's own path
        f"COPY (SELECT 'x') TO '{target}' (FORMAT csv)",
        f"-- a comment first\nEXPLAIN ANALYZE COPY (SELECT 1) TO '{out}'",
        f"/* block */ EXPLAIN /* inside */ ANALYZE /* too */ COPY (SELECT 1) TO '{out}'",
        f"EXPLAIN (FORMAT json) COPY (SELECT 1) TO '{out}'",
        "EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1",
        "EXPLAIN ANALYZE DELETE FROM devices",
        f"SELECT 1; COPY (SELECT 1) TO '{out}'",
        f"EXPORT DATABASE '{out.parent / 'exported'}'",
        f"ATTACH '{out.parent / 'other.duckdb'}' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "PRAGMA enable_profiling = 'json'",
        f"SET profiling_output = '{out}'",
        f"SELECT * FROM read_csv('{out.parent / 'secret.csv'}')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM 'https://example.com/data.csv'",
        "SELECT * FROM glob('/etc/*')",
        "DELETE FROM devices",
        "CREATE TABLE t AS SELECT 1",
    ]


def test_no_statement_writes_reads_outside_or_reaches_out(shipped_db_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text("a\n1\n")
    out = tmp_path / "out.csv"
    before = shipped_db_copy.read_bytes()
    for sql in _attempts(shipped_db_copy, out):
        with pytest.raises(ZoobenchError) as info:
            db.query(shipped_db_copy, sql)
        assert "refused" in str(info.value) or "Permission" in str(info.value), (sql, str(info.value))
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv", "zoobench.duckdb"]
    assert shipped_db_copy.read_bytes() == before
    assert db.query(shipped_db_copy, "SELECT count(*) FROM devices").rows[0][0] > 0


def test_the_statement_check_sees_through_comments_and_explain(shipped_db: Path) -> None:
    with pytest.raises(ReadOnlyQuery, match="COPY statement"):
        db.query(shipped_db, "-- c\n/* d */ EXPLAIN /* e */ ANALYZE COPY (SELECT 1) TO 'x.csv'")
    plan = db.query(shipped_db, "/* a plan */ EXPLAIN SELECT count(*) FROM models")
    assert plan.rows


def test_reads_still_work(shipped_db: Path) -> None:
    assert db.query(shipped_db, "SELECT count(*) FROM latest_measurements").rows[0][0] > 0
    assert db.query(shipped_db, "PRAGMA table_info('models')").rows
    assert db.query(shipped_db, "EXPLAIN ANALYZE SELECT count(*) FROM models").rows


def test_cli_refuses_with_a_message(shipped_db_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        app, ["query", f"EXPLAIN ANALYZE COPY (SELECT 'x') TO '{out}' (FORMAT csv)", "--db", str(shipped_db_copy)]
    )
    assert result.exit_code == 1
    assert "refused" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


# --- item 11: terminal escapes --------------------------------------------------------------------

EVIL = "Evil\x1b[2J\x1b]0;pwned\x07 GPU\x9b31m\u202egnp.exe\r\nline\u2028two"


def test_inert_escapes_every_control_and_bidi_character() -> None:
    text = inert(EVIL)
    assert all(ch.isprintable() or ch == " " for ch in text), repr(text)
    assert "\\x1b[2J" in text and "\\u202e" in text and "\\x0d\\x0a" in text
    assert inert("Titan Xp (i7-7700) — 12 GB, é") == "Titan Xp (i7-7700) — 12 GB, é"


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("evil")
    data = measured_dict(device_id="evil-gpu", device_name=EVIL, models={"resnet18": [(1, 10.0)]})
    path = folder / "zoobench.duckdb"
    db.ingest([write(folder / "evil.json", data)], path)
    return path


def _control_free(text: str) -> bool:
    return not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 or c in "\u202e\u2028" for c in text)


@pytest.mark.parametrize(
    "args",
    [
        ["query", "SELECT name FROM devices"],
        ["query", "SELECT name FROM devices", "-f", "csv"],
        ["query", "SELECT name FROM devices", "-f", "markdown"],
        ["query", "SELECT name FROM devices", "-f", "json"],
        ["best", "--device", "evil-gpu"],
        ["db", "info"],
        ["best", "--device", "GPU"],  # found by a part of its name
    ],
    ids=lambda a: " ".join(a),
)
def test_cli_output_is_inert_in_a_terminal(evil_db: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--db", str(evil_db)])
    assert "Evil" in result.output, result.output
    assert _control_free(result.output), repr(result.output)


def test_json_keeps_the_value_losslessly(evil_db: Path) -> None:
    import json

    result = CliRunner().invoke(app, ["query", "SELECT name FROM devices", "-f", "json", "--db", str(evil_db)])
    assert json.loads(result.stdout)[0]["name"] == EVIL

