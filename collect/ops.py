"""Per-operator-type time with torch.profiler, grouped as in EmBench's Figure 4."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch.profiler import ProfilerActivity, profile

from zoobench.measurement import OpCategory

# Substrings of aten operator names, checked in this order.
_RULES: tuple[tuple[OpCategory, tuple[str, ...]], ...] = (
    (OpCategory.convolution, ("conv", "cudnn_convolution", "mkldnn_convolution")),
    (OpCategory.batch_norm, ("batch_norm", "layer_norm", "group_norm", "native_norm")),
    (OpCategory.pooling, ("pool",)),
    (OpCategory.linear, ("addmm", "linear", "::mm", "matmul", "bmm", "scaled_dot_product")),
    (OpCategory.activation, ("relu", "gelu", "silu", "sigmoid", "tanh", "hardswish",
                             "hardsigmoid", "softmax", "elu", "mish", "hardtanh", "clamp")),
)
# Operators that only call others: counting them too would count time twice.
_WRAPPERS = ("aten::_convolution", "aten::convolution", "aten::conv2d", "aten::linear",
             "aten::batch_norm", "aten::_batch_norm_impl_index", "aten::matmul", "aten::layer_norm")


def category(op_name: str) -> OpCategory:
    name = op_name.lower()
    for cat, needles in _RULES:
        if any(n in name for n in needles):
            return cat
    return OpCategory.other


def op_times_ms(step: Callable[[], object], device: torch.device, repeats: int = 3
                ) -> dict[OpCategory, float]:
    """Mean time per category for one call of `step` (self time of each aten op, device time on CUDA)."""
    activities = [ProfilerActivity.CPU]
    if device.type == "cuda":
        activities.append(ProfilerActivity.CUDA)
    with profile(activities=activities) as prof:
        for _ in range(repeats):
            step()
        if device.type == "cuda":
            torch.cuda.synchronize(device)
    totals = dict.fromkeys(OpCategory, 0.0)
    for ev in prof.key_averages():
        if not ev.key.startswith("aten::") or ev.key in _WRAPPERS:
            continue
        if device.type == "cuda":
            us = getattr(ev, "self_device_time_total", 0) or getattr(ev, "self_cuda_time_total", 0)
        else:
            us = ev.self_cpu_time_total
        totals[category(ev.key)] += us / 1e3 / repeats
    return {k: round(v, 4) for k, v in totals.items()}
