"""Write torchvision's own weight metadata as a reference measurement file.

Produces `measurements/published/torchvision-<version>-weights.json` (`--out` picks the folder):
one model entry per (classification model, weights) of `torchvision.models` (the quantization,
detection, segmentation, video and optical-flow submodules are left out), no device. Nothing is
instantiated or downloaded: everything comes from the weights enums' `meta` and `transforms()`.

Conventions applied:

- `weights` is the enum member name (`IMAGENET1K_V2`); `name` the builder name (`resnet50`).
- `resolution_px` = the weights' `transforms().crop_size` (ViT-H/14 SWAG E2E is 518 px, ...).
- `params` = `meta["num_params"]` (it can differ between weights of one model).
- `file_size_mb` = `meta["_file_size"]`: torchvision computes it as the checkpoint's bytes
  / 1024 / 1024, rounded to 3 decimals, so it is already MiB and is kept as is.
- FLOPs: `meta["_ops"]` counts GFLOPs as multiply-adds (conv/matmul/linear, batch 1, crop size),
  so `gflops` = 2 x `_ops` (convention `macs_x2`); the figure as given is in `flops.reported`.
- accuracy: `meta["_metrics"]["ImageNet-1K"]` acc@1/acc@5, a `reference` value, single centre
  crop with the weights' own preprocessing. torchvision writes NaN where there is none
  (`vgg16` `IMAGENET1K_FEATURES`, feature-extraction weights): that entry gets no accuracy.
- The version in the file name and in `software.torchvision` is the public one (`0.29.1`, not
  `0.29.1+cu130`): the metadata does not depend on the build. `created_at` is a fixed
  constant, so the output is byte-for-byte reproducible for a given torchvision version.
"""

from __future__ import annotations

import argparse
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torchvision
from torchvision.models import get_model_weights, list_models

import zoobench
from zoobench import registry
from zoobench.measurement import (
    SCHEMA_VERSION,
    Accuracy,
    AccuracyKind,
    Citation,
    Flops,
    FlopsConvention,
    MeasurementFile,
    ModelResult,
    Run,
    Software,
    Source,
    Tool,
    write_file,
)

REPO = Path(__file__).resolve().parents[1]
CREATED_AT = datetime(2026, 11, 21, tzinfo=UTC)


def public_version() -> str:
    """torchvision's version without the local build tag (`+cu130`, `+cpu`)."""
    return torchvision.__version__.split("+")[0]


def file_name(version: str) -> str:
    return f"torchvision-{version}-weights.json"


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value


def model_entry(model: str, weights: Any) -> ModelResult:
    meta = weights.meta
    ops = meta["_ops"]
    # NaN = no accuracy (vgg16 IMAGENET1K_FEATURES has no classifier): null, no entry.
    metrics = meta.get("_metrics", {}).get("ImageNet-1K", {})
    top1, top5 = (_number(metrics.get(k)) for k in ("acc@1", "acc@5"))
    accuracy = [] if top1 is None and top5 is None else [Accuracy(
        top1=top1, top5=top5, kind=AccuracyKind.reference, source="torchvision",
        weights=weights.name, crop="center",
    )]
    return ModelResult(
        model_id=registry.resolve(model),
        name=model,
        weights=weights.name,
        resolution_px=weights.transforms().crop_size[0],
        params=meta["num_params"],
        file_size_mb=meta["_file_size"],
        flops=Flops(
            gflops=round(2 * ops, 6),
            convention=FlopsConvention.macs_x2,
            reported=f"{ops} GFLOPS in torchvision metadata (multiply-adds)",
        ),
        accuracy=accuracy,
    )


def build(version: str) -> MeasurementFile:
    models = [
        model_entry(model, weights)
        for model in list_models(module=torchvision.models)
        for weights in get_model_weights(model)  # enum iteration skips the DEFAULT alias
    ]
    citation = Citation(
        id="torchvision",
        authors=["TorchVision maintainers and contributors"],
        title="TorchVision: PyTorch's Computer Vision library",
        venue=f"software (torchvision {version})",
        year=2016,
        url="https://github.com/pytorch/vision",
        locator="torchvision.models weight metadata",
    )
    run = Run(
        created_at=CREATED_AT,
        tool=Tool(name="scripts/torchvision_reference.py", version=zoobench.__version__),
        source=Source.published,
        citation=citation,
        notes="Reference metadata of every classification weight of torchvision.models: params "
        "= num_params; file_size_mb = _file_size (checkpoint bytes / 2**20); gflops = 2 x _ops "
        "(multiply-adds at batch 1, at the weights' crop size); accuracy = ImageNet-1K "
        "acc@1/acc@5 with the weights' own preprocessing (resize, centre crop).",
    )
    return MeasurementFile(schema_version=SCHEMA_VERSION, run=run,
                           software=Software(torchvision=version), models=models)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "measurements" / "published",
                        help="output folder (default: measurements/published)")
    args = parser.parse_args(argv)
    version = public_version()
    print(write_file(build(version), args.out / file_name(version)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
