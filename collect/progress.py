"""A rich progress bar over models × batch sizes (with ETA), fed by the runner's reports; without a
terminal (CI logs), one line per finished model instead: model, batches, seconds."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from zoobench.collect.runner import Reporter


@contextmanager
def progress_reporter(console: Console | None = None) -> Iterator[Reporter]:
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   console=console, transient=False)
    state: dict[str, Any] = {"task": None, "acc": None, "started": 0.0, "batches": Counter()}

    def report(kind: str, payload: Any) -> None:
        if kind == "start":
            path, total, skipped, _ = payload
            bar.console.print(f"writing {path}" + (f" ({skipped} measurements already there)"
                                                   if skipped else ""))
            state["task"] = bar.add_task("measuring", total=total or 1)
        elif kind == "note":
            bar.console.print(payload)
        elif kind == "model":
            bar.update(state["task"], description=f"{payload}")
            state["started"], state["batches"] = time.monotonic(), Counter()
        elif kind == "batch":
            model_id, batch = payload
            bar.advance(state["task"])
            state["batches"][batch.status.value] += 1
            if batch.status.value != "ok":
                bar.console.print(f"  {model_id} batch {batch.batch_size}: {batch.status.value}"
                                  f" ({(batch.error or '').splitlines()[0][:120]})")
        elif kind == "progress":
            model_id, (done, total) = payload
            if state["acc"] is None:
                state["acc"] = bar.add_task(f"accuracy {model_id}", total=total)
            bar.update(state["acc"], completed=done, total=total)
        elif kind == "model_done":
            if state["acc"] is not None:
                bar.remove_task(state["acc"])
                state["acc"] = None
            if not bar.console.is_terminal:
                counts = state["batches"]
                statuses = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
                bar.console.print(f"{payload}: {sum(counts.values())} batches ({statuses or 'none new'}) "
                                  f"in {time.monotonic() - state['started']:.1f} s")

    with bar:
        yield report
