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
    return json.dumps(records, indent=2, default=_jsonable, ensure_ascii=False, allow_nan=False)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue()


_MD_SPECIAL = re.compile(r"([\\`\[\]|])")


def md_escape(text: str) -> str:
    """Text safe inside a markdown table cell: no HTML, code, links or cell breaks."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def to_markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def md(v: Any) -> str:
        return md_escape(cell(v))

    lines = ["| " + " | ".join(md(c) for c in columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    lines += ["| " + " | ".join(md(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> Table:
    table = Table(*[escape(c) for c in columns], title=title)
    for row in rows:
        table.add_row(*[escape(cell(v)) for v in row])
    return table
