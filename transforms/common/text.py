"""Shared text helpers: words, sentences and line shapes that several stages recognise.

No stage logic lives here, only the small, general recognisers that clean, metadata and the
extractors would otherwise each re-implement.

Example:
    >>> [s for s, _, _ in sentences("He said so. Then he left! U.S. troops stayed.")]
    ['He said so.', 'Then he left!', 'U.S. troops stayed.']
"""
from __future__ import annotations

import functools
import re
from datetime import date

from transforms.common.settings import Vocabularies

WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# Day names, Monday first, and their abbreviations, from data/weekdays.txt (calendar facts,
# not settings: read once here for every stage).
_DAYS = Vocabularies().rows("weekdays")
WEEKDAYS: tuple[str, ...] = tuple(name for name, _ in _DAYS)
WEEKDAY_NAME = rf"(?:{'|'.join(WEEKDAYS)})"                 # full names only ("on Monday")
WEEKDAY_RE = rf"(?:{'|'.join(sorted({f for name, abbr in _DAYS for f in (name, *abbr.split(','))}, key=lambda f: (-len(f), f)))})\.?"

# A line that states a date with a year: "Posted Nov 5, 2024 11:00 AM CST", "5 November, 2024
# Tuesday", "2024-11-05", "Wednesday, July 1, 1987", "Tue 3 Mar 1987 14.20 GMT", "28.4.1987",
# "27-APR-1987 14:56" (a wire feed's timestamp).
DATE_LINE = re.compile(
    rf"^(?:(?:posted|published|updated|last updated|date|dated|first published)\s*(?:on|at)?:?\s*)?"
    rf"(?:{WEEKDAY_RE},?\s*)?"
    rf"(?:{MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_RE},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{1,2}}-{MONTH_RE}-\d{{4}})"
    rf"(?:[,\s]+{WEEKDAY_RE})?(?:[,\s]+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,5}}|\s+[+-]\d{{2}}:?\d{{2}})?)?\s*$",
    re.IGNORECASE)
# A date with a year anywhere in a line (bylines often end with one).
DATE_IN_LINE = re.compile(
    rf"\b(?:{MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{MONTH_RE},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:[,\s]+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,5}}\b)?)?",
    re.IGNORECASE)
# A dateline on a line of its own, a place in capitals (and its region) and the day, with the
# story under it: "LONDON 1996-08-26", "LITTLE ROCK, Ark., Aug 22", "MANCHESTER, England
# 1996-08-30". A written date follows a comma (a site's name and the day, "CNN March 3, 2024",
# is no dateline); a date line ("WEDNESDAY, July 1, 1987", "UPDATED March 3, 2024") is no
# place: :func:`is_place_dateline` excludes what DATE_LINE matches.
PLACE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,2})?"
    rf"(?:,\s*(?i:{MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH_RE}(?:,?\s+\d{{4}})?)|,?\s+\d{{4}}-\d{{2}}-\d{{2}})\s*$")
TIME_LINE = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?$", re.IGNORECASE)
BYLINE = re.compile(r"^(?:by|written by|words by|reporting by|authors?:)\s+(?=\S)", re.IGNORECASE)
# A quotation signed with a dash and a name at the end of its paragraph: “...” ― Sonya Herridge
SIGNED_QUOTE = re.compile(r"[”\"]\s*(?P<cue>[―—–]|--?)\s*(?P<spk>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})\s*\.?$")
# A dateline opening a story: "LONDON (Reuters) -", "UKRAIN –", "SALVADOR, Feb 26 -".
DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Za-z.'’-]+|[A-Z]{2,})(?:[ ,]+(?:[A-Z][A-Za-z.'’-]+|[A-Z]{2,})){0,3})"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"(?:\s*\((?:Reuters|AP|AFP|UPI|Bloomberg|dpa|Xinhua)\))?\s*[-–—]{1,2}\s+")
# A lead opening with a dated or credited dateline ("HOUSTON, March 11 -", "AMSTERDAM, March 6
# (Reuters) -"): the story has started, even where its first line is a table row, not prose.
LEAD_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]+(?:,\s*[A-Za-z .]+)?,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*(?:\([A-Za-z]+\))?\s*[-–—]")
NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.|[A-Z][a-z]?[A-Z][a-z]+)$")

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt maj adm gov sen rep rev st jr sr inc corp co ltd bros no vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m approx est dept fig".split())
_SENT_BREAK = re.compile(r"([.!?…]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9•])|\n\s*\n|\n(?=\s*[•·▪*-]\s)")


