"""Warehouse I/O: atomic publish of the run's tables, the writer lock, reading them back.

Layout: the output folder the user names (``data/warehouse``) is a symbolic link to one
complete version folder beside it (``data/.warehouse.versions/<run id>/``) holding one
folder per table (a Parquet dataset: ``pd.read_parquet("data/warehouse/claims")``), the
run summary ``_run.json`` and the reports beside them. A run writes a new version folder,
fsyncs it, then swaps the link with one atomic ``rename``: a reader (or a crash at any
moment) sees the old complete version or the new complete version, never a mix. The
newest ``[publish] keep_versions`` versions are kept.

A version costs what changed, not the size of the warehouse: a table is cut into segments
at content-defined boundaries (an article, person or group whose key hashes to 0 modulo
``[publish] segment_keys`` starts a segment; a long segment of articles is cut finer,
see ``_segments``), so a new article changes only the segment it falls in; a segment whose
rows the previous version already holds (same digest of its Arrow data) is hard-linked from it instead of encoded and written again (``_manifest.json`` lists
each table's segments by digest). Why
not Delta Lake: its tables are append/merge logs that readers need deltalake or duckdb to
read as of one version, while every reader here (pandas, DuckDB, the scorer) reads a
plain folder of Parquet files, and the version switch already gives atomic snapshots.

A lock file beside the output (``data/.warehouse.lock``, ``flock``) stops two runs from
writing one warehouse at once; the second gets :class:`WarehouseLocked` with the holder's
pid and start time.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import io
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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


def publish(tables: dict[str, pd.DataFrame], output: str | Path, run_info: dict, files: dict[str, str] | None = None,
            keep_versions: int = 2, segment_keys: int = 256, schemas: dict | None = None) -> Path:
    """Write every table into a new version and switch the output link to it.

    Args:
        tables: name -> frame, each written as the dataset ``<version>/<name>/``.
        run_info: the run summary, written as ``_run.json``.
        files: name -> text, written beside the tables (reports).
        keep_versions: how many complete versions stay (the newest, this one included).
        segment_keys: keys (articles, people, groups) per segment, on average.
        schemas: name -> pyarrow schema (``schemas.arrow_schema``): a table's Parquet fields
            get their types, descriptions and not-null flags.

    Returns:
        The version folder. Raises :class:`NotAWarehouse` if ``output`` is a non-empty
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
    previous = _segment_files(output.resolve()) if output.is_symlink() else {}
    run_id = run_info["run_id"]
    staging = versions / f"{run_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    manifest, written = {}, 0
    # digests and Parquet encoding run in Arrow and hashlib, which release the GIL: on a
    # thread per core they take half the time (the second core is idle by now in a run)
    pool = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="publish")
    try:
        for name, frame in tables.items():
            folder = staging / name
            folder.mkdir()
            # one schema for every segment: the table's own (types, descriptions, not-null flags) if given
            schema = (schemas or {}).get(name) or pa.Schema.from_pandas(frame, preserve_index=False)
            table = _to_arrow(frame, schema)                 # once: slices are free
            cuts = _segments(frame, SEGMENT_KEYS.get(name, frame.columns[0]), segment_keys, finer=name in FINER_CUT_TABLES)
            segments = [table.slice(start, stop - start) for start, stop in cuts]
            manifest[name] = list(pool.map(_digest, segments))
            for k, digest in enumerate(manifest[name]):
                if digest in previous:                       # unchanged: the same rows, no new disk
                    os.link(previous[digest], folder / f"part-{k:05d}.parquet")
            changed = [k for k, digest in enumerate(manifest[name]) if digest not in previous]
            for start in range(0, len(changed), ENCODED_AT_ONCE):          # only changed segments are encoded
                window = changed[start:start + ENCODED_AT_ONCE]
                for k, data in zip(window, pool.map(_parquet_bytes, [segments[k] for k in window])):
                    _write(folder / f"part-{k:05d}.parquet", data)
                    written += len(data)
        run_info = {**run_info, "bytes_written": written}
        for name, text in {**(files or {}), "_run.json": json.dumps(run_info, indent=2, default=str),
                           "_manifest.json": json.dumps(manifest, indent=1)}.items():
            _write(staging / name, text.encode("utf-8"))
    except OSError as err:                 # a failed write leaves nothing behind: the next run finds the space
        remove_partials(output)
        if err.errno == errno.ENOSPC:
            raise disk_full(output, written) from err
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
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
    _prune(versions, keep={final.name}, keep_versions=keep_versions)
    for stale in output.parent.glob(f".{output.name}.link-*"):      # left by a writer killed mid-switch
        stale.unlink(missing_ok=True)
    return final


# Changed segments encoded at once, then written: a full run's memory holds that many, not
# the whole warehouse encoded.
ENCODED_AT_ONCE = 32

# The key that groups a table's rows into segments: all rows of one article (person, group,
# input file) stay in one segment, so a change to it rewrites one segment only.
SEGMENT_KEYS = {"articles": "article_id", "claims": "article_id", "figures": "article_id", "mentions": "article_id",
                "dedup_signatures": "article_id", "people": "person_id", "claim_groups": "group_id",
                "figure_groups": "group_id", "rejects": "source_file"}


