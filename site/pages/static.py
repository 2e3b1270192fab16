"""Pages that are mostly prose: SQL console, Download, Contributing, Methodology."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from zoobench import db
from zoobench.site.data import Data
from zoobench.site.pages.common import Identity, Page, Stamp


@dataclass
class Example:
    id: str
    title: str
    sql: str
    cli: str


@dataclass
class SqlContext:
    stamp: Stamp
    examples: list[Example]
    tables: list[str] = field(default_factory=list)


@dataclass
class ProseContext:
    stamp: Stamp
    extra: dict[str, Any] = field(default_factory=dict)


def _table3_sql(device_id: str) -> str:
    """The Table 3 query with its parameters filled in (DuckDB-WASM runs it without bound parameters):
    the parameters `zoobench best --device … --max-memory-gb 1.4 --min-fps 30` binds."""
    params = db.best_params(device_id, db.BestQuery(device_id, max_memory_gb=1.4, min_fps=30))

    def literal(v: Any) -> str:  # device ids are validated slugs: no quote can occur
        return "NULL" if v is None else f"'{v}'" if isinstance(v, str) else repr(v)

    values = {f"${k}": literal(v) for k, v in params.items()}
    text = "\n".join(
        line for line in db.query_sql("best_at_constraint").splitlines() if not line.startswith("--")
    )
    for k in sorted(values, key=len, reverse=True):
        text = text.replace(k, values[k])
    return text.strip()


def sql_page(data: Data, base: Stamp) -> Page:
    dev = data.one("example_device").get("device_id") or "none"
    ex = [
        Example(
            "ex-devices",
            "Devices and how much each has",
            "SELECT device_id, name, kind, count(m.model_id) AS "
            "measurements\nFROM devices LEFT JOIN measurements m USING (device_id)\nGROUP BY ALL ORDER BY 1;",
            "",
        ),
        Example(
            "ex-table3",
            f"Table 3: best top-1 on {dev} within 1.4 GB at ≥ 30 images/s",
            _table3_sql(dev),
            f"zoobench best --device {dev} --max-memory-gb 1.4 --min-fps 30",
        ),
        Example(
            "ex-summary",
            "Most accurate models with their specs",
            "SELECT model_id, name, params, gflops, top1, "
            "accuracy_source\nFROM model_summary\nWHERE top1 IS NOT NULL\nORDER BY top1 DESC\nLIMIT 20;",
            "",
        ),
        Example(
            "ex-speedup",
            "Batch-64 speed-up over batch 1, per device",
            "SELECT device_id, model_id,\n"
            "  max(fps) FILTER (WHERE batch_size = 64) / max(fps) FILTER (WHERE batch_size = 1) AS speedup\n"
            "FROM latest_measurements WHERE status = 'ok'\nGROUP BY ALL HAVING speedup IS NOT NULL\n"
            "ORDER BY speedup DESC LIMIT 20;",
            "",
        ),
    ]
    for e in ex:
        if not e.cli:
            e.cli = 'zoobench query "' + " ".join(e.sql.split()).replace('"', '\\"') + '"'
    return Page("sql.md", "sql.md.j2", SqlContext(base, ex, [*db.PUBLIC_TABLES, *db.PUBLIC_VIEWS]), "SQL")


def download_page(downloads: list[db.Download], base: Stamp) -> Page:
    """What `db.export_downloads` wrote for the site, as its index lists it."""
    return Page("download.md", "download.md.j2", ProseContext(
        base, {"tables": downloads, "csv_max_rows": db.CSV_MAX_ROWS}), "Download")


def prose_page(name: str, title: str, base: Stamp) -> Page:
    return Page(f"{name}.md", f"{name}.md.j2", ProseContext(base), title)


# Links in CONTRIBUTING.md that point into the repository, and their pages on the site.
_SITE_LINKS = {"(docs/measurement-format.md)": "(measurement-format.md)"}


def contributing_page(base: Stamp, repo_url: str = Identity.repo_url) -> Page:
    """CONTRIBUTING.md itself, so the site and the repository give the same steps (the package ships it:
    site/CONTRIBUTING.md links to the repository's, and a wheel holds a copy); its clone command
    points at `repo_url` (a lab's own site: its own repository)."""
    text = resources.files("zoobench.site").joinpath("CONTRIBUTING.md").read_text("utf-8")
    title, _, body = text.partition("\n")
    for repo_link, site_link in _SITE_LINKS.items():
        body = body.replace(repo_link, site_link)
    if repo_url != Identity.repo_url:
        folder = repo_url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        clone = f"git clone {Identity.repo_url} && cd zoobench"
        body = body.replace(clone, f"git clone {repo_url} && cd {folder}")
    context = ProseContext(base, {"title": title.removeprefix("# ").strip(), "body": body})
    return Page("contributing.md", "document.md.j2", context, "Contributing")


def measurement_format_page(base: Stamp) -> Page:
    """The field-by-field documentation of measurement files, generated from the format itself."""
    from zoobench import format_doc

    title, _, body = format_doc.markdown().partition("\n")
    context = ProseContext(base, {"title": title.removeprefix("# ").strip(), "body": body})
    return Page("measurement-format.md", "document.md.j2", context, "Measurement format")
