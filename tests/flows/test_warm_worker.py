"""#15: a run with a few new articles extracts them on a worker that loaded the claims
models while the flow did dedup, stories and people: the same rows as in the flow's process."""
import time

import pandas as pd

from flows import tasks
from flows.runners import BatchRunner
from schemas import empty
from transforms.common.settings import load_settings
from transforms.extract import batch


def test_a_few_articles_are_extracted_on_the_warm_worker_with_the_same_rows():
    settings = load_settings()
    articles = pd.DataFrame({"article_id": ["art-1", "art-2"], "published_at": [pd.Timestamp("2024-03-04", tz="UTC")] * 2,
                             "caption_spans": [[], []],
                             "body": ["The ministry said on Monday that 1,200 troops had crossed the border.",
                                      "Prices rose 3.5 pct in March, the central bank said in a statement."]})
    calls = [(articles.iloc[:1], empty("mentions"), settings, True, True),
             (articles.iloc[1:], empty("mentions"), settings, True, True)]
    here = [batch.extract_batch(*args) for args in calls]
    with tasks.warm_worker(BatchRunner("processes", 2), 2, settings, True, True) as warm:
        assert warm is not None
        for _ in range(600):                   # the models load (seconds)
            if warm.ready():
                break
            time.sleep(0.1)
        assert warm.ready()
        there = warm.map(batch.extract_batch, calls, lambda i: None)
    for (c1, f1, r1), (c2, f2, r2) in zip(here, there):
        pd.testing.assert_frame_equal(c1, c2)
        pd.testing.assert_frame_equal(f1, f2)
        assert r1 == r2
    assert sum(len(c) for c, _, _ in there) == 2 and sum(len(f) for _, f, _ in there) == 2


def test_no_warm_worker_for_many_articles_none_or_one_core():
    settings = load_settings()
    for runner, items in ((BatchRunner("processes", 2), settings.run.min_pool_items), (BatchRunner("processes", 2), 0),
                          (BatchRunner("in_process"), 5), (BatchRunner("dask"), 5)):
        with tasks.warm_worker(runner, items, settings, True, True) as warm:
            assert warm is None
    with tasks.warm_worker(BatchRunner("processes", 2), 5, settings, False, False) as warm:
        assert warm is None                    # neither claims nor figures wanted


def test_batches_run_in_the_flows_process_while_the_worker_is_still_loading(monkeypatch):
    settings = load_settings()
    with tasks.warm_worker(BatchRunner("processes", 2), 2, settings, True, True) as warm:
        assert not warm.ready()                # just started: importing, loading
        ran_here = []
        monkeypatch.setattr(tasks, "_on_warm_worker", None)     # must not be used
        fn = tasks.task(lambda x: ran_here.append(x) or x, name="t")
        assert tasks.run_batches(fn, [(1,), (2,)], BatchRunner("in_process"), warm=warm) == [1, 2]
        assert ran_here == [1, 2]
