"""The collector's model constructors, preprocessing, presets and ShuffleNet v1."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

from zoobench import registry  # noqa: E402
from zoobench.collect import models, presets  # noqa: E402
from zoobench.collect.flops import count  # noqa: E402


@pytest.mark.parametrize("model_id", presets.BIANCO2018)
def test_bianco2018_models_construct(model_id: str) -> None:
    with torch.device("meta"):
        model = models.create_model(model_id)
    assert not model.training
    pre = models.preprocess(model_id)
    assert pre.resolution_px == registry.get(model_id).resolution_px
    assert 0.8 <= pre.crop_ratio <= 1.0


def test_presets_name_registry_models() -> None:
    assert len(presets.BIANCO2018) == 44
    assert len(presets.CANZIANI2016) + len(presets.CANZIANI2016_MISSING) == 14
    for ids in presets.PRESETS.values():
        assert len(set(ids)) == len(ids)
        assert all(registry.is_known_id(i) for i in ids)


def test_preprocessing_comes_from_the_library() -> None:
    bn = models.preprocess("bninception")  # Caffe-style weights
    assert (bn.input_space, bn.input_range, bn.mean) == ("BGR", (0.0, 255.0), (104.0, 117.0, 128.0))
    inc = models.preprocess("inception_v3")
    assert (inc.resolution_px, inc.resize_px) == (299, 342)
    assert models.preprocess("vit_h_14").resolution_px == 518
    mob = models.preprocess("mobilenetv1_100")
    assert mob.interpolation == "bicubic" and mob.source.startswith("timm")


def test_timm_ids_and_unknown_models() -> None:
    with torch.device("meta"):
        net = models.create_model("timm:resnet10t")
        assert net(torch.empty(2, 3, 224, 224)).shape == (2, 1000)  # an ImageNet classifier
    from zoobench.errors import ZoobenchError

    with pytest.raises(ZoobenchError):
        models.create_model("timm:no_such_model_anywhere")


def test_shufflenet_v1_matches_the_published_architecture() -> None:
    """g = 3, 1×: ~1.9 M parameters and ~138 M multiply-adds (megvii-model/ShuffleNet-Series;
    the paper's Table 2 gives 140 MFLOPs, counting multiply-adds)."""
    model = models.create_model("shufflenet_v1_g3_x1_0")
    params = sum(p.numel() for p in model.parameters())
    assert params == 1_865_728  # 1,864,768 in the reference code, whose classifier has no bias (+960)
    assert abs(params - 1.9e6) / 1.9e6 < 0.03
    macs = count("shufflenet_v1_g3_x1_0", 224).gflops / 2 * 1e3
    assert 136 < macs < 141
    stage_out = [u.expand[0].out_channels + (u.compress[0].in_channels if u.stride == 2 else 0)
                 for u in model.stages]
    assert stage_out == [240] * 4 + [480] * 8 + [960] * 4


def test_shufflenet_v1_forward() -> None:
    model = models.create_model("shufflenet_v1_g3_x1_0")
    with torch.inference_mode():
        y = model(torch.randn(2, 3, 96, 96))
    assert y.shape == (2, 1000) and torch.isfinite(y).all()


def test_tiny_test_model_is_registered_but_not_listed() -> None:
    from zoobench.collect.tiny import TINY_ID

    assert TINY_ID not in models.list_models()
    assert TINY_ID in models.list_models(include_test=True)
    y = models.create_model(TINY_ID)(torch.randn(1, 3, 32, 32))
    assert y.shape == (1, 10)


def test_flop_count_leaves_shared_modules_alone() -> None:
    """pretrainedmodels' ResNeXt shares a module-level feature extractor between instances: the
    FLOP counter's meta-device fallback must not move it (regression)."""
    flops = count("resnext101_32x4d", 224)
    assert flops.gflops > 0
    model = models.create_model("resnext101_32x4d")
    assert {p.device.type for p in model.parameters()} == {"cpu"}
