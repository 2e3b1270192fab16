"""Turn timm's result CSVs into measurement files: `benchmark.py`'s inference benchmarks and the
ImageNet accuracy tables (`results-*.csv`).

`zoobench import timm-benchmark` and `zoobench import timm-results` are thin shells over
`import_benchmarks` and `import_results`; `scripts/convert_timm.py` uses the same functions for the
published files. Every CSV is read and checked before anything is written: a malformed one raises
`InvalidCsv` naming the file, line and column of each problem.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import zoobench
from zoobench import registry
from zoobench.errors import ZoobenchError
from zoobench.measurement import (
    SCHEMA_VERSION,
    Accuracy,
    AccuracyKind,
    BatchResult,
    Citation,
    Device,
    DeviceKind,
    Flops,
    FlopsConvention,
    Latency,
    MeasurementFile,
    ModelResult,
    Precision,
    PrecisionMethod,
    Run,
    Settings,
    Software,
    Source,
    Status,
    Tool,
    write_file,
)
from zoobench.options import option

DEFAULT_OUT = Path("measurements/measured")
SOURCE_ID = "timm"
GIB = 1024.0

BENCHMARK_TIMING = (
    "timm benchmark.py (inference): random input made on the device, model in eval mode; untimed "
    "warm-up steps, then timed steps between device synchronisations (defaults: 10 warm-up, 40 "
    "timed). infer_step_time = mean milliseconds per batch step; infer_samples_per_sec = images "
    "per second over the timed steps. On out-of-memory it retries with a smaller batch: the batch "
    "size recorded is the one that ran."
)

# timm's --precision names in its file names: (precision, how it was applied)
PRECISIONS: dict[str, tuple[Precision, PrecisionMethod | None]] = {
    "amp": (Precision.fp16, PrecisionMethod.autocast),
    "amp_bf16": (Precision.bf16, PrecisionMethod.autocast),
    "fp16": (Precision.fp16, PrecisionMethod.cast),
    "float16": (Precision.fp16, PrecisionMethod.cast),
    "bf16": (Precision.bf16, PrecisionMethod.cast),
    "bfloat16": (Precision.bf16, PrecisionMethod.cast),
    "fp32": (Precision.fp32, None),
    "float32": (Precision.fp32, None),
}
LAYOUTS = {"nchw": "contiguous", "nhwc": "channels_last"}


@dataclass(frozen=True)
class KnownDevice:
    id: str
    name: str
    kind: DeviceKind
    vendor: str
    memory_gib: float | None = None
    cpu_cores: int | None = None
    cpu_threads: int | None = None


# The devices of timm's published files, as its results README names them (device token → device).
KNOWN_DEVICES: dict[str, KnownDevice] = {
    "rtx3090": KnownDevice("rtx-3090-timm", "NVIDIA GeForce RTX 3090", DeviceKind.gpu, "NVIDIA", 24),
    "rtx4090": KnownDevice("rtx-4090-timm", "NVIDIA GeForce RTX 4090", DeviceKind.gpu, "NVIDIA", 24),
    "5090": KnownDevice("rtx-5090-timm", "NVIDIA GeForce RTX 5090", DeviceKind.gpu, "NVIDIA", 32),
    "pro6000maxq": KnownDevice(
        "rtx-pro-6000-maxq-timm", "NVIDIA RTX PRO 6000 Blackwell Max-Q", DeviceKind.gpu, "NVIDIA", 96
    ),
    "cpu-i9_10940x": KnownDevice(
        "core-i9-10940x-timm", "Intel Core i9-10940X", DeviceKind.cpu, "Intel", cpu_cores=14, cpu_threads=28
    ),
    "cpu-i7_12700h": KnownDevice(
        "core-i7-12700h-timm",
        "Intel Core i7-12700H (laptop)",
        DeviceKind.cpu,
        "Intel",
        cpu_cores=14,
        cpu_threads=20,
    ),
}
KNOWN_DEVICES["3090"] = KNOWN_DEVICES["rtx3090"]
KNOWN_DEVICES["4090"] = KNOWN_DEVICES["rtx4090"]

_FILE_NAME = re.compile(
    r"^benchmark-infer-(?P<precision>[a-z0-9_]+)-(?P<layout>nchw|nhwc)-pt(?P<torch>\d+)"
    r"(?:-cu(?P<cuda>\d+))?-(?P<device>.+?)(?P<dynamo>-dynamo)?\.csv$"
)

DATASETS = {
    "results-imagenet.csv": "imagenet-1k-val",
    "results-imagenet-real.csv": "imagenet-real",
    "results-imagenetv2-matched-frequency.csv": "imagenetv2-matched-frequency",
    "results-sketch.csv": "imagenet-sketch",
    "results-imagenet-a.csv": "imagenet-a",
    "results-imagenet-r.csv": "imagenet-r",
}


class InvalidCsv(ZoobenchError):
    """A CSV that cannot be imported; `problems` holds one `line L, column C (name): message` each."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        shown = problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])
        super().__init__(
            f"{file}: cannot import\n" + "\n".join(f"  {p}" for p in shown) + "\nnothing was written"
        )


