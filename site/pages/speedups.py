"""Speed-ups between two runs of one device, per model: what a newer PyTorch buys (view
software_speedups) and what one setting buys (view setting_speedups) — each comparison as a
distribution with its median and the models it helps and hurts most."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Any

from zoobench.site import charts
from zoobench.site.charts import Chart
from zoobench.site.data import Data
from zoobench.site.format import SETTING_NAMES, value_name
from zoobench.site.pages.common import Page, Stamp, group_by, restamp

LISTED = 15  # models listed as helped most and as hurt most
ALL_ROWS_UP_TO = 60  # a comparison this small gets a dot per model and its full table


@dataclass
class Side:
    """One of the two runs compared: its PyTorch/CUDA versions and where its numbers come from."""

    label: str
    torch: str | None
    cuda: str | None
    settings_key: str
    source: dict[str, Any] | None
    locator: str | None


@dataclass
class SpeedupGroup:
    anchor: str
    device_id: str
    device_name: str
    title: str
    before: Side
    after: Side
    rows: list[dict[str, Any]]  # speed-up, largest first
    median_speedup: float
    faster: int
    batch_note: str
    chart: Chart
    caveat: str = ""
    coverage: int | None = None

    @property
    def full(self) -> bool:
        return len(self.rows) <= ALL_ROWS_UP_TO

    @property
    def helped(self) -> list[dict[str, Any]]:
        return self.rows[:LISTED]

    @property
    def hurt(self) -> list[dict[str, Any]]:
        return self.rows[::-1][:LISTED]


@dataclass
class SettingSection:
    title: str
    setting: str
    groups: list[SpeedupGroup]


@dataclass
class SoftwareContext:
    stamp: Stamp
    groups: list[SpeedupGroup]


@dataclass
class SettingsContext:
    stamp: Stamp
    sections: list[SettingSection]


def _anchor(*parts: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(str(p) for p in parts if p).lower()).strip("-")


def _label(r: dict[str, Any], repeated: set[str]) -> str:
    """The model's name, with its resolution where the same name appears at another one."""
    return f"{r['name']} @ {r['resolution_px']} px" if r["name"] in repeated else r["name"]


def _batch_note(rows: list[dict[str, Any]]) -> str:
    counts = Counter(r["batch_size"] for r in rows)
    batch, n = counts.most_common(1)[0]
    if n == len(rows):
        return f"batch size {batch:,}"
    return f"batch size {batch:,} for {n:,} of them, smaller where memory ran out (the same on both sides)"


def _chart(anchor: str, rows: list[dict[str, Any]], before: str, after: str, device: str, m: float) -> Chart:
    x_title = f"{before} time ÷ {after} time (log)"
    caption = f"{len(rows):,} models on {device}: right of 1, {after} was faster; median {m:.3g}×."
    if len(rows) <= ALL_ROWS_UP_TO:
        names = Counter(r["name"] for r in rows)
        repeated = {n for n, c in names.items() if c > 1}
        points = [{"model": _label(r, repeated), "speed-up": r["speedup"], f"{before} ms": r["before_ms"],
                   f"{after} ms": r["after_ms"]} for r in rows]
        spec = charts.ratio_dots(
            points, x="speed-up", y="model", x_title=x_title,
            tooltip=[("model", "N"), ("speed-up", "Q"), (f"{before} ms", "Q"), (f"{after} ms", "Q")],
        )
    else:
        spec = charts.ratio_histogram([r["speedup"] for r in rows], x_title=x_title, median=m)
        caption = (f"How many of {len(rows):,} models on {device} got each speed-up: right of 1, {after} "
                   "was faster.")
    return Chart(anchor, spec, caption=caption)


def _group(
    anchor: str, title: str, rows: list[dict[str, Any]], before: Side, after: Side, **extra: Any
) -> SpeedupGroup:
    m = median(r["speedup"] for r in rows)
    first = rows[0]
    return SpeedupGroup(
        anchor, first["device_id"], first["device_name"], title, before, after, rows, m,
        sum(r["speedup"] > 1 for r in rows), _batch_note(rows),
        _chart(anchor, rows, before.label, after.label, first["device_name"], m), **extra,
    )


