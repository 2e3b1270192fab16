"""The accuracy evaluator on an ImageFolder made here, with checkpoints whose top-1 is known."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

from PIL import Image  # noqa: E402

from zoobench.collect import accuracy, models  # noqa: E402
from zoobench.collect.runner import CollectConfig, collect  # noqa: E402
from zoobench.errors import ZoobenchError  # noqa: E402
from zoobench.measurement import AccuracyKind, load_file  # noqa: E402

# images per class folder: n0 has 4, n1..n4 one each, n5 two (10 images, 6 classes)
COUNTS = {"n0": 4, "n1": 1, "n2": 1, "n3": 1, "n4": 1, "n5": 2}


def _imagefolder(root: Path) -> Path:
    for i, (cls, n) in enumerate(COUNTS.items()):
        (root / cls).mkdir(parents=True)
        for j in range(n):
            Image.new("RGB", (20, 16), (40 * i, 10 * j, 200)).save(root / cls / f"{j}.png")
    return root


def _constant_squeezenet_checkpoint(path: Path) -> Path:
    """SqueezeNet 1.1 whose logits ignore the image: class k scores 1 - 0.1 k for k < 5, else 0.
    So top-1 is always class 0 and top-5 is classes 0-4: on COUNTS, top-1 40 %, top-5 80 %."""
    model = models.create_model("squeezenet1_1")
    conv = model.classifier[1]
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.zero_()
        conv.bias[:5] = torch.tensor([1.0, 0.9, 0.8, 0.7, 0.6])
    torch.save({"state_dict": {f"module.{k}": v for k, v in model.state_dict().items()}}, path)
    return path


def test_collect_measures_accuracy_with_weights_and_imagenet_val(tmp_path: Path) -> None:
    val = _imagefolder(tmp_path / "val")
    ckpt = _constant_squeezenet_checkpoint(tmp_path / "squeezenet.pth")
    cfg = CollectConfig(models=["squeezenet1_1"], batch_sizes=(1,), out=tmp_path / "out",
                        warmup=1, iters=1, min_seconds=0.0, resolution_px=64, weights=ckpt,
                        imagenet_val=val)
    doc = load_file(collect(cfg).path)
    [ref, measured] = doc.models[0].accuracy
    assert ref.kind is AccuracyKind.reference and ref.source == "torchvision"
    assert measured.kind is AccuracyKind.measured
    assert (measured.top1, measured.top5, measured.images) == (40.0, 80.0, 10)
    assert measured.weights == "squeezenet.pth"


def test_evaluate_learned_colour_classifier(tmp_path: Path) -> None:
    """A 1×1 conv classifier on the mean colour: red folder → class 0, blue folder → class 1;
    one red image filed under blue makes top-1 exactly 90 %."""
    for cls, colours in {"a_red": [(250, 0, 0)] * 5, "b_blue": [(0, 0, 250)] * 4 + [(250, 0, 0)]}.items():
        (tmp_path / cls).mkdir()
        for j, c in enumerate(colours):
            Image.new("RGB", (8, 8), c).save(tmp_path / cls / f"{j}.png")
    model = torch.nn.Sequential(torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(3, 2))
    with torch.no_grad():
        model[2].weight.copy_(torch.tensor([[1.0, 0.0, -1.0], [-1.0, 0.0, 1.0]]))
        model[2].bias.zero_()
    ckpt = tmp_path.parent / "colour.pth"
    torch.save(model.state_dict(), ckpt)
    model[2].weight.data.zero_()
    accuracy.load_weights(model, ckpt)  # weights_only=True
    pre = models.Preprocess(8, 8, mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))
    seen: list[int] = []
    acc = accuracy.evaluate(model, pre, tmp_path, torch.device("cpu"), batch_size=3, workers=0,
                            progress=lambda done, total: seen.append(done))
    assert (acc.top1, acc.top5, acc.images) == (90.0, 100.0, 10)
    assert seen == [3, 6, 9, 10]


def test_transform_applies_bgr_and_0_255_range() -> None:
    pre = models.preprocess("bninception")  # BGR, 0-255, mean 104/117/128, std 1
    x = accuracy.transform(pre)(Image.new("RGB", (300, 300), (255, 128, 0)))
    assert x.shape == (3, 224, 224)
    assert x[:, 0, 0].tolist() == pytest.approx([0 - 104, 128 - 117, 255 - 128], abs=0.6)


def test_a_pickled_object_checkpoint_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.pth"
    torch.save({"state_dict": {}, "hook": Path("x")}, path)  # not loadable with weights_only
    with pytest.raises(ZoobenchError, match="weights-only"):
        accuracy.load_weights(torch.nn.Linear(1, 1), path)


def test_reference_accuracy_is_marked_reference() -> None:
    [a] = accuracy.reference("resnet50")
    assert (a.kind, a.source, a.weights, a.top1) == ("reference", "torchvision", "IMAGENET1K_V2", 80.858)
    assert accuracy.reference("shufflenet_v1_g3_x1_0") == []
    pm = accuracy.reference("se_resnext50_32x4d")
    if accuracy.pretrainedmodels_readme() is not None:
        assert pm and pm[0].source == "pretrainedmodels-readme" and pm[0].evaluated_with == "pytorch-port"
