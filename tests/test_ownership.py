"""A contributed file cannot rewrite a citation or take over a device (issue #9, items 4 and 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MEASUREMENTS
from factories import measured_dict, write

from zoobench import db
from zoobench.db.ownership import OwnershipConflict

SPOOFED_CITATION = {
    "id": "bianco2018", "authors": ["Mallory"], "title": "Benchmark Analysis, revised by me",
    "venue": "my blog", "year": 2026,
}
TITAN = "published/bianco2018-titanxp.json"


def spoof_citation() -> dict:
    data = measured_dict(device_id="mallory-cpu", device_name="Mallory CPU")
    data["run"]["citation"] = SPOOFED_CITATION
    return data


def spoof_device() -> dict:
    return measured_dict(device_id="titan-xp-bianco2018", device_name="Mallory's card")


def test_a_contributed_file_cannot_rewrite_a_published_citation(shipped_db_copy: Path, tmp_path: Path) -> None:
    before = shipped_db_copy.read_bytes()
    with pytest.raises(OwnershipConflict) as info:
        db.ingest([write(tmp_path / "spoof.json", spoof_citation())], shipped_db_copy)
    message = str(info.value)
    assert "spoof.json: citation bianco2018: authors, title, venue, doi, url differ" in message
    assert "bianco2018-" in message and "nothing was written" in message  # names the owner's file too
    assert shipped_db_copy.read_bytes() == before


def test_a_contributed_file_cannot_take_over_a_device(shipped_db_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(OwnershipConflict, match=r"spoof\.json: device titan-xp-bianco2018: name, kind, vendor, model, cpu_model, cpu_cores, memory_mb differ from published/bianco2018-"):
        db.ingest([write(tmp_path / "spoof.json", spoof_device())], shipped_db_copy)
    assert db.query(shipped_db_copy, "SELECT name FROM devices WHERE device_id = 'titan-xp-bianco2018'").rows == [
        ("NVIDIA Titan Xp (Bianco 2018 workstation)",)
    ]


def test_build_refuses_whatever_order_the_files_sort_in(tmp_path: Path) -> None:
    """Contributed files sort before published ones: the published source still owns its id."""
    data = tmp_path / "measurements"
    shutil.copytree(MEASUREMENTS, data)
    write(data / "measured" / "aaa" / "spoof.json", spoof_citation())
    target = tmp_path / "zoobench.duckdb"
    with pytest.raises(OwnershipConflict) as info:
        db.build(data, target)
    assert "measured/aaa/spoof.json: citation bianco2018" in str(info.value)
    assert "published/bianco2018-" in str(info.value)
    assert not target.exists()


def test_two_files_of_one_ingest_cannot_disagree(tmp_path: Path) -> None:
    first = write(tmp_path / "a.json", measured_dict(device_id="shared", device_name="One"))
    second = write(tmp_path / "b.json", measured_dict(device_id="shared", device_name="Two",
                                                      created="2026-02-01T00:00:00+00:00"))
    with pytest.raises(OwnershipConflict, match=r"b\.json: device shared: name differ from .*a\.json"):
        db.ingest([first, second], tmp_path / "zoobench.duckdb")


def test_one_machine_measured_again_keeps_its_device(shipped_db_copy: Path, tmp_path: Path) -> None:
    first = measured_dict(device_id="lab-cpu", device_name="Lab CPU")
    again = measured_dict(device_id="lab-cpu", device_name="Lab CPU", created="2026-03-01T00:00:00+00:00")
    again["device"]["os"] = "Linux 6.20"  # what may change between runs of one machine
    db.ingest([write(tmp_path / "1.json", first)], shipped_db_copy)
    report = db.ingest([write(tmp_path / "2.json", again)], shipped_db_copy)
    assert report.dataset_version is not None


def test_review_flags_conflicts_instead_of_failing(shipped_db: Path, tmp_path: Path) -> None:
    report = db.review([write(tmp_path / "c.json", spoof_citation()), write(tmp_path / "d.json", spoof_device())],
                       shipped_db)
    subjects = {(c.file.rsplit("/", 1)[-1], c.subject) for c in report.conflicts}
    assert subjects == {("c.json", "citation bianco2018"), ("d.json", "device titan-xp-bianco2018")}
    text = report.markdown()
    assert "### Conflicts with data others own" in text


# --- item 13: one device id for two different machines ------------------------------------------


def test_two_cpus_that_report_different_models_are_two_devices(tmp_path: Path) -> None:
    """`Intel(R) Xeon(R) Processor` and `... @ 2.50GHz` both made `cpu-intel-xeon-2c` before."""
    a = measured_dict(device_id="cpu-intel-xeon-2c", device_name="Intel(R) Xeon(R) Processor")
    a["device"]["cpu_model"] = a["device"]["model"] = "Intel(R) Xeon(R) Processor"
    b = measured_dict(device_id="cpu-intel-xeon-2c", device_name="Intel(R) Xeon(R) Processor @ 2.50GHz",
                      created="2026-02-01T00:00:00+00:00", models={"resnet18": [(1, 15.0)]})
    b["device"]["cpu_model"] = b["device"]["model"] = "Intel(R) Xeon(R) Processor @ 2.50GHz"
    database = tmp_path / "zoobench.duckdb"  # not the shipped one: it has this id's committed files
    db.ingest([write(tmp_path / "a.json", a)], database)
    second = write(tmp_path / "b.json", b)
    review = db.review([second], database)
    assert [c.subject for c in review.conflicts] == ["device cpu-intel-xeon-2c"]
    assert review.changes == []  # not compared as if one machine had slowed down
    with pytest.raises(OwnershipConflict, match="other hardware needs another device id"):
        db.ingest([second], database)


def test_generated_device_ids_tell_hardware_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch")
    from zoobench.collect import environment

    monkeypatch.setattr(environment, "cpu_counts", lambda: (2, 2))
    ids = {}
    for model in ("Intel(R) Xeon(R) Processor", "Intel(R) Xeon(R) Processor @ 2.50GHz"):
        monkeypatch.setattr(environment, "cpu_model", lambda m=model: m)
        ids[model] = environment.device_id("cpu")
        assert environment.device_id("cpu") == ids[model]  # one machine, one id
        assert ids[model].startswith("cpu-intel-xeon-2c-")
    assert len(set(ids.values())) == 2
    assert environment.device_id("cpu", "My Laptop") == "my-laptop"  # a chosen name is the id


def test_the_committed_device_folder_still_validates_and_ingests(tmp_path: Path) -> None:
    folder = MEASUREMENTS / "measured" / "cpu-intel-xeon-2c"
    report = db.ingest([folder], tmp_path / "zoobench.duckdb")
    assert report.dataset_version == 1 and report.added
