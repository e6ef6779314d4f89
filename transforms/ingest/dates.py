"""Publication dates of a page (metadata's helper): date lines -> UTC timestamps.

Input: the text of a date line as the page prints it, and the page's other dates (hints).
Output: a timezone-aware UTC timestamp, or why the line gives none.

Rules (general news-page conventions):
    * a date line may carry more than its date: a wire-feed code before it ("RTR 27-APR-1987
      14:56"), a time or a reading time after a separator ("28.4.1987 | 17:28", "June 16, 1987
      2:56 PM · 2 min read"): :func:`date_text` keeps the date and its time;
    * an all-numeric date whose day and month can both be the other ("02/03/1987") is read in
      the order the page itself shows (:func:`numeric_order`): another numeric date of the page
      with a day above 12, else the reading that falls next to the page's dates written with a
      month name (the dateline "LONDON, March 2 -", the crawler's date, the date lines of its
      lists). With no such signal the order stays undecided: :func:`resolve_numeric` leaves the
      text to the caller, which may know the site's order from its other pages;
    * dateparser does the rest (zone names such as CST honoured); impossible dates (no calendar
      day, before ``[metadata] earliest_year``, in the future) are reasons, not dates.

Example:
    >>> date_text("RTR 27-APR-1987 14:56"), date_text("28.4.1987 | 17:28")
    ('27-APR-1987 14:56', '28.4.1987 17:28')
    >>> numeric_order("02/03/1987", [(3, 2)])          # the dateline says "March 2"
    'dmy'
"""
from __future__ import annotations

import functools
import re
from datetime import date, datetime, timezone

import pandas as pd

from transforms.common.text import DATE_IN_LINE, MONTH_RE, TIME_LINE, WEEKDAY_NAME, is_date_line

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
# "02/03/1987", "28.4.1987": one separator twice, the year last.
NUMERIC_DATE = re.compile(r"\b(\d{1,2})([./])(\d{1,2})\2(\d{4})\b")
# A feed's source code before its timestamp: "RTR 27-APR-1987 14:56".
FEED_CODE = re.compile(r"^[A-Z]{2,5}\s+(?=\d)")
PIECE_SEPARATOR = re.compile(r"\s+[|·•]\s+")
# A month name and a day, as a dateline or a list's date line writes them ("March 2", "2 March").
NAMED_DAY = re.compile(rf"\b(?:(?P<m1>{MONTH_RE})\s+(?P<d1>\d{{1,2}})\b|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH_RE})(?![\w]))", re.IGNORECASE)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def date_text(line: str) -> str | None:
    """The date (and its time) a top-of-page line states, or None when it states none.

    >>> date_text("June 16, 1987 2:56 PM · 2 min read"), date_text("Markets | Home")
    ('June 16, 1987 2:56 PM', None)
    """
    s = FEED_CODE.sub("", line.strip())
    pieces = PIECE_SEPARATOR.split(s)
    for i, piece in enumerate(pieces):
        if is_date_line(piece) and not TIME_LINE.match(piece):
            nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
            return f"{piece} {nxt}" if TIME_LINE.match(nxt) else piece
    return None


def named_days(text: str) -> list[tuple[int, int]]:
    """(month, day) of every "March 2" / "2 March" in ``text`` (no year needed)."""
    out = []
    for m in NAMED_DAY.finditer(text):
        month, day = (m.group("m1"), m.group("d1")) if m.group("m1") else (m.group("m2"), m.group("d2"))
        if 1 <= int(day) <= 31:
            out.append((MONTHS.index(month[:3].lower()) + 1, int(day)))
    return out


def numeric_order(text: str, hints: list[tuple[int, int]], page_orders: tuple[str, ...] = (), max_days: int = 3) -> str | None:
    """'dmy' or 'mdy' for the numeric date in ``text`` when its order is open and the page
    decides it, else None (also when the date is not ambiguous or there is none).

    Args:
        hints: (month, day) of the page's dates written with a month name.
        page_orders: orders the page's unambiguous numeric dates show ("19/03/1987": dmy).
        max_days: a reading this close to a hint (the dateline is often a day before the
            page's date) is the page's; both or neither close: undecided.
    """
    m = NUMERIC_DATE.search(text)
    if not m:
        return None
    a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if a > 12 or b > 12 or a == b:
        return None
    if len(set(page_orders)) == 1:
        return page_orders[0]
    close = {order for order, (month, day) in (("dmy", (b, a)), ("mdy", (a, b)))
             if any(_days_apart(year, (month, day), hint) <= max_days for hint in hints)}
    return close.pop() if len(close) == 1 else None


def unambiguous_order(text: str) -> str | None:
    """The order a numeric date shows by itself: "19/03/1987" is dmy, "03/19/1987" mdy."""
    m = NUMERIC_DATE.search(text)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(3))
    return "dmy" if a > 12 >= b else "mdy" if b > 12 >= a else None


