"""ShuffleNet v1 (Zhang et al., CVPR 2018), which no library ships: a clean implementation.

Table 1 of the paper: a 3×3 stride-2 convolution (24 channels) and a 3×3 max pool, then three
stages of ShuffleNet units (4, 8, 4 units; the first of each has stride 2 and concatenates an
average-pooled shortcut), global pooling and a 1000-way classifier. Each unit: 1×1 group
convolution → channel shuffle → 3×3 depthwise convolution → 1×1 group convolution, with the
bottleneck a quarter of the unit's output channels. The first 1×1 of stage 2 is not grouped (its
input has only 24 channels). With g = 3 at 1× the stages have 240, 480 and 960 channels:
~140 M multiply-adds and ~1.9 M parameters (the reference implementation, megvii-model/ShuffleNet-Series).
"""

from __future__ import annotations

import torch
from torch import nn

from zoobench.collect.models import Preprocess, register_model

STAGE_CHANNELS = {1: (144, 288, 576), 2: (200, 400, 800), 3: (240, 480, 960),
                  4: (272, 544, 1088), 8: (384, 768, 1536)}
STAGE_REPEATS = (4, 8, 4)


def channel_shuffle(x: torch.Tensor, groups: int) -> torch.Tensor:
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).reshape(n, c, h, w)


def _conv_bn(cin: int, cout: int, k: int, stride: int = 1, groups: int = 1) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]


class ShuffleUnit(nn.Module):
    def __init__(self, cin: int, cout: int, groups: int, stride: int, group_first: bool = True) -> None:
        super().__init__()
        self.stride = stride
        self.groups = groups if group_first else 1  # shuffle only after a grouped 1×1
        mid = cout // 4
        branch_out = cout - cin if stride == 2 else cout  # stride 2: concat with the shortcut
        self.compress = nn.Sequential(*_conv_bn(cin, mid, 1, groups=self.groups), nn.ReLU(inplace=True))
        self.depthwise = nn.Sequential(*_conv_bn(mid, mid, 3, stride, groups=mid))
        self.expand = nn.Sequential(*_conv_bn(mid, branch_out, 1, groups=groups))
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.compress(x)
        if self.groups > 1:
            out = channel_shuffle(out, self.groups)
        out = self.expand(self.depthwise(out))
        if self.stride == 2:
            return self.relu(torch.cat((nn.functional.avg_pool2d(x, 3, 2, 1), out), 1))
        return self.relu(x + out)


class ShuffleNetV1(nn.Module):
    def __init__(self, groups: int = 3, width: float = 1.0, num_classes: int = 1000) -> None:
        super().__init__()
        channels = [int(c * width) for c in STAGE_CHANNELS[groups]]
        stem = 24 if width <= 1.0 else int(24 * width)
        self.stem = nn.Sequential(*_conv_bn(3, stem, 3, 2), nn.ReLU(inplace=True),
                                  nn.MaxPool2d(3, 2, 1))
        units: list[nn.Module] = []
        cin = stem
        for stage, (cout, repeats) in enumerate(zip(channels, STAGE_REPEATS, strict=True)):
            for i in range(repeats):
                units.append(ShuffleUnit(cin, cout, groups, 2 if i == 0 else 1,
                                         group_first=not (stage == 0 and i == 0)))
                cin = cout
        self.stages = nn.Sequential(*units)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(cin, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(self.pool(self.stages(self.stem(x))), 1))


@register_model("shufflenet_v1_g3_x1_0", Preprocess(224, 256, source="zoobench (ImageNet standard)"))
def shufflenet_v1_g3_x1_0() -> nn.Module:
    return ShuffleNetV1(groups=3, width=1.0)