# Options both importers take (`zoobench import …` is built from the configs' fields: core/options.py)
CSVS = option("CSV files.", argument=True, exists=True, dir_okay=False)
OUT = option("Root folder; one folder per device.", "--out")
CONTRIBUTOR = option("Your name or handle, for the file.")
NOTES = option("What the file cannot tell.")


@dataclass(frozen=True)
class TimmBenchmarkConfig:
    """What `zoobench import timm-benchmark` takes; fields left None come from timm's file name."""

    csvs: list[Path] = field(metadata=CSVS)
    out: Path = field(default=DEFAULT_OUT, metadata=OUT)
    device_name: str | None = field(default=None, metadata=option(
        "Your device's name (unless the file name names a known one)."))
    device_kind: DeviceKind | None = field(default=None, metadata=option("cpu, gpu or embedded."))
    precision: str | None = field(default=None, metadata=option(  # timm's --precision name
        "timm's --precision: amp, amp_bf16, bf16, fp16 or fp32."))
    memory_format: str | None = field(default=None, metadata=option("nchw or nhwc."))
    compiled: bool | None = field(default=None, metadata=option(
        "torch.compile'd or eager.", "--compiled/--eager"))
    torch: str | None = field(default=None, metadata=option("PyTorch version, e.g. 2.9.1.", "--torch"))
    cuda: str | None = field(default=None, metadata=option("CUDA version, e.g. 13.0."))
    contributor: str | None = field(default=None, metadata=CONTRIBUTOR)
    notes: str | None = field(default=None, metadata=NOTES)
    citation: Citation | None = None  # set for published files (then `source` is `published`)
    created_at: datetime | None = None  # default: now


@dataclass(frozen=True)
class TimmResultsConfig:
    """What `zoobench import timm-results` takes."""

    csvs: list[Path] = field(metadata=CSVS)
    out: Path = field(default=DEFAULT_OUT, metadata=OUT)
    metadata: Path | None = field(default=None, metadata=option(  # `model,pretrain`
        "model_metadata-*.csv: each weight's pretraining data.", exists=True))
    dataset: str | None = field(default=None, metadata=option(  # default: DATASETS by file name
        "Evaluation set (default: from the file name)."))
    contributor: str | None = field(default=None, metadata=CONTRIBUTOR)
    notes: str | None = field(default=None, metadata=NOTES)
    citation: Citation | None = None
    created_at: datetime | None = None


def timm_citation(file_name: str, commit: str) -> Citation:
    return Citation(
        id=SOURCE_ID,
        authors=["Ross Wightman"],
        title="PyTorch Image Models (timm)",
        venue="software",
        year=2019,
        url="https://github.com/huggingface/pytorch-image-models",
        locator=f"results/{file_name} at commit {commit}",
    )


# --- reading CSVs with positions ----------------------------------------------------------------


@dataclass
class Cell:
    file: str
    line: int
    column: int
    name: str
    text: str

    def where(self) -> str:
        return f"line {self.line}, column {self.column} ({self.name})"


@dataclass
class CsvRows:
    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def number(self, cell: Cell, *, positive: bool = True) -> float | None:
        text = cell.text.strip().replace(",", "")
        try:
            value = float(text)
        except ValueError:
            self.problems.append(f"{cell.where()}: not a number: {cell.text[:40]!r}")
            return None
        if value != value or value in (float("inf"), float("-inf")) or (positive and value < 0):
            self.problems.append(f"{cell.where()}: not a valid value: {cell.text[:40]!r}")
            return None
        return value

    def integer(self, cell: Cell) -> int | None:
        value = self.number(cell)
        if value is None:
            return None
        if value != int(value) or value < 1:
            self.problems.append(f"{cell.where()}: not a positive whole number: {cell.text[:40]!r}")
            return None
        return int(value)


