"""FLOPs with torch.utils.flop_counter at batch 1 (2 per multiply-add), per operator too.

Counted on the `meta` device (no arithmetic, instant for any size). Grad mode stays on so that
fused inference fast paths (nn.MultiheadAttention's) are not taken: the counter cannot see them.
"""

from __future__ import annotations

import copy

import torch
from torch.utils.flop_counter import FlopCounterMode

from zoobench.collect.models import create_model
from zoobench.measurement import Flops, FlopsConvention


def count(model_id: str, resolution_px: int) -> Flops:
    try:
        with torch.device("meta"):
            model = create_model(model_id)
            x = torch.empty(1, 3, resolution_px, resolution_px)
        counts = _count(model, x)
    except (NotImplementedError, RuntimeError):  # a constructor that reads tensor data (RegNet)
        # a copy: some constructors share module-level submodules (pretrainedmodels' ResNeXt)
        model = copy.deepcopy(create_model(model_id)).to("meta")
        counts = _count(model, torch.empty(1, 3, resolution_px, resolution_px, device="meta"))
    total = sum(counts.values())
    by_op = {str(op): round(n / 1e9, 6) for op, n in sorted(counts.items(), key=lambda kv: -kv[1])}
    return Flops(gflops=round(total / 1e9, 6), convention=FlopsConvention.flop_counter,
                 reported=f"{total} FLOPs (torch.utils.flop_counter, batch 1, {resolution_px}px)",
                 by_operator=by_op)


def _count(model: torch.nn.Module, x: torch.Tensor) -> dict[object, int]:
    with torch.enable_grad(), FlopCounterMode(display=False) as counter:
        model(x)
    return dict(counter.get_flop_counts().get("Global", {}))
