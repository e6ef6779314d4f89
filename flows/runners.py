"""Task runners: where the flow's tasks run.

    local   (default) tasks in this process; parsing on a local process pool
    dask    a Dask cluster through prefect-dask: an existing one (``address``, e.g.
            tcp://10.0.0.5:8786) or a LocalCluster with ``workers`` processes started for the run

Example:
    >>> from flows.runners import configured
    >>> flow = configured("local")            # the flow as it is
"""
from __future__ import annotations

from functools import partial


def configured(kind: str = "local", address: str | None = None, workers: int = 2):
    """The news_etl flow bound to a task runner, ready to call with its parameters."""
    from flows.pipeline import news_etl

    if kind == "local":
        return news_etl
    if kind != "dask":
        raise ValueError(f"unknown task runner {kind!r}: choose local or dask")
    from prefect_dask import DaskTaskRunner

    runner = (DaskTaskRunner(address=address) if address else
              DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}))
    # With Dask, parsing is spread as one task per batch rather than a local process pool.
    return partial(news_etl.with_options(task_runner=runner), distributed=True, workers=1)
