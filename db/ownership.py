"""Who owns a citation id or a device id: a file may not rewrite what another file brought.

A citation id (`bianco2018`) belongs to the source that first published it: every later file that
names it must carry the same citation (authors, title, venue, DOI, URL; the year and the locator
may differ by part, as a repository's results do, and the database shows the owner's). A device id belongs
to one piece of hardware: its identity fields (below) may not change; what may change between runs
of one machine (driver, CUDA, OS, notes) is kept per run. Published files own before contributed
ones, then the oldest run; so neither the order files sort in nor a `created_at` decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from zoobench.db.lookup import fetch
from zoobench.db.schema import query_sql
from zoobench.errors import ZoobenchError
from zoobench.measurement import MeasurementFile, Source
from zoobench.output import inert

if TYPE_CHECKING:
    from zoobench.db.ingestion import LoadedFile

CITATION_FIELDS = ("authors", "title", "venue", "doi", "url")
DEVICE_FIELDS = ("name", "device_kind", "vendor", "model", "cpu_model", "cpu_cores", "memory_mb")


@dataclass
class Conflict:
    file: str
    subject: str  # e.g. `citation bianco2018`, `device titan-xp-bianco2018`
    problem: str


class OwnershipConflict(ZoobenchError):
    """Files that would rewrite a citation or a device that another file owns; nothing was written."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        lines = [f"{inert(c.file)}: {c.subject}: {c.problem}" for c in conflicts]
        n = len(conflicts)
        super().__init__("\n".join(lines) + f"\n{n} conflict(s): nothing was written to the database")


def rank(f: LoadedFile) -> tuple[bool, Any, str]:
    """Who owns first: published files, then the oldest run (then the path, for a stable order)."""
    return f.doc.run.source is not Source.published, f.doc.run.created_at, f.label


def claims(doc: MeasurementFile) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, id, identity) of the citation and the device a file names."""
    found = []
    cite = doc.run.citation
    if cite:
        found.append(("citation", cite.id, {f: getattr(cite, f) for f in CITATION_FIELDS}))
    dev = doc.device
    if dev:
        fields = dev.model_dump(mode="json") | {"device_kind": dev.kind.value}
        found.append(("device", dev.id, {f: fields.get(f) for f in DEVICE_FIELDS}))
    return found


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return float(a) == float(b)
    return list(a) == list(b) if isinstance(a, list | tuple) and isinstance(b, list | tuple) else a == b


def conflicts(con: duckdb.DuckDBPyConnection, files: list[LoadedFile]) -> list[Conflict]:
    """Every file among `files` that names a citation or device id with other identifying fields
    than its owner (in the database, or an earlier-owning file among `files`)."""
    held: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for row in fetch(con, query_sql("owners")).records():
        fields = CITATION_FIELDS if row["kind"] == "citation" else DEVICE_FIELDS
        held[(row["kind"], row["id"])] = (row["file"] or "the database", {f: row[f] for f in fields})
    found = []
    for f in sorted(files, key=rank):
        for kind, key, identity in claims(f.doc):
            owner, owned = held.setdefault((kind, key), (f.label, identity))
            differ = [name for name in identity if not _same(identity[name], owned.get(name))]
            if differ:
                what = ", ".join(n.removeprefix("device_") for n in differ)
                found.append(Conflict(
                    f.label, f"{kind} {key}",
                    f"{what} differ from {inert(owner)}, which owns this {kind} id; "
                    + ("cite the source as it is, or use a citation id of your own" if kind == "citation"
                       else "other hardware needs another device id (e.g. --device-name)"),
                ))
    return sorted(found, key=lambda c: (c.file, c.subject))
