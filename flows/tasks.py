"""Prefect tasks: thin wrappers that run one transform stage over a batch of articles.

No logic lives here beyond calling the stage and combining batch results; every stage is a
pure function in ``transforms/`` (tested without Prefect). Tasks work on batches, never on
single articles: a Prefect task run costs ~10 ms of bookkeeping. Only the tasks that touch
the file system retry. Task inputs are large frames, so Prefect's input hashing is off
(``NO_CACHE``); re-runs are made cheap by content-derived ids instead.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from datetime import timedelta
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

import pandas as pd
from prefect import task
from prefect.cache_policies import NO_CACHE

from transforms.ingest import articles as articles_stage
from transforms.crosssource import claim_groups as claim_groups_stage
from transforms.cluster import dedup as dedup_stage
from transforms.crosssource import figure_groups as figure_groups_stage
from transforms.ingest import load as load_stage
from transforms.extract import people as people_stage
from transforms.cluster import stories as stories_stage
from transforms.quality import validate as validate_stage
from transforms.common.settings import Settings
from flows import warehouse
from flows.workers import extract_batch, parse_batch

REUSED_TABLES = ("articles", "mentions", "dedup_signatures")   # what an incremental run takes over
IO_RETRIES = {"retries": 2, "retry_delay_seconds": [1, 5]}


@task(name="list-inputs", cache_policy=NO_CACHE, **IO_RETRIES)
def list_inputs(input_dir: str) -> tuple[list[Path], list[dict]]:
    """Every file under the input folder, plus rejects for unreadable entries."""
    return load_stage.list_inputs(input_dir)


@task(name="parse", cache_policy=NO_CACHE, **IO_RETRIES)
def parse(batches: list[list[Path]], input_dir: str, settings: Settings, published_ids: frozenset, workers: int = 1,
          progress=None) -> tuple[list[dict], list[dict]]:
    """load -> clean -> metadata over batches of files, on ``workers`` processes (0 = every
    core). Parsing is CPU-bound Python, so threads would not help; a process pool does."""
    return _gather(pool_map(parse_batch, (batches, repeat(input_dir), repeat(settings), repeat(published_ids)),
                            workers, len(batches)), progress)


def pool_map(fn, args: tuple, workers: int, n: int):
    """``map(fn, *args)`` on ``workers`` spawned processes (0 = every core) when there is
    more than one call, else in this process."""
    workers = workers or os.cpu_count() or 1
    if workers > 1 and n > 1:
        # spawn, not fork: the Prefect engine's threads and event loop must not be forked
        with ProcessPoolExecutor(max_workers=min(workers, n), mp_context=multiprocessing.get_context("spawn")) as pool:
            yield from pool.map(fn, *args)
    else:
        yield from map(fn, *args)


def _gather(results, progress=None) -> tuple[list[dict], list[dict]]:
    """Concatenate (docs, rejects) results of parse batches, ticking progress per batch."""
    docs, rejects = [], []
    for batch_docs, batch_rejects in results:
        docs += batch_docs
        rejects += batch_rejects
        progress and progress()
    return docs, rejects


@task(name="parse-batch", cache_policy=NO_CACHE, **IO_RETRIES)
def parse_one(paths: list[Path], input_dir: str, settings: Settings, published_ids: frozenset) -> tuple[list[dict], list[dict]]:
    """One batch as its own task run: how a Dask cluster spreads parsing over its workers."""
    return parse_batch(paths, input_dir, settings, published_ids)


def parse_batches(batches: list[list[Path]], input_dir: str, settings: Settings, published_ids: frozenset,
                  workers: int, distributed: bool, progress=None) -> tuple[list[dict], list[dict]]:
    """Parse every batch: one task per batch on a Dask cluster, else a local process pool."""
    if not distributed:
        return parse(batches, input_dir, settings, published_ids, workers, progress)
    return _gather(fan_out(parse_one, [(b, input_dir, settings, published_ids) for b in batches], True), progress)


def fan_out(task_fn, calls: list[tuple], distributed: bool):
    """Results of ``task_fn(*args)`` for each args tuple, in order. On a Dask cluster every
    call is submitted first so batches run in parallel on its workers; locally they run one
    after the other, since CPU-bound Python gains nothing from threads."""
    if distributed:
        futures = [task_fn.submit(*args) for args in calls]
        return (f.result() for f in futures)
    return (task_fn(*args) for args in calls)


@task(name="read-published", cache_policy=NO_CACHE, **IO_RETRIES)
def read_published(output_dir: str, fingerprint: str) -> dict[str, pd.DataFrame]:
    """The tables of the previous run, for an incremental run: {} on the first run, and {}
    when the previous run was made by other code, vocabularies or settings."""
    if warehouse.read_run_info(output_dir).get("fingerprint") != fingerprint:
        return {}
    return warehouse.read_tables(output_dir, list(REUSED_TABLES))


@task(name="build-articles", cache_policy=NO_CACHE)
def build_articles(docs: list[dict], settings: Settings, published: pd.DataFrame | None) -> tuple[pd.DataFrame, list[dict]]:
    return articles_stage.build(docs, settings, published)


@task(name="dedup", cache_policy=NO_CACHE)
def dedup(articles: pd.DataFrame, settings: Settings, signatures: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    return dedup_stage.cluster(articles, settings, previous=signatures)


@task(name="stories", cache_policy=NO_CACHE)
def stories(articles: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    return articles.assign(story_id=stories_stage.assign(articles, settings).values)


def batch_content_key(context, parameters: dict) -> str:
    """Cache key of a batch task: the articles' ids (sha256 of their raw content), the code
    and vocabulary fingerprint, and the settings. Same files, same code: the task is skipped."""
    ids = ",".join(sorted(parameters["batch"]["article_id"]))
    digest = hashlib.sha256(f"{parameters['settings'].fingerprint()}|{ids}".encode()).hexdigest()[:32]
    return f"{context.task.name}-{digest}"


@task(name="find-people", cache_key_fn=batch_content_key, persist_result=True, cache_expiration=timedelta(days=30))
def find_people(batch: pd.DataFrame, settings: Settings) -> list[dict]:
    """Name tagging of one batch, the costliest step per article: cached on content hashes."""
    return people_stage.find_mentions(batch, settings)


@task(name="resolve-people", cache_policy=NO_CACHE)
def resolve_people(mentions: list[dict], articles: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    return people_stage.resolve(mentions, articles, settings)


@task(name="extract-claims-and-figures", cache_policy=NO_CACHE)
def extract_claims_and_figures(batch: pd.DataFrame, mentions: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One batch as its own task run (how a Dask cluster spreads the work)."""
    return extract_batch(batch, mentions, settings)


@task(name="claims-and-figures", cache_policy=NO_CACHE)
def extract(calls: list[tuple], workers: int = 1) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """Claims and figures of every batch on ``workers`` local processes (the attribution
    tagger makes this the heaviest stage)."""
    return list(pool_map(extract_batch, tuple(zip(*calls)), workers, len(calls)))


def extract_batches(calls: list[tuple], workers: int, distributed: bool):
    """Per batch (claims, figures): one task per batch on a Dask cluster, else a local pool."""
    if distributed:
        return fan_out(extract_claims_and_figures, calls, True)
    return extract(calls, workers) if calls else []


@task(name="validate", cache_policy=NO_CACHE)
def validate(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[dict], dict]:
    return validate_stage.validate(tables)


@task(name="cross-source", cache_policy=NO_CACHE)
def cross_source(tables: dict[str, pd.DataFrame], settings: Settings) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Claim and figure groups over the run's validated tables, validated in turn."""
    groups = {"claim_groups": claim_groups_stage.build(tables["claims"], tables["articles"], settings),
              "figure_groups": figure_groups_stage.build(tables["figures"], tables["claims"], tables["articles"], settings)}
    return validate_stage.validate_derived(groups, tables["articles"])
