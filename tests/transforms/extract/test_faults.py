"""extract and parse, issue #20: an article on which a stage raises is rejected alone
(stage_error) while its batch goes on; people and claims cost what an article's size says,
however hostile the text."""
import time

import pandas as pd
import pytest

from schemas import empty
from tests.fixtures.hostile_cases import STORY, long_line, unbalanced_quotes
from transforms.common.text import quote_units
from transforms.extract import batch, figures, people
from transforms.ingest import metadata, parse


def _articles(*bodies):
    n = len(bodies)
    return pd.DataFrame({"article_id": [f"art-{i}" for i in range(n)], "source_file": [f"f{i}.txt" for i in range(n)],
                         "sha256": ["0" * 64] * n, "size_bytes": [100] * n, "title": [None] * n, "body": list(bodies),
                         "published_at": [None] * n, "caption_spans": [[] for _ in bodies], "authors": [[] for _ in bodies]})


BODIES = ("Umerov said five units were deployed on Monday.", "POISON: officials counted 300 vehicles, the mayor said.",
          "Kovalenko told reporters that 12 brigades had moved.")


def _poisoned(real):
    def run(frame, *args):
        if frame["body"].str.contains("POISON").any():
            raise ZeroDivisionError("poisoned article")
        return real(frame, *args)
    return run


def test_an_article_on_which_figures_raise_loses_only_its_figures(settings, monkeypatch):
    monkeypatch.setattr(figures, "process", _poisoned(figures.process))
    claims, found, rejects = batch.extract_batch(_articles(*BODIES), empty("mentions"), settings)
    assert set(found["article_id"]) == {"art-0", "art-2"} and "art-1" in set(claims["article_id"])
    assert [(r["source_file"], r["stage"], r["table"], r["record_id"], r["reason_code"]) for r in rejects] == \
        [("f1.txt", "figures", "figures", "art-1", "stage_error")]
    assert "ZeroDivisionError: poisoned article" in rejects[0]["reason"]


def test_a_batch_without_failure_runs_once_as_a_batch(settings, monkeypatch):
    calls = []
    real = figures.process
    monkeypatch.setattr(figures, "process", lambda frame, *a: calls.append(len(frame)) or real(frame, *a))
    batch.extract_batch(_articles(*BODIES), empty("mentions"), settings)
    assert calls == [3]


def test_people_tagging_that_raises_rejects_one_article_and_keeps_the_batch_propagation(settings, monkeypatch):
    monkeypatch.setattr(people, "find_mentions", _poisoned(people.find_mentions))
    bodies = ("President Volodymyr Zelenskyy met Andriy Kovalenko in Kyiv on Monday.", "POISON Volodymyr Zelenskyy",
              "Volodymyr Zelensky and aides left.")
    assert people.find_mentions(_articles(bodies[2]), settings) == []        # alone, the tagger misses it
    mentions, rejects = people.find_mentions_batch(_articles(*bodies), settings)
    # the rest ran as one batch again: the first name known from art-0 still finds the name in art-2
    assert {m["article_id"] for m in mentions} == {"art-0", "art-2"}
    assert [(r["stage"], r["table"], r["record_id"]) for r in rejects] == [("people", "mentions", "art-1")]


def test_a_document_on_which_metadata_raises_is_rejected_alone(tmp_path, settings, monkeypatch):
    for name, text in (("a.txt", STORY), ("b.txt", "POISON " + STORY), ("c.txt", STORY + " More.")):
        (tmp_path / name).write_text("Barrier holds\n\n" + text)
    real = metadata.extract
    monkeypatch.setattr(metadata, "extract", lambda doc, s: real(doc, s) if "POISON" not in doc["body"] else 1 / 0)
    docs, rejects = parse.parse_batch(sorted(tmp_path.iterdir()), str(tmp_path), settings, frozenset())
    assert sorted(d["source_file"] for d in docs) == ["a.txt", "c.txt"]
    assert [(r["source_file"], r["stage"], r["table"], r["reason_code"]) for r in rejects] == \
        [("b.txt", "metadata", "articles", "stage_error")]
    assert rejects[0]["record_id"].startswith("art-") and rejects[0]["sha256"]


def _seconds(fn, *args, runs=1):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def test_people_on_one_long_line_cost_its_size(settings):
    def cost(chars):
        arts = _articles(long_line(chars))
        return _seconds(lambda: people.resolve(people.find_mentions(arts, settings), arts, settings), runs=2)
    small, big = cost(50_000), cost(400_000)
    assert big < 20 * max(small, 0.05), (small, big)       # 8x the text; it took 102 s at 2 MB (quadratic)


def test_no_quote_unit_outgrows_its_cap(settings):
    cap = settings.claims.max_unit_chars
    for body in (unbalanced_quotes(5000, 2000), long_line(50_000), "“" + "word " * 20_000):
        units = quote_units(body, cap)
        assert max(e - s for _, s, e in units) <= 2 * cap
        assert all(body[s:e] == text for text, s, e in units)
        covered = " ".join(body[s:e] for _, s, e in units)
        assert len(covered.split()) == len(body.split())             # every word in some unit: nothing left out


@pytest.mark.slow
def test_claims_on_unbalanced_quotes_run_at_the_speed_of_news(settings):
    from transforms.extract import claims

    normal = _articles(*[STORY.replace("flood", f"flood {i}") + " “It held,” the mayor said." for i in range(60)])
    hostile = _articles(unbalanced_quotes(4000, 1300))
    claims.process(normal.iloc[:1], empty("mentions"), settings)                 # the parser loaded
    rate = {name: sum(len(b.split()) for b in frame["body"]) / _seconds(claims.process, frame, empty("mentions"), settings)
            for name, frame in (("normal", normal), ("hostile", hostile))}
    assert rate["hostile"] > rate["normal"] / 5, rate
