"""Hostile inputs: every kind of malformed file, generated here, in one run with the seeds.

Each kind states what must become of it: an article whose body holds a given text, or a
reject with a given reason code and reason sentence. The whole folder goes through the real
flow once; then every kind is checked against the published tables, and so is the rest: no
crash, all five seeds still articles, every input accounted for.
"""
import codecs
import gzip
import json
import os
import re

import pandas as pd
import pytest

from tests.conftest import SEEDS

STORY = ("Officials said on Monday that the flood barrier held overnight after heavy rain across the region. "
         "Engineers from the city council inspected the barrier at dawn and reported no damage to the structure. "
         "Residents who had left their homes were told they could return by the evening, the mayor said.")
ARTICLE = "article"


def _kinds() -> dict[str, tuple[str, object, str]]:
    """name -> (expected outcome, content, evidence).

    content: bytes, or a callable(path) that makes the entry. evidence: for a reject, a
    regular expression the whole reason must match; for an article, one its body must contain.
    """
    def fifo(path):
        os.mkfifo(path)

    def symlink_loop(path):
        path.symlink_to(path.parent, target_is_directory=True)

    def broken_link(path):
        path.symlink_to(path.parent / "does-not-exist.txt")

    def sparse_big(path):
        with open(path, "wb") as f:                  # 50 MB without writing 50 MB
            f.truncate(50_000_000)

    nested = ("[" * 100_000 + "]" * 100_000).encode()
    words = lambda n: rf"no article text after cleaning \({n} words left, need \d+\)"
    nuls = r"binary content: \d+ NUL bytes"
    no_record = "JSON record without usable article text: "
    story = "the flood barrier held overnight after heavy rain"
    return {
        "zero_bytes.txt": ("empty_file", b"", r"empty file \(0 bytes\)"),
        "fifty_mb.txt": ("over_size_limit", sparse_big, r"over the size limit: 50000000 bytes > \d+"),
        "nul_bytes.txt": ("binary_content", b"Headline\x00\x00\x00 text", r"binary content: 3 NUL bytes"),
        "png_named_txt.txt": ("binary_content", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), nuls),
        "gzip_named_txt.txt": ("binary_content", gzip.compress(STORY.encode()), nuls),
        "control_chars.txt": ("binary_content", ("\x01\x02\x03\x04\x05" * 200).encode(),
                              r"binary content: 1000 control characters in the first 1000"),
        "random_bytes.txt": ("binary_content", bytes((i * 37 + 11) % 256 for i in range(4096)), nuls),
        "whitespace_only.txt": ("no_article_text", b"   \n\n\t  \n", words(0)),
        "three_words.txt": ("no_article_text", b"Just three words", words(3)),
        "only_navigation.txt": ("no_article_text", b"Skip to content\nMenu\nSearch\nSign in\nShare this article\nTags: news",
                                words(0)),
        "script_only.html": ("no_article_text", b"<html><head><script>" + b"var x = 1;" * 500 + b"</script></head><body></body></html>",
                             words(0)),
        "broken_tags.html": ("no_article_text", b"<html><body><div><p>unclosed <b>tags <i>everywhere", words(3)),
        "unsupported.pdf": ("unsupported_format", b"%PDF-1.4\n...", r"unsupported format: '\.pdf' \(expected .*\)"),
        "unsupported.docx": ("unsupported_format", b"PK\x03\x04", r"unsupported format: '\.docx' \(expected .*\)"),
        "malformed.json": ("malformed_json", b'{"title": "x", "text": ', r"malformed JSON: Expecting value at line 1 column 24"),
        # a file with good and bad lines keeps its good ones: tests/flows/test_faults.py
        "malformed_line.jsonl": ("malformed_json", b"\n{oops\n", r"malformed JSON: line 2: .+"),
        "deeply_nested.json": ("malformed_json", nested, r"malformed JSON: nested too deeply"),
        "deeply_nested.jsonl": ("malformed_json", nested, r"malformed JSON: line 1: nested too deeply"),
        "wrong_types.json": ("bad_json_record", json.dumps({"title": 5, "text": ["not", "a", "string"]}).encode(),
                             no_record + r"record 0 has no text field \(.+\) as a string"),
        "scalar.json": ("bad_json_record", b"42", no_record + "record 0 is a int, not an object"),
        "empty_list.json": ("bad_json_record", b"[]", no_record + "the file holds no records"),
        "list_of_numbers.json": ("bad_json_record", b"[1, 2, 3]",
                                 no_record + r"record 0 is a int, not an object \(and 2 more bad records\)"),
        "exact_copy.txt": ("exact_duplicate", (SEEDS / "003_eff6e9518f591cc6.txt").read_bytes(),
                           r"exact duplicate of 003_eff6e9518f591cc6\.txt"),
        "fifo.txt": ("not_a_regular_file", fifo, r"not a regular file: named pipe \(FIFO\)"),
        "broken_link.txt": ("not_a_regular_file", broken_link, r"not a regular file: broken symlink"),
        "loop_dir": ("symlinked_folder", symlink_loop, r"symlinked folder not followed \(it could loop\): -> /.+"),
        # inputs that are odd but fine: they must become articles
        "utf16_bom.txt": (ARTICLE, codecs.BOM_UTF16_LE + ("Flood Barrier Holds\n\n" + STORY).encode("utf-16-le"), story),
        "utf8_bom.txt": (ARTICLE, codecs.BOM_UTF8 + ("Flood Barrier Holds\n\n" + STORY).encode(), story),
        "cp1252_quotes.txt": (ARTICLE, ("Flood \u201cBarrier\u201d Holds\n\n" + STORY + " \u2018Caf\u00e9\u2019 reopened.").encode("cp1252"),
                              "\u2018Caf\u00e9\u2019 reopened."),
        "mixed_encodings.txt": (ARTICLE, ("Caf\u00e9 Flood Barrier Holds\n\n" + STORY).encode() + " na\u00efve".encode("cp1252"), story),
        "crlf_lines.txt": (ARTICLE, ("Flood Barrier Holds\r\n\r\n" + STORY.replace(". ", ".\r\n")).encode(), story),
        "one_long_line.txt": (ARTICLE, (STORY + " ") .encode() * 2000, story),
        "future_date.txt": (ARTICLE, ("Flood Barrier Holds\nPosted Jan 1, 2999 10:00 AM\n\n" + STORY).encode(), story),
        "weird name with spaces & ünïcödé.txt": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " Weird name.").encode(), "Weird name."),
        "-leading-dash.txt": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " Leading dash.").encode(), "Leading dash."),
        "x" * 200 + ".txt": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " Long name.").encode(), "Long name."),
        "no_extension": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " No extension.").encode(), "No extension."),
        "news_please.json": (ARTICLE, json.dumps({"title": "Barrier", "maintext": STORY + " JSON.", "date_publish": "2024-11-05 10:00:00",
                                                  "authors": ["Jane Doe"], "source_domain": "example.org"}).encode(), "JSON."),
        "html_page.html": (ARTICLE, f"<html><head><title>Barrier</title></head><body><nav>Home | News</nav><article><h1>Barrier</h1>"
                                    f"<p>{STORY}</p><p>{STORY}</p></article></body></html>".encode(), story),
        ".hidden_file.txt": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " Hidden file.").encode(), "Hidden file."),
    }


