"""Altair charts as Vega-Lite specs (dicts) with their data inline, so pages work from file://.

Fitted lines are computed in `fits.py` and drawn here as extra layers; charts never fit anything.
Altair builds each spec around named, empty datasets; the rows go into the spec's `datasets`
afterwards (`_Inline`), so Altair neither walks nor validates every value, and specs are not
validated against the Vega-Lite schema while building: at 1,500 charts that was most of the site
build's time. tests/test_site_pages.py validates every kind of chart against the schema instead.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import altair as alt
from altair.utils.schemapi import debug_mode

from zoobench.site.fits import LinearFit

P = ParamSpec("P")
R = TypeVar("R")

# Every chart fills the content column (width "container") and keeps its plot height: "fit-x"
# fits only the width, so legends below the plot add height instead of squeezing the plot.
# Legends sit below the plot with shortened labels (the full names are in the marks' tooltips);
# zoobench.js sets their number of columns from the chart's width when it draws the chart.
WIDTH = "container"
AUTOSIZE = {"type": "fit-x", "contains": "padding", "resize": True}
LEGEND = {"orient": "bottom", "direction": "horizontal", "columns": 2, "labelLimit": 180, "symbolLimit": 60}
MIN_HEIGHT = 220


def _unchecked(build: Callable[P, R]) -> Callable[P, R]:
    """Build a chart without Altair's validation of every object it makes (its debug mode)."""

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return wrapper


class _Inline:
    """A chart's inline datasets: `add(rows)` gives Altair a named reference, `into(spec)` puts the
    rows in the finished spec's top-level `datasets` (the form Altair itself writes)."""

    def __init__(self) -> None:
        self.values: dict[str, list[dict[str, Any]]] = {}

    def add(self, rows: list[dict[str, Any]]) -> alt.NamedData:
        name = f"data-{len(self.values)}"
        self.values[name] = rows
        return alt.NamedData(name=name)

    def into(self, chart: Any) -> dict[str, Any]:
        spec = chart.to_dict(validate=False)
        spec["datasets"] = self.values
        return spec


def _finish(chart: Any, data: _Inline, height: int | None = None, title: str = "") -> dict[str, Any]:
    """A top-level chart as a spec dict: content-column wide, `height` px plot, legends below."""
    props: dict[str, Any] = {"width": WIDTH, "title": title}
    if height is not None:
        props["height"] = max(MIN_HEIGHT, height)
    spec = data.into(chart.properties(**props))
    spec["autosize"] = AUTOSIZE
    spec.setdefault("config", {})["legend"] = LEGEND
    return spec


@dataclass
class Chart:
    """A chart on a page: an element id, its spec, and the line saying where its numbers come from."""

    id: str
    spec: dict[str, Any]
    caption: str = ""
    fits: list[dict[str, Any]] = field(default_factory=list)


_TYPES = {"N": "nominal", "Q": "quantitative", "O": "ordinal", "T": "temporal"}


def _tooltip(fields: Sequence[tuple[str, str]]) -> list[alt.Tooltip]:
    """(field, N|Q|O|T) pairs; quantities shown with 4 significant digits."""
    return [
        alt.Tooltip(f, type=_TYPES[t], format=".4~g") if t == "Q" else alt.Tooltip(f, type=_TYPES[t])
        for f, t in fields
    ]


def _project(
    rows: list[dict[str, Any]], *fields: str | None, tooltip: Sequence[tuple[str, str]] = ()
) -> list[dict[str, Any]]:
    """Only the fields a chart uses: keeps the inline data (and the page) small."""
    keep = {f for f in fields if f} | {f for f, _ in tooltip}
    return [{k: v for k, v in r.items() if k in keep} for r in rows]


def _scale(log: bool) -> alt.Scale:
    return alt.Scale(type="log") if log else alt.Scale(zero=False)


def fit_line(fit: LinearFit, x_min: float, x_max: float, label: str, steps: int = 24) -> list[dict[str, Any]]:
    """Points along a fitted line between x_min and x_max (evenly spaced in log space for log fits)."""
    import numpy as np

    if fit.x_transform == "log10(x)":
        xs = np.logspace(np.log10(x_min), np.log10(x_max), steps)
    else:
        xs = np.linspace(x_min, x_max, steps)
    return [{"x": float(x), "y": fit.predict(float(x)), "line": label} for x in xs]


