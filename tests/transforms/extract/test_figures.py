"""figures: numbers with value, unit, qualifier; dates, years, times and ids are not figures."""
import pytest

from transforms.extract.figures import find_figures


@pytest.mark.parametrize("text,value,unit,qualifier", [
    ("five North Korean units", 5, "units", None),
    ("a dozen soldiers", 12, "soldiers", None),
    ("1.3 million people", 1_300_000, "people", None),
    ("the 1,000-day milestone", 1000, "days", None),
    ("a three-month-old incursion", 3, "months", None),
    ("profit rose 12.5 pct", 12.5, "pct", None),
    ("output of 1.5 mln tonnes", 1_500_000, "tonnes", None),
    ("a $4.2 billion deal", 4_200_000_000, "dlrs", None),
    ("up to 12,000 troops", 12_000, "troops", "up to"),
    ("more than 750,000 troops", 750_000, "troops", "more than"),
    ("an estimated 11,000 North Korean soldiers", 11_000, "soldiers", "estimated"),
    ("Some 8,000 troops", 8_000, "troops", "some"),
    ("a 1.3 million-strong army", 1_300_000, "soldiers", None),
])
def test_values_units_qualifiers(text, value, unit, qualifier, settings):
    (f,) = find_figures(text, settings)
    assert (f["value"], f["unit"], f["qualifier"]) == (value, unit, qualifier)
    assert text[f["char_start"]:f["char_end"]] == f["text"]


@pytest.mark.parametrize("text,low,high", [
    ("between 10,000 and 12,000 people", 10_000, 12_000),
    ("from 8,000 to 11,000 soldiers", 8_000, 11_000),
])
def test_ranges(text, low, high, settings):
    (f,) = find_figures(text, settings)
    assert (f["value_low"], f["value_high"]) == (low, high)


@pytest.mark.parametrize("text", [
    "on November 4, 2024", "on 4 November", "at 8:36 AM", "in 2024", "the first unit", "World War II",
    "the G-7 summit", "a DC-10 jet", "call 555-1234", "on Oct. 31",
])
def test_not_figures(text, settings):
    assert find_figures(text, settings) == []


def test_product_is_not_invented(settings):
    values = [f["value"] for f in find_figures("five units, each of about 3,000 soldiers", settings)]
    assert values == [5, 3000]
