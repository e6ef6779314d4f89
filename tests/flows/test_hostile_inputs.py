"""Hostile inputs: every kind of malformed file, generated here, in one run with the seeds.

Each kind states what must become of it (an article, or a reject with a given reason). The
whole folder goes through the real flow once; then every kind is checked, and so is the
rest: no crash, all five seeds still articles, every input accounted for.
"""
import codecs
import gzip
import json
import os

import pandas as pd
import pytest

from tests.conftest import SEEDS

STORY = ("Officials said on Monday that the flood barrier held overnight after heavy rain across the region. "
         "Engineers from the city council inspected the barrier at dawn and reported no damage to the structure. "
         "Residents who had left their homes were told they could return by the evening, the mayor said.")
ARTICLE = "article"


def _kinds(settings) -> dict[str, tuple[str, object]]:
    """name -> (expected outcome, content: bytes, or a callable(path) that makes the entry)."""
    big = settings.load.max_file_bytes + 1

    def fifo(path):
        os.mkfifo(path)

    def symlink_loop(path):
        path.symlink_to(path.parent, target_is_directory=True)

    def broken_link(path):
        path.symlink_to(path.parent / "does-not-exist.txt")

    def sparse_big(path):
        with open(path, "wb") as f:                  # 50 MB without writing 50 MB
            f.truncate(max(big, 50_000_000))

    nested = ("[" * 100_000 + "]" * 100_000).encode()
    return {
        "zero_bytes.txt": ("empty_file", b""),
        "fifty_mb.txt": ("over_size_limit", sparse_big),
        "nul_bytes.txt": ("binary_content", b"Headline\x00\x00\x00 text"),
        "png_named_txt.txt": ("binary_content", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
        "gzip_named_txt.txt": ("binary_content", gzip.compress(STORY.encode())),
        "control_chars.txt": ("binary_content", ("\x01\x02\x03\x04\x05" * 200).encode()),
        "random_bytes.txt": ("binary_content", bytes((i * 37 + 11) % 256 for i in range(4096))),
        "whitespace_only.txt": ("no_article_text", b"   \n\n\t  \n"),
        "three_words.txt": ("no_article_text", b"Just three words"),
        "only_navigation.txt": ("no_article_text", b"Skip to content\nMenu\nSearch\nSign in\nShare this article\nTags: news"),
        "script_only.html": ("no_article_text", b"<html><head><script>" + b"var x = 1;" * 500 + b"</script></head><body></body></html>"),
        "broken_tags.html": ("no_article_text", b"<html><body><div><p>unclosed <b>tags <i>everywhere"),
        "unsupported.pdf": ("unsupported_format", b"%PDF-1.4\n..."),
        "unsupported.docx": ("unsupported_format", b"PK\x03\x04"),
        "malformed.json": ("malformed_json", b'{"title": "x", "text": '),
        "malformed_line.jsonl": ("malformed_json", json.dumps({"title": "ok", "text": STORY}).encode() + b"\n{oops\n"),
        "deeply_nested.json": ("malformed_json", nested),
        "deeply_nested.jsonl": ("malformed_json", nested),
        "wrong_types.json": ("bad_json_record", json.dumps({"title": 5, "text": ["not", "a", "string"]}).encode()),
        "scalar.json": ("bad_json_record", b"42"),
        "empty_list.json": ("bad_json_record", b"[]"),
        "list_of_numbers.json": ("bad_json_record", b"[1, 2, 3]"),
        "exact_copy.txt": ("exact_duplicate", (SEEDS / "003_eff6e9518f591cc6.txt").read_bytes()),
        "fifo.txt": ("not_a_regular_file", fifo),
        "broken_link.txt": ("not_a_regular_file", broken_link),
        "loop_dir": ("symlinked_folder", symlink_loop),
        # inputs that are odd but fine: they must become articles
        "utf16_bom.txt": (ARTICLE, codecs.BOM_UTF16_LE + ("Flood Barrier Holds\n\n" + STORY).encode("utf-16-le")),
        "utf8_bom.txt": (ARTICLE, codecs.BOM_UTF8 + ("Flood Barrier Holds\n\n" + STORY).encode()),
        "cp1252_quotes.txt": (ARTICLE, ("Flood \u201cBarrier\u201d Holds\n\n" + STORY + " \u2018Caf\u00e9\u2019 reopened.").encode("cp1252")),
        "mixed_encodings.txt": (ARTICLE, ("Caf\u00e9 Flood Barrier Holds\n\n" + STORY).encode() + " na\u00efve".encode("cp1252")),
        "crlf_lines.txt": (ARTICLE, ("Flood Barrier Holds\r\n\r\n" + STORY.replace(". ", ".\r\n")).encode()),
        "one_long_line.txt": (ARTICLE, (STORY + " ") .encode() * 2000),
        "future_date.txt": (ARTICLE, ("Flood Barrier Holds\nPosted Jan 1, 2999 10:00 AM\n\n" + STORY).encode()),
        "weird name with spaces & ünïcödé.txt": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " Weird name.").encode()),
        "-leading-dash.txt": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " Leading dash.").encode()),
        "x" * 200 + ".txt": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " Long name.").encode()),
        "no_extension": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " No extension.").encode()),
        "news_please.json": (ARTICLE, json.dumps({"title": "Barrier", "maintext": STORY + " JSON.", "date_publish": "2024-11-05 10:00:00",
                                                  "authors": ["Jane Doe"], "source_domain": "example.org"}).encode()),
        "html_page.html": (ARTICLE, f"<html><head><title>Barrier</title></head><body><nav>Home | News</nav><article><h1>Barrier</h1>"
                                    f"<p>{STORY}</p><p>{STORY}</p></article></body></html>".encode()),
        ".hidden_file.txt": (ARTICLE, ("Flood Barrier Holds\n\n" + STORY + " Hidden file.").encode()),
    }


@pytest.fixture(scope="module")
def hostile_run(prefect_harness, tmp_path_factory, settings):
    from flows.pipeline import news_etl

    inbox = tmp_path_factory.mktemp("hostile")
    for f in SEEDS.iterdir():
        (inbox / f.name).write_bytes(f.read_bytes())
    kinds = _kinds(settings)
    for name, (_, content) in kinds.items():
        path = inbox / name
        content(path) if callable(content) else path.write_bytes(content)
    out = tmp_path_factory.mktemp("hostile-out") / "warehouse"
    config = out.parent / "lenient.toml"        # this folder is mostly bad on purpose
    config.write_text("[validate]\nmax_reject_share = 0.95\n")
    summary = news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=7, config=str(config))
    arts = pd.read_parquet(out / "articles")
    rejects = pd.read_parquet(out / "rejects")
    return kinds, summary, arts, rejects


def test_at_least_thirty_kinds(settings):
    assert len(_kinds(settings)) >= 30


@pytest.mark.parametrize("name", list(_kinds(__import__("transforms.common.settings", fromlist=["x"]).load_settings())))
def test_each_kind_ends_where_it_should(hostile_run, name):
    kinds, _, arts, rejects = hostile_run
    expected = kinds[name][0]
    if expected == ARTICLE:
        assert name in set(arts["source_file"]), rejects[rejects["source_file"] == name].to_dict("records")
    else:
        got = rejects.loc[rejects["source_file"] == name, "reason_code"].tolist()
        assert got == [expected], got
        reason = rejects.loc[rejects["source_file"] == name, "reason"].item()
        assert len(reason) > 10                       # a specific, readable sentence


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