# Content-defined cuts come at random: a tenth of the segments hold over twice the average,
# and a third of the rows sit in them. In the tables whose rows are large and change in
# place (an old article that joins a new one's cluster or story gets new dup and story
# columns), a segment past LONG_SEGMENT times the average is also cut at keys that hash to 0
# modulo the average / FINER_CUTS (about every quarter of an average segment). That rule
# still depends on the keys alone (a key added or removed moves no cut but possibly the one
# at the threshold), unlike a cut after a fixed count, which would move every later cut of
# the segment. Only there: every segment file costs about a millisecond to read back
# (footer, schema) in every run. Measured on the 19k Reuters warehouse, three incremental
# runs: the largest run's write 2.35 -> 1.82 MB.
LONG_SEGMENT, FINER_CUTS = 2, 4
FINER_CUT_TABLES = frozenset({"articles", "dedup_signatures"})


def _segments(frame: pd.DataFrame, key: str, keys_per_segment: int, finer: bool = False) -> list[tuple[int, int]]:
    """Row ranges [start, stop) of ``frame``'s segments: cut before every row whose key
    differs from the row before and hashes to 0 modulo ``keys_per_segment``; with ``finer``,
    in a segment that already holds ``LONG_SEGMENT * keys_per_segment`` keys, also before
    keys that hash to 0 modulo ``keys_per_segment // FINER_CUTS``. The cuts depend on the keys
    only, so rows added elsewhere do not move them (content-defined chunking). The hash is
    pandas' ``hash_array`` (SipHash with a fixed key, the same in every process and
    release), vectorised."""
    if frame.empty or key not in frame.columns:
        return [(0, len(frame))]
    keys = frame[key].astype(str).to_numpy(dtype=object)
    hashed = pd.util.hash_array(keys)
    first = np.r_[True, keys[1:] != keys[:-1]]                  # the first row of each key
    cut = first & (hashed % np.uint64(keys_per_segment) == 0)
    cut[0] = True
    if not finer:
        return _ranges(cut)
    key_number = np.cumsum(first) - 1
    held = key_number - np.maximum.accumulate(np.where(cut, key_number, 0))   # keys since the segment began
    often = hashed % np.uint64(max(1, keys_per_segment // FINER_CUTS)) == 0
    return _ranges(cut | (first & often & (held >= LONG_SEGMENT * keys_per_segment)))


def _ranges(cut: np.ndarray) -> list[tuple[int, int]]:
    cuts = np.flatnonzero(cut).tolist()
    return list(zip(cuts, cuts[1:] + [len(cut)]))


def _to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """``frame`` as an Arrow table of ``schema``. A column of Arrow lists (``pd.ArrowDtype``,
    as dedup_signatures holds them) is recorded in the pandas metadata as the object column
    of lists that ``pd.read_parquet`` gives back, as for every other list column: pyarrow
    would record the ArrowDtype's name, which pandas cannot parse when reading the file."""
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    arrow_lists = {c for c in frame.columns if isinstance(frame[c].dtype, pd.ArrowDtype)}
    metadata = table.schema.metadata or {}
    if not arrow_lists or b"pandas" not in metadata:
        return table
    pandas_meta = json.loads(metadata[b"pandas"])
    for column in pandas_meta["columns"]:
        if column["name"] in arrow_lists:
            column["numpy_type"] = "object"
    return table.replace_schema_metadata({**metadata, b"pandas": json.dumps(pandas_meta).encode()})


def _digest(rows: pa.Table) -> str:
    """A segment's identity: sha256 of the Arrow IPC stream of its rows copied afresh. The
    copy (``take`` of every row) gives equal rows equal buffers whatever they came from: a
    slice of a table read back from many files keeps its parent's offsets and buffers, which
    the IPC writer does not always rebase. Still a fraction of the cost of encoding Parquet,
    which only changed segments then pay."""
    fresh = rows.take(np.arange(rows.num_rows))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, fresh.schema) as writer:
        writer.write_table(fresh)
    return hashlib.sha256(sink.getvalue()).hexdigest()[:32]


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    _fsync(path)


def _parquet_bytes(rows: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(rows, buffer, compression="zstd")
    return buffer.getvalue()


def _segment_files(version: Path) -> dict[str, Path]:
    """digest -> file of every segment of a published version (empty for older layouts)."""
    try:
        manifest = json.loads((version / "_manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {digest: version / name / f"part-{k:05d}.parquet"
            for name, digests in manifest.items() for k, digest in enumerate(digests)}


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
    version needs and how much is free now that the partial version is gone. Unchanged
    segments are hard links and take no space; the new ones take at most what the published
    version's files take, and at least what was written before the disk filled."""
    output = Path(os.path.abspath(output))
    versions, _ = _paths(output)
    free = shutil.disk_usage(versions if versions.exists() else output.parent).free
    published = _folder_bytes(output.resolve()) if output.exists() else 0
    return WarehouseDiskFull(
        f"no space left on the disk of warehouse {output}: a new version needs at least {_mb(written)} "
        f"and at most about {_mb(max(published, written))} (the published one takes {_mb(published)}), "
        f"{_mb(free)} free; nothing was published, the previous version is intact. Free some space and run again")


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) if Path(folder).is_dir() else 0


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def read_tables(output: str | Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The published tables of a warehouse (empty dict if nothing is published yet)."""
    from schemas.io import read_table, table_path    # here: a writer (and its kill test) starts without pandera

    output = Path(output)
    if not output.exists():
        return {}
    names = names or sorted(p.name for p in output.iterdir() if p.is_dir())
    return {n: read_table(output, n) for n in names if table_path(output, n).exists()}



def read_run_info(output: str | Path) -> dict:
    """The ``_run.json`` of the published version ({} if there is none or it is unreadable)."""
    path = Path(output) / "_run.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _prune(versions: Path, keep: set[str], keep_versions: int) -> None:
    done = sorted((p for p in versions.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in done[max(1, keep_versions):]:
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
