"""Helpers for the site tests: a data folder = the shipped measurements + a file with hostile names."""

from __future__ import annotations

import shutil
from pathlib import Path

from factories import measured_dict, write

HOSTILE_DEVICE = "<script>alert(1)</script>"
HOSTILE_NOTES = "<img src=x onerror=alert(2)> | *bold* _under_ [link](javascript:alert(3)) `code`"
HOSTILE_MODEL_NAME = "<b onmouseover=alert(4)>resnet|18</b>"


def hostile_data(root: Path, shipped: Path) -> Path:
    """Copy `shipped` (measurements/) to `root/data` and add a measured file with hostile strings."""
    data = root / "data"
    shutil.copytree(shipped, data)
    doc = measured_dict(
        device_id="hostile-device",
        device_name=HOSTILE_DEVICE,
        models={"resnet18": [(1, 10.0), (2, 16.0), (4, None)], "squeezenet1_1": [(1, 4.0), (2, 6.0)]},
    )
    doc["device"]["notes"] = HOSTILE_NOTES
    doc["run"]["notes"] = HOSTILE_NOTES
    doc["run"]["contributor"] = HOSTILE_DEVICE
    doc["models"][0]["name"] = HOSTILE_MODEL_NAME
    write(data / "measured" / "hostile-device" / "hostile.json", doc)
    return data
