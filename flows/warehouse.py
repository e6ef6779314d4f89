"""Warehouse I/O: atomic publish of the run's tables, the writer lock, reading them back.

Layout: the output folder the user names (``data/warehouse``) is a symbolic link to one
complete version folder beside it (``data/.warehouse.versions/<run id>/``) holding one
Parquet file per table plus ``_run.json``. A run writes a new version folder in full,
fsyncs it, then swaps the link with one atomic ``rename``: a reader (or a crash at any
moment) sees the old complete version or the new complete version, never a mix. The two
newest versions are kept.

A lock file beside the output (``data/.warehouse.lock``, ``flock``) stops two runs from
writing one warehouse at once; the second gets :class:`WarehouseLocked` with the holder's
pid and start time.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

KEEP_VERSIONS = 2


class WarehouseLocked(RuntimeError):
    """Another run holds the writer lock of this warehouse."""


class NotAWarehouse(RuntimeError):
    """The output path exists and was not published by this pipeline."""


def _paths(output: Path) -> tuple[Path, Path]:
    output = Path(os.path.abspath(output))
    return output.parent / f".{output.name}.versions", output.parent / f".{output.name}.lock"


@contextmanager
def writer_lock(output: str | Path):
    """Hold the warehouse's writer lock for the duration of the block."""
    output = Path(output)
    versions, lock_path = _paths(output)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown"
            raise WarehouseLocked(f"another run is writing {output} ({holder}); wait for it to finish or stop it") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S %Z')}".encode(), 0)
        yield
    finally:
        os.close(fd)


def publish(tables: dict[str, pd.DataFrame], output: str | Path, run_info: dict, files: dict[str, str] | None = None) -> Path:
    """Write every table as Parquet (and ``files``, name -> text) into a new version and switch
    the output link to it.

    Returns the version folder. Raises :class:`NotAWarehouse` if ``output`` is a non-empty
    folder that this pipeline did not publish (nothing there is touched).
    """
    output = Path(os.path.abspath(output))
    versions, _ = _paths(output)
    if output.exists() and not output.is_symlink():
        if output.is_dir() and not any(output.iterdir()):
            output.rmdir()
        else:
            raise NotAWarehouse(f"{output} exists and is not a warehouse written by news-etl; "
                                "choose another --output or move it away")
    versions.mkdir(parents=True, exist_ok=True)
    run_id = run_info["run_id"]
    staging = versions / f"{run_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for name, frame in tables.items():
            path = staging / f"{name}.parquet"
            frame.to_parquet(path, index=False, engine="pyarrow", compression="zstd")
            _fsync(path)
        for name, text in {**(files or {}), "_run.json": json.dumps(run_info, indent=2, default=str)}.items():
            (staging / name).write_text(text, encoding="utf-8")
            _fsync(staging / name)
    except OSError as err:                 # a failed write leaves nothing behind: the next run finds the space
        written = _folder_bytes(staging)
        remove_partials(output)
        if err.errno == errno.ENOSPC:
            raise disk_full(output, written) from err
        raise
    final = versions / run_id
    shutil.rmtree(final, ignore_errors=True)
    os.rename(staging, final)
    _fsync_dir(versions)
    link_tmp = output.parent / f".{output.name}.link-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(os.path.relpath(final, output.parent), link_tmp)
    os.replace(link_tmp, output)                      # the atomic switch
    _fsync_dir(output.parent)
    _prune(versions, keep={final.name})
    for stale in output.parent.glob(f".{output.name}.link-*"):      # left by a writer killed mid-switch
        stale.unlink(missing_ok=True)
    return final


class WarehouseDiskFull(OSError):
    """The disk holding the warehouse filled up while a new version was written; nothing
    was published and the previous version is intact."""


def remove_partials(output: str | Path) -> list[Path]:
    """Remove the ``<run>.partial`` version folders that failed or killed runs left beside
    the warehouse (a full disk stays full while they are there). Call it holding the writer
    lock: a partial folder is then no other run's work in progress.

    Returns:
        The folders removed.
    """
    versions, _ = _paths(Path(output))
    removed = sorted(versions.glob("*.partial")) if versions.is_dir() else []
    for partial in removed:
        shutil.rmtree(partial, ignore_errors=True)
    return removed


def disk_full(output: str | Path, written: int) -> WarehouseDiskFull:
    """The error of a publish that ran out of space (ENOSPC): which warehouse, how much a
    version needs (at least what the published one takes, and what was written before the
    disk filled) and how much is free now that the partial version is gone."""
    output = Path(os.path.abspath(output))
    versions, _ = _paths(output)
    free = shutil.disk_usage(versions if versions.exists() else output.parent).free
    published = _folder_bytes(output) if output.exists() else 0
    return WarehouseDiskFull(
        f"no space left on the disk of warehouse {output}: a new version needs at least {_mb(max(published, written))} "
        f"(the published one takes {_mb(published)}; {_mb(written)} were written when the disk filled), "
        f"{_mb(free)} free; nothing was published, the previous version is intact. Free some space and run again")


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) if Path(folder).is_dir() else 0


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def read_tables(output: str | Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The published tables of a warehouse (empty dict if nothing is published yet)."""
    output = Path(output)
    if not output.exists():
        return {}
    names = names or sorted(p.stem for p in output.glob("*.parquet"))
    return {n: pd.read_parquet(output / f"{n}.parquet") for n in names if (output / f"{n}.parquet").exists()}


def read_run_info(output: str | Path) -> dict:
    """The ``_run.json`` of the published version ({} if there is none or it is unreadable)."""
    path = Path(output) / "_run.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _prune(versions: Path, keep: set[str]) -> None:
    done = sorted((p for p in versions.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in done[KEEP_VERSIONS:]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for partial in versions.glob("*.partial"):
        shutil.rmtree(partial, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