def read_csv(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> CsvRows:
    """Rows of `path` as cells that know their line and column; problems collected, not raised."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidCsv(name, [f"(file): cannot read: {exc}"]) from None
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidCsv(name, ["line 1: empty file, expected a header"]) from None
    except csv.Error as exc:
        raise InvalidCsv(name, [f"line 1: {exc}"]) from None
    out = CsvRows(name, header)
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidCsv(
            name, [f"line 1: missing column(s) {', '.join(missing)} (header: {','.join(header)})"]
        )
    wanted = set(required) | set(optional)
    try:
        for values in reader:
            line = reader.line_num
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(header):
                out.problems.append(f"line {line}: {len(values)} fields, the header has {len(header)}")
                continue
            cells = {
                h: Cell(name, line, i + 1, h, v)
                for i, (h, v) in enumerate(zip(header, values, strict=True))
                if h in wanted
            }
            out.rows.append((line, cells))
    except csv.Error as exc:
        out.problems.append(f"line {reader.line_num}: {exc}")
    return out


def _timm_id(rows: CsvRows, cell: Cell) -> str | None:
    arch = cell.text.strip()
    model_id = registry.TIMM_PREFIX + arch
    if not registry.is_known_id(model_id):
        rows.problems.append(f"{cell.where()}: timm defines no architecture {arch[:60]!r}")
        return None
    return model_id


# --- benchmark.py output ------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkFacts:
    """What a benchmark file's name (or the options) says about the whole run."""

    precision: Precision
    precision_method: PrecisionMethod | None
    memory_format: str
    compiled: bool
    torch: str | None
    cuda: str | None
    device: KnownDevice


def _version(token: str | None, *, cuda: bool = False) -> str | None:
    """timm's short versions: pt113 → 1.13, pt291 → 2.9.1, cu128 → 12.8, cu117 → 11.7."""
    if not token:
        return None
    if cuda:
        return f"{token[:-1]}.{token[-1]}"
    if token.startswith("1"):
        return f"1.{token[1:]}"
    return ".".join(token)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64] or "device"


def benchmark_facts(path: Path, cfg: TimmBenchmarkConfig) -> BenchmarkFacts:
    """From timm's file name where it follows timm's naming; options override; a fact neither
    gives is an error naming the option."""
    match = _FILE_NAME.match(path.name)
    parts = match.groupdict() if match else {}
    precision_name = cfg.precision or parts.get("precision")
    layout = cfg.memory_format or parts.get("layout")
    problems = []
    if precision_name not in PRECISIONS:
        problems.append(
            f"(file name): precision {precision_name!r} unknown; give --precision "
            f"({', '.join(sorted(PRECISIONS))})"
        )
    if layout not in LAYOUTS:
        problems.append("(file name): memory format unknown; give --memory-format nchw or nhwc")
    token = parts.get("device")
    if cfg.device_name:
        kind = cfg.device_kind or (DeviceKind.cpu if (token or "").startswith("cpu") else DeviceKind.gpu)
        device = KnownDevice(_slug(cfg.device_name), cfg.device_name, kind, "")
    elif token in KNOWN_DEVICES:
        device = KNOWN_DEVICES[token]
    else:
        problems.append(f"(file name): device {token!r} unknown; give --device-name")
    if problems:
        raise InvalidCsv(str(path), problems)
    precision, method = PRECISIONS[str(precision_name)]
    compiled = cfg.compiled if cfg.compiled is not None else bool(parts.get("dynamo"))
    return BenchmarkFacts(
        precision,
        method,
        LAYOUTS[str(layout)],
        compiled,
        cfg.torch or _version(parts.get("torch")),
        cfg.cuda or _version(parts.get("cuda"), cuda=True),
        device,
    )


BENCH_REQUIRED = ("model", "infer_img_size", "infer_samples_per_sec", "infer_step_time", "infer_batch_size")
BENCH_OPTIONAL = ("param_count", "infer_gmacs", "infer_macts")


TIMING_COLUMNS = ("infer_samples_per_sec", "infer_step_time", "infer_batch_size")