def sentences(text: str) -> list[tuple[str, int, int]]:
    """Split text into (sentence, start, end) with offsets into ``text``.

    A rule splitter rather than a model: it is ~100x faster than spaCy's parser and good
    enough for news prose, where abbreviations (U.S., Gen., Nov.) are the main trap.
    """
    out, start = [], 0
    for m in _SENT_BREAK.finditer(text):
        if m.group(1):
            before = text[start:m.start(1)].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if m.group(1) == "." and (last in ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
                continue
            end = m.end(1)
        else:
            end = m.start()
        _add(out, text, start, end)
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((text[start:end], start, end))


def is_headline_case(line: str, share: float) -> bool:
    """Mostly Capitalised Words or ALL CAPS: a headline, not wrapped prose (``share`` of the
    longer words capitalised: ``[clean] headline_case_share``)."""
    words = [w for w in WORD.findall(line) if w[0].isalpha() and len(w) > 3]
    if len(words) < 2:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= share


def looks_like_name_line(line: str) -> bool:
    """A bare 'Firstname Lastname' line (2-4 capitalised words, no sentence punctuation)."""
    tokens = line.strip().split()
    return 2 <= len(tokens) <= 4 and all(NAME_TOKEN.match(t) for t in tokens) and not line.strip().endswith(".")


def is_date_line(line: str) -> bool:
    """A line that is only a date with a year, or only a time ("Posted Nov 5, 2024", "18:39")."""
    return bool(DATE_LINE.match(line.strip())) or bool(TIME_LINE.match(line.strip()))


def is_place_dateline(line: str) -> bool:
    """A line that is only a dateline, place and day ("LONDON 1996-08-26"): the story starts
    below it."""
    s = line.strip()
    return bool(PLACE_DATELINE.match(s)) and not DATE_LINE.match(s)


def quote_units(body: str, max_chars: int = 2000) -> list[tuple[str, int, int]]:
    """Sentences of ``body``, joined while a quotation opened in them is not yet closed
    (within a paragraph, until the unit is over ``max_chars``): the units attributions are
    found in. A sentence longer than ``max_chars`` (a table, a page without full stops) is
    taken in pieces of at most that many characters, cut at white space, so that no unit
    costs the parser and the patterns more than its size (``[claims] max_unit_chars``)."""
    sents = [piece for sent in sentences(body) for piece in _pieces(body, sent, max_chars)]
    out: list[tuple[str, int, int]] = []
    start = end = None
    for _, s_start, s_end in sents:
        if start is not None and "\n\n" in body[end:s_start]:
            out.append((body[start:end], start, end))         # a paragraph ends an open quote
            start = None
        if start is None:
            start = s_start
        end = s_end
        text = body[start:end]
        if quotes_balanced(text) or len(text) > max_chars:
            out.append((text, start, end))
            start = None
    if start is not None:
        out.append((body[start:end], start, end))
    return out


def _pieces(body: str, sentence: tuple[str, int, int], max_chars: int) -> list[tuple[str, int, int]]:
    """A sentence as pieces of at most ``max_chars`` characters, each cut after the last white
    space that fits (hard at ``max_chars`` in a run without any); nothing is left out."""
    text, start, end = sentence
    if end - start <= max_chars:
        return [sentence]
    out = []
    while end - start > max_chars:
        cut = max(body.rfind(space, start + 1, start + max_chars) for space in " \n\t")
        cut = cut if cut > start else start + max_chars
        _add(out, body, start, cut)
        start = cut
    _add(out, body, start, end)
    return out


def quotes_balanced(text: str) -> bool:
    """No quotation left open: as many closing as opening curly marks, an even number of straight ones."""
    return text.count("“") <= text.count("”") and text.count('"') % 2 == 0


TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[-.][A-Za-z'’]+)*\.?|\d+(?:[.,:]\d+)*|\S")


KEEPS_PERIOD = re.compile(r"(?:[A-Za-z]\.)+|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Gov|Sen|Rep|Rev|Prof)\.")


# Cached because the claims stage asks twice for the tokens of each unit (to align the
# parse, then to tag it) and a unit takes longer to split than to look up; a tuple, so
# that no caller can change what the next one gets.
@functools.lru_cache(maxsize=16_384)
def tokenize(text: str) -> tuple[tuple[str, int, int], ...]:
    """Tokens with offsets. A trailing period stays on a token only for initials ("J.")
    and known abbreviations; otherwise it is split off."""
    out = []
    for m in TOKEN.finditer(text):
        tok, (start, end) = m.group(0), m.span()
        if len(tok) > 3 and tok[-2:] in ("'s", "’s"):      # possessive: "Umerov's" -> Umerov + 's
            out.append((tok[:-2], start, end - 2))
            out.append((tok[-2:], end - 2, end))
        elif len(tok) > 2 and tok.endswith(".") and not KEEPS_PERIOD.fullmatch(tok):
            out.append((tok[:-1], start, end - 1))
            out.append((".", end - 1, end))
        else:
            out.append((tok, start, end))
    return tuple(out)


@functools.lru_cache(maxsize=200_000)
def shape(tok: str) -> str:
    """The token's shape for tagger features: "Kyiv" -> "Xx", "U.S." -> "X.X.", "2024" -> "d"."""
    s = re.sub(r"[A-Z]", "X", tok)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)


def alternation(words, space: str = r"\s+") -> str:
    r"""One regular expression that matches any of the words and phrases of a vocabulary, the
    longest first (so "said that" wins over "said"); a space in a phrase matches ``space``.

    Written as a trie ("sa(?:id(?:\s+that)?|ys)"), by hand because ``re`` does not build
    one: it tries the branches of a flat alternation one by one at every place in the text,
    and with 250 cues and ``re.IGNORECASE`` that was most of the claims patterns' time. Each
    branch of a trie node begins with another character, so at most one can match there and
    the longer words are tried first, as in the flat alternation: the two match the same
    text. Where two branches differ only in case (a ``re.IGNORECASE`` pattern could match
    both), the flat alternation is kept.

    >>> alternation(["said", "says", "said that"])
    'sa(?:id(?:\\s+that)?|ys)'
    """
    words = set(words)
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}                       # a word ends here
    try:
        return _trie_pattern(trie, space)
    except _CaseVariants:
        return "|".join(re.escape(w).replace(r"\ ", space) for w in sorted(words, key=lambda w: (-len(w), w)))


