"""What a pull request's measurement files add to the database, and what in them looks wrong.

The files are validated, then ingested into a *copy* of the database, so that the comparison uses
the database's own views (the same headline numbers the site shows). The report lists:

- new models, devices and device × settings combinations;
- for every model × device × batch size × settings already measured, the change in time per
  image and memory; changes beyond `threshold` (default ±10 %, like asv's regression factor)
  are flagged;
- values outside what is plausible for the device: computing faster than `PEAK_MARGIN` × the
  device's peak FLOP/s (a datasheet table for known accelerators, `device_peaks.toml`; cores × 5 GHz × the
  widest SIMD for CPUs; a generic ceiling otherwise), more memory than the device has, or a
  throughput that disagrees with the latency;
- conflicts: a citation id or device id that another file owns, with other identifying fields
  (`ownership.py`); such files are left out of the comparison, and `db ingest` would refuse them.

Nothing here writes to the database under review. The markdown is rendered by
`templates/review.md.j2`, every string from a file made inert for GitHub (`output.gfm_inert`).
"""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from zoobench.db.ingestion import append_files, find_files, load_all
from zoobench.db.lookup import Result, fetch
from zoobench.db.ownership import Conflict, conflicts
from zoobench.db.rows import utc
from zoobench.db.schema import connect, query_sql
from zoobench.output import cell, gfm_inert

DEFAULT_THRESHOLD = 0.10
# Bounds for devices the peak table does not list (TFLOP/s, dense).
GENERIC_GPU_FP32 = 500.0
GENERIC_GPU_HALF = 2500.0
CPU_GHZ_BOUND = 5.0
CPU_FLOP_PER_CYCLE = {"fp32": 64, "tf32": 64, "fp16": 1024, "bf16": 1024}  # AVX-512 ×2 FMA; AMX


@dataclass
class Flag:
    file: str
    model_id: str
    batch_size: int
    problem: str


@dataclass
class Review:
    threshold: float
    files: list[dict[str, Any]] = field(default_factory=list)
    new: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    implausible: list[Flag] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def flagged_changes(self) -> list[dict[str, Any]]:
        return [c for c in self.changes if c["flagged"]]

    def to_json(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "files": self.files, "new": self.new,
                "changes": self.changes, "implausible": [asdict(f) for f in self.implausible],
                "conflicts": [asdict(c) for c in self.conflicts]}

    def markdown(self) -> str:
        return render_markdown(self)


@cache
def device_peaks() -> list[dict[str, Any]]:
    text = resources.files("zoobench.db").joinpath("device_peaks.toml").read_text("utf-8")
    return tomllib.loads(text)["device"]


def peak_tflops(row: dict[str, Any]) -> tuple[float, str]:
    """An upper bound on the device's compute rate at the run's precision, and where it comes from."""
    half = row["precision"] in ("fp16", "bf16")
    label = f"{row['device_model'] or ''} {row['device_name'] or ''}".lower()
    for peak in device_peaks():
        if peak["match"] in label:
            return (peak["half"] if half else peak["fp32"]), peak["source"]
    threads = row["cpu_threads"] or row["cpu_cores"]
    if row["device_kind"] == "cpu" and threads:
        per_cycle = CPU_FLOP_PER_CYCLE[row["precision"]]
        bound = threads * CPU_GHZ_BOUND * per_cycle / 1000
        return bound, f"{threads} threads × {CPU_GHZ_BOUND:g} GHz × {per_cycle} FLOP/cycle"
    bound = GENERIC_GPU_HALF if half else GENERIC_GPU_FP32
    return bound, "generic bound for an unlisted accelerator"


# Achieved FLOP/s is counted with a direct convolution's FLOPs, but cuDNN runs 3×3 convolutions with
# Winograd F(2×2, 3×3), which does 2.25× fewer multiplies, and GPU Boost clocks run above the
# datasheet's: Bianco 2018's VGG rows on the Titan Xp reach 1.3× its datasheet peak. A rate is
# implausible only beyond this multiple of the peak.
PEAK_MARGIN = 2.25


