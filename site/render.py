"""The Jinja environment: templates from `zoobench.templates`, every `{{ value }}` escaped by `md`."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup

from zoobench.site import format as fmt
from zoobench.site.escape import md, script_json
from zoobench.site.packed import pack_datasets
from zoobench.site.pages.common import Page, page_slug


def _slug_filter(identifier: str) -> Markup:
    return Markup(page_slug(identifier))


def safe_url(url: str | None) -> Markup:
    """Only http(s) links are kept; anything else (javascript:, data:) becomes '#'."""
    if url and re.match(r"^https?://", url):
        return md(url)
    return Markup("#")


def chart_json(spec: dict[str, Any]) -> Markup:
    """A chart's spec for its `<script>` block, its rows packed (`packed.py`)."""
    return script_json(pack_datasets(spec))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.files("zoobench.templates"))),
        # finalize=md escapes every value for markdown and HTML at once and marks it safe, so
        # autoescape only keeps macro output (already safe) from being escaped twice.
        autoescape=True,
        finalize=md,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters.update(
        num=fmt.num,
        fixed=fmt.fixed,
        millions=fmt.millions,
        fps_bin=fmt.fps_bin,
        runtime_name=fmt.runtime_name,
        script_json=script_json,
        chart_json=chart_json,
        slug=_slug_filter,
        safe_url=safe_url,
        md=md,
    )
    return env


def root_for(path: str) -> str:
    """Relative prefix from a page (docs-relative .md path) back to the site root."""
    return "../" * (len(PurePosixPath(path).parts) - 1)


def render(env: jinja2.Environment, page: Page) -> str:
    ctx: dict[str, Any] = dict(vars(page.context)) if hasattr(page.context, "__dict__") else {}
    ctx.update(root=root_for(page.path), charts=page.charts, page_title=page.title)
    return env.get_template(page.template).render(**ctx)
