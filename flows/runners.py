"""Where the flow's work runs: task runners for the flow, batch runners for its stages.

Task runners (:func:`configured`, the CLI's ``--runner``):

    local   (default) tasks in this process; batch stages on a local process pool
    dask    a Dask cluster through prefect-dask: an existing one (``address``, e.g.
            tcp://10.0.0.5:8786) or a LocalCluster with ``workers`` processes started for the run

Batch runners (:class:`BatchRunner`): how :func:`flows.tasks.run_batches` maps a batch task
over a stage's batches (parse, people tagging, claims + figures):

    in_process   each batch is a task run in the flow's process, one after another
    processes    the batches on N spawned local processes, inside one task run
    dask         each batch is its own task run, submitted to the flow's (Dask) task runner

Example:
    >>> from flows.runners import BatchRunner, configured
    >>> flow = configured("local")            # the flow as it is
    >>> BatchRunner.for_run(workers=4, distributed=False)
    BatchRunner(kind='processes', workers=4)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from typing import Literal


@dataclass(frozen=True)
class BatchRunner:
    """Where the batches of a stage run (see the module docstring).

    Attributes:
        kind: ``in_process``, ``processes`` or ``dask``.
        workers: processes of the local pool (``processes`` only).
    """

    kind: Literal["in_process", "processes", "dask"] = "in_process"
    workers: int = 1

    @classmethod
    def for_run(cls, workers: int, distributed: bool) -> BatchRunner:
        """The runner of the flow's parameters.

        Args:
            workers: local processes, 0 = every core; 1 runs in process.
            distributed: the flow runs on a Dask task runner: one task per batch.
        """
        if distributed:
            return cls("dask")
        workers = workers or os.cpu_count() or 1
        return cls("processes", workers) if workers > 1 else cls("in_process")

    def for_items(self, items: int, minimum: int) -> BatchRunner:
        """This runner for a stage over ``items`` files or articles: in the flow's process when
        they are fewer than ``minimum`` (``[run] min_pool_items``). A scheduled run that adds
        twenty files would otherwise spend longer starting the pool's workers (each imports
        the stage and loads its models) than working.

        >>> BatchRunner("processes", 2).for_items(20, 100), BatchRunner("processes", 2).for_items(500, 100)
        (BatchRunner(kind='in_process', workers=1), BatchRunner(kind='processes', workers=2))
        """
        return BatchRunner("in_process") if self.kind == "processes" and items < minimum else self


def short_lived_arrays() -> None:
    """Memory for short-lived arrays, in this process and the processes it spawns from now
    on: numpy's on ordinary pages, Arrow's from the C library's allocator.

    A stage's arrays live for milliseconds (codes, pairs, signatures, a table's rows taken
    in a new order). Faulting fresh memory in is then what costs, and this VM makes it dear:

    * numpy asks Linux for transparent huge pages (``madvise``) for every array of 4 MB or
      more, and where the kernel must compact memory to find a 2 MB page (THP
      ``defrag=madvise``, this VM's setting) that cost more than the work: at 19,000
      articles, 0.5-0.7 s of system time in dedup and stories of an incremental run.
      ``NUMPY_MADVISE_HUGEPAGE`` is numpy's documented switch; the call covers this
      process, where numpy is already imported.
    * pyarrow's default pool (mimalloc) gave a 19,000-article incremental run 6.1 s of
      system time against 1.4 s with the system allocator (glibc malloc, which keeps freed
      memory for the next allocation), and 16-17 s of wall time against 12 s: every
      ``take`` of the articles' bodies (a new order, a filter) cost 0.1-0.7 s instead of
      tens of milliseconds. ``ARROW_DEFAULT_MEMORY_POOL`` is read by processes spawned
      later; ``set_memory_pool`` covers this one.
    """
    os.environ["NUMPY_MADVISE_HUGEPAGE"] = "0"
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:                  # another numpy layout: its default stays
        return
    _set_madvise_hugepage(False)


def configured(kind: str = "local", address: str | None = None, workers: int = 2):
    """The news_etl flow bound to a task runner, ready to call with its parameters. Prefect's
    ephemeral API server, if it starts one, dies with this process (:mod:`flows.lifeline`)."""
    from flows.lifeline import guard_prefect_server
    from flows.pipeline import news_etl

    guard_prefect_server()

    if kind == "local":
        return news_etl
    if kind != "dask":
        raise ValueError(f"unknown task runner {kind!r}: choose local or dask")
    from prefect_dask import DaskTaskRunner

    runner = (DaskTaskRunner(address=address) if address else
              DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}))
    # With Dask, batch stages are spread as one task per batch rather than a local process pool.
    return partial(news_etl.with_options(task_runner=runner), distributed=True, workers=1)
