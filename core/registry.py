"""Model identity: one canonical id per architecture, with display name, family, year and aliases.

The catalogue is `models.toml` beside this file. Ids are the constructor names of the library that
builds the model (torchvision first, then pretrainedmodels, then timm), so `resnet50`,
`se_resnext50_32x4d`, `bninception`, `mobilenetv1_100`. Any timm model is also reachable as
`timm:<name>` without an entry here, if timm defines the name: `timm_names.json` beside this file
lists them (generated from timm by `scripts/timm_names.py`), so no timm install is needed to check.

One architecture, one id: `models.toml`'s `[equivalent]` table declares ids that build the same
network (same parameters, same FLOPs) as a canonical id, e.g. `timm:resnet50` ≡ `resnet50`;
`canonical` maps them (the database stores the canonical id and keeps the one that ran).

Names resolve in this order: the id itself; a `timm:` id; then a *normalised* match (see
`normalise`) against every id, display name and alias. The catalogue is checked at
load time so that no normalised name points at two ids.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from zoobench.errors import UnknownModel, ZoobenchError

TIMM_PREFIX = "timm:"
_TIMM_ID = re.compile(r"^timm:[a-z0-9][a-z0-9_.-]{0,94}$")


@dataclass(frozen=True)
class ModelInfo:
    id: str
    name: str
    family: str
    year: int | None
    library: str  # torchvision | pretrainedmodels | timm | zoobench
    resolution_px: int = 224
    aliases: tuple[str, ...] = field(default_factory=tuple)


def normalise(name: str) -> str:
    """Lower case, punctuation dropped, except that a separator between two digits becomes `_`
    (so `RegNetX-1.6GF` is `regnetx1_6gf`, not `regnetx16gf`, and `ResNeXt-101 (32x4d)` is
    `resnext101_32x4d`)."""
    s = name.lower()

    def sep(m: re.Match[str]) -> str:
        before, after = s[m.start() - 1 : m.start()], s[m.end() : m.end() + 1]
        return "_" if before.isdigit() and after.isdigit() else ""

    return re.sub(r"[^a-z0-9]+", sep, s)


@cache
def _raw() -> dict:
    return tomllib.loads(resources.files("zoobench").joinpath("models.toml").read_text("utf-8"))


@cache
def timm_resolutions() -> dict[str, int | None]:
    """Architecture names timm defines, each with its default input side (`timm_names.json`: its
    registry and deprecated names, and the older names its own published result files use)."""
    raw = json.loads(resources.files("zoobench").joinpath("timm_names.json").read_text("utf-8"))
    return raw["resolution_px"]


def timm_names() -> frozenset[str]:
    return frozenset(timm_resolutions())


@cache
def equivalences() -> dict[str, str]:
    """Declared equivalent id → canonical id (each equivalent builds the canonical's network)."""
    models = _catalogue()[0]
    out: dict[str, str] = {}
    for other, target in _raw().get("equivalent", {}).items():
        if target not in models or not _is_timm(other):
            raise ZoobenchError(
                f"models.toml: equivalent {other!r} = {target!r}: not a known timm id and a registry id"
            )
        out[other] = target
    return out


def canonical(model_id: str) -> str:
    """The canonical id of a known id: itself, or the id it is declared equivalent to."""
    return equivalences().get(model_id, model_id)


def _is_timm(model_id: str) -> bool:
    return bool(_TIMM_ID.match(model_id)) and model_id.removeprefix(TIMM_PREFIX) in timm_names()


@cache
def _catalogue() -> tuple[dict[str, ModelInfo], dict[str, str]]:
    raw = _raw()
    models: dict[str, ModelInfo] = {}
    for model_id, entry in raw["models"].items():
        models[model_id] = ModelInfo(
            id=model_id,
            name=entry["name"],
            family=entry["family"],
            year=entry.get("year"),
            library=entry["library"],
            resolution_px=entry.get("resolution", 224),
            aliases=tuple(entry.get("aliases", ())),
        )
    index: dict[str, str] = {}
    for info in models.values():
        for label in (info.id, info.name, *info.aliases):
            key = normalise(label)
            if index.setdefault(key, info.id) != info.id:
                raise ZoobenchError(f"models.toml: {label!r} of {info.id!r} also names {index[key]!r}")
    return models, index


def all_models() -> list[ModelInfo]:
    return list(_catalogue()[0].values())


def list_models(pattern: str = "*") -> list[ModelInfo]:
    """Registry entries whose id matches a shell-style pattern (`resnet*`)."""
    return [m for m in all_models() if fnmatch.fnmatchcase(m.id, pattern)]


def is_known_id(model_id: str) -> bool:
    return model_id in _catalogue()[0] or _is_timm(model_id)


def get(model_id: str) -> ModelInfo:
    """The entry of a canonical id; a `timm:` id gets a minimal entry of its own."""
    models = _catalogue()[0]
    if model_id in models:
        return models[model_id]
    if _is_timm(model_id):
        name = model_id.removeprefix(TIMM_PREFIX)
        resolution = timm_resolutions()[name] or 224
        return ModelInfo(id=model_id, name=name, family="timm", year=None, library="timm",
                         resolution_px=resolution)
    raise UnknownModel(model_id)


def resolve(name: str) -> str:
    """The canonical id that `name` (an id, a display name or an alias) stands for."""
    models, index = _catalogue()
    if name in models or _is_timm(name):
        return name
    if name.startswith(TIMM_PREFIX):
        raise UnknownModel(name, sorted(f"{TIMM_PREFIX}{n}" for n in difflib.get_close_matches(
            name.removeprefix(TIMM_PREFIX), timm_names(), n=3, cutoff=0.8)))
    key = normalise(name)
    if key and key in index:
        return index[key]
    close = difflib.get_close_matches(key, index.keys(), n=3, cutoff=0.8)
    raise UnknownModel(name, sorted({index[c] for c in close}))
