"""The trend fits: known data → known slope, intercept, R²; the upper bound; the Pareto front."""

from __future__ import annotations

import math

import pytest

from zoobench.site.fits import linear_fit, logit_fit, pareto_front, upper_bound


def test_linear_fit_exact_line():
    fit = linear_fit([1, 2, 3, 4], [3, 5, 7, 9])
    assert fit is not None
    assert fit.slope == pytest.approx(2)
    assert fit.intercept == pytest.approx(1)
    assert fit.r2 == pytest.approx(1)
    assert fit.n == 4
    assert fit.equation() == "y = 2 · x + 1"


def test_linear_fit_known_residuals():
    # x = 0, 1, 2; y = 0, 2, 1 → slope 0.5, intercept 0.5, R² = 1 − 1.5/2 = 0.25
    fit = linear_fit([0, 1, 2], [0, 2, 1])
    assert fit is not None
    assert (fit.slope, fit.intercept) == (pytest.approx(0.5), pytest.approx(0.5))
    assert fit.r2 == pytest.approx(0.25)


def test_linear_fit_log_x_and_skips_missing():
    fit = linear_fit([10, 100, None, 1000, -5], [1, 2, 9, 3, 4], log_x=True)
    assert fit is not None
    assert fit.n == 3  # None dropped; -5 dropped on a log axis
    assert (fit.slope, fit.intercept) == (pytest.approx(1), pytest.approx(0))
    assert fit.predict(10_000) == pytest.approx(4)
    assert "log10(x)" in fit.equation()


def test_linear_fit_needs_two_distinct_x():
    assert linear_fit([1], [1]) is None
    assert linear_fit([2, 2, 2], [1, 2, 3]) is None


def test_constant_y_has_undefined_r2():
    fit = linear_fit([1, 2, 3], [5, 5, 5])
    assert fit is not None and fit.slope == pytest.approx(0) and math.isnan(fit.r2)


def test_upper_bound_lies_on_or_above_every_point_and_touches_the_hull():
    xs = [1, 2, 3, 4, 5]
    ys = [1, 3, 2, 4, 3.5]
    ub = upper_bound(xs, ys)
    assert ub is not None
    assert all(ub.slope * x + ub.intercept >= y - 1e-9 for x, y in zip(xs, ys, strict=True))
    # hull edges: (1,1)-(2,3) slope 2, (2,3)-(4,4) slope 0.5, (4,4)-(5,3.5) slope -0.5; mean gaps
    # 3.1, 0.6, 1.1 → the middle edge: y = 0.5 x + 2
    assert (ub.slope, ub.intercept) == (pytest.approx(0.5), pytest.approx(2))
    assert ub.n == 5


def test_upper_bound_of_collinear_points_is_the_line():
    ub = upper_bound([1, 2, 3], [2, 4, 6])
    assert ub is not None and (ub.slope, ub.intercept) == (pytest.approx(2), pytest.approx(0))
    assert ub.r2 == pytest.approx(1)


def test_upper_bound_in_log_x():
    ub = upper_bound([10, 100, 1000], [80, 70, 50], log_x=True)
    assert ub is not None
    assert ub.x_transform == "log10(x)"
    for x, y in [(10, 80), (100, 70), (1000, 50)]:
        assert ub.predict(x) >= y - 1e-9


def test_pareto_front():
    pts = [
        ("a", 1.0, 50.0),
        ("b", 2.0, 60.0),
        ("c", 2.5, 55.0),
        ("d", 3.0, 70.0),
        ("e", 1.0, 40.0),
        ("f", 4.0, 70.0),
    ]
    assert pareto_front(pts) == ["a", "b", "d"]


def test_pareto_front_ties_keep_one():
    assert pareto_front([("x", 1.0, 5.0), ("y", 1.0, 5.0)]) == ["x"]
    assert pareto_front([]) == []


def test_logit_fit_recovers_a_line_on_logit_scales():
    from zoobench.site.fits import logit

    # logit(y) = 2 · logit(x) − 1 exactly; 0 and 100 (logit undefined) and None are dropped
    xs = [20.0, 50.0, 75.0, 90.0]
    ys = [100 / (1 + math.exp(-(2 * logit(x) - 1))) for x in xs]
    fit = logit_fit([*xs, 0.0, 100.0, None], [*ys, 5.0, 5.0, 5.0])
    assert fit is not None
    assert (fit.slope, fit.intercept, fit.n) == (pytest.approx(2), pytest.approx(-1), 4)
    assert fit.r2 == pytest.approx(1)
    assert fit.predict(50.0) == pytest.approx(100 / (1 + math.exp(1)))  # logit(50 %) = 0
    assert fit.equation("a", "b") == "logit(b) = 2 · logit(a) − 1"
