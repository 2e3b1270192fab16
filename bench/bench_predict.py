"""How well does `zoobench predict` know a device from k of its measurements? Measured, not asserted.

For each device in the database (at its default settings and most-measured batch size), all of its
measurements are hidden except k (k = 5, 10, 20) — chosen at random (`--repeats` draws), or the
k probe models (`zoobench collect --preset probe`'s choice, recomputed without the device) — and
the rest are predicted from the other devices. Reported per method (`db/predict.py`): median
absolute percentage error (MdAPE), share within ±10 % and ±25 %, Spearman's rho between predicted
and measured time; per device and as the mean over devices (all, and GPUs only).

    python bench/bench_predict.py [--db build/zoobench.duckdb] [--repeats 10] [--k 5,10,20]

Without --db it builds the database from `measurements/` into a temporary folder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from zoobench import db
from zoobench.db import predict as P
from zoobench.db import predictions
from zoobench.db.lookup import fetch

METHODS = P.METHODS
PROBE = f"{predictions.METHOD}, probe models"


def evaluate(m: P.Matrix, defaults: dict[str, P.Column], ks: list[int], repeats: int,
             at_default: np.ndarray) -> dict[tuple[str, int, str], P.Scores]:
    """(device, k, method) → scores averaged over the draws."""
    out: dict[tuple[str, int, str], P.Scores] = {}
    for device_id, col in defaults.items():
        t = m.columns.index(col)
        measured = int((~np.isnan(m.logt[:, t])).sum())
        use = m.others(device_id)
        feats = {meth: P.features(m, meth, use) for meth in METHODS}
        for k in ks:
            if measured < k + 10:
                continue
            for meth in METHODS:
                rng = np.random.default_rng(k)
                runs = [P.holdout(m, t, meth, k, rng, feats[meth]) for _ in range(repeats)]
                out[(device_id, k, meth)] = mean_scores([P.score(p[h], y[h]) for p, y, h in runs])
            # the probe chosen without the device (among the models it measured, so they can be kept)
            without = {d: c for d, c in defaults.items() if d != device_id}
            candidates = predictions.probe_candidates(m, without, at_default) & ~np.isnan(m.logt[:, t])
            chosen = P.probe(m, k, predictions.default_mask(m, without), candidates)
            meth = predictions.METHOD
            p, y, h = P.holdout(m, t, meth, k, np.random.default_rng(0), feats[meth], chosen)
            out[(device_id, k, PROBE)] = P.score(p[h], y[h])
    return out


def mean_scores(scores: list[P.Scores]) -> P.Scores:
    def avg(name: str) -> float:
        v = [getattr(s, name) for s in scores if np.isfinite(getattr(s, name))]
        return float(np.mean(v)) if v else float("nan")

    return P.Scores(avg("mdape"), avg("within_10"), avg("within_25"), avg("spearman"),
                    int(np.mean([s.n for s in scores])))


def fmt(x: float, digits: int = 1) -> str:
    return "–" if not np.isfinite(x) else f"{x:.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--k", default="5,10,20")
    args = ap.parse_args()
    ks = [int(k) for k in args.k.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db
        if path is None:
            path = Path(tmp) / "zoobench.duckdb"
            t0 = time.perf_counter()
            db.build(Path("measurements"), path)
            print(f"built {path} from measurements/ in {time.perf_counter() - t0:.1f} s")
        con = db.connect(path, read_only=True)
        try:
            m = predictions.load_matrix(con)
            defaults = predictions.default_columns(con)
            kinds = dict(fetch(con, "SELECT device_id, kind FROM devices").rows)
            t0 = time.perf_counter()
            with threadpool_limits(1):
                res = evaluate(m, defaults, ks, args.repeats, predictions.at_default_resolution(con, m))
            spent = time.perf_counter() - t0
            t0 = time.perf_counter()
            predictions.predict_device(con, next(iter(defaults)))
            one = time.perf_counter() - t0
        finally:
            con.close()
    devices = sorted({d for d, _, _ in res})
    methods = [*METHODS, PROBE]
    print(f"\n{len(devices)} devices, {m.logt.shape[0]} model × resolution rows, {len(m.columns)} columns; "
          f"{args.repeats} random draws per device and k; evaluation {spent:.1f} s; "
          f"one `zoobench predict` {one:.1f} s\n")
    print("| k | method | MdAPE % | within ±10 % | within ±25 % | Spearman | GPUs: MdAPE % "
          "| GPUs: Spearman |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for k in ks:
        for meth in methods:
            rows = [res[(d, k, meth)] for d in devices if (d, k, meth) in res]
            gpus = [res[(d, k, meth)] for d in devices if (d, k, meth) in res and kinds.get(d) == "gpu"]
            if not rows:
                continue
            a, g = mean_scores(rows), mean_scores(gpus) if gpus else P.Scores(*[float("nan")] * 4, 0)
            print(f"| {k} | {meth} | {fmt(a.mdape)} | {fmt(a.within_10, 0)} | {fmt(a.within_25, 0)} | "
                  f"{fmt(a.spearman, 3)} | {fmt(g.mdape)} | {fmt(g.spearman, 3)} |")
    for k in ks:
        print(f"\nPer device, k = {k}: MdAPE % (Spearman)\n")
        print("| device | hidden | " + " | ".join(methods) + " |")
        print("| --- | --- |" + " --- |" * len(methods))
        for d in devices:
            cells = [res.get((d, k, meth)) for meth in methods]
            if all(c is None for c in cells):
                continue
            n = next(c.n for c in cells if c is not None)
            print(f"| {d} | {n} | " + " | ".join(
                "" if c is None else f"{fmt(c.mdape)} ({fmt(c.spearman, 3)})" for c in cells) + " |")


if __name__ == "__main__":
    main()