@_unchecked
def scatter(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    color: str | None = None,
    size: str | None = None,
    log_x: bool = False,
    log_y: bool = False,
    tooltip: Sequence[tuple[str, str]] = (),
    lines: list[dict[str, Any]] | None = None,
    highlight: str | None = None,
    title: str = "",
) -> dict[str, Any]:
    """Points, optionally sized/coloured, with fitted lines (`lines`: x, y, line) drawn over them."""
    data = _Inline()
    base = alt.Chart(data.add(_project(rows, x, y, color, size, highlight, tooltip=tooltip)))
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=x_title, scale=_scale(log_x)),
        "y": alt.Y(f"{y}:Q", title=y_title, scale=_scale(log_y)),
        "tooltip": _tooltip(tooltip),
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color.replace("_", " "))
    if size:
        enc["size"] = alt.Size(f"{size}:Q", title=size.replace("_", " "), scale=alt.Scale(range=[20, 900]))
    if highlight:
        enc["shape"] = alt.Shape(f"{highlight}:N", title=highlight.replace("_", " "))
    layers: list[Any] = [base.mark_point(filled=True, opacity=0.75).encode(**enc)]
    if lines:
        layers.append(
            alt.Chart(data.add(lines))
            .mark_line(strokeDash=[6, 3], strokeWidth=2)
            .encode(
                x=alt.X("x:Q", scale=_scale(log_x)),
                y=alt.Y("y:Q", scale=_scale(log_y)),
                detail="line:N",
                strokeDash=alt.StrokeDash("line:N", title="fit"),
                tooltip=[alt.Tooltip("line:N", title="fit")],
            )
        )
    return _finish(alt.layer(*layers).resolve_scale(color="independent"), data, 360, title)


def lines_by(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    series: str,
    x_title: str,
    y_title: str,
    log_x: bool = True,
    log_y: bool = True,
    tooltip: Sequence[tuple[str, str]] = (),
    title: str = "",
) -> dict[str, Any]:
    """One line per `series` value (e.g. images/s vs batch size per model, EmBench Fig. 2). Every
    model page has two of these: the spec is built once per set of arguments, only the rows differ."""
    spec = copy.deepcopy(_lines_spec(x, y, series, x_title, y_title, log_x, log_y, tuple(tooltip), title))
    (name,) = spec["datasets"]
    spec["datasets"][name] = _project(rows, x, y, series, tooltip=tooltip)
    return spec


@functools.lru_cache(maxsize=32)
@_unchecked
def _lines_spec(
    x: str, y: str, series: str, x_title: str, y_title: str, log_x: bool, log_y: bool,
    tooltip: tuple[tuple[str, str], ...], title: str,
) -> dict[str, Any]:
    """`lines_by`'s spec with an empty dataset (cached: callers get a deep copy)."""
    data = _Inline()
    chart = (
        alt.Chart(data.add([]))
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(type="log", base=2) if log_x else alt.Scale()),
            y=alt.Y(f"{y}:Q", title=y_title, scale=_scale(log_y)),
            color=alt.Color(f"{series}:N", title=series.replace("_", " ")),
            tooltip=_tooltip(tooltip),
        )
    )
    return _finish(chart, data, 380, title)


@_unchecked
def stacked_share(rows: list[dict[str, Any]], *, y: str, title: str = "") -> dict[str, Any]:
    """Horizontal bars of time share per operator category (EmBench Fig. 4)."""
    data = _Inline()
    chart = (
        alt.Chart(data.add(rows))
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of time", axis=alt.Axis(format="%"), stack="normalize"),
            y=alt.Y(f"{y}:N", title=None),
            color=alt.Color("category:N", title="operator type"),
            tooltip=_tooltip([(y, "N"), ("category", "N"), ("time_ms", "Q"), ("share", "Q")]),
        )
    )
    return _finish(chart, data, _band_height(rows, y), title)