def _benchmark_entry(rows: CsvRows, cells: dict[str, Cell]) -> ModelResult | None:
    """One row: the model at one resolution and the batch size it ran. A row whose three timing
    cells are all empty is a model timm could not run: its specs are kept, with no batch."""
    model_id = _timm_id(rows, cells["model"])
    size = rows.integer(cells["infer_img_size"])
    ran = not all(not cells[c].text.strip() for c in TIMING_COLUMNS)
    fps = rows.number(cells["infer_samples_per_sec"]) if ran else None
    step_ms = rows.number(cells["infer_step_time"]) if ran else None
    batch = rows.integer(cells["infer_batch_size"]) if ran else None
    params_m, gmacs, macts = (
        rows.number(cells[c]) if c in cells and cells[c].text.strip() else None for c in BENCH_OPTIONAL
    )
    if ran and (fps == 0 or step_ms == 0):
        rows.problems.append(f"line {cells['model'].line}: zero time or throughput")
        return None
    if model_id is None or size is None or (ran and None in (fps, step_ms, batch)):
        return None
    batches = []
    if ran:
        assert fps and step_ms and batch
        batches.append(
            BatchResult(
                batch_size=batch,
                status=Status.ok,
                latency_per_batch=Latency(mean_ms=step_ms),
                latency_per_image=Latency(mean_ms=round(step_ms / batch, 9)),
                throughput_img_s=fps,
            )
        )
    flops = None
    if gmacs:
        reported = f"{cells['infer_gmacs'].text.strip()} GMACs (infer_gmacs)"
        flops = Flops(gflops=round(2 * gmacs, 6), convention=FlopsConvention.macs_x2, reported=reported)
    return ModelResult(
        model_id=model_id,
        name=cells["model"].text.strip(),
        resolution_px=size,
        params=round(params_m * 1e6) if params_m else None,
        flops=flops,
        activations_m=macts or None,
        batches=batches,
    )


def benchmark_file(path: Path, cfg: TimmBenchmarkConfig) -> MeasurementFile:
    """One benchmark CSV as one measurement file (one device, one set of settings)."""
    facts = benchmark_facts(path, cfg)
    rows = read_csv(path, BENCH_REQUIRED, BENCH_OPTIONAL)
    entries = _entries(rows, _benchmark_entry)
    dev = facts.device
    device = Device(
        id=dev.id,
        name=dev.name,
        kind=dev.kind,
        vendor=dev.vendor or None,
        model=dev.name,
        memory_mb=dev.memory_gib * GIB if dev.memory_gib else None,
        cuda_version=facts.cuda,
        cpu_model=dev.name if dev.kind is DeviceKind.cpu else None,
        cpu_cores=dev.cpu_cores,
        cpu_threads=dev.cpu_threads,
    )
    framework = ", ".join(
        x
        for x in (
            f"PyTorch {facts.torch}" if facts.torch else "",
            f"CUDA {facts.cuda}" if facts.cuda else "",
            "timm benchmark.py",
        )
        if x
    )
    settings = Settings(
        precision=facts.precision,
        precision_method=facts.precision_method,
        memory_format=facts.memory_format,  # type: ignore[arg-type]
        execution="compiled" if facts.compiled else "eager",
        input_on_device=True,
        timing=BENCHMARK_TIMING,
    )
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=_run(
            cfg.citation,
            cfg.created_at,
            cfg.contributor,
            cfg.notes or f"Converted from {path.name} (timm benchmark.py output).",
        ),
        device=device,
        software=Software(torch=facts.torch, framework=framework),
        settings=settings,
        models=entries,
    )


def import_benchmarks(cfg: TimmBenchmarkConfig) -> list[Path]:
    """Every CSV converted and checked first; then one file each under `out/<device id>/`."""
    docs = [(path, benchmark_file(path, cfg)) for path in cfg.csvs]
    return [
        write_file(doc, cfg.out / doc.device.id / f"timm-{path.stem}.json")  # type: ignore[union-attr]
        for path, doc in docs
    ]


# --- results-*.csv ------------------------------------------------------------------------------

RESULTS_REQUIRED = ("model", "img_size", "top1", "top5")
RESULTS_OPTIONAL = ("param_count", "crop_pct", "interpolation")


def read_pretrain(path: Path) -> dict[str, str]:
    """`model,pretrain` rows: pretraining data by model name (an architecture, or arch.tag)."""
    rows = read_csv(path, ("model", "pretrain"))
    if rows.problems:
        raise InvalidCsv(rows.file, rows.problems)
    return {
        c["model"].text.strip(): c["pretrain"].text.strip()
        for _, c in rows.rows
        if c["pretrain"].text.strip()
    }


def _pretrain_of(arch: str, tag: str, pretrain: dict[str, str], single: set[str]) -> str | None:
    """The metadata of the weight itself, else of its architecture when it has only one weight."""
    return pretrain.get(f"{arch}.{tag}") or (pretrain.get(arch) if arch in single else None)


