"""dq_report: the report's numbers from a tiny set of tables, and the HTML page made from them."""
import re

import pandas as pd
import pytest

from transforms.quality import dq_report

SUMMARY = {"run_id": "run-7", "files_read": 6,
           "validation": {"ok": False, "tables": {"claims": {"rows": 3, "quarantined": 1}},
                          "checks": {"claims: char_end > char_start": 1}}}


@pytest.fixture
def tables():
    arts = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "outlet": ["AP", "AP", None], "dup_cluster_id": ["d1", "d1", "d2"],
                         "published_at": pd.to_datetime(["2024-11-05T10:00Z", "2024-11-04T23:00Z", None], utc=True)})
    rejects = pd.DataFrame({"source_file": ["e1.txt", "e2.txt", "<b>.json"], "stage": ["load"] * 3, "table": ["articles"] * 3,
                            "reason_code": ["empty_file", "empty_file", "malformed_json"],
                            "reason": ["empty file (0 bytes)", "empty file (0 bytes)", "malformed JSON: <eof>"]})
    return {"articles": arts, "rejects": rejects,
            "claims": pd.DataFrame({"article_id": ["a1", "a1", "a3"]}),
            "figures": pd.DataFrame({"article_id": ["a2"] * 10}),
            "people": pd.DataFrame({"person_id": ["p1", "p2"]})}


def test_build_counts_what_an_analyst_asks(tables):
    report = dq_report.build(tables, SUMMARY)
    assert report["run_id"] == "run-7" and report["files_read"] == 6 and report["articles"] == 3
    assert report["failed"] is False and report["failure_reason"] is None
    assert report["rejects_by_reason"] == {"empty_file": 2, "malformed_json": 1}
    assert report["rejects"][2] == {"source_file": "<b>.json", "stage": "load", "table": "articles",
                                    "reason": "malformed JSON: <eof>"}
    assert report["articles_per_outlet"] == {"AP": 2, "(not named)": 1}
    assert report["articles_per_day"] == {"2024-11-04": 1, "2024-11-05": 1, "(no date)": 1}
    assert report["claims_per_article"] == {"0": 1, "1": 1, "2": 1}               # a2 has none, a3 one, a1 two
    assert report["figures_per_article"] == {"0": 2, "10+": 1}                    # 10 is the open bucket
    assert (report["people"], report["wire_clusters"]) == (2, 2)


def test_page_states_the_numbers_and_escapes_file_names(tables):
    page = dq_report.render_html(dq_report.build(tables, SUMMARY | {"failed": True, "failure_reason": "75% <rejected>"}))
    assert "<title>news-etl data quality: run-7</title>" in page
    assert "<p class=bad>Run failed: 75% &lt;rejected&gt;</p>" in page
    assert "6 files read, 3 articles, 2 wire-copy clusters,\n2 people, 3 rejects." in page
    assert "<tr><td>claims</td><td>3</td><td>1</td></tr>" in page
    assert "<tr><td>claims: char_end &gt; char_start</td><td>1</td></tr>" in page
    assert "<td>&lt;b&gt;.json</td>" in page and "<b>.json" not in page
    assert page.count("<svg") == 5 and "<script" not in page                      # one chart per section, no script


def test_a_clean_run_says_so():
    empty = {"validation": {"ok": True, "tables": {}, "checks": {}}, "rejects": [], "rejects_by_reason": {}}
    page = dq_report.render_html(empty)
    assert "Run passed its data-quality threshold." in page and "no check failed" in page
    assert "<tr><td colspan=3>none</td></tr>" in page and page.count("(nothing to show)") == 5


def test_bar_chart_scales_bars_to_the_largest_and_caps_their_number():
    svg = dq_report.bar_chart({"a": 4, "b": 2, "c": 0}, "t")
    widths = [int(w) for w in re.findall(r'<rect [^>]*width="(\d+)"', svg)]
    assert widths == [420, 210, 1]                    # 700 wide, 220 for labels, 60 for numbers; empty bars 1 px
    assert 'aria-label="t"' in svg and 'height="66"' in svg
    many = dq_report.bar_chart({f"k{i}": i + 1 for i in range(40)}, "many")
    assert many.count("<rect") == dq_report.MAX_BARS
    assert dq_report.bar_chart({}, "none") == "<p>(nothing to show)</p>"
