"""Time per image of a model on a device where it was not measured, from what was measured.

The data is a model × column matrix of log10(ms per image): a row per model × resolution, a column
per device × settings × batch size. To predict a target column from its k measured cells:

- `device-factor` (baseline): one speed factor per device. Each model's speed is its row effect in
  an additive fit of the other columns (median polish: log t = model + column); the target's
  factor is the median of its k measured cells minus their row effects.
- `specs` (baseline): log–log least squares of the target's k cells on FLOPs, parameters and
  activations (ridge-stabilised for small k).
- `low-rank`: the other columns are completed to rank r (iterative SVD imputation); the target is a
  ridge regression of its k cells on the first r principal scores of the rows — the matrix's
  low-rank completion, fitted to the new column.
- `nearest`: every other column shifted by its median offset to the target's k cells, averaged
  with weights 1 / (their median absolute residual)² — the devices that rank the k models alike
  count most.
- `nearest+specs`: `nearest`, its residuals on the k cells then regressed (ridge) on FLOPs,
  parameters and activations: what the similar devices miss that the specs explain.

Which one `zoobench predict` uses is chosen by held-out error (bench/bench_predict.py, the
README's table), and each prediction gets the interval of that method's held-out residuals at the
same k. numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METHODS = ("device-factor", "specs", "nearest", "low-rank", "nearest+specs")
SPECS = 3  # log10 GFLOPs, parameters, activations: Matrix.specs' columns
RANK = 3
RIDGE = 1.0
INTERVAL = (0.05, 0.95)  # 90 % interval from held-out residual quantiles


@dataclass(frozen=True)
class Column:
    device_id: str
    settings_key: str
    batch_size: int


@dataclass
class Matrix:
    rows: list[tuple[str, int]]  # (model_id, resolution_px)
    columns: list[Column]
    logt: np.ndarray  # (rows, columns) log10 ms per image; nan = not measured
    specs: np.ndarray  # (rows, 3) log10 of GFLOPs, parameters, activations; nan = unknown

    def column(self, device_id: str, settings_key: str, batch_size: int) -> int:
        return self.columns.index(Column(device_id, settings_key, batch_size))

    def others(self, device_id: str) -> np.ndarray:
        """Columns of every other device (what is known about a device that is new)."""
        return np.array([c.device_id != device_id for c in self.columns], dtype=bool)


def median_polish(x: np.ndarray, iters: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Row and column effects of x ≈ row + column, ignoring nan (rows without data get nan)."""
    col = np.zeros(x.shape[1])
    row = np.full(x.shape[0], np.nan)
    has = ~np.all(np.isnan(x), axis=1)
    for _ in range(iters):
        row[has] = np.nanmedian(x[has] - col, axis=1)
        resid = x - row[:, None]
        ok = ~np.all(np.isnan(resid), axis=0)
        col[ok] = np.nanmedian(resid[:, ok], axis=0)
        col -= np.median(col)
    return row, col


def _top_axes(x: np.ndarray, rank: int) -> np.ndarray:
    """The `rank` leading principal axes of centred x (columns × rank), from the small Gram
    matrix: an SVD of the tall matrix is slower and thrashes BLAS threads on a loaded machine."""
    vals, vecs = np.linalg.eigh(x.T @ x)
    return vecs[:, np.argsort(vals)[::-1][:rank]]


def low_rank_scores(x: np.ndarray, rank: int, iters: int = 15) -> np.ndarray:
    """Principal scores (rows × rank) of x completed by iterative rank-`rank` imputation."""
    row, col = median_polish(x)
    has = ~np.isnan(row)
    miss = np.isnan(x)
    filled = np.where(miss, row[:, None] + col[None, :], x)[has]
    miss = miss[has]
    rank = min(rank, filled.shape[1])
    for _ in range(iters):
        centred = filled - filled.mean(axis=0)
        v = _top_axes(centred, rank)
        filled[miss] = (filled.mean(axis=0) + centred @ v @ v.T)[miss]
    centred = filled - filled.mean(axis=0)
    scores = np.full((x.shape[0], rank), np.nan)
    scores[has] = centred @ _top_axes(centred, rank)
    return scores


def ridge(x: np.ndarray, y: np.ndarray, alpha: float) -> np.ndarray:
    """Least squares y ≈ b0 + x·b with an L2 penalty alpha·|b|² on the standardised slopes."""
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd == 0] = 1.0
    z = (x - mu) / sd
    a = z.T @ z + alpha * np.eye(z.shape[1])
    b = np.linalg.solve(a, z.T @ (y - y.mean()))
    slopes = b / sd
    return np.concatenate([[y.mean() - mu @ slopes], slopes])


