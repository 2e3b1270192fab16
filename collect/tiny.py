"""A tiny CNN for tests: the whole collect pipeline runs on it in seconds on a CPU."""

from __future__ import annotations

from torch import nn

from zoobench.collect.models import Preprocess, register_model

TINY_ID = "zoobench_tiny_cnn"


@register_model(TINY_ID, Preprocess(32, 36, source="zoobench test model"), test_only=True)
def zoobench_tiny_cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
        nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10),
    )
