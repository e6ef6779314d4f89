"""Defect 6 of #19: the analyst page's charts (matplotlib SVG) show every figure honestly."""
import re

import pandas as pd
import pytest

from schemas import empty
from transforms.analyst_report import chart, number, render

UTC = "UTC"


def _figs(rows, group="fgr-1", subject="North Korean troops", unit_class="troops"):
    base = {"group_id": group, "story_id": "sto-1", "unit_class": unit_class, "subject": subject, "n_values": 3,
            "values_disagree": True, "unit": unit_class, "inherited": False, "claim_date": pd.NaT, "outlet": None}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    for col in ("claim_date", "published_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True)
    return frame


ROWS = [
    {"figure_id": "f1", "article_id": "a1", "value": 8000.0, "qualifier": "some", "text": "some 8,000", "speaker": "Blinken",
     "speaker_person_id": "per-b", "published_at": "2024-10-31"},
    {"figure_id": "f2", "article_id": "a2", "value": 11000.0, "qualifier": None, "text": "11,000", "speaker": "Zelensky",
     "speaker_person_id": "per-z", "published_at": "2024-11-04"},
    {"figure_id": "f3", "article_id": "a3", "value": 11000.0, "qualifier": None, "text": "11,000", "speaker": "Volodymyr Zelenskyy",
     "speaker_person_id": "per-z", "published_at": None},
    {"figure_id": "f4", "article_id": "a3", "value": 10000.0, "qualifier": "at least", "text": "at least 10,000",
     "speaker": "The Pentagon", "speaker_person_id": None, "published_at": None},
    {"figure_id": "f5", "article_id": "a2", "value": 12000.0, "qualifier": "up to", "text": "up to 12,000",
     "speaker": "the Pentagon", "speaker_person_id": None, "published_at": "2024-11-04"},
]
NAMES = {"per-b": "Antony Blinken", "per-z": "Volodymyr Zelensky"}


def _texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.strip()]


def test_legend_names_each_source_once_by_its_canonical_name(settings):
    svg = chart(_figs(ROWS), NAMES, settings)
    texts = _texts(svg)
    assert texts.count("Volodymyr Zelensky") == 1 and "Volodymyr Zelenskyy" not in texts and "Zelensky" not in texts
    assert texts.count("Antony Blinken") == 1
    assert sum(t.lower() == "the pentagon" for t in texts) == 1          # institutions: one entry, however written
    assert 'data-points="5"' in svg and svg.startswith("<svg class=\"chart\"")


def test_undated_figures_get_a_panel_of_their_own(settings):
    texts = _texts(chart(_figs(ROWS), NAMES, settings))
    assert "undated" in texts
    assert any("Nov" in t for t in texts) and any("Oct" in t for t in texts)           # a real date axis


def test_axis_ticks_are_round_numbers(settings):
    svg = chart(_figs(ROWS), NAMES, settings)
    numbers = {float(t.replace(",", "")) for t in _texts(svg) if re.fullmatch(r"[\d,]+(\.\d+)?", t)}
    ticks = numbers - {8000, 10000, 11000, 12000, 2024}    # the rest are the point labels (and the year)
    assert ticks and all(v % 500 == 0 for v in ticks), ticks      # not ymax * k / 4 (837,356)
    assert max(ticks) <= 20000                # "at least 10,000" is a short arrow, not a bar to the top


def test_values_are_never_rounded(settings):
    rows = [{**ROWS[1], "figure_id": "p1", "value": 2.75, "text": "2.75 pct"},
            {**ROWS[0], "figure_id": "p2", "value": 3.25, "qualifier": None, "text": "3.25 pct"}]
    svg = chart(_figs(rows, unit_class="pct", subject=None), NAMES, settings)
    assert "2.75" in _texts(svg) and "3.25" in _texts(svg)
    assert number(837356.0) == "837,356" and number(2.75) == "2.75"


@pytest.fixture
def page(settings):
    arts = empty("articles").astype(object)
    arts = pd.DataFrame({"article_id": ["a1", "a2", "a3", "b1"], "dup_cluster_id": ["d1", "d2", "d3", "d4"],
                         "story_id": ["sto-1"] * 3 + ["sto-2"], "title": ["T1", "T2", "T3", "Earnings"], "outlet": [None] * 4,
                         "published_at": pd.to_datetime(["2024-10-31", "2024-11-04", None, "1987-03-03"], utc=True)})
    single = _figs([{**ROWS[1], "figure_id": "s1", "article_id": "b1", "value": 5.1, "text": "Avg shrs 5.1 mln"},
                    {**ROWS[1], "figure_id": "s2", "article_id": "b1", "value": 4.9, "text": "Avg shrs 4.9 mln"}],
                   group="fgr-2", subject="Avg shrs", unit_class="mln")
    nameless = _figs([{**r, "figure_id": r["figure_id"] + "n"} for r in ROWS[:2]], group="fgr-3", subject=None, unit_class="pct")
    figs = pd.concat([_figs(ROWS), single, nameless], ignore_index=True)
    people = pd.DataFrame({"person_id": list(NAMES), "name": list(NAMES.values()), "aliases": [[], []], "roles": [[], []],
                           "article_ids": [["a1"], ["a2"]], "mention_count": [1, 2]})
    groups = empty("claim_groups")
    return render({"articles": arts, "claim_groups": groups, "figure_groups": figs, "people": people}, {"run_id": "r"}, settings)


def test_single_source_groups_are_not_charted_as_disagreements(page):
    assert page.count('<svg class="chart"') == 2 and "Avg shrs" not in page
    assert "1 groups whose differing values all come from one source" in page


def test_no_nan_heading_and_no_empty_outlet_column(page):
    headings = re.findall(r"<h3>(.*?)</h3>", page)
    assert headings and not any("nan" in h.lower() for h in headings)
    assert "11,000" in headings[1] or "8,000" in headings[1] or "some 8,000" in headings[1]
    assert "<th>outlet</th>" not in page and "<th>outlets</th>" not in page      # no outlet known anywhere
