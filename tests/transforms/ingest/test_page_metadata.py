"""metadata on templated outlet pages and wire copy (#17 parts 4 and 5): wire-feed headers,
numeric dates in the site's order, the site's name above the navigation, agency credit lines,
site names with punctuation, earnings reports. The pages are synthetic."""
import pandas as pd
import pytest

from transforms.ingest import metadata
from transforms.ingest.clean import clean_page
from transforms.ingest.dates import date_text, numeric_order
from transforms.ingest.metadata import extract

LEAD = ("The company said on Monday it would close two plants and cut about 900 jobs over the next year, "
        "citing weaker demand for its products in Europe.\n\n"
        "The plants employ 1,400 workers, a spokesman said, and the cuts would be made by attrition where possible.")


def meta(page, settings):
    return extract(clean_page(page, settings), settings)


def day(ts):
    return None if ts is None else ts.date().isoformat()


def test_wire_feed_header(settings):
    page = ("REUTERS NEWS SERVICE\nRTR 27-APR-1987 14:56\nACME TO CLOSE TWO PLANTS, CUT 900 JOBS\n"
            "CHICAGO, April 27 - Acme Corp said it would close two plants and cut\nabout 900 jobs over the next year, "
            "citing weaker demand for its\nproducts in Europe.\nThe plants employ 1,400 workers, a spokesman said.\nReuter")
    m = meta(page, settings)
    assert m["title"] == "ACME TO CLOSE TWO PLANTS, CUT 900 JOBS"
    assert m["outlet"] == "REUTERS NEWS SERVICE"
    assert m["published_at"] == pd.Timestamp("1987-04-27T14:56:00+00:00")


@pytest.mark.parametrize("line,expected", [
    ("RTR 27-APR-1987 14:56", "27-APR-1987 14:56"),
    ("28.4.1987 | 17:28", "28.4.1987 17:28"),
    ("June 16, 1987 2:56 PM · 2 min read", "June 16, 1987 2:56 PM"),
    ("Markets | Home", None),
])
def test_date_text_drops_codes_and_reading_time(line, expected):
    assert date_text(line) == expected


@pytest.mark.parametrize("date_line,dateline,expected", [
    ("02/03/1987 09:15", "LONDON, March 2 -", "1987-03-02"),      # day first, as the dateline shows
    ("03/02/1987 09:15", "NEW YORK, March 2 -", "1987-03-02"),    # month first
    ("3.2.1987 | 09:15", "BONN, February 3 -", "1987-02-03"),
    ("19/03/1987 09:15", "PARIS, March 19 -", "1987-03-19"),      # not ambiguous at all
])
def test_numeric_date_in_the_page_order(date_line, dateline, expected, settings):
    page = (f"Skip to content\nThe Harbour Gazette\nMenu\nAcme To Close Two Plants\n{date_line}\n\n"
            f"{dateline} {LEAD}")
    assert day(meta(page, settings)["published_at"]) == expected


def test_numeric_date_order_from_other_dates_of_the_page(settings):
    # no dateline; the page's list of other headlines dates its items "Mar 2, 1987"
    page = ("Skip to content\nThe Harbour Gazette\nMenu\nAcme To Close Two Plants\n02/03/1987 09:15\n\n"
            f"{LEAD}\n\nMore news\nBank Raises Rates\nMar 2, 1987 8:10 AM\n")
    assert day(meta(page, settings)["published_at"]) == "1987-03-02"
    assert numeric_order("02/03/1987", [], ("mdy",)) == "mdy"        # the page's own unambiguous dates


def test_numeric_date_without_signal_is_not_guessed_but_the_site_decides(settings):
    open_page = f"Skip to content\nThe Harbour Gazette\nMenu\nAcme To Close Two Plants\n02/03/1987 09:15\n\n{LEAD}"
    alone = meta(open_page, settings)
    assert alone["published_at"] is None and "day and month order" in alone["dates_dropped"][0]
    other = f"Skip to content\nThe Harbour Gazette\nMenu\nBank Raises Rates Again\n25/03/1987 10:00\n\n{LEAD}"
    docs = metadata.process([clean_page(open_page, settings), clean_page(other, settings)], settings)
    assert [day(d["published_at"]) for d in docs] == ["1987-03-02", "1987-03-25"]
    assert "_date_open" not in docs[0] and docs[0]["dates_dropped"] == []


def test_site_name_first_line_above_navigation(settings):
    page = ("Reuters\nSkip to main content\nWorld  Business  Markets  Video  More\nMarkets\n"
            f"Acme to close two plants\nMarch 2, 1987 4:51 PM GMT\n2 min read\n\nCHICAGO, March 2 (Reuters) - {LEAD}\n\n"
            "Our Standards: The Reuters Trust Principles.\nMore from Reuters\n19:13  OTHER COMPANY SETS PAYOUT")
    m = meta(page, settings)
    assert (m["outlet"], m["title"], day(m["published_at"])) == ("Reuters", "Acme to close two plants", "1987-03-02")