@pytest.fixture(scope="module")
def hostile_run(prefect_harness, tmp_path_factory):
    from flows.pipeline import news_etl

    inbox = tmp_path_factory.mktemp("hostile")
    for f in SEEDS.iterdir():
        (inbox / f.name).write_bytes(f.read_bytes())
    kinds = _kinds()
    for name, (_, content, _) in kinds.items():
        path = inbox / name
        content(path) if callable(content) else path.write_bytes(content)
    out = tmp_path_factory.mktemp("hostile-out") / "warehouse"
    config = out.parent / "lenient.toml"        # this folder is mostly bad on purpose
    config.write_text("[validate]\nmax_reject_share = 0.95\n")
    summary = news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=7, config=str(config))
    arts = pd.read_parquet(out / "articles")
    rejects = pd.read_parquet(out / "rejects")
    return kinds, summary, arts, rejects


def test_thirty_kinds_end_where_they_should(hostile_run):
    kinds, _, arts, rejects = hostile_run
    outcome = {name: ARTICLE for name in arts["source_file"]} | dict(zip(rejects["source_file"], rejects["reason_code"]))
    wrong = {name: (want, outcome.get(name)) for name, (want, _, _) in kinds.items() if outcome.get(name) != want}
    assert not wrong, wrong
    assert len(kinds) >= 30
    assert set(rejects["reason_code"]) == {want for want, _, _ in kinds.values()} - {ARTICLE}   # every reason occurs


@pytest.mark.parametrize("name", list(_kinds()))
def test_each_kind_ends_where_it_should(hostile_run, name):
    kinds, _, arts, rejects = hostile_run
    expected, _, evidence = kinds[name]
    mine = rejects[rejects["source_file"] == name]
    if expected == ARTICLE:
        assert mine.empty, mine.to_dict("records")
        bodies = arts.loc[arts["source_file"] == name, "body"].tolist()
        assert len(bodies) == 1 and evidence in bodies[0], bodies
    else:
        assert name not in set(arts["source_file"])
        assert mine[["reason_code"]].values.ravel().tolist() == [expected], mine.to_dict("records")
        assert re.fullmatch(evidence, mine["reason"].item()), mine["reason"].item()     # the specific reason


def test_nothing_else_is_lost(hostile_run):
    kinds, summary, arts, rejects = hostile_run
    seeds = {p.name for p in SEEDS.iterdir()}
    assert seeds <= set(arts["source_file"])
    assert set(arts["source_file"]) | set(rejects["source_file"]) == seeds | set(kinds)
    assert summary["validation"]["ok"]


def test_too_many_rejects_fails_the_run_and_still_writes_the_report(prefect_harness, tmp_path):

    from flows.pipeline import TooManyRejects, news_etl

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text("Flood Barrier Holds\n\n" + STORY)
    for i in range(3):
        (inbox / f"bad{i}.txt").write_bytes(b"")
    out = tmp_path / "wh"
    with pytest.raises(TooManyRejects, match="75% of input files were rejected"):
        news_etl(input_dir=str(inbox), output_dir=str(out))
    state = news_etl(input_dir=str(inbox), output_dir=str(out), return_state=True)
    assert state.is_failed()
    report = json.loads((out / "dq_report.json").read_text())
    assert report["failed"] and report["rejects_by_reason"] == {"empty_file": 3}
    assert "<svg" in (out / "dq_report.html").read_text()
