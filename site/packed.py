"""Rows as a packed table for the page: column names once, a row as a list of values, and string
columns that repeat (device names, runtimes, sources) as indices into a list of their values.

A chart's or the lookup's rows written as JSON objects repeat every key on every row; packed they
take about half the bytes, which keeps the largest pages (trends, best model) under 1 MB.
`zoobench.js` unpacks them (`unpack`) before a chart is drawn or the lookup filters: the rows it
gets are the rows written here.
"""

from __future__ import annotations

from typing import Any


def pack(rows: list[dict[str, Any]], columns: list[str] | None = None) -> dict[str, Any]:
    """{"columns": [...], "dicts": {column: [values]}, "rows": [[...], ...]}: every row has `columns`
    (default: the first row's keys, which every row must have, in that order)."""
    cols = columns if columns is not None else list(rows[0]) if rows else []
    table = [[r[c] for c in cols] for r in rows]
    dicts: dict[str, list[str]] = {}
    for i, c in enumerate(cols):
        values = [r[i] for r in table]
        if not all(v is None or isinstance(v, str) for v in values):
            continue
        distinct = list(dict.fromkeys(v for v in values if v is not None))
        if 2 * len(distinct) > len(values):
            continue  # mostly unique (model names): indices would not save much
        index = {v: k for k, v in enumerate(distinct)}
        for r in table:
            if r[i] is not None:
                r[i] = index[r[i]]
        dicts[c] = distinct
    return {"columns": cols, "dicts": dicts, "rows": table}


def pack_datasets(spec: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec with its top-level `datasets` packed where every row has the same keys (the
    rows `charts.py` writes); others are left as they are. The spec itself is not changed."""
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    packed: dict[str, Any] = {}
    for name, rows in datasets.items():
        same_keys = bool(rows) and all(isinstance(r, dict) and r.keys() == rows[0].keys() for r in rows)
        packed[name] = pack(rows) if same_keys else rows
    return {**spec, "datasets": packed}
