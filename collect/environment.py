"""The environment, captured by itself: device (CPU or GPU) and software versions."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import platform
import re
import socket
import subprocess
from pathlib import Path

import torch

import zoobench
from zoobench import paths
from zoobench.measurement import MB, Device, DeviceKind, Software, Tool


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_counts() -> tuple[int | None, int | None]:
    """(physical cores, hardware threads) of the CPUs this process may run on."""
    import psutil

    threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = psutil.cpu_count(logical=False)
    if cores and threads and cores > threads:
        cores = threads
    return cores or threads, threads


def slug(text: str) -> str:
    """`Intel(R) Xeon(R) Processor @ 2.50GHz` → `intel-xeon-processor-2-50ghz` (a device-id part)."""
    s = re.sub(r"\((r|tm|c)\)", "", text.lower())
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:64].strip("-") or "device"


def _short_cpu(name: str) -> str:
    name = re.sub(r"\((R|TM|C)\)", "", name, flags=re.I)
    name = re.sub(r"\s+@.*$|\b(CPU|Processor|\d+-Core)\b", "", name, flags=re.I)
    return slug(name)


def _fingerprint(*parts: object) -> str:
    """Six hex digits of the hardware's own description: the short readable id drops words (`@ 2.50GHz`)
    that tell two machines apart; this keeps them apart, and one machine always hashes the same."""
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:6]


def device_id(device: str, name: str | None = None) -> str:
    """Stable folder name: the friendly name's slug, else derived from the hardware: a readable part
    and a fingerprint of the exact model strings (GPU name and memory, CPU model and cores). Ids made
    before the fingerprint (`cpu-intel-xeon-2c`) stay as they are; ingest refuses a file that reuses
    any id for other hardware (`db/ownership.py`)."""
    if name:
        return slug(name)
    cores, _ = cpu_counts()
    cpu = cpu_model()
    if device.startswith("cuda"):
        props = torch.cuda.get_device_properties(torch.device(device))
        tag = _fingerprint(props.name, props.total_memory, cpu)
        return f"{slug(props.name)[:57]}-{tag}"
    return f"{f'cpu-{_short_cpu(cpu)}-{cores}c'[:57].strip('-')}-{_fingerprint(cpu, cores)}"


def _git_commit() -> str | None:
    root = paths.checkout()
    if root is None:
        return None
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if re.fullmatch(r"[0-9a-f]{7,40}", out) else None


def tool() -> Tool:
    return Tool(name="zoobench collect", version=zoobench.__version__, git_commit=_git_commit())


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def software() -> Software:
    return Software(python=platform.python_version(), torch=torch.__version__,
                    torchvision=_version("torchvision"), timm=_version("timm"),
                    pretrainedmodels=_version("pretrainedmodels"))


def _host_memory_mb() -> float | None:
    import psutil

    return round(psutil.virtual_memory().total / MB, 1)


def describe_device(device: str, name: str | None = None) -> Device:
    """The device record: CPU always; GPU, driver, CUDA and cuDNN versions on `cuda`."""
    cores, threads = cpu_counts()
    common = dict(
        host_memory_mb=_host_memory_mb(), cpu_model=cpu_model(), cpu_cores=cores,
        cpu_threads=threads, os=f"{platform.system()} {platform.release()}",
        hostname_sha256=hashlib.sha256(socket.gethostname().encode()).hexdigest(),
    )
    if device.startswith("cuda"):
        from zoobench.collect import nvml

        dev = torch.device(device)
        props = torch.cuda.get_device_properties(dev)
        cudnn = torch.backends.cudnn.version()
        return Device(
            id=device_id(device, name), name=name or props.name, kind=DeviceKind.gpu,
            vendor="NVIDIA" if torch.version.cuda else "AMD", model=props.name,
            memory_mb=round(props.total_memory / MB, 1), driver_version=nvml.driver_version(),
            cuda_version=torch.version.cuda or torch.version.hip,
            cudnn_version=str(cudnn) if cudnn else None, **common,
        )
    model = cpu_model()
    vendor = "Intel" if "intel" in model.lower() else "AMD" if "amd" in model.lower() else None
    return Device(id=device_id(device, name), name=name or model, kind=DeviceKind.cpu,
                  vendor=vendor, model=model, **common)
