"""Prefect tasks: thin wrappers that run one transform stage, or one batch of it.

No logic lives here beyond calling the stage and mapping it over batches; every stage is a
pure function in ``transforms/`` (tested without Prefect). Tasks work on batches, never on
single articles: a Prefect task run costs ~10 ms of bookkeeping. :func:`run_batches` maps a
batch task over a stage's batches, where a :class:`flows.runners.BatchRunner` says. Only the
tasks that touch the file system retry. Task inputs are large frames, so Prefect's input
hashing is off (``NO_CACHE``); re-runs are made cheap by content-derived ids instead, and
name tagging by a cache on them.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import shutil
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Callable

import pandas as pd
import prefect
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows import lifeline, warehouse
from flows.runners import BatchRunner
from transforms.cluster import dedup as dedup_stage
from transforms.cluster import stories as stories_stage
from transforms.common.settings import Settings
from transforms.crosssource import changes as changes_stage
from transforms.extract import batch as extract_stage
from transforms.extract import people as people_stage
from transforms.ingest import articles as articles_stage
from transforms.ingest import load as load_stage
from transforms.ingest import parse as parse_stage
from transforms.quality import validate as validate_stage


class Task(prefect.Task):
    """A Prefect task whose arguments Prefect does not walk.

    Prefect visits every element of a task's arguments, looking for futures to wait on and
    to record as the run's inputs. Ours are frames, lists of 100,000 mention records and
    sets of every published id: walking them cost seconds per call at 19,000 articles,
    more than some stages. Batch tasks take no futures, so every argument is ``quote``d
    (Prefect hands the task the value itself). ``submit`` is left alone: the Dask task
    runner ships the arguments as they are, annotation included."""

    def __call__(self, *args, **kwargs):
        return super().__call__(*map(quote, args), **{k: quote(v) for k, v in kwargs.items()})


def task(fn: Callable | None = None, **options):
    """``prefect.task`` making a :class:`Task`: as a decorator (``@task(name=...)``) or a call."""
    return Task(fn, **options) if fn is not None else (lambda f: Task(f, **options))


REUSED_TABLES = ("articles", "dedup_signatures", "mentions", "claims", "figures")   # what an incremental run takes over, in the order it needs them
IO_RETRIES = {"retries": 2, "retry_delay_seconds": [1, 5]}


def run_batches(fn: Task, batches: list[tuple], runner: BatchRunner, progress: Callable[[int], None] | None = None,
                warm: WarmWorker | None = None) -> list:
    """``fn(*args)`` for each args tuple of ``batches``, results in order.

    Args:
        fn: a batch task. For ``processes`` it must wrap a plain, importable function, as
            ``task(transforms.ingest.parse.parse_batch, ...)`` does: worker processes run
            that function (without Prefect), not the task.
        batches: one tuple of ``fn``'s arguments per batch.
        runner: where the batches run: ``in_process`` (a task run per batch, one after the
            other), ``processes`` (a pool of ``runner.workers`` spawned processes inside one
            task run that retries as ``fn`` does), ``dask`` (a task run per batch, all
            submitted first, so the Dask task runner spreads them over its workers).
        progress: called with a batch's index as soon as that batch is done.
        warm: a :class:`WarmWorker` that loads ``fn``'s models: ``in_process`` batches run
            there instead (in one task run), unless loading failed. They wait for it if it
            is still loading: it started with the run, so that is sooner than loading the
            models again here.

    Returns:
        The results of ``fn``, one per batch.
    """
    tick = progress or (lambda i: None)
    if warm is not None and runner.kind == "in_process" and not warm.failed():
        return _on_warm_worker.with_options(name=f"{fn.name}-warm")(fn.fn, quote(batches), warm, tick)
    if runner.kind == "dask":
        futures = [fn.submit(*args) for args in batches]
        return [_ticked(future.result(), tick, i) for i, future in enumerate(futures)]
    if (pooled := _pooled(fn, batches, runner)) is not None:
        return pooled(fn.fn, quote(batches), runner.workers, tick)
    return [_ticked(fn(*args), tick, i) for i, args in enumerate(batches)]


def start_batches(fn: Task, batches: list[tuple], runner: BatchRunner,
                  progress: Callable[[], Callable[[int], None] | None]) -> Callable[[], list]:
    """:func:`run_batches`, begun now in the background where ``runner`` runs the batches on
    a local pool (``processes``): the flow's process goes on with other stages meanwhile,
    and the callable returned waits for the results. Anywhere else the batches run when
    that callable is called. ``progress`` makes the counter, when the batches begin."""
    if (pooled := _pooled(fn, batches, runner)) is not None:
        return pooled.submit(fn.fn, quote(batches), runner.workers, progress() or (lambda i: None)).result
    return lambda: run_batches(fn, batches, runner, progress())


def _pooled(fn: Task, batches: list[tuple], runner: BatchRunner) -> Task | None:
    """The task that runs ``fn``'s batches on a local pool, retrying as ``fn`` does; None
    where they run otherwise (another runner, one worker, one batch)."""
    if runner.kind != "processes" or runner.workers < 2 or len(batches) < 2:
        return None
    return _on_processes.with_options(name=f"{fn.name}-pool", retries=fn.retries, retry_delay_seconds=fn.retry_delay_seconds)


@task(name="on-processes", cache_policy=NO_CACHE)
def _on_processes(fn: Callable, batches: list[tuple], workers: int, tick: Callable[[int], None]) -> list:
    """``fn(*args)`` per batch on a pool of spawned processes (CPU-bound Python gains nothing
    from threads), each batch counted as soon as it is done."""
    with _spawned_pool(min(workers, len(batches))) as pool:
        futures = {pool.submit(fn, *args): i for i, args in enumerate(batches)}
        for future in as_completed(futures):
            tick(futures[future])
        return [future.result() for future in futures]


class WarmWorker:
    """One spawned process that loads a batch stage's models from the start of an
    incremental run, on the second core, and can work ahead on the articles the run will
    extract (:meth:`ahead`) while the flow's process reads the warehouse and runs the
    run-wide stages (dedup, stories, people). A scheduled run's few new articles then wait
    neither for a process to start nor for the claims models to load (3-4 s here), nor for
    their parse. It dies with the flow's process, even when that is killed
    (:mod:`flows.lifeline`)."""

    def __init__(self, warm_up: Callable, *args) -> None:
        self._pool = _spawned_pool(1)
        self._warming = self._pool.submit(warm_up, *args)

    def ready(self) -> bool:
        """Whether the models are loaded."""
        return self._warming.done() and self._warming.exception() is None

    def failed(self) -> bool:
        """Whether loading the models failed (the batches then run in the flow's process)."""
        return self._warming.done() and self._warming.exception() is not None

    def ahead(self, fn: Callable, *args) -> None:
        """``fn(*args)`` on the worker after the models, its result dropped: work that
        :meth:`map`'s batches then find done (see ``transforms.extract.batch.prepare``).
        The worker runs one thing at a time, in order."""
        self._pool.submit(fn, *args)

    def map(self, fn: Callable, batches: list[tuple], tick: Callable[[int], None]) -> list:
        futures = [self._pool.submit(fn, *args) for args in batches]
        return [_ticked(future.result(), tick, i) for i, future in enumerate(futures)]

    def close(self) -> None:
        # a worker still loading (the run found nothing to extract after all) is ended, not
        # waited for; ProcessPoolExecutor has no public way to do that before Python 3.14
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def warm_worker(runner: BatchRunner, settings: Settings, claims: bool, figures: bool, published: bool):
    """A :class:`WarmWorker` for claims and figures when the run is incremental (a
    ``published`` warehouse) and may have only a few articles to extract, on a machine with
    cores to spare; else None. It starts before the run knows how many: see
    :func:`still_warm`."""
    spare = runner.kind == "processes" and runner.workers > 1
    worker = WarmWorker(extract_stage.warm_up, settings, claims, figures) if spare and published and (claims or figures) else None
    try:
        yield worker
    finally:
        if worker is not None:
            worker.close()


def still_warm(worker: WarmWorker | None, items: int, settings: Settings) -> WarmWorker | None:
    """The worker if ``items`` (new files, then articles to extract) are few enough to run
    in the flow's process (:meth:`BatchRunner.for_items`): then it extracts them instead.
    Else it is closed now, before the pool's processes start (many) or for good (none)."""
    if worker is not None and not 0 < items < settings.run.min_pool_items:
        worker.close()
        return None
    return worker


@task(name="on-warm-worker", cache_policy=NO_CACHE)
def _on_warm_worker(fn: Callable, batches: list[tuple], warm: WarmWorker, tick: Callable[[int], None]) -> list:
    """``fn(*args)`` per batch on the warm worker; in this process if that worker died."""
    try:
        return warm.map(fn, batches, tick)
    except BrokenProcessPool:
        return [_ticked(fn(*args), tick, i) for i, args in enumerate(batches)]


def _spawned_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of spawned processes that die with this one (:mod:`flows.lifeline`). Spawn, not
    fork: the Prefect engine's threads and event loop must not be forked."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"), **lifeline.pool_lifeline())


def _ticked(result, tick: Callable[[int], None], index: int):
    tick(index)
    return result


@task(name="list-inputs", cache_policy=NO_CACHE, **IO_RETRIES)
def list_inputs(input_dir: str) -> tuple[list[Path], list[dict]]:
    """Every file under the input folder, plus rejects for unreadable entries."""
    return load_stage.list_inputs(input_dir)


# One batch of files, load -> clean -> metadata; it reads files, so it retries.
parse_batch = task(parse_stage.parse_batch, name="parse-batch", cache_policy=NO_CACHE, **IO_RETRIES)

# The files that hold a published article unchanged: only read and hashed.
known_files = task(parse_stage.known_files, name="known-files", cache_policy=NO_CACHE, **IO_RETRIES)


@task(name="read-published", cache_policy=NO_CACHE, **IO_RETRIES)
def read_published(output_dir: str, fingerprint: str, rebuild: bool = False
                   ) -> tuple[Mapping[str, pd.DataFrame], dict[str, pd.DataFrame], dict]:
    """What the warehouse holds, for an incremental run.

    Returns:
        (reusable: the per-article tables an incremental run takes over, {} on a first run,
        with ``rebuild``, or when the warehouse was made by other code, vocabularies or
        settings; previous: the published articles and rejects whatever made them (an
        ``append`` run keeps those whose file is gone); the published run's summary).
    """
    info = warehouse.read_run_info(output_dir)
    if not info:
        return {}, {}, info
    previous = warehouse.read_tables(output_dir, ["articles", "rejects"])
    if rebuild or info.get("fingerprint") != fingerprint:
        return {}, previous, info
    later = [t for t in (*REUSED_TABLES, *changes_stage.DERIVED) if t not in previous]
    return PublishedTables(previous, output_dir, later), previous, info


class PublishedTables(Mapping):
    """The published tables by name. Those the run needs only from dedup on (signatures,
    mentions, claims, figures, groups, links) are read on a thread meanwhile, while the
    flow's process hashes and parses the input (decoding Parquet releases the GIL: 1-2 s
    of a 19,000-article run's reading overlap that work), and waited for when first used.
    A read that fails on the thread is tried once more when the table is used."""

    def __init__(self, ready: dict[str, pd.DataFrame], output_dir: str, later: list[str]) -> None:
        from schemas.io import table_path

        self._tables = dict(ready)
        self._output_dir = output_dir
        later = [t for t in later if t not in ready and table_path(output_dir, t).exists()]
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="read-published") if later else None
        self._later = {t: self._reader.submit(warehouse.read_tables, output_dir, [t]) for t in later}
        if self._reader is not None:
            self._reader.shutdown(wait=False)            # the thread ends once it has read them all

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self._later:
            try:
                frame = self._later[name].result()[name]
            except OSError:
                frame = warehouse.read_tables(self._output_dir, [name])[name]
            self._tables[name] = frame
            del self._later[name]
        return self._tables[name]

    def __iter__(self):
        return iter([*self._tables, *self._later])

    def __len__(self) -> int:
        return len(self._tables) + len(self._later)


