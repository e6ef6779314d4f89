"""Progress display for long runs (rich), or nothing when not wanted: one bar per batch
stage, advanced once per finished batch."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class _Bar:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress

    def counter(self, label: str, total: int) -> Callable[[], None] | None:
        """A callable that advances a bar of ``total`` steps by one (None when hidden)."""
        if self.progress is None or not total:
            return None
        task = self.progress.add_task(label, total=total)
        return lambda: self.progress.advance(task)


@contextmanager
def progress_bar(enabled: bool):
    """A rich progress display for the run (a no-op when ``enabled`` is false)."""
    if not enabled:
        yield _Bar(None)
        return
    with Progress(TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=False) as progress:
        yield _Bar(progress)
