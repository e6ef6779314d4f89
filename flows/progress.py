"""Progress display for a run (rich): one row per stage, shown as the stage starts.

    ✓ start-up        ━━━━━━━━━━━━━━━━━━━━━━━━━━━━ Prefect ready                 0:00:11
    ✓ parse           ━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 1,034/1,034 files             0:00:09
    ⠹ claims+figures  ━━━━━━━━━━━━━╸               400/1,034 articles  0:00:41   ~0:01:05 left
    ⠹ total                                        since the command started    0:01:02

Batch stages (parse, people, claims+figures) count files or articles as their batches
finish and estimate the time left; the other stages pulse while they run and show what they
work on. The ``total`` row counts from the start of the process, Prefect's start-up
included. The CLI opens the display before it imports Prefect (:func:`open_display`), so the
start-up has a row of its own; the flow takes that display over (:func:`progress_bar`).
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn
from rich.text import Text

_OPEN: Display | None = None           # the display the CLI opened, taken over by the flow


def process_age() -> float:
    """Seconds since this process started (from /proc; 0.0 where that is not available)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class _Count(ProgressColumn):
    """done/total unit for a counted stage, else what the stage works on."""

    def render(self, task) -> Text:
        unit = task.fields.get("unit", "")
        if task.total is not None and unit:
            return Text(f"{int(task.completed):,}/{int(task.total):,} {unit}", style="progress.download")
        return Text(task.fields.get("detail", ""), style="progress.description")


class _Elapsed(ProgressColumn):
    """Wall time of the row: from its start (the process start for ``total``) to its end or now."""

    def render(self, task) -> Text:
        end = task.fields.get("t1") or time.monotonic()
        return Text(_clock(end - task.fields.get("t0", end)), style="progress.elapsed")


class _Left(ProgressColumn):
    """Estimated time left of a counted stage that is still running: the rest at the pace of
    what is done so far (batches finish in steps, so a moving average would jump)."""

    def render(self, task) -> Text:
        if task.total is None or task.finished or not task.fields.get("unit") or not task.completed:
            return Text("")
        elapsed = time.monotonic() - task.fields.get("t0", time.monotonic())
        left = elapsed * (task.total - task.completed) / task.completed
        return Text(f"~{_clock(left)} left", style="progress.remaining")


class Display:
    """The rows of one run. ``Display(None)`` shows nothing (every method is a no-op)."""

    def __init__(self, progress: Progress | None, started: float | None = None) -> None:
        self.progress = progress
        self.rows: dict[str, int] = {}
        if progress is not None:
            self.total = progress.add_task("total", total=None, t0=started or time.monotonic(),
                                           detail="since the command started")

    def _task(self, task_id: int):
        return next(t for t in self.progress.tasks if t.id == task_id)

    def begin(self, name: str, detail: str = "") -> None:
        """Show ``name`` as running (pulsing until it gets a count)."""
        if self.progress is None:
            return
        if name in self.rows:
            if detail:
                self.progress.update(self.rows[name], detail=detail)
            return
        total = self._task(self.total)                      # keep the total row last
        self.progress.remove_task(self.total)
        self.rows[name] = self.progress.add_task(name, total=None, t0=time.monotonic(), detail=detail)
        self.total = self.progress.add_task("total", total=None, **total.fields)

    def end(self, name: str, detail: str | None = None, failed: bool = False) -> None:
        """Mark ``name`` done (its elapsed time stops)."""
        if self.progress is None or name not in self.rows:
            return
        task = self.rows[name]
        total = self._task(task).total or 1
        fields = {"t1": time.monotonic()} | ({"detail": detail} if detail is not None else {})
        if failed:
            fields["detail"] = "failed"
            self.progress.update(task, description=f"[red]{name}", **fields)
            self.progress.stop_task(task)
        else:
            self.progress.update(task, total=total, completed=total, **fields)

    @contextmanager
    def stage(self, name: str, detail: str = ""):
        """A row for the duration of the block."""
        self.begin(name, detail)
        try:
            yield
        except BaseException:
            self.end(name, failed=True)
            raise
        self.end(name)

    def counter(self, name: str, sizes: list[int], unit: str) -> Callable[[int], None] | None:
        """Count the row ``name`` up to ``sum(sizes)`` ``unit``; the callable advances it by
        ``sizes[i]`` when batch ``i`` is done (None when nothing is shown)."""
        if self.progress is None or not sizes:
            return None
        self.begin(name)
        task = self.rows[name]
        fields = self._task(task).fields                    # reset() replaces the fields: keep the start
        self.progress.reset(task, total=sum(sizes), **{**fields, "unit": unit})
        return lambda i: self.progress.advance(task, sizes[i])

    def close(self) -> float:
        """Stop the display; returns the total seconds since the process started."""
        if self.progress is None:
            return 0.0
        now = time.monotonic()
        total = self._task(self.total)
        self.progress.update(self.total, total=1, completed=1, t1=now)
        self.progress.stop()
        return now - total.fields["t0"]


def _progress(console: Console | None = None) -> Progress:
    return Progress(SpinnerColumn(finished_text="[green]✓"), TextColumn("{task.description:<15}"),
                    BarColumn(bar_width=28), _Count(), _Elapsed(), _Left(),
                    console=console or Console(stderr=True), transient=False, refresh_per_second=8)


def open_display(enabled: bool, console: Console | None = None) -> Display:
    """The CLI's display, opened before Prefect is imported, with a start-up row; the flow
    takes it over. Its ``total`` row counts from the start of the process."""
    global _OPEN
    if not enabled:
        return Display(None)
    progress = _progress(console)
    progress.start()
    _OPEN = Display(progress, started=time.monotonic() - process_age())
    _OPEN.begin("start-up", "starting Prefect (local API; the first run takes longest)")
    return _OPEN


def close_display() -> float:
    """Close the CLI's display (the seconds since the process started)."""
    global _OPEN
    display, _OPEN = _OPEN, None
    return display.close() if display is not None else process_age()


@contextmanager
def progress_bar(enabled: bool):
    """The run's :class:`Display`: the CLI's if it opened one, else a new one for this run
    (a no-op when ``enabled`` is false)."""
    if not enabled:
        yield Display(None)
    elif _OPEN is not None:
        _OPEN.end("start-up", "Prefect ready")
        yield _OPEN
    else:
        progress = _progress()
        progress.start()
        try:
            yield Display(progress)
        finally:
            progress.stop()
