"""One module per page kind; each has a function that builds the page's typed context from the database."""

from __future__ import annotations

from zoobench.db import Download
from zoobench.site.data import Data
from zoobench.site.format import FPS_BINS
from zoobench.site.pages import (
    best,
    compare,
    crossdevice,
    devices,
    home,
    models,
    runtimes,
    shift,
    sources,
    speedups,
    static,
    trends,
)
from zoobench.site.pages.common import Identity, Page, Stamp, group_by


def all_pages(
    data: Data, base: Stamp, downloads: list[Download], identity: Identity | None = None
) -> list[Page]:
    """Every page of the site, in nav order; `base` is the dataset's stamp, `downloads` what
    `db.export_downloads` wrote, `identity` whose site it is."""
    identity = identity or Identity()
    out = [home.home_page(data, base, identity.name), devices.devices_index(data, base)]
    predicted = group_by(data.rows("predictions"), "device_id")
    out += [devices.device_page(data, base, d["device_id"], predicted.get(d["device_id"], []))
            for d in base.devices]
    out += [models.catalogue_page(data, base), *models.model_pages(data, base)]
    out += [best.best_page(data, base), compare.compare_page(data, base), trends.trends_page(data, base)]
    out.append(shift.shift_page(data, base))
    out += [sources.sources_page(data, base), runtimes.runtimes_page(data, base)]
    out += [speedups.software_page(data, base), speedups.settings_page(data, base)]
    out.append(crossdevice.crossdevice_page(data, base))
    out += [static.sql_page(data, base), static.download_page(downloads, base)]
    out += [static.contributing_page(base, identity.repo_url), static.measurement_format_page(base)]
    methodology = static.prose_page("methodology", "Methodology", base)
    methodology.context.extra["bins"] = [(c, label) for _, c, label in FPS_BINS]
    out.append(methodology)
    return out
