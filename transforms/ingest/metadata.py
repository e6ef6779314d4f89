"""Stage 3, metadata: header lines -> title, outlet, authors, published_at, dateline.

Input: a cleaned document (``header_lines``, ``footer_lines``, ``signoff``, ``crawl_*`` from
clean; ``meta_*`` from load when the file format carried metadata, which wins). Output: the
article's metadata fields.

Rules (general news-page conventions):
    * title: the format's title, else the crawler prefix's page title, else the longest
      header line that is not a byline, date, site name or name line;
    * outlet: the format's site name, else a short site-name line above the headline, else the
      copyright line ("Copyright © 1987 Tradewire Europe"), else a house byline ("Newser
      Editors", "The Kyiv Independent news desk");
    * authors: "By X and Y" / "Authors: X, Y" bylines (house credits dropped when a person is
      named, kept as written when nobody is), a bare name line under the headline, a sign-off
      name line closing the article;
    * published_at: the page's own date line ("Posted Nov 5, 2024 11:00 AM CST", "5 November,
      2024 Tuesday" + "18:39"), else a date in the byline, else the crawler's ``date`` prefix,
      parsed by dateparser to a timezone-aware UTC timestamp; impossible dates (no calendar day,
      before ``[metadata] earliest_year``, in the future) are dropped and listed in
      ``dates_dropped`` (the data-quality report shows them);
    * dateline: "LONDON (Reuters) -", "UKRAIN –", "SALVADOR, Feb 26 -" at the start of the body.

Example:
    >>> from transforms.common.settings import load_settings
    >>> m = extract({"header_lines": ["Big News Today For All", "By Jane Doe and Staff Reports", "Posted Nov 5, 2024 11:00 AM CST"],
    ...              "footer_lines": [], "signoff": None, "crawl_date": None, "crawl_title": None, "body": "PARIS - It rained."}, load_settings())
    >>> m["title"], m["authors"], str(m["published_at"]), m["dateline"]
    ('Big News Today For All', ['Jane Doe'], '2024-11-05 17:00:00+00:00', 'PARIS')
"""
from __future__ import annotations

import functools
import re
from datetime import datetime, timezone

import pandas as pd

from transforms.common.settings import Settings
from transforms.common.text import (BYLINE, DATE_IN_LINE, DATELINE, TIME_LINE, WEEKDAY_NAME, WORD, is_date_line,
                                    looks_like_name_line)

COPYRIGHT = re.compile(r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>[^|.,]+?)\.?\s*(?:\d{4}\s*)?(?:all rights reserved.*)?$", re.IGNORECASE)
# A story's first line opening with a dated dateline ("HOUSTON, March 11 -") is no headline.
LEAD_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]+(?:,\s*[A-Za-z .]+)?,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*(?:\([A-Za-z]+\))?\s*[-–—]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
SPLIT_AUTHORS = re.compile(r"\s*(?:,|;|\band\b|&|\bwith\b)\s*", re.IGNORECASE)


def process(docs: list[dict], settings: Settings) -> list[dict]:
    """Add the metadata fields to every cleaned document of a batch."""
    return [{**doc, **extract(doc, settings)} for doc in docs]


