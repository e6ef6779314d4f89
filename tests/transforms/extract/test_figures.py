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


# ----------------------------------------------------------------------------- wire-copy number formats
# Sentences paraphrase the kinds found in Reuters financial and wire copy (issue 17, part 2).
@pytest.mark.parametrize("text,value,unit,qualifier,span", [
    # mixed and vulgar fractions: prices and rates in halves, quarters, eighths, sixteenths
    ("The notes carry a coupon of 7-3/8 pct.", 7.375, "pct", None, "7-3/8 pct"),
    ("It trimmed the rate by 1/16 pct on Tuesday.", 0.0625, "pct", None, "1/16 pct"),
    ("Deposits were bid at 6-15/16 pct.", 6.9375, "pct", None, "6-15/16 pct"),
    ("repayable over a 9-3/4 year period", 9.75, "years", None, "9-3/4 year"),
    # bid/offer quotes: the offer repeats only the last digits, the value is the bid
    ("The dollar ended at 1.8325/35 marks in Frankfurt.", 1.8325, "marks", None, "1.8325/35 marks"),
    ("Call money was quoted at 3.85/95 pct.", 3.85, "pct", None, "3.85/95 pct"),
    # halves and "and a half"
    ("Exports took more than half of the crop.", 0.5, None, "more than", "more than half"),
    ("They met for a two and a half hour session.", 2.5, "hours", None, "two and a half hour"),
    ("after a one and a half hour meeting", 1.5, "hours", None, "one and a half hour"),
    ("Output fell by half a million barrels.", 500_000, "barrels", None, "half a million barrels"),
    ("The bank raised its rate a half percentage point.", 0.5, "percentage points", None, "a half percentage point"),
    ("Two-thirds of the shareholders approved.", 2 / 3, None, None, "Two-thirds"),
    # "a" and "one" before a scale
    ("The country owes over a billion dlrs to banks.", 1e9, "dlrs", "over", "over a billion dlrs"),
    ("It borrowed one billion dlrs last year.", 1e9, "dlrs", None, "one billion dlrs"),
    ("The central bank printed more than one billion Mexican pesos.", 1e9, "Mexican pesos", "more than",
     "more than one billion Mexican pesos"),
    ("Inflation slowed by one pct.", 1.0, "pct", None, "one pct"),
    # number words in compounds
    ("The quadruple-warhead missiles were counted.", 4, "warheads", None, "quadruple-warhead missiles"),
    ("It flies a single-engine plane.", 1, "engines", None, "single-engine plane"),
    ("It signed a one-year contract.", 1, "years", None, "one-year contract"),
    # "X per Y" units: the denominator belongs to the unit, it is not a figure of its own
    ("Gas sold for 2.40 dlrs per mln Btu.", 2.4, "dlrs per mln Btu", None, "2.40 dlrs per mln Btu"),
    ("The guilder was fixed at 88.70 marks per 100.", 88.7, "marks per 100", None, "88.70 marks per 100"),
    ("It pays 45 cts per share.", 45, "cts per share", None, "45 cts per share"),
    # currencies named with their country
    ("It raised 75 mln Australian dlrs in the bond.", 75e6, "Australian dlrs", None, "75 mln Australian dlrs"),
    ("The unit earned 40 mln Hong Kong dollars.", 40e6, "Hong Kong dlrs", None, "40 mln Hong Kong dollars"),
    ("It holds 12.5 mln U.S. dlrs in gold.", 12.5e6, "U.S. dlrs", None, "12.5 mln U.S. dlrs"),
    ("The stake cost 300 mln Swiss francs.", 300e6, "Swiss francs", None, "300 mln Swiss francs"),
    ("The surplus rose to 3.61 billion U.S. Dlrs in March.", 3.61e9, "U.S. dlrs", None, "3.61 billion U.S. Dlrs"),
    ("It earned one cent per share in the quarter.", 1, "cents per share", None, "one cent per share"),
    # the noun phrase ends at a measure, a reporting verb, a time word
    ("The border post lies 110 miles northeast of the capital.", 110, "miles", None, "110 miles"),
    ("Wheat stocks fell to 9.58 mln tonnes last month.", 9.58e6, "tonnes", None, "9.58 mln tonnes"),
    ("Two banks said they would lend.", 2, "banks", None, "Two banks"),
    ("The index gained one point on Friday.", 1, "points", None, "one point"),
    ("It sold less than one pct of the company.", 1, "pct", "less than", "less than one pct"),
])
def test_wire_copy_formats(text, value, unit, qualifier, span, settings):
    (f,) = find_figures(text, settings)
    assert (f["value"], f["unit"], f["qualifier"]) == (pytest.approx(value), unit, qualifier)
    assert f["text"] == span == text[f["char_start"]:f["char_end"]]


def test_a_change_then_a_level_is_two_figures_not_a_range(settings):
    text = "Its shares jumped 2-1/4 to 31-5/8 in heavy trading."
    assert [(f["value"], f["value_low"], f["text"]) for f in find_figures(text, settings)] == [
        (2.25, None, "2-1/4"), (31.625, None, "31-5/8")]


def test_a_range_of_fractions_is_one_figure(settings):
    (f,) = find_figures("The coupon is seen at 7-1/8 to 7-1/4 pct.", settings)
    assert (f["value_low"], f["value_high"], f["unit"]) == (7.125, 7.25, "pct")


@pytest.mark.parametrize("text", [
    "the second half of 1986", "one of the banks", "no one answered", "a one-time charge", "a two-for-one stock split",
    "a triple-A rating", "a one-sided deal", "shipments on 2/26 and 2/27", "the 1986/87 crop",
    "to boost 1987 soybean imports", "a fund set up in 1985 to manage it", "the Group of Seven met", "the 1988-model cars",
    "Current half net includes a gain", "won seven-six",
])
def test_number_words_and_slashes_that_are_not_figures(text, settings):
    assert find_figures(text, settings) == []


# ----------------------------------------------------------------------------- issue 17, part 5
def test_a_figure_never_spans_a_line_or_paragraph_break(settings):
    text = "Revs 146.00 mln\n\nAvg shrs 12.3 mln\nNet 4,092,000"
    figures = find_figures(text, settings)
    assert [f["text"] for f in figures] == ["146.00 mln", "12.3 mln", "4,092,000"]
    assert all("\n" not in f["text"] and f["unit"] is None for f in figures)


def test_earnings_lines_compare_periods_figure_by_figure(settings):
    text = "Shr 1.20 dlrs vs 1.05 dlrs\n\nNet 44,092,000 vs 35,145,000"
    assert [(f["value"], f["unit"]) for f in find_figures(text, settings)] == [
        (1.2, "dlrs"), (1.05, "dlrs"), (44_092_000, None), (35_145_000, None)]


@pytest.mark.parametrize("text,expected", [
    ("Rigs fell by three to 749 against 917 one year ago.", [(3, None), (749, None), (917, None), (1, "years")]),
    ("The spread was 7/8 of a percentage point over LIBOR.", [(0.875, "percentage points")]),
    ("Nine Mths\n\nShr loss six cts", [(9, "mths"), (6, "cts")]),
])
def test_a_noun_phrase_never_runs_into_the_next_number(text, expected, settings):
    assert [(f["value"], f["unit"]) for f in find_figures(text, settings)] == expected
