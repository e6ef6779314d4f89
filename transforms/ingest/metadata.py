"""Stage 3, metadata: header lines -> title, outlet, authors, published_at, dateline.

Input: a cleaned document (``header_lines``, ``footer_lines``, ``signoff``, ``crawl_*`` from
clean; ``meta_*`` from load when the file format carried metadata, which wins). Output: the
article's metadata fields.

Input also: ``top_lines`` (every line above the body, page furniture included), which hold
the site's logo line and a wire feed's header.

Rules (general news-page conventions; the lines above the body are read by
:mod:`transforms.ingest.page_top`, dates by :mod:`transforms.ingest.dates`):
    * title: the format's title, else the crawler prefix's page title, else the longest
      header line above the story's lead (its dateline; a lead that a hard wrap left above
      the body) that is not a byline, date, site name, results-table row ("Net 44,092,000 vs
      35,145,000") or, while another line is left, a name line;
    * outlet: the format's site name, else the site's name at the top of the page ("Reuters"
      above "Skip to main content", "The Daily Brief logo", "REUTERS NEWS SERVICE" over a
      wire feed), else the copyright line ("Copyright © 1987 Tradewire Europe"; not an
      agency's: "(c) Copyright Reuters 1987" credits the story), else a house byline
      ("Newser Editors", "The Kyiv Independent news desk");
    * authors: "By X and Y" / "Authors: X, Y" bylines (house credits dropped when a person is
      named, kept as written when nobody is), a bare name line under the headline, a sign-off
      name line closing the article;
    * published_at: the page's own date line ("Posted Nov 5, 2024 11:00 AM CST", "5 November,
      2024 Tuesday" + "18:39", "RTR 27-APR-1987 14:56", "28.4.1987 | 17:28"), else a date in
      the byline, else the crawler's ``date`` prefix, parsed by dateparser to a timezone-aware
      UTC timestamp; a numeric date's day/month order is the one the page shows (its dateline,
      its other dates), else the one the same site's other pages of the batch show, never a
      guess; impossible dates (no calendar day, before ``[metadata] earliest_year``, in the
      future) and undecided orders are dropped and listed in ``dates_dropped`` (the
      data-quality report shows them);
    * dateline: "LONDON (Reuters) -", "UKRAIN –", "SALVADOR, Feb 26 -" at the start of the body.

Example:
    >>> from transforms.common.settings import load_settings
    >>> m = extract({"header_lines": ["Big News Today For All", "By Jane Doe and Staff Reports", "Posted Nov 5, 2024 11:00 AM CST"],
    ...              "footer_lines": [], "signoff": None, "crawl_date": None, "crawl_title": None, "body": "PARIS - It rained."}, load_settings())
    >>> m["title"], m["authors"], str(m["published_at"]), m["dateline"]
    ('Big News Today For All', ['Jane Doe'], '2024-11-05 17:00:00+00:00', 'PARIS')
"""
from __future__ import annotations

import re
from collections import defaultdict

from transforms.common.settings import Settings
from transforms.common.text import BYLINE, DATE_IN_LINE, DATELINE, LEAD_DATELINE, TIME_LINE, WORD, is_date_line, looks_like_name_line
from transforms.ingest.dates import (date_text, is_ambiguous, numeric_order, page_hints, read_date, unambiguous_order,
                                     with_order)
from transforms.ingest.page_top import copyright_owner, is_table_row, site_line, story_start, under_navigation

SPLIT_AUTHORS = re.compile(r"\s*(?:,|;|\band\b|&|\bwith\b)\s*", re.IGNORECASE)
PRIVATE = ("_date_open", "_date_orders")     # what process() needs across a batch, not kept


def process(docs: list[dict], settings: Settings) -> list[dict]:
    """Add the metadata fields to every cleaned document of a batch.

    A numeric date whose day/month order its page leaves open ("02/03/1987", no other date
    on the page) is read in the order the same site's other pages of the batch show, when
    they agree (a site writes its dates one way).
    """
    found = [extract(doc, settings) for doc in docs]
    orders = defaultdict(set)
    for meta in found:
        if meta["outlet"]:
            orders[_site_key(meta["outlet"])].update(meta["_date_orders"])
    for i, meta in enumerate(found):
        site = orders.get(_site_key(meta["outlet"] or ""), set())
        if meta["_date_open"] and len(site) == 1:
            found[i] = extract(docs[i], settings, site_order=next(iter(site)))
    return [{**doc, **{k: v for k, v in meta.items() if k not in PRIVATE}} for doc, meta in zip(docs, found)]