def _sources(base: Stamp) -> dict[str, dict[str, Any]]:
    return {s["source_id"]: s for s in base.sources}


SOFTWARE_KEY = ("device_id", "old_torch", "new_torch", "old_settings_key", "new_settings_key")


def software_page(data: Data, base: Stamp) -> Page:
    rows = data.rows("software_speedups_rows")
    coverage = {tuple(c[k] for k in SOFTWARE_KEY): c["models_in_both"]
                for c in data.rows("software_coverage")}
    sources = _sources(base)
    grouped = group_by(rows, *SOFTWARE_KEY)
    strict = {k[:3] for k, g in grouped.items() if g[0]["also_differs"] is None}
    groups = []
    for key, g in grouped.items():
        first = g[0]
        also = first["also_differs"]
        if also is not None and key[:3] in strict:
            continue  # the same versions compared with nothing else changed: that one is shown
        for r in g:
            r["before_ms"], r["after_ms"] = r["old_ms"], r["new_ms"]
        before = Side(f"PyTorch {first['old_torch']}", first["old_torch"], first["old_cuda"],
                      first["old_settings_key"], sources.get(first["old_citation_id"] or ""),
                      first["old_citation_locator"])
        after = Side(f"PyTorch {first['new_torch']}", first["new_torch"], first["new_cuda"],
                     first["new_settings_key"], sources.get(first["new_citation_id"] or ""),
                     first["new_citation_locator"])
        caveat = ""
        if also is not None:
            caveat = (f"Not only PyTorch changed: the {SETTING_NAMES.get(also, also)} did too "
                      f"({first['old_settings_key']} under {first['old_torch']}, "
                      f"{first['new_settings_key']} under {first['new_torch']}), so this shows both "
                      "changes together.")
        title = f"PyTorch {first['old_torch']} → {first['new_torch']}"
        anchor = _anchor(key[0], key[1], key[2], also and key[4])
        groups.append(_group(anchor, title, g, before, after, caveat=caveat, coverage=coverage.get(key)))
    shown = sorted({g.device_id for g in groups})
    cited = sorted({c for r in rows for c in (r["old_citation_id"], r["new_citation_id"]) if c})
    ctx = SoftwareContext(restamp(base, devices=shown, sources=cited), groups)
    return Page("software.md", "software.md.j2", ctx, "Software over time", [g.chart for g in groups])


SETTING_KEY = ("setting", "baseline", "changed", "device_id", "torch_version")


def settings_page(data: Data, base: Stamp) -> Page:
    rows = data.rows("setting_speedups_rows")
    sources = _sources(base)
    sections: dict[tuple[str, str, str], SettingSection] = {}
    for key, g in group_by(rows, *SETTING_KEY).items():
        setting, baseline, changed, _, torch = key
        first = g[0]
        for r in g:
            r["before_ms"], r["after_ms"] = r["baseline_ms"], r["changed_ms"]
        before = Side(value_name(baseline), torch, first["cuda_version"], first["baseline_settings_key"],
                      sources.get(first["baseline_citation_id"] or ""), first["baseline_citation_locator"])
        after = Side(value_name(changed), torch, first["cuda_version"], first["changed_settings_key"],
                     sources.get(first["changed_citation_id"] or ""), first["changed_citation_locator"])
        title = f"{value_name(baseline)} → {value_name(changed)}"
        section = sections.setdefault(key[:3], SettingSection(title, SETTING_NAMES.get(setting, setting), []))
        section.groups.append(_group(_anchor(*key), title, g, before, after))
    shown = sorted({r["device_id"] for r in rows})
    cited = sorted({c for r in rows for c in (r["baseline_citation_id"], r["changed_citation_id"]) if c})
    # the comparisons of many models first (timm's), then the few-model ones
    ordered = sorted(sections.values(), key=lambda s: -sum(len(g.rows) for g in s.groups))
    ctx = SettingsContext(restamp(base, devices=shown, sources=cited), ordered)
    charts_ = [g.chart for s in ctx.sections for g in s.groups]
    return Page("settings.md", "settings.md.j2", ctx, "What a setting buys", charts_)