@_unchecked
def bars(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    x_title: str,
    tooltip: Sequence[tuple[str, str]] = (),
    title: str = "",
) -> dict[str, Any]:
    """Horizontal bars sorted by value."""
    data = _Inline()
    chart = (
        alt.Chart(data.add(rows))
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:Q", title=x_title),
            y=alt.Y(f"{y}:N", title=None, sort="-x"),
            tooltip=_tooltip(tooltip),
        )
    )
    return _finish(chart, data, _band_height(rows, y), title)


@_unchecked
def ratio_dots(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    x_title: str,
    color: str | None = None,
    tooltip: Sequence[tuple[str, str]] = (),
    title: str = "",
) -> dict[str, Any]:
    """One dot per row on a log ratio axis, rows sorted by ratio, with a rule at 1 (no change)."""
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(type="log", nice=False, padding=12)),
        "y": alt.Y(f"{y}:N", title=None, sort=alt.EncodingSortField(field=x, order="descending")),
        "tooltip": _tooltip(tooltip),
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color.replace("_", " "))
    data = _Inline()
    dots = alt.Chart(data.add(_project(rows, x, y, color, tooltip=tooltip))).mark_point(
        filled=True, size=70
    ).encode(**enc)
    one = alt.Chart(data.add([{x: 1}])).mark_rule(strokeDash=[4, 3], color="gray").encode(
        x=alt.X(f"{x}:Q")
    )
    return _finish(alt.layer(one, dots), data, _band_height(rows, y), title)


@_unchecked
def heatmap(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    value: str,
    label: str,
    value_title: str,
    tooltip: Sequence[tuple[str, str]] = (),
    order: Sequence[str] = (),
) -> dict[str, Any]:
    """A matrix of coloured cells (`value`, −1…1 on a diverging scale) with `label` printed in each."""
    data = _Inline()
    sort = list(order) or "ascending"
    base = alt.Chart(data.add(_project(rows, x, y, value, label, tooltip=tooltip))).encode(
        x=alt.X(f"{x}:N", title=None, sort=sort, axis=alt.Axis(labelAngle=-40, labelLimit=220)),
        y=alt.Y(f"{y}:N", title=None, sort=sort, axis=alt.Axis(labelLimit=220)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme="redblue", domain=[-1, 1]),
                        legend=alt.Legend(orient="top")),
        tooltip=_tooltip(tooltip),
    )
    text = base.mark_text(fontSize=10, lineBreak="\n").encode(text=alt.Text(f"{label}:N"))
    side = max(160, 46 * len({r[x] for r in rows}))  # fixed cells, so labels fit; the page scrolls
    return data.into(alt.layer(cells, text).properties(width=side, height=side))


def _band_height(rows: list[dict[str, Any]], y: str, step: int = 18) -> int:
    """Height for one band per distinct `y` value (names on the y axis)."""
    return step * len({r[y] for r in rows})


@_unchecked
def ratio_histogram(
    ratios: Sequence[float], *, x_title: str, median: float, bins: int = 30, title: str = ""
) -> dict[str, Any]:
    """How many models fall in each bin of a ratio (equal widths on a log axis), with a dashed rule at
    1 (no change) and a solid one at the median. Bins are counted here, so the page carries ~30 bars
    instead of one point per model."""
    import numpy as np

    logs = np.log10(np.asarray(ratios, dtype=float))
    low, high = float(min(logs.min(), 0.0)), float(max(logs.max(), 0.0))
    span = (low, high) if high > low else (low - 0.01, high + 0.01)
    counts, edges = np.histogram(logs, bins=bins, range=span)
    binned = [
        {"from": float(f"{10 ** a:.4g}"), "to": float(f"{10 ** b:.4g}"), "models": int(n),
         "range": f"{10 ** a:.3g}× – {10 ** b:.3g}×"}
        for a, b, n in zip(edges[:-1], edges[1:], counts, strict=True) if n
    ]
    scale = alt.Scale(type="log", nice=False, padding=8)
    data = _Inline()
    bars = alt.Chart(data.add(binned)).mark_bar(opacity=0.85).encode(
        x=alt.X("from:Q", title=x_title, scale=scale, axis=alt.Axis(format="~g")),
        x2="to:Q",
        y=alt.Y("models:Q", title="models"),
        y2=alt.datum(0),
        tooltip=_tooltip([("range", "N"), ("models", "Q")]),
    )
    lines = [{"at": 1.0, "line": "no change (1×)"}, {"at": float(median), "line": f"median {median:.3g}×"}]
    rules = alt.Chart(data.add(lines)).mark_rule(strokeWidth=2).encode(
        x=alt.X("at:Q", scale=scale),
        strokeDash=alt.StrokeDash("line:N", title=None, sort=None),
        color=alt.Color("line:N", title=None, sort=None, scale=alt.Scale(range=["gray", "#d62728"])),
        tooltip=[alt.Tooltip("line:N", title="rule")],
    )
    return _finish(alt.layer(bars, rules), data, 240, title)


