"""Predicted time per image of the models a device has not measured (`zoobench predict`), and the
`predictions` table the site marks as predicted.

The numbers come from `predict.py`; this module reads the matrix from the database
(`db/queries/predict_*.sql`), chooses the target column (the device's default settings and, by
default, the batch size it has most measurements at), attaches an interval and writes the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
from threadpoolctl import threadpool_limits

from zoobench.db import predict as P
from zoobench.db.lookup import fetch, find_device
from zoobench.db.schema import Connection, connect, query_sql, require_database, write_failed, writer_lock
from zoobench.errors import ZoobenchError

# Chosen by held-out error on the shipped data: `python bench/bench_predict.py` (README table).
METHOD = "nearest+specs"
MIN_KNOWN = 3  # a device needs this many measured models at the target column


def load_matrix(con: Connection) -> P.Matrix:
    cells = fetch(con, query_sql("predict_cells")).rows
    specs = {(r[0], r[1]): r[2:] for r in fetch(con, query_sql("predict_specs")).rows}
    rows: dict[tuple[str, int], int] = {}
    cols: dict[P.Column, int] = {}
    for model_id, res, device_id, settings_key, batch, _ in cells:
        rows.setdefault((model_id, res), len(rows))
        cols.setdefault(P.Column(device_id, settings_key, batch), len(cols))
    logt = np.full((len(rows), len(cols)), np.nan)
    for model_id, res, device_id, settings_key, batch, value in cells:
        logt[rows[(model_id, res)], cols[P.Column(device_id, settings_key, batch)]] = value
    spec = np.full((len(rows), 3), np.nan)
    for key, i in rows.items():
        for j, v in enumerate(specs.get(key, (None, None, None))):
            if v is not None and v > 0:
                spec[i, j] = np.log10(v)
    return P.Matrix(list(rows), list(cols), logt, spec)


def default_columns(con: Connection) -> dict[str, P.Column]:
    return {r[0]: P.Column(r[0], r[1], r[2]) for r in fetch(con, query_sql("predict_defaults")).rows}


Cell = tuple[str, int, P.Column]  # (model_id, resolution_px, column)


def failed_cells(con: Connection) -> set[Cell]:
    """Cells measured without a time (out of memory …): measured, so never predicted."""
    return {(r[0], r[1], P.Column(*r[2:])) for r in fetch(con, query_sql("predict_failed_cells")).rows}


class Context:
    """The matrix and, per device, the regressors computed without it (shared by that device's
    predictions and by the held-out runs that give every other device's intervals); `failed`:
    the cells measured without a time, which are not predicted."""

    def __init__(self, m: P.Matrix, defaults: dict[str, P.Column], method: str = METHOD,
                 failed: set[Cell] | None = None) -> None:
        self.m, self.defaults, self.method = m, defaults, method
        self.failed = failed or set()
        self._feats: dict[str, np.ndarray] = {}
        self._intervals: dict[int, tuple[float, float]] = {}

    def feats(self, device_id: str) -> np.ndarray:
        if device_id not in self._feats:
            self._feats[device_id] = P.features(self.m, self.method, self.m.others(device_id))
        return self._feats[device_id]

    def interval(self, k: int, seed: int = 0) -> tuple[float, float]:
        """Quantiles `P.INTERVAL` of log10(predicted / measured) when each device's default column
        is predicted from k of its cells with all of that device hidden otherwise (k rounded to
        a power of two, so the runs are shared)."""
        k = 1 << max(k - 1, 1).bit_length()
        if k not in self._intervals:
            rng = np.random.default_rng(seed)
            resid = [np.array([])]
            for device_id, col in self.defaults.items():
                if col not in self.m.columns:
                    continue
                t = self.m.columns.index(col)
                kk = min(k, int((~np.isnan(self.m.logt[:, t])).sum()) // 2)
                if kk < MIN_KNOWN:
                    continue
                pred, true, hidden = P.holdout(self.m, t, self.method, kk, rng, self.feats(device_id))
                r = (pred - true)[hidden]
                resid.append(r[~np.isnan(r)])
            pooled = np.concatenate(resid)
            q = np.quantile(pooled, P.INTERVAL) if len(pooled) >= 10 else (np.nan, np.nan)
            self._intervals[k] = (float(q[0]), float(q[1]))
        return self._intervals[k]

    @classmethod
    def of(cls, con: Connection) -> Context:
        return cls(load_matrix(con), default_columns(con), failed=failed_cells(con))


PROBE_COST = 0.75  # a probe model is no slower on the median device than this share of the candidates


def at_default_resolution(con: Connection, m: P.Matrix) -> np.ndarray:
    """Rows at their model's default resolution (what `zoobench collect` runs)."""
    default_res = dict(fetch(con, "SELECT model_id, resolution_px FROM models").rows)
    return np.array([default_res.get(mid) == res for mid, res in m.rows], dtype=bool)


def default_mask(m: P.Matrix, defaults: dict[str, P.Column], without: str | None = None) -> np.ndarray:
    """The devices' default columns (all but `without`'s)."""
    cols = {c for d, c in defaults.items() if d != without}
    return np.array([c in cols for c in m.columns], dtype=bool)


def probe_candidates(m: P.Matrix, defaults: dict[str, P.Column], at_default: np.ndarray) -> np.ndarray:
    """Rows a probe may pick: models at their default resolution measured on at least two
    devices' default columns, the slowest quarter of them on the median device left out (so the
    probe costs minutes and fits on small devices)."""
    x = m.logt[:, default_mask(m, defaults)]
    ok = at_default & ((~np.isnan(x)).sum(axis=1) >= 2)
    speed = P.median_polish(x)[0]
    return ok & (speed <= np.quantile(speed[ok], PROBE_COST))


PROBE_HOW = (
    "pivoted QR (db/predict.py `probe`): among the {n} models at their default resolution measured on at "
    "least two devices (the slowest quarter left out), the k whose log times across every device's default "
    "column (gaps filled by median polish, each column centred) span the most, each next one the model "
    "least explained by those already chosen; bench/bench_predict.py measures it against k random models "
    "(method {method})"
)


def choose_probe(con: Connection, k: int = 10) -> tuple[list[str], int]:
    """The probe preset: k model ids chosen by `P.probe` over every device's default column, and
    the number of candidates they were chosen from."""
    m, defaults = load_matrix(con), default_columns(con)
    candidates = probe_candidates(m, defaults, at_default_resolution(con, m))
    rows = P.probe(m, k, default_mask(m, defaults), candidates)
    return [m.rows[i][0] for i in rows], int(candidates.sum())


@dataclass
class Prediction:
    device: dict[str, Any]
    column: P.Column
    known: int
    method: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def predict_column(ctx: Context, col: P.Column) -> tuple[int, list[dict[str, Any]]]:
    """(measured models at the column, a row per model measured elsewhere but not there)."""
    m = ctx.m
    if col not in m.columns:
        return 0, []
    t = m.columns.index(col)
    y = m.logt[:, t]
    known = int((~np.isnan(y)).sum())
    if known < MIN_KNOWN:
        return known, []
    pred = P.predict(m, t, ctx.method, ctx.feats(col.device_id))
    todo = [i for i in np.flatnonzero(np.isnan(y) & ~np.isnan(pred)) if (*m.rows[i], col) not in ctx.failed]
    lo, hi = ctx.interval(known) if len(todo) else (np.nan, np.nan)
    rows = []
    for i in todo:
        model_id, res = m.rows[i]
        ms = float(10 ** pred[i])
        rows.append({
            "model_id": model_id,
            "resolution_px": res,
            "batch_size": col.batch_size,
            "time_per_image_ms": ms,
            "fps": 1000.0 / ms,
            "low_ms": float(10 ** (pred[i] + lo)) if np.isfinite(lo) else None,
            "high_ms": float(10 ** (pred[i] + hi)) if np.isfinite(hi) else None,
            "method": ctx.method,
        })
    rows.sort(key=lambda r: (r["time_per_image_ms"], r["model_id"], r["resolution_px"]))
    return known, rows


def predict_device(con: Connection, device: str, batch_size: int | None = None) -> Prediction:
    dev = find_device(con, device)
    defaults = default_columns(con)
    if dev["device_id"] not in defaults:
        raise ZoobenchError(f"{dev['device_id']}: no time measurements to predict from")
    col = defaults[dev["device_id"]]
    if batch_size is not None:
        col = P.Column(col.device_id, col.settings_key, batch_size)
    ctx = Context.of(con)
    m = ctx.m
    with threadpool_limits(1):  # small matrices: BLAS threads only contend
        known, rows = predict_column(ctx, col)
    if known < MIN_KNOWN:
        have = sorted(c.batch_size for c in m.columns
                      if c.device_id == col.device_id and c.settings_key == col.settings_key)
        raise ZoobenchError(
            f"{dev['device_id']}: {known} models measured at batch size {col.batch_size} with "
            f"{col.settings_key}; prediction needs at least {MIN_KNOWN} (measured batch sizes: "
            f"{', '.join(map(str, have)) or 'none'})"
        )
    return Prediction(dev, col, known, METHOD, rows)


def predict(db_path: Path, device: str, batch_size: int | None = None) -> Prediction:
    con = connect(db_path, read_only=True)
    try:
        return predict_device(con, device, batch_size)
    finally:
        con.close()


def refresh(con: Connection, when: datetime) -> int:
    """Replace the `predictions` table: every device at its default column, fitted on the
    database's current dataset version (build and ingest call it in their transaction, so the
    table never lags the data). Returns the rows written."""
    version = con.execute("SELECT coalesce(max(version), 0) FROM dataset_versions").fetchone()
    ctx = Context.of(con)
    out = []
    for col in ctx.defaults.values():
        with threadpool_limits(1):  # small matrices: BLAS threads only contend
            _, rows = predict_column(ctx, col)
        out += [(r["model_id"], r["resolution_px"], col.device_id, col.settings_key, r["batch_size"],
                 r["time_per_image_ms"], r["fps"], r["low_ms"], r["high_ms"], r["method"],
                 version[0] if version else 0, when) for r in rows]
    con.execute("DELETE FROM predictions")
    if out:  # one statement, columns as lists (executemany inserts row by row, ~100× slower)
        columns = [list(c) for c in zip(*out, strict=True)]
        con.execute("INSERT INTO predictions SELECT " + ", ".join(f"unnest(${i + 1})" for i in range(12)),
                    columns)
    return len(out)


def refresh_file(db_path: Path) -> int:
    """`zoobench db predict`: refit in one transaction, holding the writer lock as ingest does."""
    require_database(db_path)
    with writer_lock(db_path):
        con = connect(db_path)
        try:
            con.execute("BEGIN TRANSACTION")
            n = refresh(con, datetime.now(UTC).replace(tzinfo=None))
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            return n
        except (duckdb.Error, OSError) as exc:
            raise write_failed(db_path, exc) from None
        finally:
            con.close()
