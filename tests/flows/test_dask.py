"""The flow on a local Dask cluster with 2 workers gives the same tables as the local runner."""
import pandas as pd

from flows.warehouse import read_tables
from tests.conftest import SEEDS


def test_dask_local_cluster_matches_local_run(prefect_harness, tmp_path, seeds_run):
    from flows.runners import configured

    summary = configured("dask", workers=2)(input_dir=str(SEEDS), output_dir=str(tmp_path / "wh"), batch_size=2)
    assert summary["articles"] == 5
    _, local_out = seeds_run
    for name in ("articles", "claims", "figures", "people"):
        a = read_tables(tmp_path / "wh", [name])[name]
        b = read_tables(local_out, [name])[name]
        pd.testing.assert_frame_equal(a, b, check_like=True)