class _CaseVariants(ValueError):
    """Two branches of a trie node that differ only in case."""


def _trie_pattern(node: dict, space: str) -> str:
    keys = [k for k in node if k]
    if len({k.lower() for k in keys}) < len(keys) or len({k.upper() for k in keys}) < len(keys):
        raise _CaseVariants
    branches = [(space if k == " " else re.escape(k)) + _trie_pattern(node[k], space) for k in sorted(keys)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body      # greedy: the longer word first


def strip_span(text: str, start: int, end: int, lead: str = "", trail: str = "") -> tuple[int, int]:
    """Offsets of ``text[start:end]`` without the leading characters in ``lead`` and the
    trailing ones in ``trail`` (quotation marks, commas, closing punctuation)."""
    while start < end and text[start] in lead:
        start += 1
    while end > start and text[end - 1] in trail:
        end -= 1
    return start, end


QUOTE_CHAR = re.compile("[“‘”’\"']")


def quote_mask(text: str) -> list[bool]:
    """Per character: inside a quotation? Curly quotes open and close; straight double
    quotes and the NYT's doubled apostrophes ('') toggle; a closing single quote followed
    by a letter is an apostrophe. (Only the quotation marks change the state, so the text
    between two of them is filled in one slice: most of a news text has none.)"""
    mask, depth, straight = [False] * len(text), 0, False
    inside, since, skip = False, 0, -1
    for m in QUOTE_CHAR.finditer(text):
        i = m.start()
        if i == skip:                    # second mark of ''
            continue
        ch = text[i]
        if ch == "“" or (ch == "‘" and (i == 0 or not text[i - 1].isalnum())):
            depth += 1
        elif ch == "”" or (ch == "’" and depth and (i + 1 == len(text) or not text[i + 1].isalpha())):
            depth = max(depth - 1, 0)
        elif ch == '"' or (ch == "'" and text[i + 1:i + 2] == "'"):
            straight = not straight
            skip = i + 1 if ch == "'" else -1
        else:
            continue
        if inside:
            mask[since:i] = [True] * (i - since)
        inside, since = depth > 0 or straight, i
    if inside:
        mask[since:] = [True] * (len(text) - since)
    return mask


def strip_suffix(word: str, suffixes: tuple[str, ...], min_stem: int) -> str:
    """``word`` without the first of ``suffixes`` it ends with, when at least ``min_stem``
    letters stay: the light stemming that dedup and the attribution tagger each tune (a
    library stemmer would change the tagger's trained features and the dedup signatures).

    >>> strip_suffix("deployment", ("ment", "ed"), 4), strip_suffix("used", ("ed",), 4)
    ('deploy', 'used')
    """
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            return word[: -len(suffix)]
    return word



ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(value: str) -> date:
    """A calendar date written the ISO way, YYYY-MM-DD, and no other way: "01/11/2024" is
    January or November depending on who reads it, so it is refused.

    Raises:
        ValueError: not YYYY-MM-DD, or no such day ("2024-13-45").

    Example:
        >>> iso_date("2024-11-01")
        datetime.date(2024, 11, 1)
    """
    text = str(value).strip()
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"{value!r} is not an ISO date: write it as YYYY-MM-DD, e.g. 2024-11-01")
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ValueError(f"{value!r} is not a real day ({err}): write it as YYYY-MM-DD, e.g. 2024-11-01") from None