def results_file(path: Path, cfg: TimmResultsConfig, pretrain: dict[str, str]) -> MeasurementFile:
    dataset = cfg.dataset or DATASETS.get(path.name)
    if not dataset:
        raise InvalidCsv(
            str(path),
            [f"(file name): unknown evaluation set; give --dataset ({', '.join(DATASETS.values())})"],
        )
    rows = read_csv(path, RESULTS_REQUIRED, RESULTS_OPTIONAL)
    weights_per_arch: dict[str, int] = {}
    for _, cells in rows.rows:
        arch = cells["model"].text.strip().partition(".")[0]
        weights_per_arch[arch] = weights_per_arch.get(arch, 0) + 1
    single = {a for a, n in weights_per_arch.items() if n == 1}

    def entry(rows: CsvRows, cells: dict[str, Cell]) -> ModelResult | None:
        arch, _, tag = cells["model"].text.strip().partition(".")
        model_id = _timm_id(rows, Cell(rows.file, cells["model"].line, cells["model"].column, "model", arch))
        size = rows.integer(cells["img_size"])
        top1, top5 = rows.number(cells["top1"]), rows.number(cells["top5"])
        crop = (
            rows.number(cells["crop_pct"]) if "crop_pct" in cells and cells["crop_pct"].text.strip() else None
        )
        params_m = (
            rows.number(cells["param_count"])
            if "param_count" in cells and cells["param_count"].text.strip()
            else None
        )
        if None in (model_id, size, top1, top5):
            return None
        assert model_id and size
        interpolation = cells["interpolation"].text.strip() if "interpolation" in cells else ""
        return ModelResult(
            model_id=model_id,
            name=cells["model"].text.strip(),
            weights=tag or None,
            resolution_px=size,
            params=round(params_m * 1e6) if params_m else None,
            accuracy=[
                Accuracy(
                    top1=top1,
                    top5=top5,
                    dataset=dataset,
                    kind=AccuracyKind.reference,
                    source=SOURCE_ID,
                    weights=tag or None,
                    resolution_px=size,
                    crop="center" if crop else None,
                    crop_pct=crop,
                    interpolation=interpolation or None,
                    pretrain=_pretrain_of(arch, tag, pretrain, single),
                )
            ],
        )

    entries = _entries(rows, entry)
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=_run(
            cfg.citation,
            cfg.created_at,
            cfg.contributor,
            cfg.notes or f"Converted from {path.name}: timm's evaluation of its weights on {dataset}.",
        ),
        models=entries,
    )


def import_results(cfg: TimmResultsConfig) -> list[Path]:
    """Every CSV converted and checked first; then one file each under `out/timm-results/`."""
    pretrain = read_pretrain(cfg.metadata) if cfg.metadata else {}
    docs = [(path, results_file(path, cfg, pretrain)) for path in cfg.csvs]
    return [write_file(doc, cfg.out / "timm-results" / f"timm-{path.stem}.json") for path, doc in docs]


# --- shared ---------------------------------------------------------------------------------------


def _entries(
    rows: CsvRows, make: Callable[[CsvRows, dict[str, Cell]], ModelResult | None]
) -> list[ModelResult]:
    """One entry per row; problems of every row collected, then raised together."""
    entries: list[ModelResult] = []
    seen: dict[tuple[str, str | None, int | None], int] = {}
    for line, cells in rows.rows:
        try:
            m = make(rows, cells)
        except ValueError as exc:  # the format refused a value (pydantic names the field)
            rows.problems.append(f"line {line}: {str(exc).splitlines()[0]}: {_first_error(exc)}")
            continue
        if m is None:
            continue
        key = (m.model_id, m.weights, m.resolution_px)
        if key in seen:
            rows.problems.append(f"line {line}: repeats line {seen[key]} ({m.name} at {m.resolution_px} px)")
            continue
        seen[key] = line
        entries.append(m)
    if not entries and not rows.problems:
        rows.problems.append("(file): no rows")
    if rows.problems:
        raise InvalidCsv(rows.file, rows.problems)
    return entries


def _first_error(exc: ValueError) -> str:
    lines = str(exc).splitlines()
    return " ".join(x.strip() for x in lines[1:3])


def _run(
    citation: Citation | None, created_at: datetime | None, contributor: str | None, notes: str | None
) -> Run:
    return Run(
        created_at=created_at or datetime.now(UTC),
        tool=Tool(name="zoobench import (timm)", version=zoobench.__version__),
        source=Source.published if citation else Source.measured,
        citation=citation,
        contributor=contributor,
        notes=notes,
    )
