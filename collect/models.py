"""Model constructors and preprocessing: the only way the collector reaches a model.

`create_model(id)` builds any registry model without weights (torchvision, pretrainedmodels, timm,
or zoobench's own), `preprocess(id)` gives the input settings of its weights as the library states
them. zoobench's own models (architectures no library ships) and test models enter through the
`register_model` decorator, each with its preprocessing beside its factory (as in timm).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import torch
from torch import nn

from zoobench import registry
from zoobench.errors import ZoobenchError

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass(frozen=True)
class Preprocess:
    """How the model's weights expect an image: resize shorter side, centre crop, scale, normalise."""

    resolution_px: int  # side of the centre crop fed to the model
    resize_px: int  # shorter side before the crop (resolution / crop ratio)
    mean: tuple[float, float, float] = IMAGENET_MEAN
    std: tuple[float, float, float] = IMAGENET_STD
    input_space: str = "RGB"  # RGB | BGR (channel order the model expects)
    input_range: tuple[float, float] = (0.0, 1.0)  # (0, 255) for Caffe-style weights
    interpolation: str = "bilinear"  # bilinear | bicubic
    source: str = ""  # where the settings come from

    @property
    def crop_ratio(self) -> float:
        return self.resolution_px / self.resize_px


@dataclass(frozen=True)
class OwnModel:
    factory: Callable[[], nn.Module]
    preprocess: Preprocess
    test_only: bool = False


_OWN: dict[str, OwnModel] = {}


def register_model(model_id: str, preprocess: Preprocess, *, test_only: bool = False
                   ) -> Callable[[Callable[[], nn.Module]], Callable[[], nn.Module]]:
    """Register a zoobench-built model factory (`@register_model("shufflenet_v1_g3_x1_0", ...)`)."""

    def decorate(fn: Callable[[], nn.Module]) -> Callable[[], nn.Module]:
        _OWN[model_id] = OwnModel(fn, preprocess, test_only)
        return fn

    return decorate


def _load_own() -> None:
    from zoobench.collect import shufflenet_v1, tiny  # noqa: F401  (registers their models)


def library_of(model_id: str) -> str:
    _load_own()
    if model_id in _OWN:
        return "zoobench"
    return registry.get(model_id).library


def create_model(model_id: str) -> nn.Module:
    """Build `model_id` without weights, in eval mode. Never touches the network."""
    library = library_of(model_id)
    if library == "zoobench":
        model = _OWN[model_id].factory()
    elif library == "torchvision":
        import torchvision

        kwargs: dict[str, object] = {}
        if model_id in ("googlenet", "inception_v3"):  # as torchvision builds them for weights
            kwargs.update(aux_logits=False, transform_input=True, init_weights=True)
        if model_id.startswith("vit_"):  # position embeddings fixed at the weights' resolution
            kwargs["image_size"] = _torchvision_preprocess(model_id).resolution_px
        model = torchvision.models.get_model(model_id, weights=None, **kwargs)
    elif library == "pretrainedmodels":
        model = _pretrainedmodels_module().__dict__[model_id](num_classes=1000, pretrained=None)
    elif library == "timm":
        import timm

        try:
            model = timm.create_model(model_id.removeprefix(registry.TIMM_PREFIX), pretrained=False)
        except RuntimeError as exc:  # timm: "Unknown model (...)"
            raise ZoobenchError(f"{model_id}: {exc}") from None
    else:  # pragma: no cover - the registry admits no other library
        raise ZoobenchError(f"{model_id}: no constructor for library {library!r}")
    return model.eval()


def preprocess(model_id: str) -> Preprocess:
    """The preprocessing of the model's (default) weights, from the library's own settings."""
    library = library_of(model_id)
    if library == "zoobench":
        return _OWN[model_id].preprocess
    if library == "torchvision":
        return _torchvision_preprocess(model_id)
    if library == "pretrainedmodels":
        return _pretrainedmodels_preprocess(model_id)
    return _timm_preprocess(model_id)


def list_models(pattern: str = "*", *, include_test: bool = False) -> list[str]:
    """Ids the collector can build: the registry (without `timm:` wildcards) plus own models."""
    _load_own()
    ids = [m.id for m in registry.all_models()]
    ids += [k for k, v in _OWN.items() if k not in ids and (include_test or not v.test_only)]
    return [i for i in ids if fnmatch.fnmatchcase(i, pattern)]


def is_test_model(model_id: str) -> bool:
    _load_own()
    return model_id in _OWN and _OWN[model_id].test_only


def default_weights(model_id: str) -> object | None:
    """torchvision's default weights enum member (with its metadata), else None."""
    if library_of(model_id) != "torchvision":
        return None
    from torchvision.models import get_model_weights

    return get_model_weights(model_id).DEFAULT


def weights_url(model_id: str) -> str | None:
    """Where the library downloads the default ImageNet weights from (to find them in the hub cache)."""
    library = library_of(model_id)
    if library == "torchvision":
        return default_weights(model_id).url  # type: ignore[union-attr]
    if library == "pretrainedmodels":
        return _pretrainedmodels_module().pretrained_settings[model_id]["imagenet"]["url"]
    return None


# --- per-library settings ---------------------------------------------------------------------


@cache
def _pretrainedmodels_module():
    # Its ResNeXt builds module-level feature extractors, shared by every instance, at import:
    # build them on the CPU even when the first import happens under torch.device("meta").
    with torch.device("cpu"):
        import pretrainedmodels

    return pretrainedmodels


def _torchvision_preprocess(model_id: str) -> Preprocess:
    weights = default_weights(model_id)
    t = weights.transforms()  # type: ignore[union-attr]
    return Preprocess(
        resolution_px=int(t.crop_size[0]),
        resize_px=int(t.resize_size[0]),
        mean=tuple(t.mean),  # type: ignore[arg-type]
        std=tuple(t.std),  # type: ignore[arg-type]
        interpolation=t.interpolation.value,
        source=f"torchvision {type(weights).__name__}.{weights.name}",  # type: ignore[union-attr]
    )


def _pretrainedmodels_preprocess(model_id: str) -> Preprocess:
    s = _pretrainedmodels_module().pretrained_settings[model_id]["imagenet"]
    side = int(max(s["input_size"][1:]))
    # pretrainedmodels.utils.TransformImage: resize to floor(size / 0.875), centre crop, bilinear
    return Preprocess(
        resolution_px=side,
        resize_px=int(side / 0.875),
        mean=tuple(float(v) for v in s["mean"]),  # type: ignore[arg-type]
        std=tuple(float(v) for v in s["std"]),  # type: ignore[arg-type]
        input_space=s["input_space"],
        input_range=(float(s["input_range"][0]), float(s["input_range"][1])),
        source=f"pretrainedmodels.pretrained_settings[{model_id!r}]['imagenet']",
    )


@cache
def _timm_preprocess(model_id: str) -> Preprocess:
    import timm
    import timm.data

    name = model_id.removeprefix(registry.TIMM_PREFIX)
    with torch.device("meta"):
        model = timm.create_model(name, pretrained=False)
    cfg = timm.data.resolve_data_config({}, model=model)
    side = int(cfg["input_size"][-1])
    return Preprocess(
        resolution_px=side,
        resize_px=int(side / cfg["crop_pct"]),
        mean=tuple(cfg["mean"]),
        std=tuple(cfg["std"]),
        interpolation=cfg["interpolation"],
        source=f"timm.data.resolve_data_config({name})",
    )
