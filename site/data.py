"""Named SQL for the site: one query per `site/queries/<name>.sql`, run read-only, rows as dicts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any

import duckdb


def sql(name: str) -> str:
    return resources.files("zoobench.site").joinpath("queries", f"{name}.sql").read_text("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class Data:
    """A read-only connection plus `rows(name, **params)` / `one(name, **params)` for named queries."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        cur = self.con.execute(sql(name), params or None)
        cols = [d[0] for d in cur.description or []]
        return [{c: _plain(v) for c, v in zip(cols, row, strict=True)} for row in cur.fetchall()]

    def one(self, name: str, **params: Any) -> dict[str, Any]:
        found = self.rows(name, **params)
        return found[0] if found else {}

    def raw(self, text: str, **params: Any) -> list[dict[str, Any]]:
        cur = self.con.execute(text, params or None)
        cols = [d[0] for d in cur.description or []]
        return [{c: _plain(v) for c, v in zip(cols, row, strict=True)} for row in cur.fetchall()]