def _problems(r: dict[str, Any]) -> list[str]:
    """What no device could produce, in one measurement row (`review_rates.sql`)."""
    found = []
    if r["achieved_gflop_s"] is not None:
        bound, source = peak_tflops(r)
        if r["achieved_gflop_s"] > bound * PEAK_MARGIN * 1000:
            found.append(
                f"{r['achieved_gflop_s'] / 1000:.3g} TFLOP/s achieved ({r['gflops']:.3g} GFLOPs in "
                f"{r['time_per_image_ms']:.3g} ms), above the device's peak {bound:.3g} TFLOP/s ({source}) "
                f"× {PEAK_MARGIN:g} (Winograd convolutions, boost clocks)"
            )
    mem, dev_mem = r["memory_mb"], r["device_memory_mb"]
    if mem is not None and dev_mem and r["memory_basis"] == "device_total" and mem > dev_mem * 1.05:
        found.append(f"{mem:.0f} MiB of device memory used, but the device has {dev_mem:.0f} MiB")
    mean_ms = r["image_mean_ms"] or (r["batch_mean_ms"] and r["batch_mean_ms"] / r["batch_size"])
    if r["throughput_img_s"] and mean_ms:
        ratio = r["throughput_img_s"] * mean_ms / 1000
        if not 0.5 <= ratio <= 1.5:
            found.append(f"throughput {r['throughput_img_s']:.4g} images/s disagrees with the mean latency "
                         f"{mean_ms:.4g} ms per image (expected about {1000 / mean_ms:.4g} images/s)")
    return found


def _plausibility(rows: list[dict[str, Any]], labels: dict[str, str]) -> list[Flag]:
    return [Flag(labels[r["run_id"]], r["model_id"], r["batch_size"], problem)
            for r in rows for problem in _problems(r)]


def review(paths: list[Path], db_path: Path, threshold: float = DEFAULT_THRESHOLD) -> Review:
    """Compare measurement files with the database at `db_path` (which may not exist yet)."""
    files = load_all(find_files(paths))
    report = Review(threshold)
    with tempfile.TemporaryDirectory(prefix="zoobench-review-") as tmp:
        scratch = Path(tmp) / "review.duckdb"
        if db_path.exists():
            shutil.copyfile(db_path, scratch)
        con = connect(scratch)
        try:
            present = {r[0] for r in con.execute("SELECT run_id FROM runs").fetchall()}
            known_devices = {r[0] for r in con.execute("SELECT device_id FROM devices").fetchall()}
            new = [f for f in files if f.doc.run.id not in present]
            report.conflicts = conflicts(con, new)
            refused = {c.file for c in report.conflicts}  # not compared: they would not be ingested
            new = [f for f in new if f.label not in refused]
            append_files(con, new, scratch, utc(datetime.now(UTC)))  # the database's own ingest
            new_runs = [f.doc.run.id for f in new]
            labels = {f.doc.run.id: f.label for f in files}
            for f in files:
                doc = f.doc
                report.files.append({
                    "path": f.label, "run_id": doc.run.id, "source": doc.run.source.value,
                    "device_id": doc.device.id if doc.device else None,
                    "device_name": doc.device.name if doc.device else None,
                    "device_is_new": bool(doc.device) and doc.device.id not in known_devices,
                    "already_in_database": doc.run.id in present,
                    "models": len(doc.models), "batches": sum(len(m.batches) for m in doc.models),
                    "settings": doc.settings.key if doc.settings else None,
                })
            params = {"new_runs": new_runs}
            report.new = fetch(con, query_sql("review_new"), params).records()
            for change in fetch(con, query_sql("review_changes"), params).records():
                change["file"] = labels[change.pop("run_id")]
                change["flagged"] = any(
                    change[k] is not None and abs(change[k]) > threshold
                    for k in ("time_change", "memory_change")
                ) or change["old_status"] != change["new_status"]
                report.changes.append(change)
            rates: Result = fetch(con, query_sql("review_rates"), params)
            report.implausible = _plausibility(rates.records(), labels)
        finally:
            con.close()
    return report


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.1%}"


def _gfm(value: Any) -> Markup:
    """Every `{{ value }}` of the review template: one line of inert GitHub markdown."""
    return value if isinstance(value, Markup) else Markup(gfm_inert(value))


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("zoobench.templates", ""),
        autoescape=True,  # with finalize=_gfm: macro output (already inert) is not escaped twice
        finalize=_gfm,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals.update(cell=cell, pct=_pct, pct0=lambda v: f"{v:.0%}")
    return env.get_template("review.md.j2")


def render_markdown(r: Review) -> str:
    """The report as GitHub-flavoured markdown (`templates/review.md.j2`)."""
    return _template().render(r=r, flagged=r.flagged_changes)
