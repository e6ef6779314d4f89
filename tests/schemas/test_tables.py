"""schemas + validate: the contract catches bad rows and quarantines them with the check."""
import pandas as pd
import pytest

from schemas import TABLES, columns, empty
from transforms.quality.validate import validate


def _article(**over):
    row = {"article_id": "art-0000000000000001", "source_file": "a.txt", "record_index": 0, "sha256": "a" * 64,
           "size_bytes": 10, "format": "txt", "encoding": "utf-8", "title": "T", "outlet": None, "authors": [],
           "published_at": pd.Timestamp("2024-11-05", tz="UTC"), "dateline": None, "url": None,
           "body": "Umerov said five units.", "n_words": 4, "caption_spans": [], "dup_cluster_id": "dup-1",
           "canonical_article_id": "art-0000000000000001", "dup_similarity": 1.0, "dup_evidence": None,
           "story_id": "sto-1"}
    return {**row, **over}


def _tables(articles, claims=(), figures=()):
    t = {name: empty(name) for name in TABLES}
    t["articles"] = pd.DataFrame(articles)
    if claims:
        t["claims"] = pd.DataFrame(claims)
    if figures:
        t["figures"] = pd.DataFrame(figures)
    return t


def _claim(**over):
    row = {"claim_id": "clm-1", "article_id": "art-0000000000000001", "speaker": "Umerov", "speaker_person_id": None,
           "cue": "said", "kind": "statement", "content": "five units", "char_start": 12, "char_end": 22, "speaker_start": 0, "speaker_end": 6,
           "is_direct": False, "extractor": "pattern", "medium": None, "claim_date": None, "is_hedged": False,
           "sentence_start": 0, "sentence_end": 23}
    return {**row, **over}


def _figure(**over):
    row = {"figure_id": "fig-1", "article_id": "art-0000000000000001", "value": 5.0, "value_low": None, "value_high": None,
           "unit": "units", "qualifier": None, "subject": None, "text": "five units", "char_start": 12, "char_end": 22,
           "claim_id": "clm-1", "speaker": "Umerov", "speaker_person_id": None}
    return {**row, **over}


def test_every_table_declares_its_grain_and_columns():
    for name, model in TABLES.items():
        assert model.__doc__.strip().startswith("One row per"), name
        assert columns(name) and all(spec.description for spec in model.to_schema().columns.values())


def test_valid_rows_pass():
    tables, rejects, report = validate(_tables([_article()], [_claim()]))
    assert report["ok"] and len(tables["claims"]) == 1 and rejects == []


@pytest.mark.parametrize("bad,check", [
    ({"published_at": pd.Timestamp("2999-01-01", tz="UTC")}, "not_in_future"),
    ({"body": ""}, "str_length"),
    ({"dup_similarity": 1.5}, "less_than_or_equal_to"),
])
def test_bad_article_is_quarantined_with_its_claims(bad, check):
    tables, rejects, report = validate(_tables([_article(**bad)], [_claim()]))
    assert tables["articles"].empty and tables["claims"].empty
    assert any(check in r["reason"] for r in rejects), rejects
    assert {r["table"] for r in rejects} == {"articles", "claims"}


def test_offsets_must_slice_the_content():
    tables, rejects, _ = validate(_tables([_article()], [_claim(char_start=0, char_end=5)]))
    assert tables["claims"].empty and "offsets" in rejects[0]["reason"]


def test_duplicate_ids_rejected():
    tables, rejects, _ = validate(_tables([_article()], [_claim(), _claim()]))
    assert any("field_uniqueness" in r["reason"] or "unique" in r["reason"] for r in rejects)


def test_figure_claim_id_must_point_to_a_claim():
    tables, rejects, report = validate(_tables([_article()], [_claim()], [_figure(), _figure(figure_id="fig-2", claim_id=None)]))
    assert report["ok"] and tables["figures"]["figure_id"].tolist() == ["fig-1", "fig-2"]
    tables, rejects, _ = validate(_tables([_article()], [], [_figure(), _figure(figure_id="fig-2", claim_id=None)]))
    assert tables["figures"]["figure_id"].tolist() == ["fig-2"]
    assert [(r["table"], r["record_id"]) for r in rejects] == [("figures", "fig-1")]
    assert "foreign key: claim_id clm-1 not in claims" in rejects[0]["reason"]


def test_a_quarantined_claim_takes_its_figures():
    tables, rejects, _ = validate(_tables([_article()], [_claim(char_start=0, char_end=5)], [_figure()]))
    assert tables["claims"].empty and tables["figures"].empty
    assert {r["table"] for r in rejects} == {"claims", "figures"}


def test_stages_split_the_articles_columns():
    parts = [columns("articles", stage) for stage in ("load", "articles", "dedup", "stories")]
    assert sorted(c for part in parts for c in part) == sorted(columns("articles"))
    assert columns("articles", "dedup") == ["dup_cluster_id", "canonical_article_id", "dup_similarity", "dup_evidence"]
    assert columns("claims", "claims") == columns("claims")
