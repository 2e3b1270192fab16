"""What every page shares: the dataset stamp (version, devices, sources) and the Page record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from zoobench.site.charts import Chart
from zoobench.site.data import Data

_SLUG = re.compile(r"^(timm:)?[a-z0-9][a-z0-9._-]{0,99}$")

# Rows a page embeds for in-browser filtering or charts, at most (the page says when it is capped).
EMBED_CAP = 20_000


def page_slug(identifier: str) -> str:
    """A model or device id as a file name and URL part (ids are validated slugs; ':' → '--')."""
    if not _SLUG.match(identifier):
        raise ValueError(f"not a valid id for a page name: {identifier!r}")
    return identifier.replace(":", "--")


@dataclass
class Stamp:
    """Dataset version and what a page shows; printed at the top of every page."""

    version: int | None
    digest: str
    created_at: str
    devices: list[dict[str, Any]]
    sources: list[dict[str, Any]]

    @property
    def short_digest(self) -> str:
        return self.digest.removeprefix("sha256:")[:12]


@dataclass(frozen=True)
class Identity:
    """Whose site it is: its name (the home page's heading) and the repository that its Contributing
    page sends people to clone. A lab building its own site sets both (`zoobench site build
    --site-name … --repo-url …`)."""

    name: str = "zoobench"
    repo_url: str = "https://github.com/zoobench/zoobench"


@dataclass
class Page:
    """A markdown file to write: `path` under the docs folder, `template` with `context`."""

    path: str
    template: str
    context: Any
    title: str
    charts: list[Chart] = field(default_factory=list)


def stamp(data: Data, devices: list[str] | None = None, sources: list[str] | None = None) -> Stamp:
    """The stamp for a page showing `devices` and `sources` (None = all of them)."""
    v = data.one("dataset_version")
    all_devices = data.rows("devices")
    all_sources = data.rows("sources")
    return Stamp(
        version=v.get("version"),
        digest=v.get("digest", ""),
        created_at=str(v.get("created_at", "")),
        devices=[d for d in all_devices if devices is None or d["device_id"] in devices],
        sources=[s for s in all_sources if sources is None or s["source_id"] in sources],
    )


def restamp(base: Stamp, devices: list[str] | None = None, sources: list[str] | None = None) -> Stamp:
    """A copy of `base` narrowed to some devices and sources (no further queries)."""
    return Stamp(
        base.version,
        base.digest,
        base.created_at,
        [d for d in base.devices if devices is None or d["device_id"] in devices],
        [s for s in base.sources if sources is None or s["source_id"] in sources],
    )


def group_by(rows: list[dict[str, Any]], *keys: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows by the value of `keys` (a tuple of values when there are several), in first-seen order."""
    out: dict[Any, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r[keys[0]] if len(keys) == 1 else tuple(r[k] for k in keys), []).append(r)
    return out