@task(name="build-articles", cache_policy=NO_CACHE)
def build_articles(docs: list[dict], settings: Settings, published: pd.DataFrame | None) -> tuple[pd.DataFrame, list[dict]]:
    return articles_stage.build(docs, settings, published)


@task(name="dedup", cache_policy=NO_CACHE)
def dedup(articles: pd.DataFrame, settings: Settings, signatures: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    return dedup_stage.cluster(articles, settings, previous=signatures)


@task(name="stories", cache_policy=NO_CACHE)
def stories(articles: pd.DataFrame, settings: Settings, signatures: pd.DataFrame,
            published: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles with their ``story_id``; the signatures table with the words stories weighed
    (the ``published`` signatures give those of articles counted before)."""
    ids, terms = stories_stage.assign_with_terms(articles, settings, published)
    return articles.assign(story_id=ids.values), stories_stage.with_terms(signatures, terms)


def batch_content_key(context, parameters: dict) -> str:
    """Cache key of a batch task: the articles' ids (sha256 of their raw content), the code
    and vocabulary fingerprint, and the settings. Same files, same code: the task is skipped."""
    ids = ",".join(sorted(parameters["articles"]["article_id"]))
    digest = hashlib.sha256(f"{parameters['settings'].fingerprint()}|{ids}".encode()).hexdigest()[:32]
    return f"{context.task.name}-{digest}"


# Name tagging of one batch, the costliest step per article; returns (mentions, rejects of
# articles on which tagging raised). Cached on content hashes when its batches run as task
# runs (a small run, in the flow's process); a large run's batches run on the pool,
# alongside dedup and stories, past the cache.
find_people = task(people_stage.find_mentions_batch, name="find-people", cache_key_fn=batch_content_key,
                   persist_result=True, cache_expiration=timedelta(days=30))


@task(name="resolve-people", cache_policy=NO_CACHE)
def resolve_people(mentions: list[dict], articles: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    return people_stage.resolve(mentions, articles, settings)


# Claims and figures of one batch of articles (the attribution tagger makes it the heaviest stage).
extract_batch = task(extract_stage.extract_batch, name="claims-and-figures", cache_policy=NO_CACHE)


@task(name="validate", cache_policy=NO_CACHE)
def validate(tables: dict[str, pd.DataFrame], carried: set[str]) -> tuple[dict[str, pd.DataFrame], list[dict], dict]:
    return validate_stage.validate(tables, carried)


@task(name="cross-source", cache_policy=NO_CACHE)
def cross_source(tables: dict[str, pd.DataFrame], settings: Settings, report: dict,
                 published: dict[str, pd.DataFrame] | None = None, as_published: set[str] = frozenset()
                 ) -> tuple[dict[str, pd.DataFrame], list[dict], dict]:
    """Claim and figure groups and claim links over the run's validated tables, validated in
    turn (their counts added to the validation ``report``). Given the ``published`` tables of
    a run made by the same code, settings and stages, only the changed stories' groups and
    the changed articles' links are built (``transforms/crosssource/changes.py``; the claims
    and figures of ``as_published`` articles were carried over unchanged)."""
    if published and all(name in published for name in changes_stage.DERIVED):
        built, kept = changes_stage.build_changed(tables, published, settings, as_published)
        built, quarantined, report = validate_stage.validate_derived(built, tables["articles"], report)
        groups = changes_stage.merged(built, kept, tables["articles"])
        for name, frame in groups.items():
            report["tables"][name]["rows"] = len(frame)
        return groups, quarantined, report
    return validate_stage.validate_derived(changes_stage.build(tables, settings), tables["articles"], report)


@task(name="archive-inputs", cache_policy=NO_CACHE, **IO_RETRIES)
def archive_inputs(input_dir: str, paths: list[Path], archive_dir: str) -> int:
    """Move the files this run read to ``archive_dir`` (same relative paths), after they were
    published: an inbox in ``append`` mode is emptied run by run. Returns how many moved."""
    moved = 0
    for path in paths:
        target = Path(archive_dir) / Path(path).relative_to(input_dir)
        if not Path(path).exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)
        moved += 1
    return moved
