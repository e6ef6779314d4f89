"""#15: a run with a few new articles extracts them on a worker that loaded the claims
models (and parsed and tagged those articles) while the flow read the warehouse and did
dedup, stories and people: the same rows as in the flow's process."""
import operator
import time

import pandas as pd

from flows import tasks
from flows.runners import BatchRunner
from schemas import empty
from transforms.common.settings import load_settings
from transforms.extract import batch
from transforms.extract.claims import article
from transforms.models import attribution_tagger


def _articles():
    return pd.DataFrame({"article_id": ["art-1", "art-2"], "published_at": [pd.Timestamp("2024-03-04", tz="UTC")] * 2,
                         "caption_spans": [[], []],
                         "body": ["The ministry said on Monday that 1,200 troops had crossed the border.",
                                  "Prices rose 3.5 pct in March, the central bank said in a statement."]})


def _same(here, there):
    for (c1, f1, r1), (c2, f2, r2) in zip(here, there):
        pd.testing.assert_frame_equal(c1, c2)
        pd.testing.assert_frame_equal(f1, f2)
        assert r1 == r2
    assert sum(len(c) for c, _, _ in there) == 2 and sum(len(f) for _, f, _ in there) == 2


def test_a_few_articles_are_extracted_on_the_warm_worker_with_the_same_rows():
    settings = load_settings()
    articles = _articles()
    calls = [(articles.iloc[:1], empty("mentions"), settings, True, True),
             (articles.iloc[1:], empty("mentions"), settings, True, True)]
    here = [batch.extract_batch(*args) for args in calls]
    with tasks.warm_worker(BatchRunner("processes", 2), settings, True, True, published=True) as warm:
        assert warm is not None
        warm.ahead(batch.prepare, articles["body"].tolist(), settings, True, True)   # parsed and tagged before
        there = warm.map(batch.extract_batch, calls, lambda i: None)                # they are asked for
        assert warm.ready()
    _same(here, there)


def test_bodies_prepared_ahead_give_the_same_claims_and_are_taken_once():
    settings = load_settings()
    articles = _articles()
    plain = batch.extract_batch(articles, empty("mentions"), settings)
    batch.prepare(articles["body"].tolist(), settings)
    assert len(article._PARSED_AHEAD) == 2 and attribution_tagger._FOUND_AHEAD
    ahead = batch.extract_batch(articles, empty("mentions"), settings)
    assert not article._PARSED_AHEAD and not attribution_tagger._FOUND_AHEAD      # taken, not kept
    _same([plain], [ahead])


def test_no_warm_worker_for_a_first_run_one_core_or_no_extraction_and_none_kept_for_many_articles():
    settings = load_settings()
    for runner, published in ((BatchRunner("processes", 2), False), (BatchRunner("processes", 1), True),
                              (BatchRunner("in_process"), True), (BatchRunner("dask"), True)):
        with tasks.warm_worker(runner, settings, True, True, published=published) as warm:
            assert warm is None
    with tasks.warm_worker(BatchRunner("processes", 2), settings, False, False, published=True) as warm:
        assert warm is None                    # neither claims nor figures wanted
    for items in (0, settings.run.min_pool_items):
        with tasks.warm_worker(BatchRunner("processes", 2), settings, True, True, published=True) as warm:
            assert tasks.still_warm(warm, items, settings) is None        # closed: the pool or nothing
    with tasks.warm_worker(BatchRunner("processes", 2), settings, True, True, published=True) as warm:
        assert tasks.still_warm(warm, 3, settings) is warm


def test_batches_run_in_the_flows_process_when_the_worker_failed_to_load(monkeypatch):
    worker = tasks.WarmWorker(operator.truediv, 1, 0)          # its warm-up raises
    try:
        for _ in range(600):
            if worker.failed():
                break
            time.sleep(0.1)
        assert worker.failed() and not worker.ready()
        ran_here = []
        monkeypatch.setattr(tasks, "_on_warm_worker", None)     # must not be used
        fn = tasks.task(lambda x: ran_here.append(x) or x, name="t")
        assert tasks.run_batches(fn, [(1,), (2,)], BatchRunner("in_process"), warm=worker) == [1, 2]
        assert ran_here == [1, 2]
    finally:
        worker.close()