def extract(doc: dict, settings: Settings) -> dict:
    """Metadata of one cleaned document. See the module docstring for the rules."""
    credit_words = settings.vocab("credit_words")
    header = list(doc.get("header_lines") or [])
    bylines, date_lines, others = [], [], []
    for i, line in enumerate(header):
        if BYLINE.match(line):
            bylines.append(line)
        elif is_date_line(line):
            # A bare time line completes the date line just above it ("5 November, 2024" + "18:39").
            if TIME_LINE.match(line) and date_lines and date_lines[-1][0] == i - 1:
                date_lines[-1] = (i, f"{date_lines[-1][1]} {line}")
            else:
                date_lines.append((i, line))
        else:
            others.append((i, line))

    title = _clean_str(doc.get("meta_title")) or doc.get("crawl_title")
    outlet = _clean_str(doc.get("meta_outlet"))
    title_idx = None
    if not title:
        ranked = [(len(WORD.findall(line)), -i, i, line) for i, line in others
                  if len(WORD.findall(line)) >= 3 and not looks_like_name_line(line) and not LEAD_DATELINE.match(line)]
        if ranked:
            *_, title_idx, title = max(ranked)
    elif title in header:
        title_idx = header.index(title)

    # A short line above the headline, when nothing else is there, is the site name.
    if not outlet and title_idx is not None:
        above = [(i, line) for i, line in others if i < title_idx]
        sections = settings.vocab("section_names")
        above = [(i, line) for i, line in above if not all(w.lower() in sections for w in WORD.findall(line))]
        if above and len(WORD.findall(above[0][1])) <= 4 and not looks_like_name_line(above[0][1]):
            outlet = above[0][1].strip("☰ ").strip()
    if not outlet:
        outlet = next((m.group("name").strip() for line in doc.get("footer_lines") or []
                       if (m := COPYRIGHT.match(line.strip())) and len(WORD.findall(m.group("name"))) <= 5), None)

    authors, house = [], []
    if doc.get("meta_authors"):
        authors = [a for a in doc["meta_authors"] if isinstance(a, str) and a.strip()]
    for line in bylines:
        people, credits = split_byline(line, credit_words)
        authors += people
        house += credits
    if not authors:
        after_title = [line for i, line in others if title_idx is not None and i > title_idx]
        authors += [line.strip() for line in after_title if looks_like_name_line(line)][:3]
    if not authors and doc.get("signoff"):
        authors.append(doc["signoff"])
    if not authors and house:
        authors = [h for h, _ in house]          # nobody named: the house byline, as written
    if not outlet and house:
        outlet = next((o for _, o in house if o), None)

    published, dropped = None, []
    meta_date = _clean_str(doc.get("meta_published"))
    candidates = ([meta_date] if meta_date else []) + [line for _, line in date_lines]
    candidates += [m.group(0) for line in bylines if (m := DATE_IN_LINE.search(line))]
    candidates += [doc["crawl_date"]] if doc.get("crawl_date") else []
    for text in candidates:
        published, problem = read_date(text, settings.metadata.earliest_year)
        if published is not None:
            break
        if problem:
            dropped.append(f"{text[:80]!r}: {problem}")

    m = DATELINE.match(_first_paragraph(doc))
    dateline = m.group("place").strip(" ,") if m and len(m.group("place")) <= 40 else None
    return {"title": title, "outlet": outlet, "authors": _dedupe(authors), "published_at": published, "dateline": dateline,
            "dates_dropped": dropped}


def split_byline(line: str, credit_words: frozenset[str]) -> tuple[list[str], list[tuple[str, str | None]]]:
    """A byline -> (person names, house credits as (credit as written, outlet it names)).

    >>> split_byline("by Martin Fornusek and The Kyiv Independent news desk November 4, 2024 8:36 AM", frozenset({"desk", "news"}))
    (['Martin Fornusek'], [('Martin Fornusek and The Kyiv Independent news desk', 'The Kyiv Independent')])
    """
    text = BYLINE.sub("", line.strip())
    if (m := DATE_IN_LINE.search(text)):
        text = text[:m.start()]
    text = re.split(r"\s+\|\s+|\s+\d+\s*min(?:ute)?s?\s+read\b|\.\s", text)[0].strip(" ,.-–—")
    people, credits = [], []
    for part in SPLIT_AUTHORS.split(text):
        part = part.strip(" .")
        if not part:
            continue
        words = part.split()
        is_credit = any(w.lower() in credit_words for w in words)
        if looks_like_name_line(part) and not is_credit:
            people.append(part)
        elif is_credit:
            kept = [w for w in words if w.lower() not in credit_words]
            credits.append((text, " ".join(kept).strip() or None))
    return people, credits[:1]


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


def _first_paragraph(doc: dict) -> str:
    """The body's first paragraph that is not a photo caption (a dateline opens the story)."""
    body, pos = doc.get("body") or "", 0
    captions = {start for start, _ in doc.get("caption_spans") or []}
    for para in body.split("\n\n"):
        if pos not in captions:
            return para
        pos += len(para) + 2
    return ""


def _clean_str(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        key = " ".join(item.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(" ".join(item.split()))
    return out
