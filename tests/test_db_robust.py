"""Nothing that reported success is lost, nothing is left behind, and no failure to write is a
traceback (issue #9, items 5, 8 and 9). Real processes, real kills, real full and read-only
file systems (tmpfs mounts: the tests run as root, where a chmod does not stop a write)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MEASUREMENTS
from factories import measured_dict, write

from zoobench import db
from zoobench.db import ingestion
from zoobench.db.schema import writer_lock

ZOOBENCH = str(Path(sys.executable).parent / "zoobench")


def zb(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ZOOBENCH, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def runs_of(path: Path, device: str) -> int:
    return db.query(path, f"SELECT count(*) FROM runs WHERE device_id = '{device}'").rows[0][0]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def wait_for(folder: Path, pattern: str, proc: subprocess.Popen[bytes]) -> list[Path]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        found = list(folder.glob(pattern))
        if found:
            return found
        time.sleep(0.005)
    return []


# --- item 5: an ingest during a build ------------------------------------------------------------


def test_an_ingest_while_a_writer_holds_the_database_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "zoobench.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    extra = write(tmp_path / "b.json", measured_dict(device_id="racer"))
    with writer_lock(target):  # what a build holds from its start to its rename
        result = zb("db", "ingest", str(extra), "--db", str(target))
    assert result.returncode == 1 and "in use by another process" in result.stderr, result.stderr
    assert runs_of(target, "racer") == 0


def test_db_predict_while_a_writer_holds_the_database_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "zoobench.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    before = target.read_bytes()
    with writer_lock(target):  # an ingest or build in progress
        result = zb("db", "predict", "--db", str(target))
    assert result.returncode == 1 and "in use by another process" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and target.read_bytes() == before
    assert zb("db", "predict", "--db", str(target)).returncode == 0  # and once it is free, it runs
    missing = zb("db", "predict", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and "no database here" in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_a_real_race_of_ingest_against_build_loses_nothing(tmp_path: Path) -> None:
    target = tmp_path / "zoobench.duckdb"
    db.build(MEASUREMENTS, target)
    extra = write(tmp_path / "extra" / "b.json", measured_dict(device_id="racer"))
    build = subprocess.Popen([ZOOBENCH, "db", "build", "--data", str(MEASUREMENTS), "--db", str(target)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(tmp_path, ".zoobench.duckdb.building-*", build), "the build never started writing"
    ingest = zb("db", "ingest", str(extra), "--db", str(target))
    assert build.wait(timeout=300) == 0
    if ingest.returncode == 0:  # it reported success: it must be there
        assert runs_of(target, "racer") == 1
    else:
        assert "in use by another process" in ingest.stderr and "Traceback" not in ingest.stderr
        assert runs_of(target, "racer") == 0


# --- item 9: what killed runs leave behind ------------------------------------------------------------


def test_a_killed_build_leaves_files_the_next_build_removes(tmp_path: Path) -> None:
    target = tmp_path / "zoobench.duckdb"
    build = subprocess.Popen([ZOOBENCH, "db", "build", "--data", str(MEASUREMENTS), "--db", str(target)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(tmp_path, ".zoobench.duckdb.building-*", build)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert list(tmp_path.glob(".zoobench.duckdb.building-*"))  # what kill -9 leaves
    assert zb("db", "build", "--data", str(MEASUREMENTS), "--db", str(target)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zoobench.duckdb"]


def test_leftovers_of_dead_processes_are_swept_and_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "zoobench.duckdb"
    db.ingest([write(tmp_path / "in" / "a.json", measured_dict())], target)
    gone = dead_pid()
    dead = [f".zoobench.duckdb.building-{gone}", f".zoobench.duckdb.building-{gone}.wal",
            f".zoobench.duckdb.ingest-{gone}-x1y2.ndjson"]
    live = [f".zoobench.duckdb.building-{os.getpid()}", f".zoobench.duckdb.ingest-{os.getppid()}-abc.ndjson",
            ".other.duckdb.building-1"]
    for name in dead + live:
        (tmp_path / name).write_text("left behind")
    db.ingest([write(tmp_path / "in" / "b.json", measured_dict(device_id="b"))], target)
    names = {p.name for p in tmp_path.iterdir()}
    assert not names & set(dead)
    assert set(live) <= names


def test_ingest_writes_its_temporary_files_beside_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Path] = []
    real = tempfile.NamedTemporaryFile

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        handle = real(*args, **kwargs)
        made.append(Path(handle.name))
        return handle

    monkeypatch.setattr(ingestion.tempfile, "NamedTemporaryFile", spy)
    target = tmp_path / "db" / "zoobench.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    assert made and all(p.parent == target.parent and p.name.startswith(".zoobench.duckdb.ingest-") for p in made)
    assert not any(p.exists() for p in made)


# --- item 8: full disk, read-only folder ---------------------------------------------------------------


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A tmpfs mounted at tmp_path/mnt; the test may remount it (options appended to the list)."""
    point = tmp_path / "mnt"
    point.mkdir()
    options: list[str] = []
    yield point, options
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


