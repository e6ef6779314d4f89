"""analyst_report: one HTML page from a tiny warehouse (two stories, two statements, one disagreeing figure group)."""
import re

import pandas as pd
import pytest

from schemas import columns
from transforms import analyst_report

UTC = lambda s: pd.Timestamp(s, tz="UTC") if s else pd.NaT


@pytest.fixture
def tables():
    articles = pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "a4"], "story_id": ["s1", "s1", "s1", "s2"],
        "dup_cluster_id": ["d1", "d1", "d2", "d3"],
        "title": ["Troops cross the border", "Troops cross border (copy)", "Border crossing confirmed", "Harvest is late"],
        "outlet": ["Kyiv Independent", "AP", "AP", None],
        "published_at": [UTC("2024-11-05"), UTC("2024-11-04"), UTC("2024-11-06"), None]})
    claim_groups = pd.DataFrame({
        "speaker": ["Rustem Umerov", None], "content": ["the troops <crossed> at night", "an unconfirmed rumour"],
        "n_articles": [3, 1], "n_independent": [2, 1], "outlets": [["AP", "Kyiv Independent"], ["AP"]],
        "first_reported_at": [UTC("2024-11-04"), UTC("2024-11-06")]})
    figure_groups = pd.DataFrame({
        "group_id": ["g1", "g1", "g2"], "values_disagree": [True, True, False], "article_id": ["a1", "a3", "a4"],
        "subject": ["North Korean soldiers"] * 2 + ["tonnes of grain"], "unit_class": ["troops", "troops", "mass"],
        "value": [11000.0, 12000.0, 5.0], "qualifier": ["at least", None, None],
        "text": ["at least 11,000 North Korean soldiers", "12,000 troops", "5 tonnes"],
        "speaker": ["Ukraine", None, None], "outlet": ["AP", "Kyiv Independent", None],
        "claim_date": [UTC("2024-11-04"), None, None], "published_at": [UTC("2024-11-05"), None, None]})
    people = pd.DataFrame({"person_id": ["per-kim", "per-umerov"], "name": ["Kim Jong Un", "Rustem Umerov"], "aliases": [[], ["Umerov"]],
                           "roles": [[], ["Defense Minister"]], "article_ids": [["a1"], ["a1", "a2", "a3"]],
                           "mention_count": [1, 4]})
    tables = {"articles": articles, "claim_groups": claim_groups, "figure_groups": figure_groups, "people": people}
    # every column of the contract, the ones this page does not need left empty
    return {name: frame.reindex(columns=list(dict.fromkeys([*columns(name), *frame.columns]))) for name, frame in tables.items()}


@pytest.fixture
def page(tables, settings):
    return analyst_report.render(tables, {"run_id": "run-42"}, settings)


def test_header_counts(page):
    assert "<h1>News report, run run-42</h1>" in page
    assert ("4 articles, 3 independent reports\n(wire copies counted once), 2 stories, 2 statements,\n"
            "2 figure groups, 2 people.") in page         # g2 agrees, but is a group too


def _section(page, title):
    return page.split(f"<h2>{title}</h2>")[1].split("<h2>")[0]


def test_stories_show_the_earliest_title_sources_and_dates(page):
    stories = _section(page, "Stories")
    rows = re.findall(r"<tr>(.*?)</tr>", stories)[1:]
    assert rows[0] == ("<td>Troops cross border (copy)</td><td>3</td><td>2</td><td>AP, Kyiv Independent</td>"
                       "<td>2024-11-04 – 2024-11-06</td>")
    assert rows[1] == "<td>Harvest is late</td><td>1</td><td>1</td><td></td><td></td>"          # undated: left empty


def test_only_statements_carried_by_several_articles_are_listed_and_they_are_escaped(page):
    statements = _section(page, "Most corroborated statements")
    assert "the troops &lt;crossed&gt; at night" in statements and "<crossed>" not in statements
    assert "<td>Rustem Umerov</td>" in statements and "<td>3</td><td>2</td><td>AP, Kyiv Independent</td><td>2024-11-04</td>" in statements
    assert "unconfirmed rumour" not in statements


def test_disagreeing_figures_get_a_chart_and_agreeing_ones_none(page):
    figures = _section(page, "Figures that disagree")
    assert "<h3>North Korean soldiers (troops): 2 different values from 2 independent sources</h3>" in figures and "tonnes of grain" not in figures
    assert figures.count('<svg class="chart"') == 1              # what the chart draws: tests/transforms/test_analyst_charts.py
    assert "<td>at least 11,000 North Korean soldiers</td><td>11,000</td><td>at least</td><td>Ukraine</td>" in figures


def test_people_are_ordered_by_mentions(page):
    people = _section(page, "People")
    assert people.index("Rustem Umerov") < people.index("Kim Jong Un")
    assert "<td>Rustem Umerov</td><td>Umerov</td><td>Defense Minister</td><td>3</td>" in people


def test_the_page_is_self_contained(page):
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert page.count("<script>") == 1 and "dataset.rendered" in page        # marks the page drawn (Chromium test)


def test_an_empty_warehouse_still_renders(tables, settings):
    empty = {name: frame.iloc[0:0] for name, frame in tables.items()}
    page = analyst_report.render(empty, {"run_id": "r0"}, settings)
    assert "0 articles, 0 independent reports" in page and page.count("<p>(none)</p>") == 3
    assert "<p>(no disagreement found)</p>" in page
