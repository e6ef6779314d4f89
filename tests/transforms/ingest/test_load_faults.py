"""load, issue #20: inputs that stopped the run or lost good records (cases from
tests/fixtures/hostile_cases.py), and a reader that breaks on one file."""
import json
import time

import pytest

from tests.fixtures.hostile_cases import STORY, deep_html, generate
from transforms.common.errors import Reject, RejectedInput
from transforms.ingest import load
from transforms.ingest.articles import article_id
from transforms.ingest.markup import looks_like_markup, markup_text

CASES = generate(scale=0.01)


def _parse(name, settings):
    return load.parse_file(name, CASES[name].content, settings)


def test_lone_surrogate_becomes_a_replacement_character(settings):
    docs, bad = _parse("lone_surrogate.json", settings)
    assert not bad and "Cut \ufffd" in docs[0]["page_text"] and docs[0]["meta_title"] == "Barrier holds \ufffd"
    assert article_id({**docs[0], "article_id": None}).startswith("art-")      # hashing no longer raises


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_jsonl_lines_end_at_newline_only(settings, separator):
    lines = [json.dumps({"title": f"T{i}", "text": f"{STORY}{separator} record {i}"}, ensure_ascii=False) for i in range(3)]
    docs, bad = load.parse_file("x.jsonl", "\n".join(lines).encode(), settings)
    assert not bad and [d["record_index"] for d in docs] == [0, 1, 2]
    assert all(separator in d["page_text"] for d in docs)


def test_a_malformed_line_costs_only_itself(settings):
    docs, bad = _parse("one_bad_line.jsonl", settings)
    assert len(docs) == 3 and [d["record_index"] for d in docs] == [0, 1, 3]     # the record numbers of the file
    assert [b.reason for b in bad] == [Reject.BAD_JSON] and "line 3" in str(bad[0])


def test_a_record_without_text_costs_only_itself(settings):
    docs, bad = _parse("null_and_number_text.json", settings)
    assert [d["record_index"] for d in docs] == [0, 2, 4]
    assert [b.reason for b in bad] == [Reject.BAD_RECORD, Reject.BAD_RECORD]
    assert "record 1" in str(bad[0]) and "record 3" in str(bad[1])


def test_a_file_with_no_good_record_is_one_reject_that_counts_the_rest(settings):
    with pytest.raises(RejectedInput) as err:
        load.parse_file("bad.jsonl", b"{oops\n[1]\n{\"text\": 5}\n", settings)
    assert err.value.reason is Reject.BAD_JSON and "line 1" in str(err.value) and "2 more bad lines" in str(err.value)


def test_load_files_gives_one_reject_per_bad_record(tmp_path, settings):
    (tmp_path / "mixed.jsonl").write_bytes(CASES["one_bad_line.jsonl"].content)
    docs, rejects = load.load_files([tmp_path / "mixed.jsonl"], tmp_path, settings)
    assert len(docs) == 3 and [r["reason_code"] for r in rejects] == ["malformed_json"]
    assert rejects[0]["source_file"] == "mixed.jsonl" and "line 3" in rejects[0]["reason"] and rejects[0]["sha256"]


@pytest.mark.parametrize("name,text", [("deep_nesting.html", "storm barrier"), ("plain_prose.html", "river barrier")])
def test_html_that_trafilatura_cannot_read_falls_back_to_its_text(name, text, settings):
    docs, _ = _parse(name, settings)
    assert text in docs[0]["page_text"] and "<" not in docs[0]["page_text"]


def test_plain_prose_html_keeps_its_lines(settings):
    page = _parse("plain_prose.html", settings)[0][0]["page_text"]
    assert page.startswith("Barrier holds\n\n")


def test_markup_in_a_json_text_is_read_as_html(settings):
    page = _parse("markup_text.json", settings)[0][0]["page_text"]
    assert "& decide on repairs" in page and "Officials said" in page
    assert not any(s in page for s in ("<p>", "<script", "track(", "color: red", "&amp;"))


def test_angle_brackets_that_are_not_markup_stay(settings):
    assert not looks_like_markup("Shares of <SRD> and <A.H. Belo Corp> rose 5 < 6")
    text = "Shares of <SRD> rose, the company said on Monday, after results beat the forecast."
    docs, _ = load.parse_file("t.json", json.dumps({"title": "x", "text": text}).encode(), settings)
    assert text in docs[0]["page_text"]


def test_markup_text_is_linear_on_hostile_markup():
    def cost(n):
        hostile = "<" * n + "<!--" * n + "<p " * n + "<script>" + "x" * n
        start = time.perf_counter()
        markup_text(hostile)
        return time.perf_counter() - start
    small, big = cost(20_000), cost(160_000)
    assert big < 30 * max(small, 1e-3), (small, big)             # 8x the input: linear, not 64x


def test_markup_text_of_deep_nesting():
    assert "storm barrier" in markup_text(deep_html(100_000))


def test_a_reader_that_raises_on_one_file_rejects_that_file_only(tmp_path, settings, monkeypatch):
    (tmp_path / "good.txt").write_text("Barrier holds\n\n" + STORY)
    (tmp_path / "bad.html").write_text("<html><body><p>" + STORY + "</p></body></html>")
    monkeypatch.setattr(load, "parse_html", lambda *a, **k: (_ for _ in ()).throw(ValueError("parser broke")))
    docs, rejects = load.load_files(sorted(tmp_path.iterdir()), tmp_path, settings)
    assert [d["source_file"] for d in docs] == ["good.txt"]
    assert [(r["source_file"], r["reason_code"], r["stage"]) for r in rejects] == [("bad.html", "stage_error", "load")]
    assert "ValueError: parser broke" in rejects[0]["reason"]
