"""The one escaping filter: any value from the database, made safe for markdown, HTML and tables.

`md` HTML-escapes the text, then turns every character markdown or a table could read as syntax
into a numeric character reference, so a name shows as the same text wherever it lands: prose,
a heading, a markdown or HTML table cell, an attribute. It is the Jinja environment's `finalize`,
so every `{{ value }}` passes through it; values already marked safe (`Markup`) do not.
`script_json` embeds data in a `<script type="application/json">` block that cannot be closed early.
"""

from __future__ import annotations

import json
import math
from typing import Any

from markupsafe import Markup

# HTML's five, then markdown inline/block syntax, table pipes, and what the enabled markdown
# extensions (attr_list, emoji, footnotes, abbreviations) could pick up.
_TABLE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"}
_TABLE |= {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#|~!:^+="}
_TABLE |= {ord("\n"): " ", ord("\r"): " "}


def md(value: Any) -> Markup:
    """Text safe in markdown and HTML alike (None → empty; `Markup` passes unchanged)."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_TABLE))


def script_json(value: Any) -> Markup:
    """JSON for a `<script type="application/json">` block: no '<', '>' or '&' appear raw."""
    try:
        text = json.dumps(value, separators=(",", ":"), default=str, allow_nan=False)
    except ValueError:  # a NaN or infinity somewhere: walk the value (slow) to make them null
        text = json.dumps(_finite(value), separators=(",", ":"), default=str, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _finite(value: Any) -> Any:
    """NaN and infinities → null (JSON has neither), recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
