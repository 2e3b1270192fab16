"""Convert the published reference tables in `../shared/seed-data/` into measurement files.

Writes five files under `--out` (default `measurements/published/`), one per published table/run:

- `bianco2018-titanxp.json`: Bianco et al. 2018, Table 1(a) (time per image) and Table 2 (memory),
  Titan X Pascal workstation, batch sizes 1-64;
- `bianco2018-jetsontx1.json`: the same paper's Table 1(b), Jetson TX1 (no memory table);
- `bianco2018-top1.json`: the top-1 accuracies the paper states (no device);
- `embench2019-table1.json`: EmBench Table 1: MFLOPs, M params, top-1/top-5 (no device);
- `pretrainedmodels-readme.json`: the accuracy table of the pretrainedmodels 0.7.4 README.

Conventions applied:

- Times are Bianco's mean time per image (ms) over 10 timed passes: `latency_per_image.mean_ms`,
  and `latency_per_batch.mean_ms` = per image x batch size (rounded to 6 decimals), both n = 10.
  Throughput was not published and stays null.
- Memory: Bianco's "GB" are nvidia-smi readings, whose unit is MiB, divided by 1024, i.e. GiB; so
  `device_total_mb` (MiB) = GB x 1024. It is device-wide memory, CUDA context included.
- An empty Jetson TX1 cell is a batch that did not fit in memory: status `oom`, no latency.
- Input sides follow the seed README: 331 px NASNet-A-Large; 299 Inception-ResNet-v2, Inception-v3,
  Inception-v4 and Xception (the paper prints 229, a typo); 224 for the others.
- EmBench's "FLOPs" count about one per multiply-add: GFLOPs = MFLOPs x 2 / 1000 (convention
  `macs_x2`), the figure as printed is kept in `flops.reported`; params = round(M params x 1e6).
  Its top-1/top-5 come from the literature and match single-centre-crop evaluations (ResNet 50:
  76.13/92.86, torchvision's), hence crop `center`. Its `year` column is not stored: the format
  has no field for it (the registry holds each architecture's year).
- pretrainedmodels README: one model entry per model, with an accuracy entry per `evaluated_with`
  (`pytorch-port` for the package's own evaluation of its ported weights, the original framework
  for the quoted reference figure).
- Names are kept as the source prints them; `model_id` comes from `zoobench.registry.resolve`.
- `created_at` is a fixed constant, so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import zoobench
from zoobench import registry
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
    Memory,
    ModelResult,
    Precision,
    Run,
    Settings,
    Software,
    Source,
    Status,
    Tool,
    write_file,
)

REPO = Path(__file__).resolve().parents[1]
CREATED_AT = datetime(2026, 11, 21, tzinfo=UTC)
TOOL = Tool(name="scripts/convert_seed_data.py", version=zoobench.__version__)
TIMED_ITERS = 10

BIANCO_AUTHORS = ["Bianco", "Cadene", "Celona", "Napoletano"]
BIANCO_TITLE = "Benchmark Analysis of Representative Deep Neural Network Architectures"
BIANCO_VENUE = "IEEE Access 6:64270-64277"
BIANCO_DOI = "10.1109/ACCESS.2018.2877890"
BIANCO_URL = "https://ieeexplore.ieee.org/document/8506339"  # open access; arXiv 1810.00736
BIANCO_RESOLUTION = {
    "NASNet-A-Large": 331,
    "Inception-ResNet-v2": 299,
    "Inception-v3": 299,
    "Inception-v4": 299,
    "Xception": 299,
}
BIANCO_FRAMEWORK = "PyTorch 0.4, CUDA 9.0, cuDNN 5.1"
BIANCO_SETTINGS = Settings(
    precision=Precision.fp32,
    memory_format="contiguous",
    execution="eager",
    cudnn_benchmark=True,
    warmup_iters=10,
    timed_iters=TIMED_ITERS,
    input_on_device=True,
    timing="Random FP32 input already on the GPU; 10 untimed warm-up forward passes, then 10 timed "
    "forward passes, each between torch.cuda.synchronize() calls; the table gives the mean time "
    "per image (ms), i.e. the mean time per batch divided by the batch size.",
)
OOM_ERROR = "no time in Bianco 2018 Table 1(b): the batch did not fit in memory"

TITAN_XP = Device(
    id="titan-xp-bianco2018",
    name="NVIDIA Titan Xp (Bianco 2018 workstation)",
    kind=DeviceKind.gpu,
    vendor="NVIDIA",
    model="TITAN Xp",
    memory_mb=12 * 1024,
    cuda_version="9.0",
    cudnn_version="5.1",
    cpu_model="Intel Core i7-7700",
    notes="Workstation of Bianco et al. 2018: Intel Core i7-7700 CPU, NVIDIA Titan X Pascal "
    "(12 GB); PyTorch 0.4, CUDA 9.0, cuDNN 5.1. The seed tables name the card Titan X Pascal; "
    "`model` gives the name NVIDIA's driver reports for it, TITAN Xp, so that it pairs with "
    "other measurements of that card (the device model key `titan-xp`).",
)
JETSON_TX1 = Device(
    id="jetson-tx1-bianco2018",
    name="NVIDIA Jetson TX1 (Bianco 2018)",
    kind=DeviceKind.embedded,
    vendor="NVIDIA",
    model="Jetson TX1 (Maxwell, 256 CUDA cores; ARM Cortex-A57)",
    memory_mb=4 * 1024,
    cpu_model="ARM Cortex-A57",
    notes="JetPack 2.3. The 4 GB of LPDDR4 are shared between the CPU and the GPU; the paper "
    "gives no memory table for this board.",
)


def bianco(locator: str) -> Citation:
    return Citation(id="bianco2018", authors=BIANCO_AUTHORS, title=BIANCO_TITLE,
                    venue=BIANCO_VENUE, year=2018, doi=BIANCO_DOI, url=BIANCO_URL,
                    locator=locator)


EMBENCH = Citation(
    id="embench2019",
    authors=["Almeida", "Laskaridis", "Leontiadis", "Venieris", "Lane"],
    title="EmBench: Quantifying Performance Variations of Deep Neural Networks across Modern "
    "Commodity Devices",
    venue="EMDL'19 (3rd International Workshop on Deep Learning for Mobile Systems and "
    "Applications)",
    year=2019,
    doi="10.1145/3325413.3329793",
    locator="Table 1",
)
PRETRAINEDMODELS = Citation(
    id="pretrainedmodels-readme",
    authors=["Remi Cadene"],
    title="Pretrained models for Pytorch (pretrained-models.pytorch) README",
    venue="software (pretrainedmodels 0.7.4)",
    year=2018,
    url="https://github.com/Cadene/pretrained-models.pytorch",
    locator='README, section "Evaluation on imagenet"',
)


# --- reading -------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def batch_columns(row: dict[str, str]) -> list[tuple[str, int]]:
    """The `bsN` columns of a row, with their batch size, in batch-size order."""
    cols = [(c, int(c.removeprefix("bs"))) for c in row if c.startswith("bs")]
    return sorted(cols, key=lambda c: c[1])


def cell(value: str | None) -> float | None:
    """A number, or None for an empty cell."""
    value = (value or "").strip()
    return float(value) if value else None


def resolve_unique(names: Iterable[str], table: str) -> dict[str, str]:
    """Map each distinct source name to its registry id, refusing two names that share an id.

    A model entry must be unique per (model_id, weights) in a file. Two different names of one
    table resolving to the same id means either an alias that is too broad or two variants the
    registry does not tell apart; merging them would silently lose or mix numbers, so the
    conversion stops and names both (fix the registry, then convert again). Several rows under
    the *same* name (the pretrainedmodels README's port and original figures) are one model.
    """
    ids: dict[str, str] = {}
    for name in dict.fromkeys(names):
        model_id = registry.resolve(name)
        clash = next((n for n, i in ids.items() if i == model_id), None)
        if clash is not None:
            raise SystemExit(f"{table}: {clash!r} and {name!r} both resolve to {model_id!r}")
        ids[name] = model_id
    return ids


# --- building ------------------------------------------------------------------------------------


def run(citation: Citation, notes: str) -> Run:
    return Run(created_at=CREATED_AT, tool=TOOL, source=Source.published, citation=citation,
               notes=notes)


def bianco_batches(times: dict[str, str], memory: dict[str, str] | None) -> list[BatchResult]:
    batches = []
    for col, bs in batch_columns(times):
        per_image = cell(times[col])
        if per_image is None:
            batches.append(BatchResult(batch_size=bs, status=Status.oom, error=OOM_ERROR))
            continue
        gb = cell(memory[col]) if memory else None
        batches.append(BatchResult(
            batch_size=bs,
            status=Status.ok,
            latency_per_image=Latency(mean_ms=per_image, n=TIMED_ITERS),
            latency_per_batch=Latency(mean_ms=round(per_image * bs, 6), n=TIMED_ITERS),
            memory=Memory(device_total_mb=round(gb * 1024, 6)) if gb is not None else None,
        ))
    return batches


def bianco_timing(seed: Path, table: str, memory_table: str | None) -> list[ModelResult]:
    times = read_csv(seed / table)
    memory = {r["model"]: r for r in read_csv(seed / memory_table)} if memory_table else {}
    if memory_table and set(memory) != {r["model"] for r in times}:
        raise SystemExit(f"{memory_table}: models differ from those of {table}")
    ids = resolve_unique((r["model"] for r in times), table)
    return [
        ModelResult(
            model_id=ids[r["model"]],
            name=r["model"],
            resolution_px=BIANCO_RESOLUTION.get(r["model"], 224),
            batches=bianco_batches(r, memory.get(r["model"])),
        )
        for r in times
    ]


def titanxp(seed: Path) -> MeasurementFile:
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=run(bianco("Table 1(a) (time per image) and Table 2 (memory)"),
                "Times: Table 1(a), mean time per image over 10 timed passes; latency_per_batch "
                "is that x the batch size. Memory: Table 2, device-wide used memory read with "
                "nvidia-smi (CUDA context and allocator cache included), printed in GB = GiB, "
                "stored x 1024 as MiB. Throughput was not published."),
        device=TITAN_XP,
        software=Software(framework=BIANCO_FRAMEWORK),
        settings=BIANCO_SETTINGS,
        models=bianco_timing(seed, "bianco2018_titanxp_time_ms.csv",
                             "bianco2018_titanxp_memory_gb.csv"),
    )


def jetsontx1(seed: Path) -> MeasurementFile:
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=run(bianco("Table 1(b)"),
                "Times: Table 1(b), mean time per image over 10 timed passes; latency_per_batch "
                "is that x the batch size. Empty cells (the batch did not fit in the 4 GB shared "
                "memory) are `oom`. No memory table for this board; throughput not published."),
        device=JETSON_TX1,
        software=Software(framework="PyTorch, JetPack 2.3"),
        settings=BIANCO_SETTINGS,
        models=bianco_timing(seed, "bianco2018_jetsontx1_time_ms.csv", None),
    )


def top1(seed: Path) -> MeasurementFile:
    rows = read_csv(seed / "bianco2018_top1_stated.csv")
    ids = resolve_unique((r["model"] for r in rows), "bianco2018_top1_stated.csv")
    models = [
        ModelResult(
            model_id=ids[r["model"]],
            name=r["model"],
            resolution_px=BIANCO_RESOLUTION.get(r["model"], 224),
            accuracy=[Accuracy(top1=float(r["top1"]), kind=AccuracyKind.reference,
                               source="bianco2018", crop="center", dataset="imagenet-1k-val")],
        )
        for r in rows
    ]
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=run(bianco("Sections V-D, V-G and Table 3"),
                "ImageNet-1k validation top-1 (%), single centre crop (shorter side resized to "
                "size/0.875), for the models whose value the paper states."),
        models=models,
    )


def embench(seed: Path) -> MeasurementFile:
    rows = read_csv(seed / "embench2019_table1.csv")
    ids = resolve_unique((r["model"] for r in rows), "embench2019_table1.csv")
    models = [
        ModelResult(
            model_id=ids[r["model"]],
            name=r["model"],
            params=round(float(r["mparams"]) * 1e6),
            flops=Flops(
                gflops=round(float(r["mflops"]) * 2 / 1000, 6),
                convention=FlopsConvention.macs_x2,
                reported=f"{r['mflops']} MFLOPs (EmBench Table 1; ≈ one per multiply-add)",
            ),
            accuracy=[Accuracy(top1=float(r["top1"]), top5=float(r["top5"]),
                               kind=AccuracyKind.reference, source="embench2019", crop="center")],
        )
        for r in rows
    ]
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=run(EMBENCH,
                "EmBench's FLOPs count about one per multiply-add: gflops = MFLOPs x 2 / 1000, "
                "the printed figure is in flops.reported. params = M params x 1e6. Accuracies "
                "are reference values the paper took from the literature."),
        models=models,
    )


def pretrainedmodels_readme(seed: Path) -> MeasurementFile:
    rows = read_csv(seed / "pretrainedmodels074_readme_accuracy.csv")
    ids = resolve_unique((r["model"] for r in rows), "pretrainedmodels074_readme_accuracy.csv")
    by_name: dict[str, list[Accuracy]] = {name: [] for name in ids}
    for r in rows:
        seen = {a.evaluated_with for a in by_name[r["model"]]}
        if r["evaluated_with"] in seen:
            raise SystemExit(f"pretrainedmodels README: {r['model']} {r['evaluated_with']} twice")
        by_name[r["model"]].append(Accuracy(
            top1=float(r["top1"]), top5=float(r["top5"]), kind=AccuracyKind.reference,
            source="pretrainedmodels-readme", evaluated_with=r["evaluated_with"], crop="center",
        ))
    return MeasurementFile(
        schema_version=SCHEMA_VERSION,
        run=run(PRETRAINEDMODELS,
                "ImageNet-1k validation top-1/top-5 (%). evaluated_with `pytorch-port`: the "
                "package's own evaluation of its ported weights; otherwise the original "
                "framework of the reference figure the README quotes."),
        models=[ModelResult(model_id=ids[name], name=name, accuracy=acc)
                for name, acc in by_name.items()],
    )


OUTPUTS = {
    "bianco2018-titanxp.json": titanxp,
    "bianco2018-jetsontx1.json": jetsontx1,
    "bianco2018-top1.json": top1,
    "embench2019-table1.json": embench,
    "pretrainedmodels-readme.json": pretrainedmodels_readme,
}


def convert(seed: Path, out: Path) -> list[Path]:
    """Write every measurement file of `OUTPUTS` under `out`; return their paths."""
    return [write_file(build(seed), out / name) for name, build in OUTPUTS.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-dir", type=Path, default=REPO.parent / "shared" / "seed-data",
                        help="folder of the seed CSVs (default: ../shared/seed-data)")
    parser.add_argument("--out", type=Path, default=REPO / "measurements" / "published",
                        help="output folder (default: measurements/published)")
    args = parser.parse_args(argv)
    for path in convert(args.seed_dir, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
