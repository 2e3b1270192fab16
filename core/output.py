"""Rendering query results for the terminal and for other programs: table, csv, json, markdown."""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from rich.markup import escape
from rich.table import Table


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return str(value) if not isinstance(value, str | int | float | bool | list | dict | None) else value


# Characters a terminal or a renderer would act on rather than show: C0/C1 controls and DEL,
# line and paragraph separators, and the bidirectional overrides that reorder what is seen.
_WIDE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f{_WIDE}]")
_UNSAFE_WIDE = re.compile(f"[{_WIDE}]")  # what json.dumps leaves raw (it escapes the C0 set)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """Text that prints as itself in a terminal: every control character (ESC, CR, LF, BEL, the C1
    set), line separator and bidirectional override becomes a visible escape such as `\\x1b`."""
    return _UNSAFE.sub(_escape_char, text)


def cell(value: Any) -> str:
    """A value as text for humans: null as empty, floats to 4 significant decimals."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.0f}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def to_json(records: list[dict[str, Any]]) -> str:
    """JSON with the same values, but every character a terminal would act on as a \\u escape."""
    text = json.dumps(records, indent=2, default=_jsonable, ensure_ascii=False, allow_nan=False)
    return _UNSAFE_WIDE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)  # only inside strings: lossless


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if v is None else inert(str(v)) for v in row] for row in rows])
    return buf.getvalue()


_MD_SPECIAL = re.compile(r"([\\`\[\]|])")


def md_escape(text: str) -> str:
    """Text safe inside a markdown table cell: no HTML, code, links or cell breaks."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(inert(text), quote=False))


def to_markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def md(v: Any) -> str:
        return md_escape(cell(v))

    lines = ["| " + " | ".join(md(c) for c in columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    lines += ["| " + " | ".join(md(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> Table:
    table = Table(*[escape(inert(c)) for c in columns], title=escape(inert(title)) if title else None)
    for row in rows:
        table.add_row(*[escape(inert(cell(v))) for v in row])
    return table


# GitHub-flavoured markdown: HTML's specials, then every character inline or block syntax, tables,
# math and emoji could read, as numeric character references (shown as themselves, never syntax).
_GFM = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}
_GFM |= {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#|~!:^+=$'"}
# GitHub links mentions, issue references, URLs and `www.` after rendering, on the text itself:
# a zero-width space after `@`, `#`, `:`, `$` and a dot before a letter (`evil.com`) breaks each without
# changing what a reader sees. Entities cannot do that, as they are decoded before linking.
_ZWSP = "\u200b"
_LINKERS = re.compile(r"[@#:$]|\.(?=[^\W\d_])")  # `$`: GitHub's math


def gfm_inert(value: Any) -> str:
    """A value as one line of inert GitHub-flavoured markdown (for a table cell or prose)."""
    text = inert(cell(value))  # controls and every line break (CR, LF, NEL, U+2028/9) → visible
    text = _LINKERS.sub(lambda m: m[0] + _ZWSP, text)
    return text.translate(_GFM)