def extract(doc: dict, settings: Settings, site_order: str | None = None) -> dict:
    """Metadata of one cleaned document. See the module docstring for the rules.

    ``site_order`` ("dmy"/"mdy"): the order of numeric dates on the site's other pages, for a
    date this page leaves open. The result also holds ``_date_open`` (such a date was met
    and nothing decided it) and ``_date_orders`` (orders this page's numeric dates show).
    """
    credit_words = settings.vocab("credit_words")
    header = list(doc.get("header_lines") or [])
    top = list(doc.get("top_lines") or header)
    footer = list(doc.get("footer_lines") or [])
    cut = story_start(header, doc.get("body") or "", settings.clean.headline_case_share)
    bylines, others = [], []
    for i, line in enumerate(header):
        if BYLINE.match(line):
            bylines.append(line)
        elif not is_date_line(line) and i < cut:
            others.append((i, line))

    outlet = _clean_str(doc.get("meta_outlet"))
    site = site_line(top, settings)
    # The page's first line (under the skip links) is the site's name when its form says so,
    # when navigation separates it from the headline, or when it is short and the headline
    # below it longer; then it is no headline itself.
    title, title_idx = _headline([(i, line) for i, line in others if not site or line != site[0]])
    if site and not site[2] and not under_navigation(top, site[0], title, settings):
        if len(WORD.findall(site[1])) > 4 or looks_like_name_line(site[1]) or _headline(others)[0] == site[0]:
            site = None
            title, title_idx = _headline(others)
    crawl_title = doc.get("crawl_title")
    if crawl_title and not (site and crawl_title == site[0]) and crawl_title in header[:cut] and _title_like(crawl_title):
        title, title_idx = crawl_title, header.index(crawl_title)
    if (meta_title := _clean_str(doc.get("meta_title"))):
        title, title_idx = meta_title, (header.index(meta_title) if meta_title in header else None)
    outlet = outlet or (site[1] if site else None) or copyright_owner(footer, settings)

    authors, house = [], []
    if doc.get("meta_authors"):
        authors = [a for a in doc["meta_authors"] if isinstance(a, str) and a.strip()]
    for line in bylines:
        people, credits = split_byline(line, credit_words)
        authors += people
        house += credits
    if not authors:
        after_title = [line for i, line in others if title_idx is not None and i > title_idx]
        # a cut-short repeat of the headline ("Asamera Inc Year" under "Asamera Inc Year Loss") is no byline
        authors += [line.strip() for line in after_title if looks_like_name_line(line) and not (title or "").startswith(line.strip())][:3]
    if not authors and doc.get("signoff"):
        authors.append(doc["signoff"])
    if not authors and house:
        authors = [h for h, _ in house]          # nobody named: the house byline, as written
    if not outlet and house:
        outlet = next((o for _, o in house if o), None)

    published, dropped, is_open, orders = _published(doc, top, footer, bylines, settings, site_order)
    m = DATELINE.match(_first_paragraph(doc))
    dateline = m.group("place").strip(" ,") if m and len(m.group("place")) <= 40 else None
    return {"title": title, "outlet": outlet, "authors": _dedupe(authors), "published_at": published, "dateline": dateline,
            "dates_dropped": dropped, "_date_open": is_open, "_date_orders": orders}


def _headline(others: list[tuple[int, str]]) -> tuple[str | None, int | None]:
    """The longest header line that can be a headline (earliest on ties): not a name line,
    unless only name-like lines are left ("Paradyne Facing Criminal Charges")."""
    for allow_names in (False, True):
        ranked = [(len(WORD.findall(line)), -i, i, line) for i, line in others
                  if _title_like(line) and (allow_names or not looks_like_name_line(line))]
        if ranked:
            *_, idx, title = max(ranked)
            return title, idx
    return None, None


def _title_like(line: str) -> bool:
    return len(WORD.findall(line)) >= 3 and not LEAD_DATELINE.match(line) and not is_table_row(line)


def _published(doc: dict, top: list[str], footer: list[str], bylines: list[str], settings: Settings,
               site_order: str | None) -> tuple:
    """(timestamp, dates dropped, an order left open, orders the page shows): the page's own
    date line, else a date in the byline, else the crawler's date (see :mod:`.dates`)."""
    dates = []
    for i, line in enumerate(top):
        if (text := date_text(line)) is not None:
            # a bare time line completes the date line just above it ("5 November, 2024" + "18:39")
            nxt = top[i + 1] if i + 1 < len(top) else ""
            dates.append(f"{text} {nxt}" if TIME_LINE.match(nxt) and not TIME_LINE.search(text) else text)
    meta_date = _clean_str(doc.get("meta_published"))
    candidates = ([meta_date] if meta_date else []) + dates
    candidates += [m.group(0) for line in bylines if (m := DATE_IN_LINE.search(line))]
    candidates += [doc["crawl_date"]] if doc.get("crawl_date") else []
    shown = [t for line in top + footer if (t := date_text(line)) and unambiguous_order(t)]
    orders = tuple(sorted({unambiguous_order(t) for t in shown}))
    hints = page_hints(top + footer, _first_paragraph(doc), doc.get("crawl_date"))
    published, dropped, is_open = None, [], False
    for text in candidates:
        if is_ambiguous(text):
            order = numeric_order(text, hints, orders) or site_order
            if order is None:                       # not guessed: the batch may know the site's order
                is_open = True
                dropped.append(f"{text[:80]!r}: day and month order not shown by the page")
                continue
            orders = tuple(sorted({*orders, order}))
            text = with_order(text, order)
        elif (order := unambiguous_order(text)):
            text = with_order(text, order)
        published, problem = read_date(text, settings.metadata.earliest_year)
        if published is not None:
            break
        if problem:
            dropped.append(f"{text[:80]!r}: {problem}")
    return published, dropped, is_open and published is None, orders


def _site_key(outlet: str) -> str:
    return " ".join(WORD.findall(outlet.lower()))


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
