"""Fits the trends page prints beside its charts: least squares, a linear upper bound, Pareto fronts.

Every function takes plain sequences and returns a small dataclass, so tests can check the numbers
against hand-computed values. numpy only; no scipy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np


@dataclass(frozen=True)
class LinearFit:
    """y = slope · x + intercept over `n` points (x possibly transformed, see `x_transform`)."""

    slope: float
    intercept: float
    r2: float
    n: int
    method: str
    x_transform: str = "x"  # x | log10(x) | logit(x): x a percentage, logit(p) = ln(p / (1 − p)), p = x / 100
    y_transform: str = "y"  # y | logit(y): then the line is fitted to logit(y) and predict() undoes it

    def predict(self, x: float) -> float:
        t = {"log10(x)": lambda v: float(np.log10(v)), "logit(x)": logit}.get(self.x_transform, float)(x)
        v = self.slope * t + self.intercept
        return 100.0 / (1.0 + float(np.exp(-v))) if self.y_transform == "logit(y)" else v

    def equation(self, x: str = "x", y: str = "y", digits: int = 4) -> str:
        t = self.x_transform.replace("(x)", f"({x})") if self.x_transform != "x" else x
        lhs = f"logit({y})" if self.y_transform == "logit(y)" else y
        sign = "+" if self.intercept >= 0 else "−"
        return f"{lhs} = {self.slope:.{digits}g} · {t} {sign} {abs(self.intercept):.{digits}g}"


def logit(percent: float) -> float:
    """ln(p / (1 − p)) of a percentage (p = percent / 100)."""
    p = percent / 100.0
    return float(np.log(p / (1.0 - p)))


def _clean(
    x: Sequence[float | None], y: Sequence[float | None], log_x: bool
) -> tuple[np.ndarray, np.ndarray]:
    pairs = [
        (float(a), float(b))
        for a, b in zip(x, y, strict=True)
        if a is not None and b is not None and np.isfinite(a) and np.isfinite(b) and (a > 0 or not log_x)
    ]
    xs = np.array([p[0] for p in pairs], dtype=float)
    ys = np.array([p[1] for p in pairs], dtype=float)
    return (np.log10(xs) if log_x else xs), ys


def r_squared(y: np.ndarray, predicted: np.ndarray) -> float:
    """Coefficient of determination, 1 − SS_res / SS_tot (nan when y is constant)."""
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    if ss_tot == 0:
        return float("nan")
    return 1.0 - float(np.sum((y - predicted) ** 2)) / ss_tot


def linear_fit(
    x: Sequence[float | None], y: Sequence[float | None], *, log_x: bool = False
) -> LinearFit | None:
    """Ordinary least squares; None when fewer than two distinct x values are usable."""
    xs, ys = _clean(x, y, log_x)
    if len(xs) < 2 or np.ptp(xs) == 0:
        return None
    slope, intercept = np.polyfit(xs, ys, 1)
    r2 = r_squared(ys, slope * xs + intercept)
    return LinearFit(
        float(slope), float(intercept), r2, len(xs), "least squares", "log10(x)" if log_x else "x"
    )


def logit_fit(x: Sequence[float | None], y: Sequence[float | None]) -> LinearFit | None:
    """Least squares of logit(y) on logit(x), both percentages strictly between 0 and 100: the scale
    on which accuracy on a shifted test set is close to linear in ImageNet accuracy (Taori et al.
    2020; Miller et al. 2021 use probit, nearly the same). r2 is on the logit scale."""
    pairs = [(a, b) for a, b in zip(x, y, strict=True)
             if a is not None and b is not None and 0 < a < 100 and 0 < b < 100]
    xs = np.array([logit(a) for a, _ in pairs])
    ys = np.array([logit(b) for _, b in pairs])
    if len(xs) < 2 or np.ptp(xs) == 0:
        return None
    slope, intercept = np.polyfit(xs, ys, 1)
    r2 = r_squared(ys, slope * xs + intercept)
    return LinearFit(float(slope), float(intercept), r2, len(xs), "least squares on logit scales",
                     "logit(x)", "logit(y)")


def _upper_hull(xs: np.ndarray, ys: np.ndarray) -> list[tuple[float, float]]:
    """Upper convex hull, left to right (Andrew's monotone chain)."""
    hull: list[tuple[float, float]] = []
    for p in sorted(zip(xs.tolist(), ys.tolist(), strict=True)):
        while len(hull) >= 2:
            (ax, ay), (bx, by) = hull[-2], hull[-1]
            if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) >= 0:  # not a right turn: drop b
                hull.pop()
            else:
                break
        hull.append(p)
    return hull


def upper_bound(
    x: Sequence[float | None], y: Sequence[float | None], *, log_x: bool = False
) -> LinearFit | None:
    """The tightest line lying on or above every point (Bianco 2018 Fig. 3's linear upper bound).

    Among lines with y_line(x_i) ≥ y_i for all i, it minimises the mean gap Σ(y_line(x_i) − y_i) / n.
    That is a linear programme whose optimum lies on an edge of the upper convex hull, so each hull
    edge is tried. r2 is that of the points against the bound (a measure of how tight it is).
    """
    xs, ys = _clean(x, y, log_x)
    if len(xs) < 2 or np.ptp(xs) == 0:
        return None
    hull = _upper_hull(xs, ys)
    best: tuple[float, float, float] | None = None
    for (ax, ay), (bx, by) in pairwise(hull):
        if bx == ax:
            continue
        slope = (by - ay) / (bx - ax)
        intercept = ay - slope * ax
        gap = float(np.mean(slope * xs + intercept - ys))
        if best is None or gap < best[2] - 1e-12:
            best = (slope, intercept, gap)
    if best is None:
        return None
    slope, intercept, _ = best
    return LinearFit(
        float(slope),
        float(intercept),
        r_squared(ys, slope * xs + intercept),
        len(xs),
        "linear upper bound (upper convex hull edge with the least mean gap)",
        "log10(x)" if log_x else "x",
    )


def pareto_front(points: Sequence[tuple[str, float, float]]) -> list[str]:
    """Labels of the points no other point beats: lower cost (first value) and higher score (second).

    Returned in order of increasing cost. A point is dominated when another has cost ≤ and score ≥,
    with at least one strict.
    """
    ordered = sorted(points, key=lambda p: (p[1], -p[2], p[0]))
    front: list[str] = []
    best_score = -np.inf
    for label, _cost, score in ordered:
        if score > best_score:
            front.append(label)
            best_score = score
    return front


def fit_row(label: str, fit: LinearFit | None, x: str, y: str) -> dict[str, Any]:
    """A fit as a row of the table printed beside its chart (`too few points` when there is none)."""
    if fit is None:
        return {"label": label, "method": "too few points", "equation": "", "slope": None,
                "intercept": None, "r2": None, "n": 0}
    return {"label": label, "method": fit.method, "equation": fit.equation(x, y), "slope": fit.slope,
            "intercept": fit.intercept, "r2": fit.r2, "n": fit.n}
