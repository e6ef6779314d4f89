"""The lines above an article (metadata's helper): where the story starts, which lines can be
its headline, and the site's name.

Input: the page's lines above the body (``top_lines`` from clean, page furniture included) or
its ``header_lines``. Output: headline candidates and the site name.

Rules (general news-page conventions, vocabularies in ``transforms/data/``):
    * the story starts at its dateline ("NEW YORK, March 16 -", "(Reuters) -"): that line and
      the ones after it are the lead, not headlines; so is a line the body goes on with (a
      lead that a hard wrap left above the body: the body's first word is lower-case);
    * a results-table row ("Net 44,092,000 vs 35,145,000") is no headline;
    * the site's name is the page's first line that is not navigation ("Skip to main content",
      "☰ Menu", section names, "Log in | Register"), above the headline: a short line, its
      logo decoration dropped ("The Daily Brief logo", "☰ Daily Meridian"). A wire agency's
      name there ("Reuters", "REUTERS NEWS SERVICE": ``wire_agencies``) is the site's own, as on
      the agency's pages; below the headline it is a credit line, never the outlet;
    * a copyright line naming a wire agency ("(c) Copyright Reuters 1987") is the agency's
      credit for the story, not the name of the site that republished it.

Example:
    >>> from transforms.common.settings import load_settings
    >>> site_line(["Skip to content", "The Daily Brief logo", "☰ Menu", "Markets", "Big News Here Today"], load_settings())
    ('The Daily Brief logo', 'The Daily Brief', True)
"""
from __future__ import annotations

import re

from transforms.common.settings import Settings
from transforms.common.text import BYLINE, LEAD_DATELINE, WORD, is_date_line, is_headline_case

# A lead whose dateline carries the agency's credit: "(Reuters) - Malaysian ...", "NEW YORK
# (Reuters) - The former ..."
CREDIT_LEAD = re.compile(r"^(?:[A-Z][A-Za-z .,'’-]{1,40}\s*)?\([A-Z][\w .&-]{1,30}\)\s*[-–—]{1,2}\s")
# An undated dateline in capitals before prose: "WASHINGTON - The U.S. budget ..."
CAPS_LEAD = re.compile(r"^[A-Z][A-Z .,'’-]+\s[-–—]{1,2}\s")
# A results-table row: a number, at most two unit words, "vs", the other period's number.
TABLE_ROW = re.compile(r"\d[\d,.]*(?:\s+(?:[a-z]+|[A-Z]{3}))?(?:\s+[a-z]+)?\s+vs\.?\s+(?:[a-z]+\s+)?[$£€]?\d")
NAV_SPLIT = re.compile(r"\s{2,}|\s*[|·•]\s*")
LOGO = re.compile(r"^[☰≡\s]*(?P<name>.+?)(?:\s+logo)?\s*$", re.IGNORECASE)
COPYRIGHT = re.compile(r"^(?:(?:copyright|©|\(c\))\s*)+(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>[^|.,]+?)\.?\s*(?:\d{4}\.?\s*)?"
                       r"(?:[.,]?\s*all rights reserved.*)?$", re.IGNORECASE)


def story_start(lines: list[str], body: str, headline_share: float = 0.7) -> int:
    """Index of the first of ``lines`` (above the body) that belongs to the story's lead.

    An undated dateline opens a lead only in capitals and on prose: "ECONOMIC SPOTLIGHT - JAPAN
    SHIPBUILDERS" and "Soccer - McCarthy names team." are headlines (``headline_share``:
    ``[clean] headline_case_share``)."""
    for i, line in enumerate(lines):
        s = line.strip()
        if LEAD_DATELINE.match(s) or CREDIT_LEAD.match(s) or (CAPS_LEAD.match(s) and not is_headline_case(s, headline_share)):
            return i
        if s[:1].islower() and i > 0 and not is_date_line(s) and not BYLINE.match(s):   # a wrapped lead's second line
            return i - 1
    if lines and body[:1].islower():               # the body goes on with the last line above it
        return len(lines) - 1
    return len(lines)


def is_table_row(line: str) -> bool:
    """A results-table row ("Shr 71 cts vs 15 cts", "Net profit 2,461,906 vs loss 14,676,385")."""
    return bool(TABLE_ROW.search(line))


def site_line(top: list[str], settings: Settings) -> tuple[str, str, bool] | None:
    """The page's first line that is not navigation, as (line, site name, sure), when it is
    short enough to be a site's name; None otherwise.

    ``sure``: its form says it is a name (a logo decoration, a wire agency); else it is the
    site's name only above a headline (the caller knows).
    """
    from transforms.ingest.clean import classify   # clean imports nothing of metadata

    agencies = settings.vocab("wire_agencies")
    sections = settings.vocab("section_names")
    for line in top:
        m = LOGO.match(line.strip())
        name = m.group("name").strip()
        words = WORD.findall(name)
        if not words or all(w.lower() in sections for w in words) or is_date_line(name) or BYLINE.match(name):
            continue
        agency = is_agency(name, agencies)
        if classify(name, settings) != "text" and not agency:
            continue                               # navigation, login, share bars, credit lines
        if len(words) > 5:
            return None
        return line, name, agency or name != line.strip()
    return None


def under_navigation(top: list[str], line: str, headline: str | None, settings: Settings) -> bool:
    """Page furniture (menus, section links, "Log in | Register") stands between ``line`` and
    the headline: ``line`` is the site's name, not a kicker or the headline's first part."""
    from transforms.ingest.clean import classify

    if headline not in top or line not in top:
        return False
    sections = settings.vocab("section_names")
    between = top[top.index(line) + 1:top.index(headline)]
    # a bar of menu items ("Menu  Search") or section links is navigation as a whole
    return any(classify(other, settings) == "furniture"
               or all(classify(item, settings) == "furniture" or item.lower() in sections for item in NAV_SPLIT.split(other.strip()))
               for other in between)


def is_agency(name: str, agencies: frozenset[str]) -> bool:
    """A wire agency's name, alone or as its service ("Reuters", "REUTERS NEWS SERVICE")."""
    s = " ".join(name.lower().split())
    return s in agencies or re.sub(r"\s+(news\s+)?(service|agency|wire)$", "", s) in agencies


def copyright_owner(lines: list[str], settings: Settings) -> str | None:
    """The site named by a copyright line of the footer, not a wire agency's credit."""
    agencies = settings.vocab("wire_agencies")
    for line in lines:
        m = COPYRIGHT.match(line.strip())
        if m and len(WORD.findall(m.group("name"))) <= 5 and not is_agency(m.group("name").strip(), agencies):
            return m.group("name").strip()
    return None