@pytest.mark.parametrize("logo", ["The Atlantic Observer logo", "☰ The Atlantic Observer", "THE ATLANTIC OBSERVER"])
def test_agency_copyright_is_not_the_site(logo, settings):
    page = (f"Skip to content\n{logo}\nMenu\nEconomy\nAcme To Close Two Plants\nAgency report\nMarch 2, 1987\n\n"
            f"CHICAGO, March 2 - {LEAD}\n\n(Reuters)\nTags: Companies, Reuters\n(c) Copyright Reuters 1987.\n"
            "Terms of Use | Privacy Policy | Contact us")
    m = meta(page, settings)
    assert m["outlet"].lower() == "the atlantic observer" and m["title"] == "Acme To Close Two Plants"


def test_agency_copyright_alone_names_no_outlet(settings):
    page = f"Acme To Close Two Plants\nMarch 2, 1987\n\nCHICAGO, March 2 - {LEAD}\n\n(c) Copyright Reuters 1987."
    assert meta(page, settings)["outlet"] is None
    page = f"Acme To Close Two Plants\nMarch 2, 1987\n\nCHICAGO, March 2 - {LEAD}\n\n© 1987 The Harbour Gazette. All rights reserved."
    assert meta(page, settings)["outlet"] == "The Harbour Gazette"


@pytest.mark.parametrize("name", ["The Union Leader. Online", "Rand Business. Day"])
def test_site_name_with_punctuation(name, settings):
    page = f"Skip to content\n{name}\nLog in | Register\nAcme To Close Two Plants\nWire report\n1987-03-02 09:01\n\n{LEAD}"
    m = meta(page, settings)
    assert (m["outlet"], m["title"], day(m["published_at"])) == (name, "Acme To Close Two Plants", "1987-03-02")


def test_short_headline_under_the_site_name(settings):
    # a four-word headline of capitalised words is no byline, and the site's name is no headline
    page = f"Skip to content\nThe Evening. Dispatch\nSearch\nAcme Chairman Quits Post\nAcme Chairman Quits\n12 March, 1987 Thursday 14:04\n\n{LEAD}"
    m = meta(page, settings)
    assert (m["title"], m["outlet"], m["authors"]) == ("Acme Chairman Quits Post", "The Evening. Dispatch", [])


EARNINGS = ("<IVACO INC> YEAR NET\n\nMarch 3, 1987\n\nMONTREAL, March 3 - Shr 1.32 dlrs vs 1.05 dlrs\n\n"
            "Net 44,092,000 vs 35,145,000\n\nRevs 1.10 billion vs 987.3 mln\n\n"
            "NOTE: 1986 net includes extraordinary gain of 3.2 mln dlrs from the sale of a unit.\n")


def test_earnings_report_headline_is_title_not_outlet(settings):
    m = meta(EARNINGS, settings)
    assert (m["title"], m["outlet"], day(m["published_at"])) == ("<IVACO INC> YEAR NET", None, "1987-03-03")


def test_earnings_report_on_the_agency_page(settings):
    # the dated date line under the headline ends no body: the dateline opens the table
    page = ("Reuters\nSkip to content\nWorld  Business  Markets  Video  More\nBusiness\nIvaco Inc Year Net\n"
            "March 3, 1987 9:45 AM GMT\n\nMONTREAL, March 3 (Reuters) - Shr 1.32 dlrs vs 1.05 dlrs\n\n"
            "Net 44,092,000 vs 35,145,000\n\nRevs 1.10 billion vs 987.3 mln\n\nMore from Reuters\n20:56  OTHER COMPANY SETS PAYOUT")
    doc = clean_page(page, settings)
    assert doc["body"].startswith("MONTREAL, March 3 (Reuters) - Shr")
    m = extract(doc, settings)
    assert (m["title"], m["outlet"], day(m["published_at"])) == ("Ivaco Inc Year Net", "Reuters", "1987-03-03")


@pytest.mark.parametrize("first_line", [
    "WASHINGTON: Acme Corp Chairman John Smith Welcomed The Basic Accord Reached",     # the body goes on with it
    "NEW YORK (Reuters) - Acme Corp Chairman John Smith Welcomed The Basic Accord",   # a credited dateline
])
def test_wrapped_lead_above_the_body_is_no_title(first_line, settings):
    page = ("Skip to content\nThe Harbour Gazette\nMenu\n17/03/1987 08:51\nAcme Welcomes Accord\n"
            f"{first_line}\nover the weekend in Geneva between producers and consumers on a new agreement, "
            "and said more was to come from Washington soon.\n\n"
            "The accord will be signed next month, the company said in a statement issued in Chicago.")
    doc = clean_page(page, settings)
    assert doc["header_lines"][-1] == first_line          # clean leaves it above the body
    m = extract(doc, settings)
    assert (m["title"], m["outlet"], day(m["published_at"])) == ("Acme Welcomes Accord", "The Harbour Gazette", "1987-03-17")


def test_site_name_over_a_menu_bar_and_section_links(settings):
    # "The Continental Times" reads like a name line; the menu bar and section links under it
    # say it is the site's name
    page = ("The Continental Times\nMenu  Search\nBusiness\nPodcasts\nPolitics\nACME TO CLOSE TWO PLANTS - UNION\n"
            f"Reuters\nPublished: March 2, 1987 at 10:40 a.m. ET\n\nCHICAGO, March 2 - {LEAD}")
    m = meta(page, settings)
    assert (m["outlet"], m["title"]) == ("The Continental Times", "ACME TO CLOSE TWO PLANTS - UNION")
