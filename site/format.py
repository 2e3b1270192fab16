"""Number formatting, Bianco's FPS bins, and the names pages give to evaluation sets, runtimes and
settings; used as Jinja filters and by the page modules."""

from __future__ import annotations

import math
from typing import Any

# Bianco 2018 Table 1 colour bins, images per second: (lower bound, exclusive) → css class, label.
FPS_BINS: list[tuple[float, str, str]] = [
    (1000, "fps-1000", "> 1000"),
    (250, "fps-250", "> 250"),
    (125, "fps-125", "> 125"),
    (62.5, "fps-62", "> 62.5"),
    (30, "fps-30", "> 30"),
    (15, "fps-15", "> 15"),
    (5, "fps-5", "> 5"),
    (-math.inf, "fps-0", "≤ 5"),
]


def fps_bin(fps: float | None) -> str:
    """The css class of Bianco's bin for `fps` images/s ('' when unknown)."""
    if fps is None:
        return ""
    return next(cls for lower, cls, _ in FPS_BINS if fps > lower)


def num(value: Any, digits: int = 3) -> str:
    """A number with `digits` significant digits, thousands kept whole; '' for None/NaN."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    v = float(value)
    if abs(v) >= 10**digits:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


def fixed(value: Any, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return f"{float(value):,.{decimals}f}"


def millions(value: Any) -> str:
    return "" if value is None else f"{value / 1e6:.2f} M"


# The evaluation sets accuracy is reported on (accuracy.dataset): id, short column label, full name.
# ImageNet-1k validation first; the others are the shifted sets timm's results files report.
EVAL_SETS: list[tuple[str, str, str]] = [
    ("imagenet-1k-val", "ImageNet", "ImageNet-1k validation (50,000 images)"),
    ("imagenet-real", "ReaL", "ImageNet-1k validation with the ReaL labels (Beyer et al. 2020)"),
    ("imagenetv2-matched-frequency", "V2", "ImageNetV2 matched-frequency (Recht et al. 2019)"),
    ("imagenet-sketch", "Sketch", "ImageNet-Sketch (Wang et al. 2019)"),
    ("imagenet-a", "IN-A", "ImageNet-A, natural adversarial examples (Hendrycks et al. 2021)"),
    ("imagenet-r", "IN-R", "ImageNet-R, renditions (Hendrycks et al. 2021)"),
]


# Display names of runtime slugs (settings.runtime); an unknown slug is shown as it is.
RUNTIME_NAMES = {
    "pytorch": "PyTorch",
    "tensorrt": "TensorRT",
    "onnxruntime": "ONNX Runtime",
    "openvino": "OpenVINO",
    "coreml": "Core ML",
}


def runtime_name(slug: str) -> str:
    return RUNTIME_NAMES.get(slug, slug)


# How the pages name a setting's values (the database's names are kept in the tables' SQL).
VALUE_NAMES = {
    "compiled": "torch.compile",
    "contiguous": "NCHW (contiguous)",
    "channels_last": "channels_last (NHWC)",
}
SETTING_NAMES = {
    "execution": "execution",
    "memory_format": "memory format",
    "precision": "precision",
    "precision_method": "how the precision is applied",
}


def value_name(value: str) -> str:
    return VALUE_NAMES.get(value, value)