@_unchecked
def sets_scatter(
    rows: list[dict[str, Any]],
    *,
    x: str,
    sets: Sequence[str],
    x_title: str,
    y_title: str,
    lines: list[dict[str, Any]],
    tooltip: Sequence[tuple[str, str]] = (),
    title: str = "",
) -> dict[str, Any]:
    """Each row once per field in `sets` (folded into `set`, value `y`) against `x`, coloured by set, with
    each set's fitted line (`lines`: x, y, set) and the y = x diagonal; click the legend to pick a set."""
    keep = [x, *sets, *(f for f, _ in tooltip)]
    values = [{k: r.get(k) for k in keep} for r in rows]  # same keys on every row: packed on the page
    data = _Inline()
    color = alt.Color("set:N", title="evaluation set", scale=alt.Scale(domain=list(sets)))
    pick = alt.selection_point(fields=["set"], bind="legend")
    points = (
        alt.Chart(data.add(values))
        .transform_fold(list(sets), as_=["set", "y"])
        .transform_filter("isValid(datum.y)")
        .mark_circle(size=14)
        .encode(
            x=alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title=y_title),
            color=color,
            opacity=alt.condition(pick, alt.value(0.45), alt.value(0.04)),
            tooltip=[*_tooltip(tooltip), alt.Tooltip("set:N"), alt.Tooltip("y:Q", title="top-1 on the set")],
        )
        .add_params(pick)
    )
    fitted = (
        alt.Chart(data.add(lines))
        .mark_line(strokeWidth=2.5)
        .encode(x="x:Q", y="y:Q", color=color, detail="set:N",
                opacity=alt.condition(pick, alt.value(1), alt.value(0.15)))
    )
    lo, hi = min(r[x] for r in rows), max(r[x] for r in rows)
    diagonal = (
        alt.Chart(data.add([{"x": lo, "y": lo}, {"x": hi, "y": hi}]))
        .mark_line(strokeDash=[4, 3], color="gray")
        .encode(x="x:Q", y="y:Q")
    )
    return _finish(alt.layer(diagonal, points, fitted), data, 420, title)


@_unchecked
def bounds_scatter(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    color: str,
    x_title: str,
    y_title: str,
    lines: list[dict[str, Any]],
    tooltip: Sequence[tuple[str, str]] = (),
    title: str = "",
) -> dict[str, Any]:
    """Points coloured by `color` on a log x axis, each colour with its own dashed line (`lines`: x, y
    and `color`), e.g. each device's upper bound (Bianco 2018 Fig. 3)."""
    hue = alt.Color(f"{color}:N", title=None)
    data = _Inline()
    points = (
        alt.Chart(data.add(_project(rows, x, y, color, tooltip=tooltip)))
        .mark_circle(size=22, opacity=0.55)
        .encode(
            x=alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(type="log")),
            y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=hue,
            tooltip=_tooltip(tooltip),
        )
    )
    bound = (
        alt.Chart(data.add(lines))
        .mark_line(strokeDash=[6, 3], strokeWidth=2.5)
        .encode(x="x:Q", y="y:Q", color=hue, detail=f"{color}:N")
    )
    return _finish(alt.layer(points, bound), data, 340, title)
