"""`collect --plan`: what a sweep would run, per job, and how long its forward passes would take
given each batch's time (measured or predicted: the CLI asks the database, collect never does)."""

from __future__ import annotations

from dataclasses import dataclass

from zoobench.collect import environment, fanout, runner
from zoobench.collect.config import CollectConfig


@dataclass(frozen=True)
class PlannedJob:
    label: str
    device: str  # as the job sees it
    file_stem: str
    models: list[str]
    batch_sizes: tuple[int, ...]
    settings_key: str


def plan(cfg: CollectConfig) -> list[PlannedJob]:
    """The jobs `cfg` would run (one without --executor), without running them."""
    if cfg.executor:
        fanout.check(cfg)
    jobs = []
    for shard in fanout.shards(cfg):
        settings = runner.settings_of(shard.cfg)
        device = cfg.devices[shard.index] if cfg.devices else shard.cfg.device
        jobs.append(PlannedJob(shard.label, device, runner.file_stem(shard.cfg, settings),
                               shard.cfg.models, tuple(sorted(set(cfg.batch_sizes))), settings.key))
    return jobs


def device_hint(cfg: CollectConfig) -> str | None:
    """The device to look up in the database: --device-name, else this machine's CPU when measuring
    on it; None when only the cluster's nodes know (name their GPU with --device-name)."""
    if cfg.device_name:
        return cfg.device_name
    if cfg.device == "cpu" and cfg.executor != "slurm" and not cfg.devices:
        return environment.device_id("cpu")
    return None


def forward_seconds(cfg: CollectConfig, batch_ms: float) -> float:
    """One batch size's warm-up and timed passes as the timing loop runs them."""
    return (cfg.warmup * batch_ms + max(cfg.iters * batch_ms, cfg.min_seconds * 1e3)) / 1e3
