"""metadata, issue #20: malformed and impossible publication dates never stop a run; the
article stays, undated, and the dropped date is noted for the data-quality report."""
import pandas as pd
import pytest

from tests.fixtures.hostile_cases import generate
from transforms.ingest import clean, metadata
from transforms.ingest.load import parse_file
from transforms.ingest.dates import parse_date, read_date

CASES = generate(scale=0.01)


@pytest.mark.parametrize("text,why", [
    ("0000-00-00 00:00:00", "not a calendar date"),
    ("0000-00-00", "not a calendar date"),
    ("2024-02-30", "not a calendar date"),
    ("2024-13-05", "not a calendar date"),
    ("0001-01-01", "before 1900"),
    ("1500-06-01T10:00:00", "before 1900"),
    ("January 1, 2999", "in the future"),
])
def test_impossible_dates_are_none_with_a_reason(text, why):
    ts, problem = read_date(text, 1900)
    assert ts is None and problem.startswith(why)
    assert parse_date(text) is None


def test_possible_dates_still_parse():
    assert read_date("1987-03-03", 1900) == (pd.Timestamp("1987-03-03", tz="UTC"), None)
    assert read_date("Posted Nov 5, 2024 11:00 AM CST", 1900)[0] == pd.Timestamp("2024-11-05T17:00:00+00:00")
    assert read_date("on Monday", 1900) == (None, None)               # no date at all: nothing to note


def test_earliest_year_is_a_setting(settings):
    assert settings.metadata.earliest_year == 1900
    assert read_date("1850-01-01", 1800)[0] == pd.Timestamp("1850-01-01", tz="UTC")


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.null_date])
def test_each_case_keeps_its_article_without_a_date(name, settings):
    docs, _ = parse_file(name, CASES[name].content, settings)
    meta = metadata.process(clean.process(docs, settings), settings)[0]
    assert meta["published_at"] is None and meta["body"]
    assert meta["dates_dropped"] and all("'" in d and ": " in d for d in meta["dates_dropped"])
