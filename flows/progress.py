"""Progress display for long runs (rich), or nothing when not wanted."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterable, Iterator

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class _Bar:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress

    def batches(self, label: str, items: Iterable, total: int | None = None) -> Iterable:
        """Iterate ``items`` (batches or their results), advancing a bar labelled ``label``."""
        total = len(items) if total is None else total
        if self.progress is None or not total:
            return items
        return self._track(label, items, total)

    def counter(self, label: str, total: int):
        """A callable that advances a bar of ``total`` steps by one (None when hidden)."""
        if self.progress is None or not total:
            return None
        task = self.progress.add_task(label, total=total)
        return lambda: self.progress.advance(task)

    def _track(self, label: str, items: Iterable, total: int) -> Iterator:
        task = self.progress.add_task(label, total=total)
        for item in items:
            yield item
            self.progress.advance(task)


@contextmanager
def progress_bar(enabled: bool):
    if not enabled:
        yield _Bar(None)
        return
    with Progress(TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=False) as progress:
        yield _Bar(progress)
