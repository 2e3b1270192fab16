"""Named model sets: the models of the studies zoobench re-measures."""

from __future__ import annotations

import json
from pathlib import Path

from zoobench.errors import ZoobenchError

# Bianco et al. 2018, "Benchmark Analysis of Representative Deep Neural Network Architectures",
# Table 1: 44 models. ResNeXt-101 (64x4d) is torchvision's (same architecture as pretrainedmodels').
BIANCO2018 = (
    "alexnet", "bninception", "cafferesnet101", "densenet121", "densenet161", "densenet169",
    "densenet201", "dpn68", "dpn98", "dpn131", "fbresnet152", "googlenet", "inceptionresnetv2",
    "inception_v3", "inceptionv4", "mobilenetv1_100", "mobilenet_v2", "nasnetalarge",
    "nasnetamobile", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    "resnext101_32x4d", "resnext101_64x4d", "se_resnet50", "se_resnet101", "se_resnet152",
    "se_resnext50_32x4d", "se_resnext101_32x4d", "senet154", "shufflenet_v1_g3_x1_0",
    "squeezenet1_0", "squeezenet1_1", "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16",
    "vgg16_bn", "vgg19", "vgg19_bn", "xception",
)

# Canziani et al. 2016, "An Analysis of Deep Neural Network Models for Practical Applications":
# 14 models, of which these 11 are in a library. Missing: BN-AlexNet and BN-NIN (the authors'
# own Torch7 trainings, never released in a PyTorch library) and ENet (a segmentation network
# the authors adapted to ImageNet classification; no ImageNet classifier version is shipped).
CANZIANI2016 = (
    "alexnet", "googlenet", "inception_v3", "inceptionv4", "resnet18", "resnet34", "resnet50",
    "resnet101", "resnet152", "vgg16", "vgg19",
)
CANZIANI2016_MISSING = {
    "BN-AlexNet": "the authors' own Torch7 training; no library ships it",
    "BN-NIN": "the authors' own Torch7 training; no library ships it",
    "ENet": "a segmentation network adapted to ImageNet by the authors; no classifier is shipped",
}

# Almeida et al. 2019, "EmBench: Quantifying Performance Variations of Deep Neural Networks
# across Modern Commodity Devices", Table 1: 26 models, all in a library.
EMBENCH2019 = (
    "alexnet", "vgg11", "vgg13", "vgg16", "vgg19", "resnet18", "resnet34", "resnet50", "resnet101",
    "resnet152", "inception_v3", "inceptionv4", "squeezenet1_0", "squeezenet1_1", "densenet121",
    "densenet169", "densenet201", "densenet161", "xception", "mobilenet_v2", "shufflenet_v2_x0_5",
    "shufflenet_v2_x1_0", "mnasnet1_0", "pnasnet5large", "nasnetalarge", "nasnetamobile",
)

# The k models that measured on a new device let `zoobench predict` fill in the rest best, chosen
# from the data by scripts/probe_models.py (how: the file's "how"; error: README, bench_predict.py).
PROBE_FILE = Path(__file__).with_name("probe_models.json")
PROBE = tuple(json.loads(PROBE_FILE.read_text("utf-8"))["models"])

PRESETS: dict[str, tuple[str, ...]] = {
    "bianco2018": BIANCO2018,
    "canziani2016": CANZIANI2016,
    "embench2019": EMBENCH2019,
    "probe": PROBE,
}


def get(name: str) -> tuple[str, ...]:
    try:
        return PRESETS[name]
    except KeyError:
        raise ZoobenchError(f"unknown preset {name!r}; presets: {', '.join(PRESETS)}") from None


def missing(name: str) -> dict[str, str]:
    """Models of the study that no library provides, with the reason."""
    return {"canziani2016": CANZIANI2016_MISSING}.get(name, {})
