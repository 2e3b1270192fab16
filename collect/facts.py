"""A model's facts, apart from its speed: parameters, `state_dict` size and FLOPs at a resolution.

They cost seconds per model (FLOP counting, serialising the weights) and come out the same every
time for the same library versions, so they are counted once per model × resolution × versions and
reused from a small cache: `$ZOOBENCH_CACHE/model-facts/` (default `~/.cache/zoobench/`). zoobench's
own models are always counted: their code changes without a version number.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from torch import nn

from zoobench.collect import environment, flops, models
from zoobench.measurement import Flops


@dataclass(frozen=True)
class Facts:
    params: int
    file_size_mb: float
    flops: Flops


def cache_dir() -> Path:
    root = os.environ.get("ZOOBENCH_CACHE") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zoobench"
    return Path(root) / "model-facts"


def _path(model_id: str, resolution: int) -> Path:
    # the libraries' versions and the counting code itself
    versions = environment.software().model_dump_json(exclude={"python"}).encode()
    digest = hashlib.sha256(versions + Path(flops.__file__).read_bytes()).hexdigest()[:12]
    return cache_dir() / f"{environment.slug(model_id.replace(':', '-'))}-{resolution}px-{digest}.json"


def _read(path: Path) -> Facts | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        flops_ = Flops.model_validate_json(json.dumps(data["flops"]))
        return Facts(int(data["params"]), float(data["file_size_mb"]), flops_)
    except (OSError, ValueError, KeyError, TypeError):  # pydantic's ValidationError is a ValueError
        return None  # absent or unreadable: count again


def _write(path: Path, facts: Facts) -> None:
    data = {"params": facts.params, "file_size_mb": facts.file_size_mb,
            "flops": facts.flops.model_dump(mode="json")}
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)


def of(model_id: str, resolution: int, model: nn.Module, size_mb: Callable[[nn.Module], float]) -> Facts:
    """The facts of `model` (built from `model_id`) at `resolution`: from the cache, else counted."""
    cached = models.library_of(model_id) != "zoobench"
    path = _path(model_id, resolution) if cached else None
    found = _read(path) if path else None
    if found:
        return found
    facts = Facts(sum(p.numel() for p in model.parameters()), size_mb(model),
                  flops.count(model_id, resolution))
    if path:
        _write(path, facts)
    return facts