def mount_tmpfs(point: Path, size: str, *extra: str) -> None:
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *extra]), "tmpfs", str(point)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {done.stderr.strip()}")


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass


def no_traceback(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout and "error:" in result.stderr, result.stderr
    return result.stderr


def test_a_full_disk_is_a_message_and_the_database_stays(mount: tuple[Path, list[str]], tmp_path: Path) -> None:
    point, _ = mount
    mount_tmpfs(point, "8m")
    target = point / "zoobench.duckdb"
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    before = db.query(target, "SELECT count(*) FROM measurements").rows
    many = {m: [(b, 10.0 * b) for b in (1, 2, 4, 8)] for m in ("resnet18", "resnet34", "resnet50", "vgg16", "alexnet")}
    big = write(tmp_path / "big" / "b.json", measured_dict(device_id="b", models=many))
    fill(point)
    message = no_traceback(zb("db", "ingest", str(big), "--db", str(target)))
    assert "zoobench.duckdb" in message
    assert "cannot rollback" not in message
    (point / "filler").unlink()
    assert db.query(target, "SELECT count(*) FROM measurements").rows == before
    assert runs_of(target, "b") == 0

    fill(point)
    message = no_traceback(zb("db", "build", "--data", str(MEASUREMENTS), "--db", str(target)))
    assert "zoobench.duckdb" in message and "FatalException" not in message
    (point / "filler").unlink()
    assert db.query(target, "SELECT count(*) FROM measurements").rows == before
    assert sorted(p.name for p in point.iterdir()) == ["zoobench.duckdb"]


def test_a_read_only_folder_is_a_message(mount: tuple[Path, list[str]], tmp_path: Path) -> None:
    point, _ = mount
    mount_tmpfs(point, "16m")
    target = point / "zoobench.duckdb"
    pr = write(tmp_path / "pr.json", measured_dict(device_id="pr"))
    db.ingest([write(tmp_path / "a.json", measured_dict())], target)
    done = subprocess.run(["mount", "-o", "remount,ro", str(point)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")
    before = target.read_bytes()
    cases = {
        "build to a new path": ("db", "build", "--data", str(MEASUREMENTS), "--db", str(point / "new.duckdb")),
        "ingest into a missing folder": ("db", "ingest", str(pr), "--db", str(point / "missing" / "z.duckdb")),
        "ingest into the database": ("db", "ingest", str(pr), "--db", str(target)),
        "export": ("db", "export", "--db", str(target), "--out", str(point / "export")),
        "export into an existing folder": ("db", "export", "--db", str(target), "--out", str(point)),
        "review -o": ("review", str(pr), "--db", str(target), "-o", str(point / "review.md")),
    }
    for case, args in cases.items():
        message = no_traceback(zb(*args))
        assert str(point) in message, (case, message)
    assert target.read_bytes() == before
