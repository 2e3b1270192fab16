"""Params equal torchvision's `num_params`, FLOPs equal 2 × its `_ops` (multiply-adds) within 1 %."""

from __future__ import annotations

import warnings

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

import torchvision  # noqa: E402
from torchvision.models import get_model, get_model_weights, list_models  # noqa: E402

from zoobench.collect import flops, models  # noqa: E402

ALL = sorted(list_models(module=torchvision.models))
# models whose weights' metadata counts a part the inference model leaves out
_AUX = {"googlenet", "inception_v3"}
FAST = ["alexnet", "convnext_tiny", "densenet121", "efficientnet_b0", "efficientnet_v2_s",
        "googlenet", "inception_v3", "maxvit_t", "mnasnet0_5", "mobilenet_v2",
        "mobilenet_v3_small", "regnet_x_400mf", "regnet_y_400mf", "resnet50", "resnext50_32x4d",
        "shufflenet_v2_x1_0", "squeezenet1_1", "swin_t", "swin_v2_t", "vgg11", "vit_b_16",
        "vit_h_14", "wide_resnet50_2"]


def _all_weights() -> list[tuple[str, str]]:
    return [(m, w.name) for m in ALL for w in get_model_weights(m)]


def _check(model_id: str, weights_name: str) -> None:
    weights = get_model_weights(model_id)[weights_name]
    crop = weights.transforms().crop_size[0]
    kwargs: dict[str, object] = {}
    if model_id.startswith("vit_"):
        kwargs["image_size"] = crop
    if model_id in _AUX:
        kwargs.update(aux_logits=False, transform_input=True, init_weights=True)
    if weights.meta.get("categories") is not None:  # None for VGG-16's feature-only weights
        kwargs["num_classes"] = len(weights.meta["categories"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with torch.device("meta"):
                model = get_model(model_id, weights=None, **kwargs).eval()
        except NotImplementedError:  # a constructor that reads tensor data (RegNet)
            model = get_model(model_id, weights=None, **kwargs).eval().to("meta")
    x = torch.empty(1, 3, crop, crop, device="meta")
    params = sum(p.numel() for p in model.parameters())
    if model_id not in _AUX:  # their num_params includes the auxiliary classifiers
        assert params == weights.meta["num_params"], (model_id, weights_name)
    total = sum(flops._count(model, x).values()) / 1e9
    expected = 2 * weights.meta["_ops"]
    # `_ops` is GMACs printed with 3 decimals: allow 1 % or the rounding, whichever is larger
    assert abs(total - expected) <= max(0.01 * expected, 2 * 0.0005), (model_id, weights_name, total, expected)


@pytest.mark.parametrize("model_id", FAST)
def test_default_weights_params_and_flops(model_id: str) -> None:
    _check(model_id, get_model_weights(model_id).DEFAULT.name)


@pytest.mark.parametrize("model_id", ["resnet18", "vit_b_16", "inception_v3", "efficientnet_b3"])
def test_the_collectors_own_path_agrees(model_id: str) -> None:
    """flops.count (create_model at the default weights' resolution) gives the same figure."""
    weights = get_model_weights(model_id).DEFAULT
    got = flops.count(model_id, models.preprocess(model_id).resolution_px)
    assert abs(got.gflops - 2 * weights.meta["_ops"]) / (2 * weights.meta["_ops"]) < 0.01
    assert got.by_operator and abs(sum(got.by_operator.values()) - got.gflops) < 1e-3
    if model_id not in _AUX:
        with torch.device("meta"):
            model = models.create_model(model_id)
        assert sum(p.numel() for p in model.parameters()) == weights.meta["num_params"]


@pytest.mark.slow
@pytest.mark.parametrize(("model_id", "weights_name"), _all_weights())
def test_every_weight_params_and_flops(model_id: str, weights_name: str) -> None:
    _check(model_id, weights_name)
