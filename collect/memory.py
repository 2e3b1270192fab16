"""Memory: CUDA allocator peaks and NVML process total on GPUs; peak RSS over a baseline on CPUs."""

from __future__ import annotations

import gc
import resource
from pathlib import Path

import torch

from zoobench.collect import nvml
from zoobench.measurement import MB, Memory

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kib(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def rss_mb() -> float:
    kib = _status_kib("VmRSS")
    if kib is None:  # not Linux: the peak is the best we have
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux `clear_refs` 5); False where it cannot."""
    try:
        _CLEAR_REFS.write_text("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    kib = _status_kib("VmHWM")
    if kib is None:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kib / 1024


def free(device: torch.device) -> None:
    gc.collect()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
        torch.cuda.empty_cache()


def start(device: torch.device) -> None:
    """Before a batch: free caches and reset the peak counters."""
    free(device)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    reset_peak_rss()


def read(device: torch.device, baseline_rss_mb: float) -> Memory:
    """After a batch: the peaks since `start`; host RSS always, device counters on CUDA."""
    peak = peak_rss_mb()
    host = dict(host_rss_peak_mb=round(peak, 2),
                host_rss_delta_mb=round(max(0.0, peak - baseline_rss_mb), 2))
    if device.type != "cuda":
        return Memory(**host)
    return Memory(
        allocated_peak_mb=round(torch.cuda.max_memory_allocated(device) / MB, 2),
        reserved_peak_mb=round(torch.cuda.max_memory_reserved(device) / MB, 2),
        device_total_mb=nvml.process_memory_mb(device), **host,
    )


def is_oom(exc: BaseException) -> bool:
    """An allocation failure (CUDA or host), as opposed to any other error."""
    if isinstance(exc, torch.OutOfMemoryError | MemoryError):
        return True
    text = str(exc)
    return isinstance(exc, RuntimeError) and any(s in text for s in (
        "out of memory", "not enough memory", "DefaultCPUAllocator: can't allocate",
        "Cannot allocate memory", "CUDNN_STATUS_ALLOC_FAILED"))