def with_order(text: str, order: str) -> str:
    """The numeric date of ``text`` rewritten as ISO (yyyy-mm-dd) in the given order."""
    def iso(m: re.Match) -> str:
        a, b = int(m.group(1)), int(m.group(3))
        month, day = (b, a) if order == "dmy" else (a, b)
        return f"{m.group(4)}-{month:02d}-{day:02d}"
    return NUMERIC_DATE.sub(iso, text, count=1)


def is_ambiguous(text: str) -> bool:
    """A numeric date whose day and month could be swapped."""
    m = NUMERIC_DATE.search(text)
    return bool(m) and int(m.group(1)) <= 12 and int(m.group(3)) <= 12 and m.group(1) != m.group(3)


def _days_apart(year: int, a: tuple[int, int], b: tuple[int, int]) -> int:
    try:
        return abs((date(year, *a) - date(year, *b)).days)
    except ValueError:                     # no such day ("February 30")
        return 10_000


def page_hints(lines: list[str], lead: str, crawl_date: str | None) -> list[tuple[int, int]]:
    """(month, day) of the page's own dates written with a month name: its date lines, the
    dateline of the story's lead ("BRUSSELS, June 29 -") and the crawler's date."""
    hints = [md for line in lines if is_date_line(line) or DATE_IN_LINE.match(line.strip()) for md in named_days(line)]
    lead_head = re.split(r"\s[-–—]\s|\s[-–—]{2}\s", lead[:120], maxsplit=1)
    if len(lead_head) == 2:
        hints += named_days(lead_head[0])
    if crawl_date and (m := re.match(r"\d{4}-(\d{2})-(\d{2})", crawl_date)):
        hints.append((int(m.group(1)), int(m.group(2))))
    return hints


def parse_date(text: str, earliest_year: int = 1900) -> pd.Timestamp | None:
    """A date line -> UTC timestamp (dateparser; zone names such as CST honoured), or None.

    Dates without a year give None: a relative "Monday" is not the article's publication
    date. So do impossible ones (see :func:`read_date`).
    """
    return read_date(text, earliest_year)[0]


def read_date(text: str, earliest_year: int) -> tuple[pd.Timestamp | None, str | None]:
    """A date line -> (UTC timestamp, None), or (None, why it cannot be a publication date),
    or (None, None) when the line states no date with a year.

    Impossible dates are not publication dates: no calendar day ("0000-00-00",
    "2024-02-30", "2024-13-05"), before ``earliest_year`` (a year 1 or 1500 is a scraper's
    placeholder, not when a news page was written), or after now (the articles contract,
    ``schemas.ArticleSchema.not_in_future``, would quarantine the whole article).
    """
    ts = _calendar_date(text)
    if ts is None or isinstance(ts, str):
        return None, ts
    if ts.year < earliest_year:
        return None, f"before {earliest_year}"
    if ts > pd.Timestamp(datetime.now(timezone.utc)):
        return None, "in the future"
    return ts, None


@functools.lru_cache(maxsize=4096)
def _calendar_date(text: str) -> pd.Timestamp | str | None:
    """The date a line states (any year), the reason it is no calendar date, or None."""
    import dateparser  # imported late: it costs ~0.3 s and only this function needs it

    text = re.sub(r"^(?:posted|published|updated|last updated|date|dated|first published)\s*(?:on|at)?:?\s*", "", text.strip(), flags=re.I)
    if not re.search(r"\b\d{4}\b", text):
        return None
    if (iso := ISO_DATE.fullmatch(text.strip())):         # unambiguous: no need for dateparser
        try:
            ts = pd.Timestamp(iso.group(0).replace(" ", "T"), tz=None)
        except (ValueError, OverflowError) as err:        # "0000-00-00", "2024-02-30", "2024-13-05"
            return f"not a calendar date ({str(err).split(':')[0]})"
        return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    text = re.sub(r"(\d{1,2})\.(\d{2})(?=\s*(?:[ap]\.?m|GMT|UTC|BST|CET|EST|$))", r"\1:\2", text)  # "14.20 GMT"
    try:
        parsed = dateparser.parse(text, languages=["en"], settings={
            "RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC", "TO_TIMEZONE": "UTC",
            "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False, "REQUIRE_PARTS": ["year", "month", "day"]})
    except (ValueError, OverflowError):                    # a date dateparser found but cannot build
        return "not a calendar date"
    if parsed is None:
        # dateparser trips on a trailing weekday or kicker ("5 November, 2024 Tuesday 18:39")
        cleaned = re.sub(rf"\b{WEEKDAY_NAME}\b,?", "", text, flags=re.I)
        if cleaned != text:
            return _calendar_date(cleaned)
        return None
    try:
        return pd.Timestamp(parsed).tz_convert("UTC")
    except (ValueError, OverflowError):
        return "not a calendar date"