def features(m: Matrix, method: str, use: np.ndarray) -> np.ndarray:
    """Per-row regressors of `method` from the columns in `use` (rows × p; nan = unpredictable)."""
    x = m.logt[:, use]
    if method == "device-factor":
        return median_polish(x)[0][:, None]
    if method == "specs":  # the specs most rows have (activations only come with timm's data)
        return m.specs[:, np.mean(~np.isnan(m.specs), axis=0) >= 0.5]
    if method == "low-rank":
        return np.column_stack([median_polish(x)[0], low_rank_scores(x, RANK)])
    if method == "nearest":
        return x
    if method == "nearest+specs":  # the other columns, then the specs
        return np.column_stack([x, m.specs])
    raise ValueError(f"unknown method {method!r}; methods: {', '.join(METHODS)}")


def has_features(feats: np.ndarray, method: str) -> np.ndarray:
    """Rows `method` can predict: `nearest` needs one other column, the others every regressor."""
    if method == "nearest":
        return ~np.all(np.isnan(feats), axis=1)
    if method == "nearest+specs":
        return ~np.all(np.isnan(feats[:, :-SPECS]), axis=1)
    return ~np.any(np.isnan(feats), axis=1)


def fit_predict(feats: np.ndarray, method: str, y: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Predicted log10 time of every row from the rows in `known` (with y measured there)."""
    usable = known & has_features(feats, method) & ~np.isnan(y)
    out = np.full(len(y), np.nan)
    if not usable.any():
        return out
    if method == "device-factor":
        factor = np.median(y[usable] - feats[usable, 0])
        return feats[:, 0] + factor
    if method == "nearest":
        return nearest(feats, y, usable)
    if method == "nearest+specs":
        return nearest_specs(feats, y, usable)
    if method == "low-rank":  # the device factor, corrected by the rows' low-rank scores
        base = feats[:, 0]
        n = int(usable.sum())
        if n < 3:
            return base + np.median(y[usable] - base[usable])
        coef = ridge(feats[usable, 1:], y[usable] - base[usable], RIDGE)
        return base + coef[0] + feats[:, 1:] @ coef[1:]
    f = feats
    if method == "specs":  # only the specs every known row has
        cols = ~np.any(np.isnan(f[usable]), axis=0)
        f = f[:, cols]
    n = int(usable.sum())
    if n < 2 or f.shape[1] == 0:
        return np.where(np.all(~np.isnan(f), axis=1), np.median(y[usable]), np.nan)
    coef = ridge(f[usable], y[usable], RIDGE)
    return coef[0] + f @ coef[1:]


def nearest(x: np.ndarray, y: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Each other column shifted by its median offset to the target, averaged with weights
    1 / (median absolute residual on the known rows)²."""
    num = np.zeros(len(y))
    den = np.zeros(len(y))
    for c in range(x.shape[1]):
        both = known & ~np.isnan(x[:, c])
        if both.sum() < 2:
            continue
        d = y[both] - x[both, c]
        off = np.median(d)
        w = 1.0 / max(float(np.median(np.abs(d - off))), 1e-3) ** 2
        ok = ~np.isnan(x[:, c])
        num[ok] += w * (x[ok, c] + off)
        den[ok] += w
    with np.errstate(invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


def nearest_specs(feats: np.ndarray, y: np.ndarray, known: np.ndarray) -> np.ndarray:
    """`nearest`, corrected by a ridge regression of its residuals on the known rows on the specs
    (the last SPECS columns of `feats`) that every one of them has."""
    x, spec = feats[:, :-SPECS], feats[:, -SPECS:]
    pred = nearest(x, y, known)
    fit = known & ~np.isnan(pred)
    spec = spec[:, ~np.any(np.isnan(spec[fit]), axis=0)]
    if fit.sum() < 4 or spec.shape[1] == 0:
        return pred
    coef = ridge(spec[fit], (y - pred)[fit], RIDGE)
    correction = coef[0] + spec @ coef[1:]
    return np.where(np.isnan(correction), pred, pred + correction)


MIN_SHARED = 3  # a row is predicted only through columns sharing this many known rows with the target


def linked(m: Matrix, use: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Rows measured on some column of `use` that shares at least MIN_SHARED known rows with the
    target: a model measured only where nothing is shared with the target is not predicted."""
    x = ~np.isnan(m.logt[:, use])
    shared = (x & known[:, None]).sum(axis=0) >= MIN_SHARED
    return x[:, shared].any(axis=1)


def predict(m: Matrix, target: int, method: str, feats: np.ndarray | None = None) -> np.ndarray:
    """log10 predictions of the target column from its measured cells and the other devices'
    columns (`feats`: `features(m, method, m.others(device))`, when already computed)."""
    y = m.logt[:, target]
    use = m.others(m.columns[target].device_id)
    feats = features(m, method, use) if feats is None else feats
    known = ~np.isnan(y)
    return np.where(linked(m, use, known), fit_predict(feats, method, y, known), np.nan)


@dataclass
class Scores:
    mdape: float  # median |predicted / measured − 1|, percent
    within_10: float  # share of predictions within ±10 %, percent
    within_25: float
    spearman: float
    n: int


def ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n, ties given their average rank."""
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    r[order] = np.arange(1, len(x) + 1)
    _, inv, counts = np.unique(x, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=r)
    return (sums / counts)[inv]


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 3:
        return float("nan")
    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


def kendall(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b (ties in either variable accounted for); O(n²) memory in blocks."""
    n = len(a)
    if n < 3:
        return float("nan")
    conc = ties_a = ties_b = 0.0
    for i in range(0, n, 512):
        da = np.sign(a[i:i + 512, None] - a[None, :])
        db = np.sign(b[i:i + 512, None] - b[None, :])
        conc += float(np.sum(da * db))
        ties_a += float(np.sum(da == 0))
        ties_b += float(np.sum(db == 0))
    pairs = n * (n - 1)
    denom = np.sqrt((pairs - (ties_a - n)) * (pairs - (ties_b - n)))
    return float(conc / denom) if denom > 0 else float("nan")


def score(pred_log: np.ndarray, true_log: np.ndarray) -> Scores:
    ok = ~np.isnan(pred_log) & ~np.isnan(true_log)
    p, t = pred_log[ok], true_log[ok]
    ape = np.abs(10 ** (p - t) - 1) * 100
    if not len(ape):
        return Scores(float("nan"), float("nan"), float("nan"), float("nan"), 0)
    return Scores(float(np.median(ape)), float(np.mean(ape <= 10) * 100),
                  float(np.mean(ape <= 25) * 100), spearman(p, t), int(ok.sum()))


def holdout(m: Matrix, target: int, method: str, k: int, rng: np.random.Generator,
            feats: np.ndarray | None = None, chosen: list[int] | None = None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hide all but k measured cells of the target (random, or `chosen` rows) and every other column
    of the same device; return (predicted log, measured log, hidden mask)."""
    y = m.logt[:, target]
    measured = np.flatnonzero(~np.isnan(y))
    if feats is None:
        feats = features(m, method, m.others(m.columns[target].device_id))
    predictable = measured[has_features(feats[measured], method)]
    if chosen is None:
        keep = rng.choice(predictable, size=min(k, len(predictable)), replace=False)
    else:
        keep = np.array([r for r in chosen if r in set(measured)][:k], dtype=int)
    known = np.zeros(len(y), dtype=bool)
    known[keep] = True
    hidden = ~np.isnan(y) & ~known & linked(m, m.others(m.columns[target].device_id), known)
    return fit_predict(feats, method, y, known), y, hidden


def span(z: np.ndarray, k: int) -> list[int]:
    """The k rows of z that span it most: QR with column pivoting on zᵀ, as Gram–Schmidt — each
    step takes the row with the largest part outside the span of the rows already taken."""
    r, chosen = z.astype(float), []
    for _ in range(min(k, len(r))):
        norms = np.einsum("ij,ij->i", r, r)
        norms[chosen] = -1.0
        i = int(np.argmax(norms))
        chosen.append(i)
        if norms[i] > 0:
            q = r[i] / np.sqrt(norms[i])
            r -= np.outer(r @ q, q)
    return chosen


def probe(m: Matrix, k: int, use: np.ndarray, candidates: np.ndarray) -> list[int]:
    """The k candidate rows that, measured on a new device, tell most about it: the rows whose log
    times on the columns `use` (gaps filled by the median-polish fit, each column centred) span
    the most (`span`). A design that covers the directions in which devices differ, not k
    similar models."""
    x = m.logt[:, use]
    row, col = median_polish(x)
    filled = np.where(np.isnan(x), row[:, None] + col[None, :], x)
    z = np.nan_to_num(filled - np.nanmean(filled, axis=0))
    rows = np.flatnonzero(candidates)
    return [int(rows[i]) for i in span(z[rows], k)]
