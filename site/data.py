"""The site's questions: one named query per `site/queries/<name>.sql`, asked through `zoobench.db`
(the site never opens the database itself), rows as plain dicts for the templates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from zoobench import db


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# Column types whose values are not plain JSON (Decimal, date, datetime): only these are converted.
_NOT_PLAIN = ("DECIMAL", "DATE", "TIMESTAMP")


def _records(result: db.Result) -> list[dict[str, Any]]:
    """`result`'s rows as dicts of plain values (`_plain`), converting only the columns that need it."""
    records = result.records()
    convert = [c for c, t in zip(result.columns, result.types, strict=True) if t.startswith(_NOT_PLAIN)]
    for r in records:
        for c in convert:
            r[c] = _plain(r[c])
    return records


class Data:
    """A read-only connection plus `rows(name, **params)` / `one(name, **params)` for named queries."""

    def __init__(self, con: db.Connection) -> None:
        self.con = con

    def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return _records(db.fetch(self.con, db.query_sql(name, "zoobench.site"), params))

    def one(self, name: str, **params: Any) -> dict[str, Any]:
        found = self.rows(name, **params)
        return found[0] if found else {}
