"""NVML (nvidia-ml-py) readings: driver, this process's device memory, the energy counter.

Every function returns None where NVML is missing or does not support the reading.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import torch

from zoobench.measurement import MB


@cache
def _nvml() -> Any | None:
    try:
        import pynvml  # the module of the `nvidia-ml-py` distribution

        pynvml.nvmlInit()
    except Exception:  # no library, no driver, no GPU
        return None
    return pynvml


def driver_version() -> str | None:
    nv = _nvml()
    if nv is None:
        return None
    v = nv.nvmlSystemGetDriverVersion()
    return v.decode() if isinstance(v, bytes) else v


def handle(device: torch.device) -> Any | None:
    """The NVML handle of a CUDA device, matched by PCI bus id (CUDA_VISIBLE_DEVICES-proof)."""
    nv = _nvml()
    if nv is None:
        return None
    props = torch.cuda.get_device_properties(device)
    try:
        bus = f"{props.pci_domain_id:08x}:{props.pci_bus_id:02x}:{props.pci_device_id:02x}.0"
        return nv.nvmlDeviceGetHandleByPciBusId(bus)
    except Exception:
        try:
            return nv.nvmlDeviceGetHandleByIndex(device.index or 0)
        except Exception:
            return None


def process_memory_mb(device: torch.device) -> float | None:
    """Device memory this process holds (CUDA context and allocator cache included)."""
    nv, h = _nvml(), handle(device)
    if nv is None or h is None:
        return None
    try:
        procs = nv.nvmlDeviceGetComputeRunningProcesses(h)
    except Exception:
        return None
    used = [p.usedGpuMemory for p in procs if p.pid == os.getpid() and p.usedGpuMemory]
    return round(sum(used) / MB, 2) if used else None


def energy_mj(device: torch.device) -> int | None:
    """The GPU's total-energy counter in millijoules (Volta and newer)."""
    nv, h = _nvml(), handle(device)
    if nv is None or h is None:
        return None
    try:
        return int(nv.nvmlDeviceGetTotalEnergyConsumption(h))
    except Exception:
        return None
