"""articles: content-derived ids, the article row, and the rejects for short and duplicate documents."""
import hashlib

import pandas as pd

from transforms.ingest.articles import ARTICLE_FIELDS, article_id, build

BODY = "Officials said the flood barrier held overnight after heavy rain."


def _doc(name, sha, **extra):
    doc = {"source_file": name, "record_index": 0, "sha256": sha * 64, "size_bytes": 100, "format": "txt",
           "encoding": "utf-8", "page_text": BODY, "body": BODY, "n_words": len(BODY.split())}
    return doc | extra


def test_ids_come_from_the_file_hash_or_from_a_records_text():
    assert article_id(_doc("a.txt", "a")) == "art-" + "a" * 16
    record = _doc("r.jsonl", "a", format="jsonl", page_text="record text")
    assert article_id(record) == "art-" + hashlib.sha256(b"record text").hexdigest()[:16]
    assert article_id(_doc("a.txt", "a", article_id="art-given")) == "art-given"


def test_row_fields_are_normalised(settings):
    doc = _doc("a.txt", "a", title="Barrier holds", published_at="2024-11-05T10:00:00-05:00", authors=None,
               caption_spans=[(0, 9)], meta_url="https://example.org/1", outlet="Example News")
    arts, rejects = build([doc], settings)
    assert rejects == [] and list(arts.columns) == ARTICLE_FIELDS
    row = arts.iloc[0]
    assert row["article_id"] == "art-" + "a" * 16 and row["title"] == "Barrier holds" and row["outlet"] == "Example News"
    assert row["published_at"] == pd.Timestamp("2024-11-05T15:00:00Z")          # made tz-aware UTC
    assert str(arts["published_at"].dtype).endswith("UTC]")
    assert row["authors"] == [] and row["caption_spans"] == [[0, 9]] and row["url"] == "https://example.org/1"


def test_short_documents_are_rejected_with_the_word_counts(settings):
    need = settings.clean.min_body_words
    arts, rejects = build([_doc("short.txt", "c", n_words=need - 1)], settings)
    assert arts.empty
    assert [(r["source_file"], r["stage"], r["reason_code"], r["reason"]) for r in rejects] == [
        ("short.txt", "clean", "no_article_text", f"no article text after cleaning ({need - 1} words left, need {need})")]


def test_exact_duplicates_keep_the_first_path_in_sorted_order(settings):
    arts, rejects = build([_doc("b.txt", "d"), _doc("a.txt", "d")], settings)
    assert arts["source_file"].tolist() == ["a.txt"]
    assert [(r["source_file"], r["reason_code"], r["reason"], r["record_id"]) for r in rejects] == [
        ("b.txt", "exact_duplicate", "exact duplicate of a.txt", "art-" + "d" * 16)]


def test_records_of_one_file_are_ordered_and_labelled_by_index(settings):
    docs = [_doc("r.jsonl", "e", format="jsonl", record_index=1, page_text="second"),
            _doc("r.jsonl", "e", format="jsonl", record_index=0, page_text="first"),
            _doc("r.jsonl", "e", format="jsonl", record_index=2, page_text="first")]       # same text as record 0
    arts, rejects = build(docs, settings)
    assert arts["record_index"].tolist() == [0, 1]
    assert [r["reason"] for r in rejects] == ["exact duplicate of r.jsonl#0"]


def test_reused_documents_get_their_published_row_at_their_new_path(settings):
    published, _ = build([_doc("old/a.txt", "a", title="Published title")], settings)
    published["dup_cluster_id"] = "dup-1"
    moved = {"source_file": "new/a.txt", "record_index": 0, "sha256": "a" * 64, "size_bytes": 100, "format": "txt",
             "reused": True, "article_id": "art-" + "a" * 16}
    arts, rejects = build([moved], settings, published=published)
    assert rejects == []
    row = arts.iloc[0]
    assert (row["source_file"], row["title"], row["body"], row["dup_cluster_id"]) == ("new/a.txt", "Published title", BODY, "dup-1")


def test_no_documents(settings):
    arts, rejects = build([], settings)
    assert arts.empty and list(arts.columns) == ARTICLE_FIELDS and rejects == []
