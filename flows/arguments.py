"""A run's arguments and config, checked before anything starts.

The CLI calls :func:`check_run` before it imports Prefect (a user error costs well under a
second and exits 2), and the flow calls it again first thing, so that a deployment's
parameters get the same checks. Every problem is one line that names the argument, the key
or the file, says what is expected and what to do. This module imports no Prefect and no
pandas: it has to be quick.

Example:
    >>> check_stages(["dedup", "peple"], "--stages")
    Traceback (most recent call last):
    ...
    flows.arguments.UsageError: --stages: unknown stages ['peple'] (did you mean people?); choose from dedup, people, claims, figures
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from transforms.common.settings import Settings, load_settings
from transforms.common.text import iso_date
from transforms.ingest.inbox import MODES

STAGES = ("dedup", "people", "claims", "figures")

# How the CLI spells each flow parameter, for messages that name what the user typed.
CLI_NAMES = {"input_dir": "--input", "output_dir": "--output", "batch_size": "--batch-size", "workers": "--workers",
             "since": "--since", "stages": "--stages", "config": "--config", "mode": "--mode"}


class UsageError(ValueError):
    """Wrong arguments or parameters: the message is one line naming the argument."""


@dataclass(frozen=True)
class RunArgs:
    """The checked arguments of a run."""

    settings: Settings
    stages: tuple[str, ...]
    since: str | None


def check_run(*, input_dir, output_dir, batch_size, workers, since, stages, config, mode: str = "mirror",
              cli: bool = False) -> RunArgs:
    """Every check of a run's arguments, in the order a user reads them.

    Args:
        cli: name the arguments as the CLI spells them (``--input``), else as the flow's
            parameters (``input_dir``).

    Raises:
        UsageError: a wrong argument (one line).
        transforms.common.settings.ConfigError: a config file that cannot be used (one line
            naming the file and key).
    """
    name = (lambda p: CLI_NAMES[p]) if cli else (lambda p: p)
    check_input(input_dir, name("input_dir"))
    check_output(output_dir, input_dir, name("output_dir"), name("input_dir"))
    check_count(batch_size, name("batch_size"), minimum=1)
    check_count(workers, name("workers"), minimum=0, hint="0 = every core")
    checked_since = check_since(since, name("since"))
    chosen = check_stages(stages, name("stages"))
    if mode not in MODES:
        raise UsageError(f"{name('mode')}: unknown mode {mode!r}; choose from {', '.join(MODES)}")
    settings = load_settings(config)
    return RunArgs(settings, chosen, checked_since)


def check_input(path, name: str = "--input") -> None:
    """The input must be an existing, readable folder."""
    p = Path(str(path))
    if not p.exists():
        raise UsageError(f"{name} {path}: no such folder; give the folder that holds the raw article files")
    if not p.is_dir():
        raise UsageError(f"{name} {path} is a file, not a folder; give the folder that holds the raw article files "
                         f"(for one file, put it in a folder of its own)")
    if not os.access(p, os.R_OK | os.X_OK):
        raise UsageError(f"{name} {path}: the folder cannot be read (permission denied)")


def check_output(path, input_dir=None, name: str = "--output", input_name: str = "--input") -> None:
    """The warehouse must be a published warehouse (a link), a new path in a folder that can
    be written, or an empty folder; never a file or somebody else's folder."""
    p = Path(os.path.abspath(str(path)))
    if p.is_symlink():
        return                                            # a published warehouse
    if p.exists() and not p.is_dir():
        raise UsageError(f"{name} {path} is a file; give a folder for the warehouse (it is created if missing)")
    if p.is_dir() and any(p.iterdir()):
        raise UsageError(f"{name} {path} is a folder that news-etl did not publish (it holds other files); "
                         "choose another --output or move it away")
    if input_dir is not None and Path(str(input_dir)).is_dir():
        src = Path(os.path.abspath(str(input_dir)))
        if p == src or src in p.parents:
            raise UsageError(f"{name} {path} lies inside {input_name} {input_dir}: the warehouse's own files would be read "
                             "as articles next time; choose a folder outside it")
    parent = p.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"{name} {path}: {parent} is a file, so the warehouse folder cannot be made there; choose another path")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{name} {path}: cannot write in {parent} (permission denied); choose a folder you can write to")


def check_count(value, name: str, minimum: int, hint: str = "") -> int:
    """A whole number of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        extra = f" ({hint})" if hint else ""
        raise UsageError(f"{name} must be a whole number of at least {minimum}{extra}, got {value!r}")
    return value


def check_since(value, name: str = "--since") -> str | None:
    """None, or an ISO date (YYYY-MM-DD) as text."""
    if value is None or value == "":
        return None
    try:
        return iso_date(value).isoformat()
    except ValueError as err:
        raise UsageError(f"{name}: {err}") from None


def check_stages(stages, name: str = "--stages") -> tuple[str, ...]:
    """The chosen stages (all when none are given), each one of :data:`STAGES`."""
    if not stages or (isinstance(stages, str) and not stages.strip()):
        return STAGES
    chosen = [s.strip() for s in stages.split(",")] if isinstance(stages, str) else [str(s).strip() for s in stages]
    unknown = [s for s in chosen if s not in STAGES]
    if unknown:
        close = [m for s in unknown for m in difflib.get_close_matches(s, STAGES, n=1)]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageError(f"{name}: unknown stages {unknown}{hint}; choose from {', '.join(STAGES)}")
    return tuple(s for s in STAGES if s in chosen)
