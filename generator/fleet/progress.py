"""Progress on long fleet runs, and the per-customer table at the end.

The progress bar is for people: it is drawn on stderr only when both stdout and stderr are
terminals and NO_COLOR is unset, and it disappears when the run ends. The table prints
either way (to stderr, so stdout stays machine-readable): with rich on a terminal, as
plain aligned columns otherwise (CI logs, pipes, NO_COLOR).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # rich is imported when a bar or a rich table is drawn, not at startup
    from rich.progress import Progress, TaskID

STYLES = {
    "ok": "green",
    "valid": "green",
    "up to date": "green",
    "written": "cyan",
    "changes": "yellow",
    "drift": "yellow",
    "invalid": "red",
    "failed": "red",
    "error": "red",
}


def interactive(stdout: TextIO | None = None, stderr: TextIO | None = None) -> bool:
    """True when a person is watching: both streams are terminals and NO_COLOR is unset."""
    if "NO_COLOR" in os.environ:
        return False
    streams = (stdout or sys.stdout, stderr or sys.stderr)
    return all(hasattr(stream, "isatty") and stream.isatty() for stream in streams)


class FleetProgress:
    """A transient progress bar over `total` customers; does nothing when not interactive.

    Safe to advance from several threads (rich's Progress takes a lock).
    """

    def __init__(self, total: int, description: str, *, enabled: bool | None = None) -> None:
        self.enabled = (interactive() if enabled is None else enabled) and total > 1
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._total = total
        self._description = description

    def __enter__(self) -> FleetProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[current]}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._description, total=self._total, current="")
        return self

    def advance(self, label: str = "") -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, current=label)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()


@dataclass(frozen=True)
class Row:
    """One customer's line in the final table."""

    customer: str
    status: str
    detail: str = ""


def print_table(
    rows: Sequence[Row], title: str, *, stream: TextIO | None = None, rich: bool | None = None
) -> None:
    """The per-customer table: rich on a terminal, plain columns otherwise."""
    out = stream or sys.stderr
    if not rows:
        return
    if interactive() if rich is None else rich:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title, title_justify="left")
        for column in ("customer", "status", "detail"):
            table.add_column(column)
        for row in rows:
            style = STYLES.get(row.status.split(" ")[0], "")
            table.add_row(Text(row.customer), Text(row.status, style=style), Text(row.detail))
        Console(file=out).print(table)
        return
    width = max(len("customer"), *(len(row.customer) for row in rows))
    status_width = max(len("status"), *(len(row.status) for row in rows))
    lines = [title, f"{'customer':<{width}}  {'status':<{status_width}}  detail"]
    lines.extend(
        f"{row.customer:<{width}}  {row.status:<{status_width}}  {row.detail}".rstrip() for row in rows
    )
    out.write("\n".join(lines) + "\n")
