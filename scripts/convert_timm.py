"""Convert timm's published result files (`../shared/seed-data/timm/`) into measurement files.

Writes under `--out` (default `measurements/published/`), one file per CSV:

- `timm-benchmark-infer-*.json`: each inference benchmark CSV (`benchmark.py` output: one device,
  one precision, memory format and eager/compiled), through `zoobench import timm-benchmark`'s
  library function; device, settings and PyTorch/CUDA versions from the file name;
- `timm-results-*.json`: each ImageNet accuracy table (`results-*.csv`) as reference accuracies
  of source `timm`, per weight and evaluation resolution, with crop, interpolation and the
  pretraining data from `model_metadata-in1k.csv` (where it names the weight, or an architecture
  with only one weight).

Each file is `published`, cited as timm at the commit the seed README names; `created_at` is a
fixed constant, so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from zoobench import timm_import
from zoobench.measurement import write_file

REPO = Path(__file__).resolve().parents[1]
COMMIT = "aa4b5850c1543fa488abf260f18390eda46cf85d"
CREATED_AT = datetime(2026, 11, 21, tzinfo=UTC)
METADATA = "model_metadata-in1k.csv"


def convert(seed: Path, out: Path) -> list[Path]:
    """Check every CSV first, then write all files; return their paths."""
    docs = []
    for path in sorted(seed.glob("benchmark-infer-*.csv")):
        cfg = timm_import.TimmBenchmarkConfig(
            csvs=[path], citation=timm_import.timm_citation(path.name, COMMIT), created_at=CREATED_AT,
            notes=f"timm's published benchmark {path.name}, converted by scripts/convert_timm.py.",
        )
        docs.append((f"timm-{path.stem}.json", timm_import.benchmark_file(path, cfg)))
    pretrain = timm_import.read_pretrain(seed / METADATA)
    for path in sorted(seed.glob("results-*.csv")):
        cfg = timm_import.TimmResultsConfig(
            csvs=[path], citation=timm_import.timm_citation(path.name, COMMIT), created_at=CREATED_AT,
            notes=f"timm's published evaluation {path.name} (pretraining data from {METADATA}), "
            "converted by scripts/convert_timm.py.",
        )
        docs.append((f"timm-{path.stem}.json", timm_import.results_file(path, cfg, pretrain)))
    return [write_file(doc, out / name) for name, doc in docs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-dir", type=Path, default=REPO.parent / "shared" / "seed-data" / "timm",
                        help="folder of timm's CSVs (default: ../shared/seed-data/timm)")
    parser.add_argument("--out", type=Path, default=REPO / "measurements" / "published",
                        help="output folder (default: measurements/published)")
    args = parser.parse_args(argv)
    for path in convert(args.seed_dir, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
