"""Accuracy: measured top-1/top-5 on an ImageFolder with the model's own preprocessing, or the
reference accuracy of its weights (torchvision metadata, shipped pretrainedmodels data)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import torch
from torch import nn

from zoobench import paths
from zoobench.collect import models
from zoobench.errors import ZoobenchError
from zoobench.measurement import Accuracy, AccuracyKind

# Reference accuracy of pretrainedmodels' ported weights: a shipped measurement file of the repository.
PRETRAINEDMODELS_README = ("measurements", "published", "pretrainedmodels-readme.json")


def pretrainedmodels_readme() -> Path | None:
    """The file, in the current folder or the checkout; None (and no reference accuracy for
    pretrainedmodels weights) outside a checkout — the runner says so."""
    return paths.find(*PRETRAINEDMODELS_README)


def transform(pre: models.Preprocess) -> Callable[[object], torch.Tensor]:
    """PIL image → model input: resize shorter side, centre crop, range, channel order, normalise."""
    from torchvision import transforms as T

    interp = {"bicubic": T.InterpolationMode.BICUBIC}.get(pre.interpolation,
                                                          T.InterpolationMode.BILINEAR)
    steps: list[Callable] = [T.Resize(pre.resize_px, interpolation=interp),
                             T.CenterCrop(pre.resolution_px), T.ToTensor()]
    if pre.input_space == "BGR":
        steps.append(lambda x: x[[2, 1, 0]])
    if pre.input_range[1] > 1:
        steps.append(lambda x: x * pre.input_range[1])
    steps.append(T.Normalize(pre.mean, pre.std))
    return T.Compose(steps)


def cached_weights(model_id: str) -> Path | None:
    """The default weights' file in the torch hub cache, if a previous download left it there."""
    url = models.weights_url(model_id)
    if not url:
        return None
    path = Path(torch.hub.get_dir()) / "checkpoints" / Path(urlparse(url).path).name
    return path if path.is_file() else None


def load_weights(model: nn.Module, path: Path) -> None:
    """Load a checkpoint with `weights_only=True` (a state_dict, or one under `state_dict`/`model`)."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise ZoobenchError(f"{path}: cannot load as a weights-only checkpoint: {exc}") from None
    for key in ("state_dict", "model"):
        if isinstance(state, dict) and isinstance(state.get(key), dict):
            state = state[key]
    state = {k.removeprefix("module."): v for k, v in state.items()}
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:
        raise ZoobenchError(f"{path}: does not fit the model: {str(exc)[:500]}") from None


@torch.inference_mode()
def evaluate(model: nn.Module, pre: models.Preprocess, root: Path, device: torch.device, *,
             batch_size: int = 64, workers: int = 2, weights: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> Accuracy:
    """Top-1/top-5 (%) over an ImageFolder (class folders sorted = class indices)."""
    from torchvision.datasets import ImageFolder

    if not root.is_dir():
        raise ZoobenchError(f"{root}: not a directory (expected an ImageFolder: one folder per class)")
    data = ImageFolder(str(root), transform=transform(pre))
    loader = torch.utils.data.DataLoader(data, batch_size=batch_size, num_workers=workers)
    model = model.eval().to(device)
    top1 = top5 = seen = 0
    for images, labels in loader:
        logits = model(images.to(device))
        k = min(5, logits.shape[1])
        best = logits.topk(k, dim=1).indices.cpu()
        hit = best == labels[:, None]
        top1 += int(hit[:, 0].sum())
        top5 += int(hit.any(dim=1).sum())
        seen += len(labels)
        if progress:
            progress(seen, len(data))
    if seen == 0:
        raise ZoobenchError(f"{root}: no images found")
    return Accuracy(top1=round(100 * top1 / seen, 4), top5=round(100 * top5 / seen, 4),
                    dataset=f"imagefolder:{root.name}" if root.name != "val" else "imagenet-1k-val",
                    kind=AccuracyKind.measured, source="zoobench", weights=weights, images=seen)


@cache
def _pretrainedmodels_readme() -> dict[str, list[Accuracy]]:
    from zoobench.measurement import load_file

    path = pretrainedmodels_readme()
    if path is None:
        return {}
    try:
        doc = load_file(path)
    except ZoobenchError:
        return {}
    out: dict[str, list[Accuracy]] = {}
    for m in doc.models:
        out.setdefault(m.model_id, []).extend(a for a in m.accuracy if a.evaluated_with == "pytorch-port")
    return out


def reference(model_id: str) -> list[Accuracy]:
    """Reference accuracy of the model's default weights, marked `reference`; [] when unknown."""
    w = models.default_weights(model_id)
    if w is not None:
        metrics = w.meta.get("_metrics", {}).get("ImageNet-1K", {})  # type: ignore[attr-defined]
        if metrics:
            return [Accuracy(top1=metrics.get("acc@1"), top5=metrics.get("acc@5"),
                             kind=AccuracyKind.reference, source="torchvision",
                             evaluated_with="pytorch", weights=w.name)]  # type: ignore[attr-defined]
    out = []
    for a in _pretrainedmodels_readme().get(model_id, [])[:1]:
        out.append(Accuracy(top1=a.top1, top5=a.top5, kind=AccuracyKind.reference,
                            source="pretrainedmodels-readme", evaluated_with=a.evaluated_with,
                            weights=a.weights or "imagenet", crop=a.crop, dataset=a.dataset))
    return out
