"""Energy per image and mean power from NVML's total-energy counter (NVIDIA GPUs, Volta+)."""

from __future__ import annotations

import time
from collections.abc import Callable

import torch

from zoobench.collect import nvml
from zoobench.measurement import Energy

MIN_WINDOW_S = 1.0  # well above the counter's update period and the 1 s power averaging


def measure(step: Callable[[], object], device: torch.device, batch_size: int,
            seconds: float = MIN_WINDOW_S) -> Energy | None:
    """Run `step` for at least `seconds` between two counter readings; None without NVML."""
    if device.type != "cuda":
        return None
    torch.cuda.synchronize(device)
    e0, t0 = nvml.energy_mj(device), time.perf_counter()
    if e0 is None:
        return None
    n = 0
    while n == 0 or time.perf_counter() - t0 < max(seconds, MIN_WINDOW_S):
        step()
        n += 1
        if n % 8 == 0:
            torch.cuda.synchronize(device)
    torch.cuda.synchronize(device)
    e1, window = nvml.energy_mj(device), time.perf_counter() - t0
    if e1 is None or e1 < e0:
        return None
    joules = (e1 - e0) / 1e3
    return Energy(per_image_j=round(joules / (n * batch_size), 6), mean_power_w=round(joules / window, 3),
                  window_s=round(window, 4), method="nvml-total-energy")
