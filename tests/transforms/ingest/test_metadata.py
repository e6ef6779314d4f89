"""metadata: title, outlet, authors, published_at (dateparser), dateline."""
import pandas as pd
import pytest

from tests.conftest import SEEDS
from transforms.ingest.clean import clean_page
from transforms.ingest.dates import parse_date
from transforms.ingest.metadata import extract, split_byline


@pytest.mark.parametrize("line,expected", [
    ("2024-11-05", "2024-11-05T00:00:00+00:00"),
    ("Posted Nov 5, 2024 11:00 AM CST", "2024-11-05T17:00:00+00:00"),
    ("November 4, 2024 8:36 AM", "2024-11-04T08:36:00+00:00"),
    ("5 November, 2024 Tuesday 18:39", "2024-11-05T18:39:00+00:00"),
    ("Wednesday, July 1, 1987", "1987-07-01T00:00:00+00:00"),
])
def test_date_lines(line, expected):
    assert parse_date(line) == pd.Timestamp(expected)


def test_no_year_or_future_gives_none():
    assert parse_date("on Monday") is None
    assert parse_date("4 November") is None
    assert parse_date("January 1, 2999") is None


def test_byline_people_and_house_credit(settings):
    credit = settings.vocab("credit_words")
    assert split_byline("by Martin Fornusek and The Kyiv Independent news desk November 4, 2024 8:36 AM", credit)[0] == ["Martin Fornusek"]
    people, house = split_byline("By Newser Editors and Wire Services", credit)
    assert people == [] and house[0] == ("Newser Editors and Wire Services", "Newser")


@pytest.mark.parametrize("name,title,outlet,authors,published", [
    ("000_ff67d6d5e5e70b40.txt", "Ukrainian Official: We're Now Fighting North Koreans", "Newser", ["Newser Editors and Wire Services"], "2024-11-05"),
    ("002_c45db04c38d4d828.txt", None, None, ["Frances Ibiefo"], None),
    ("004_46f98c5e95a2c814.txt", "First clashes occur between Ukrainian army and DPRK military in Kursk region, Ukrainian Defense Minister confirms",
     "Espreso. Global", ["Sofia Polonska"], "2024-11-05"),
])
def test_seed_pages(name, title, outlet, authors, published, settings):
    m = extract(clean_page((SEEDS / name).read_text(encoding="utf-8"), settings), settings)
    assert (m["title"], m["outlet"], m["authors"]) == (title, outlet, authors)
    assert (m["published_at"].date().isoformat() if m["published_at"] is not None else None) == published


def test_site_line_copyright_and_dateline(settings):
    page = ("Skip to content\nThe Daily Example\nMenu\nBank Raises Rates To Curb Inflation\nReuters | Wire\n"
            "Tue 3 Mar 1987 14.20 GMT\n\nLONDON (Reuters) - The bank raised its main rate by half a point on Tuesday, "
            "officials said, in a move markets had expected for weeks.\n\nCopyright © 1987 The Daily Example")
    m = extract(clean_page(page, settings), settings)
    assert m["title"] == "Bank Raises Rates To Curb Inflation" and m["outlet"] == "The Daily Example"
    assert m["dateline"] == "LONDON" and m["published_at"] == pd.Timestamp("1987-03-03T14:20:00+00:00")
