"""Packed tables (site/packed.py): what the pages embed for charts and the best-model lookup."""

from __future__ import annotations

from zoobench.site.packed import pack, pack_datasets


def _unpack(packed):
    """What zoobench.js's unpack does."""
    dicts = packed["dicts"]
    return [
        {c: (dicts[c][v] if c in dicts and v is not None else v) for c, v in zip(packed["columns"], r, strict=True)}
        for r in packed["rows"]
    ]


def test_pack_round_trips_and_indexes_repeated_strings():
    rows = [
        {"device": "Titan Xp", "name": f"model {i}", "fps": i * 1.5, "source": None if i % 3 else "timm"}
        for i in range(10)
    ]
    packed = pack(rows)
    assert packed["columns"] == ["device", "name", "fps", "source"]
    assert packed["dicts"] == {"device": ["Titan Xp"], "source": ["timm"]}  # names are mostly unique
    assert packed["rows"][0] == [0, "model 0", 0.0, 0]
    assert _unpack(packed) == rows


def test_pack_datasets_leaves_mixed_rows_and_the_spec_alone():
    same = [{"x": 1, "y": 2.5}, {"x": 2, "y": None}]
    mixed = [{"x": 1}, {"x": 2, "y": 3}]
    spec = {"mark": "point", "datasets": {"a": same, "b": mixed}}
    out = pack_datasets(spec)
    assert _unpack(out["datasets"]["a"]) == same and out["datasets"]["b"] == mixed
    assert spec["datasets"]["a"] is same  # the page's spec (validated by the tests) is unchanged
