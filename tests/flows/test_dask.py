"""The flow on a local Dask cluster of 2 worker processes: its batch tasks run on the workers,
and the tables are the ones the local runner gives."""
from collections import Counter

import pandas as pd

from flows.warehouse import read_tables
from tests.conftest import SEEDS


def test_dask_workers_run_the_batch_tasks_and_match_local_run(prefect_harness, tmp_path, seeds_run):
    from distributed import Client, LocalCluster, get_task_stream

    from flows.runners import configured

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client, get_task_stream(client) as stream:
        workers = set(client.scheduler_info()["workers"])
        summary = configured("dask", address=cluster.scheduler_address)(input_dir=str(SEEDS), output_dir=str(tmp_path / "wh"),
                                                                         batch_size=2)
    assert summary["articles"] == 5
    # what the cluster's workers ran (Dask's task stream): one task per batch of 2 files, 3 batches, per stage
    ran = Counter(t["key"].rsplit("-", 1)[0] for t in stream.data)
    assert ran == {"parse_batch": 3, "find_mentions_batch": 3, "extract_batch": 3}
    assert {t["status"] for t in stream.data} == {"OK"} and {t["worker"] for t in stream.data} <= workers
    _, local_out = seeds_run
    for name in ("articles", "claims", "figures", "people"):
        a = read_tables(tmp_path / "wh", [name])[name]
        b = read_tables(local_out, [name])[name]
        pd.testing.assert_frame_equal(a, b, check_like=True)


def test_dask_runner_without_address_starts_its_own_cluster():
    from flows.runners import configured

    flow = configured("dask", workers=3)
    runner = flow.func.task_runner
    assert runner.address is None
    assert runner.cluster_kwargs == {"n_workers": 3, "threads_per_worker": 1, "processes": True}
    assert flow.keywords == {"distributed": True, "workers": 1}
