"""Stage 7, figures: article bodies -> every stated number with value, unit and qualifier.

Input: articles (``article_id``, ``body``) and their ``claims`` (a number inside an
attributed statement is attributed to its speaker). Output: ``figures`` with value,
value_low / value_high for ranges, unit, qualifier, subject, text, character offsets,
claim_id and speaker.

A small number grammar (vocabularies in ``transforms/data/``: number_words with each word's
class, units, qualifiers, number_idioms, change_words):
    numeral      digits (``8,000``, ``1.3``), a mixed or vulgar fraction with a power-of-two
                 denominator (``6-1/8`` 6.125, ``1/16``), a bid/offer quote (``1.8270/80``:
                 the bid, 1.827), number words (``five``, ``twenty-one``, ``two-thirds``,
                 ``half``; ``one`` and ``single``/``triple`` only where they cannot be pronouns
                 or adjectives: ``one billion``, ``one-year``, ``triple-warhead``)
    + and a half ``one and a half hour`` 1.5
    + scales     ``mln``, ``billion``, ``hundred``, ``dozen`` (``a billion``, ``half a million``,
                 ``1.5 mln``, ``$4.2bn``)
    qualifier before it (about, some, an estimated, at least, up to, more than, over...);
    a range (``between 10,000 and 12,000``, ``from 8,000 to 11,000``, ``10-12``, ``7-1/8 to
    7-1/4``), but a change then a level is two figures (``up 1/8 to 29-3/8``);
    a unit after it: pct, a hyphenated compound (``1,000-day``, ``three-month-old``,
    ``million-strong``), the head of the noun phrase (``North Korean soldiers`` -> soldiers,
    ``8-1/4 year period`` -> years), a currency with its country (``Hong Kong dlrs``), and
    ``X per Y`` (``dlrs per mln Btu``, ``marks per 100``: the 100 is part of the unit).
A figure lies on one line: it never runs across a paragraph or table-row break.
Not figures: dates, years, clock times, ordinals, identifiers (G-7, DC-10), phone numbers,
slashes that are dates or crop years (``2/26``, ``1986/87``), ``the second half``, number
idioms (``one-time``, ``two-for-one``).

:func:`find_figures` is pure and works on one text; :func:`process` builds the table.

Example:
    >>> from transforms.common.settings import load_settings
    >>> settings = load_settings()
    >>> [(f["value"], f["unit"], f["qualifier"]) for f in find_figures("Some 8,000 North Korean troops and up to nine kilometres.", settings)]
    [(8000.0, 'troops', 'some'), (9.0, 'kilometres', 'up to')]
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import NamedTuple

import pandas as pd

from schemas import columns
from transforms.common.settings import Settings
from transforms.common.text import MONTH_RE, alternation

# Whitespace inside a figure: never a line break, so a figure stays on its line and never
# runs across a paragraph or table row ("146.00 mln\n\nAvg shrs" is two things).
S = r"[^\S\n]"
STOP_UNIT = frozenset(("in of on at to for from by with into over under near after before during since until as and or but "
                       "that which who whom whose than while because if when where per is are was were be been being has have "
                       "had will would can could may might should must do does did each this these those its their his her "
                       "our your about around across along against among between through toward towards within without below above "
                       "beyond behind ahead off via only just also still even now then so very a an the some all both more less "
                       "most up down out than against compared versus vs last next previous ago earlier later today yesterday tomorrow tonight").split())
COUNT_LIKE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
# The numerals of the grammar, tried in this order (the longest form first):
QUOTE = r"\d+\.\d+/\d+"                 # a bid/offer quote, the offer's last digits: 1.8270/80
MIXED = r"\d+-\d{1,2}/\d{1,2}"          # a mixed fraction: 6-1/8
FRACTION = r"\d{1,2}/\d{1,2}(?:ths|nds)?"  # a vulgar fraction: 1/16, 5/8ths
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
NUMERAL = re.compile(r"(?P<quote>(?P<bid>\d+\.(?P<dec>\d+))/(?P<ask>\d+))|(?P<whole>\d+)-(?P<n1>\d+)/(?P<d1>\d+)"
                     r"|(?P<n2>\d+)/(?P<d2>\d+)(?:ths|nds)?")
PCT_WORDS = rf"pct|percent|per{S}+cent|percentage{S}+points?"
PCT = rf"{S}?%|{S}+(?:{PCT_WORDS})\b"
CURRENCY_SIGN = r"US\$|\$|£|€"
# a word of the noun phrase after a number, or the punctuation that ends it
PHRASE_TOKEN = re.compile(r"[^\S\n]*([A-Za-z][\w'’.-]*|[,;:.()\"“”])")
# "the second half of 1986", "current half net": a fraction after an ordinal or a period
# word names a part of a period
ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|latter|final|current|latest|prior|previous|last|this|next)[^\S\n]+$", re.I)


class Grammar(NamedTuple):
    """The compiled number grammar of one Settings (see :func:`_tables`)."""
    words: dict[str, float]          # number words by value (cardinals, one, fractions, multiples)
    scales: dict[str, float]         # scale words and suffixes
    denominators: dict[str, float]   # third -> 3: "two-thirds"
    units: dict[str, str]            # written unit -> unit recorded
    currencies: frozenset[str]       # written units that are money
    idioms: frozenset[str]           # number compounds that count nothing ("one-time")
    change_before: re.Pattern        # a word of change right before a number ("up 1/8 to 29-3/8")
    verbs: frozenset[str]            # reporting verbs that end a noun phrase ("two banks said")
    fraction_of: re.Pattern          # "of a percentage point" after a number
    max_denominator: int             # [figures] max_fraction_denominator
    with_range: re.Pattern           # a figure, with a second number for ranges
    single: re.Pattern               # the same figure without the second number
    per: re.Pattern                  # "per mln Btu" after a unit


def _alternation(words) -> str:
    """:func:`transforms.common.text.alternation` where a space matches any run of in-line whitespace."""
    return alternation(words, space=S + "+")


@functools.cache
def _tables(settings: Settings):
    """(number words, scales, units, currencies, figure pattern, the same without ranges)
    from ``data/number_words.txt``, ``data/units.txt`` and ``data/qualifiers.txt``."""
    words, classes, scales, suffixes, denominators = {}, {}, {}, {}, {}
    for row in settings.vocab_rows("number_words"):
        word, value, cls = row[0].lower(), float(row[1]), (row[2] if len(row) > 2 else "")
        if cls in ("scale", "suffix", "denominator"):
            {"scale": scales, "suffix": suffixes, "denominator": denominators}[cls][word] = value
        else:
            words[word], classes[word] = value, cls
    units, currencies = {}, set()
    for row in settings.vocab_rows("units"):
        units[row[0].lower()] = row[1]
        if row[2:] == ("currency",):
            currencies.add(row[0].lower())
    alt = _alternation
    of_class = lambda c: alt(w for w, k in classes.items() if k == c)
    scale = alt(scales)
    tens = alt(w for w, v in words.items() if classes[w] == "" and 20 <= v < 100 and v % 10 == 0)
    ones = alt(w for w, v in words.items() if v in range(1, 10))
    fraction = of_class("fraction")
    half = rf"{S}+and{S}+a{S}+(?:{fraction})\b"
    noun = r"-(?-i:[a-z])"                            # a hyphenated compound's lower-case noun
    word_number = (
        rf"a{S}+(?:{fraction})\b"                                             # a half (point)
        rf"|(?:{fraction})(?:{S}+a(?={S}+(?:{scale})\b))?"                    # half, half a million
        rf"|a(?={S}+(?:{scale})\b)"                                           # a billion, a dozen
        rf"|(?:{ones})-(?:{alt(denominators)})\b"                               # one-third, two-thirds
        rf"|(?:{of_class('one')})(?={noun}|{half}|{S}+(?:{scale}|{PCT_WORDS}|{alt(units)})\b)"
        rf"|(?:{of_class('multiple')})(?={noun})"                             # triple-warhead
        rf"|(?:{tens})-(?:{ones})|(?:{of_class('')})")
    number = rf"(?:{QUOTE}|{MIXED}|{FRACTION}|{DIGITS}|{word_number})(?:{half})?"
    mult = rf"(?:{S}*(?:{scale})\b)+|(?<=\d)(?:{alt(suffixes)})\b"
    head = (rf"(?<![\w.,:/$£€-])(?:(?P<qual>{alt(qualifiers(settings))}){S}+)?"
            rf"(?:(?P<range_kw>between|from){S}+)?"
            rf"(?P<cur>{CURRENCY_SIGN})?{S}?(?P<num>{number})(?P<mult>{mult})?")
    second = (rf"(?:{S}*(?:-|–|to|and){S}*(?P<cur2>{CURRENCY_SIGN})?"
              rf"(?P<num2>{QUOTE}|{MIXED}|{FRACTION}|{DIGITS}|{of_class('')})(?P<mult2>{mult})?)?")
    tail = rf"(?P<pct>{PCT})?(?P<compound>-(?:[a-z]+)(?:-[a-z]+)?)?(?![\w])"
    never = r"(?P<cur2>(?!))?(?P<num2>(?!))?(?P<mult2>(?!))?"      # the groups of `second`, never set
    per = rf"{S}+per{S}+(?P<per>(?:(?:{DIGITS}|{scale}){S}+)*(?:{DIGITS}|(?:{scale})\b|[A-Za-z][\w-]*))"
    return Grammar(words, {**suffixes, **scales}, denominators, units, frozenset(currencies),
                   settings.vocab("number_idioms"), re.compile(rf"\b(?:{alt(settings.vocab('change_words'))})(?:{S}+by)?{S}+$", re.I),
                   # "says", "states", "reports" are nouns as often as verbs: only the other forms
                   frozenset(w for w in settings.vocab("cue_verbs") if not w.endswith("s")),
                   re.compile(rf"{S}+of{S}+(?:an?|one){S}+(?P<unit>{PCT_WORDS}|point)\b", re.I),
                   settings.figures.max_fraction_denominator,
                   re.compile(head + second + tail, re.I),
                   re.compile(head + never + tail, re.I), re.compile(per, re.I))


def process(articles: pd.DataFrame, claims: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Figures of every article in a batch, attributed through the claims that hold them."""
    # plain tuples per article: a pandas filter per figure costs more than finding the figure
    by_article: dict[str, list[tuple]] = {}
    if len(claims):
        spans = claims[["article_id", "char_start", "char_end", "claim_id", "speaker", "speaker_person_id"]]
        for row in spans.astype(object).where(spans.notna(), None).itertuples(index=False):
            by_article.setdefault(row[0], []).append(tuple(row[1:]))
    rows = []
    for a in articles[["article_id", "body"]].itertuples(index=False):
        held = by_article.get(a.article_id, [])
        for f in find_figures(a.body or "", settings):
            claim = next((c for c in held if c[0] <= f["char_start"] and f["char_end"] <= c[1]), None)
            fid = "fig-" + hashlib.sha1(f"{a.article_id}:{f['char_start']}:{f['char_end']}".encode()).hexdigest()[:12]
            rows.append({"figure_id": fid, "article_id": a.article_id, **f,
                         "claim_id": claim[2] if claim else None, "speaker": claim[3] if claim else None,
                         "speaker_person_id": claim[4] if claim else None})
    return pd.DataFrame(rows, columns=columns("figures"))


def with_speakers(figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Figures whose ``speaker`` and ``speaker_person_id`` are those of the claim that holds
    them now (after the claims' speakers were linked again)."""
    if figures.empty:
        return figures
    by_claim = claims.set_index("claim_id")[["speaker", "speaker_person_id"]] if len(claims) else None
    out = figures.copy()
    for col in ("speaker", "speaker_person_id"):
        out[col] = out["claim_id"].map(by_claim[col]) if by_claim is not None else None
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out



def find_figures(text: str, settings: Settings) -> list[dict]:
    """Every figure in ``text`` with offsets into it. See the module docstring."""
    g = _tables(settings)
    out, pos, taken = [], 0, 0
    while (m := g.with_range.search(text, pos)) is not None:
        value = _value(m.group("num"), m.group("mult"), g)
        low = high = None
        if m.group("num2"):
            v2 = _value(m.group("num2"), m.group("mult2") or m.group("mult"), g)
            if (m.group("range_kw") or _is_range(text, m, g)) and v2 is not None and value is not None and v2 > value:
                low, high = value, v2
            else:                                     # "up 1/8 to 29-3/8": two figures, not a range
                m = g.single.match(text, m.start()) or m
        pos = m.end()
        if value is None or m.start() < taken or _excluded(text, m, g):
            continue
        unit, subject, end = _unit(text, m, g, settings)
        per = g.per.match(text, end) if unit else None
        if per and per.group("per").split()[-1].lower() not in STOP_UNIT:
            # "dlrs per mln Btu", "marks per 100": the unit's denominator, not a figure of its own
            unit, end = f"{unit} per {' '.join(per.group('per').split())}", per.end()
            taken = end
        start = m.start("qual") if m.group("qual") else (
            m.start("range_kw") if m.group("range_kw") and low is not None else m.start("cur") if m.group("cur") else m.start("num"))
        num_end = m.end("num2") if low is not None else (m.end("mult") if m.group("mult") else m.end("num"))
        end = max(end, num_end)
        out.append({"value": float(value), "value_low": low, "value_high": high, "unit": unit,
                    "qualifier": _qualifier(m.group("qual"), settings), "subject": subject, "text": text[start:end],
                    "char_start": start, "char_end": end})
    return out


def _value(num: str, mult: str | None, g: Grammar) -> float | None:
    """The value of a numeral and its scales ("6-1/8" 6.125, "1.8270/80" 1.827, "one and a
    half" 1.5, "half a" 0.5, "a" 1 before a scale); None for what only looks like one (a
    date 2/26, a quote whose offer has more digits than its bid)."""
    n = " ".join(num.lower().replace(",", "").split())
    written = NUMERAL.fullmatch(n)
    if written:
        value = _numeral(written, g.max_denominator)
        if value is None:
            return None
    else:
        n, _, fraction = n.partition(" and a ")
        n = n.removeprefix("a ").removesuffix(" a")
        if n == "a":
            value = 1.0
        elif n in g.words:
            value = g.words[n]
        elif "-" in n:                                # twenty-one, two-thirds
            first, _, second = n.partition("-")
            value = g.words[first] / g.denominators[second] if second in g.denominators else g.words[first] + g.words[second]
        else:
            value = float(n)
        value += g.words.get(fraction, 0.0)
    for scale in (mult or "").lower().split():
        value *= g.scales.get(scale, 1.0)
    return value


def _numeral(m: re.Match, max_denominator: int) -> float | None:
    """A quote, a mixed or a vulgar fraction (see :data:`NUMERAL`)."""
    if m.group("quote"):
        return float(m.group("bid")) if len(m.group("ask")) <= len(m.group("dec")) else None
    whole, num, den = (m.group("whole"), m.group("n1"), m.group("d1")) if m.group("whole") else ("0", m.group("n2"), m.group("d2"))
    num, den = int(num), int(den)
    # market prices and rates move in halves, quarters, eighths...: a power-of-two
    # denominator above the numerator; "2/26" or "1986/87" are dates and crop years
    if not (0 < num < den <= max_denominator and den & (den - 1) == 0):
        return None
    return int(whole) + num / den


def _is_range(text: str, m: re.Match, g: Grammar) -> bool:
    """A dash or "to" between two numbers is a range, unless a change comes before it:
    "up 1/8 to 29-3/8" is the change and the new level."""
    sep = text[m.end("num"):m.start("num2")]
    if "-" in sep or "–" in sep:
        return True
    return "to" in sep.lower() and not g.change_before.search(text, max(0, m.start() - 20), m.start())


# What makes a number not a figure (see _excluded), compiled once: it runs for every number.
MONTH_BEFORE = re.compile(rf"\b{MONTH_RE}\s*$", re.I)
MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s*{MONTH_RE}\b", re.I)
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
CLOCK = re.compile(r"[:.]\d")
CLOCK_AFTER = re.compile(r"\s*(?:a\.?m\.?|p\.?m\.?|GMT|UTC)\b", re.I)
YEAR = re.compile(r"(1[89]|20)\d\d")
IDENTIFIER_BEFORE = re.compile(r"[A-Za-z]-?$")
NAME_BEFORE = re.compile(r"(?<![.!?:;\n]\s)(?<!\n)(?<!^)\b[A-Z][A-Za-z]+\s$")
NOT_NAME_BEFORE = re.compile(rf"\b(?:{MONTH_RE}|[Tt]he|[Aa]nd|[Oo]f|[Tt]o)\s$")
CODE_AFTER = re.compile(r"[-/]\d")
CODE_BEFORE = re.compile(r"\d[-/]$")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“‘'(\n-])\s*$")
REFERENCE_AFTER = re.compile(r"\s+(?:of\s+(?:the|them|us|those)|another)\b", re.I)


def _excluded(text: str, m: re.Match, g: Grammar) -> bool:
    num, start, end, num_end = m.group("num"), m.start(), m.end(), m.end("num")
    digit = num[0].isdigit()
    if digit and MONTH_BEFORE.search(text, max(0, m.start("num") - 14), m.start("num")):
        return True                                   # "November 5", "Oct. 31"
    if digit and not m.group("mult") and MONTH_AFTER.match(text, end, end + 14):
        return True                                   # "4 November"
    if ORDINAL_SUFFIX.match(text, num_end, num_end + 3):
        return True                                   # ordinals: 1st, 2nd
    if CLOCK.match(text, num_end, num_end + 2) or CLOCK_AFTER.match(text, end, end + 14):
        return True                                   # clock times
    if digit and YEAR.fullmatch(num) and not (m.group("cur") or m.group("pct") or m.group("qual") or m.group("mult")):
        return True                                   # years ("in 2024", "1987 soybean imports", "1988-model"):
        #                                               news writes counts from 1,000 up with a comma
    if IDENTIFIER_BEFORE.search(text, max(0, start - 2), start):
        return True                                   # identifiers: G-7, DC-10, F16
    if digit and not (m.group("qual") or m.group("cur") or m.group("mult") or m.group("pct")) \
            and NAME_BEFORE.search(text[max(0, start - 30):start]) \
            and not NOT_NAME_BEFORE.search(text[max(0, start - 12):start]) \
            and _next_word(text, end) in STOP_UNIT | {"", "-"}:
        return True                                   # model or index names: Symphony 1.2, FTSE 100
    if m.group("num2") and len(num) == 3 and len(m.group("num2")) == 4 and (num + m.group("num2")).isdigit():
        return True                                   # phone numbers: 555-1234
    if CODE_AFTER.match(text, end, end + 2) or CODE_BEFORE.search(text, max(0, start - 2), start):
        return True                                   # phone numbers, dates 10/12/2024, codes
    compound = (m.group("compound") or "").lower()
    if compound and (compound.split("-")[1] in STOP_UNIT or compound.endswith(("ed", "ing")) or compound.split("-")[1] in g.words
                     or f"{num.lower()}{compound}" in g.idioms):
        return True                                   # "two-for-one split", "one-sided", "one-time charge", "seven-six"
    if not digit and num[0].isupper() and not m.group("qual") and not SENTENCE_START.search(text, max(0, start - 4), start):
        return True                                   # a number word in a name: "Group of Seven", "the Big Three"
    word = None if digit else g.words.get(num.lower())
    if word is not None and word >= 1 and not (m.group("pct") or m.group("mult") or compound) \
            and REFERENCE_AFTER.match(text, end, end + 14):
        return True                                   # "two of them": a reference; "half of the banks" is a share
    if word is not None and word < 1 and ORDINAL_BEFORE.search(text, max(0, start - 12), start):
        return True                                   # "the second half of 1986": a period, not a share
    return False


NEXT_WORD = re.compile(r"\s*([A-Za-z]+|\S)?")


def _next_word(text: str, pos: int) -> str:
    nxt = NEXT_WORD.match(text, pos, pos + 30)
    word = nxt.group(1) if nxt and nxt.group(1) else ""
    return word.lower() if word[:1].islower() else ""


@functools.cache
def qualifiers(settings: Settings) -> dict[str, tuple[str, str]]:
    """Qualifier phrase -> (class, form published), from ``data/qualifiers.txt``; the
    classes (about, below, at_least, at_most, exact) are what figure groups compare."""
    return {row[0].lower(): (row[1], row[2] if len(row) > 2 else row[0].lower()) for row in settings.vocab_rows("qualifiers")}


def qualifier_class(qualifier, settings: Settings) -> str:
    """The class of a published qualifier ("close to" -> below); exact when there is none."""
    if not isinstance(qualifier, str):
        return "exact"
    by_form = {form: cls for cls, form in qualifiers(settings).values()}
    return by_form.get(qualifier.lower(), "exact")


def _qualifier(q: str | None, settings: Settings) -> str | None:
    if not q:
        return None
    return qualifiers(settings)[" ".join(q.lower().split())][1]


def _unit(text: str, m: re.Match, g: Grammar, settings: Settings) -> tuple[str | None, str | None, int]:
    """(unit, subject phrase, end offset) for a number match."""
    units = g.units
    if m.group("pct"):
        return units.get(" ".join(m.group("pct").strip().lower().split()), "pct"), None, m.end("pct")
    compound = (m.group("compound") or "").lower().strip("-")
    if compound:
        head = compound.split("-")[0]
        if head == "strong":
            nxt = re.match(rf"{S}+([a-z]+)", text[m.end():])
            noun = nxt.group(1) if nxt else None
            unit = "soldiers" if noun in ("army", "military", "force", "forces", "troops") else "members"
            return unit, noun, m.end() + (nxt.end() if nxt else 0)
        nxt = re.match(rf"{S}+((?:[A-Z][\w'’-]*{S}+)*[a-z][\w-]*)", text[m.end():])
        if nxt and nxt.group(1).rsplit(None, 1)[-1] in STOP_UNIT:
            nxt = None                                # "triple-warhead SS-20's and ...": no noun follows
        end = m.end() + (nxt.end() if nxt else 0)
        return units.get(head) or _plural(head), nxt.group(1) if nxt else None, end
    share = g.fraction_of.match(text, m.end())
    if share:                                         # "7/8 of a percentage point", "half of one pct"
        return units.get(" ".join(share.group("unit").lower().split()), "pct"), None, share.end()
    cur = (m.group("cur") or m.group("cur2") or "").lower()
    phrase = _noun_phrase(text, m.end(), g, settings)
    words_ = [w for w, _, _ in phrase]
    end = phrase[-1][2] if phrase else m.end()
    heads = [i for i, w in enumerate(words_) if not w[0].isupper() or w.lower() in units]
    if cur:
        if heads and words_[heads[-1]].lower() in g.currencies:
            return _currency(text, phrase, heads[-1], units), None, end
        return units.get(cur, "dlrs"), " ".join(words_) or None, end
    if not heads:
        return None, (" ".join(words_) or None), m.end()
    head = words_[heads[-1]].lower()
    if head in g.currencies:                          # the country is the unit's, not a subject
        return _currency(text, phrase, heads[-1], units), None, end
    return units.get(head, head), " ".join(words_), end


def _noun_phrase(text: str, pos: int, g: Grammar, settings: Settings) -> list[tuple[str, int, int]]:
    """The words after a number up to its head noun, as (word, start, end): modifiers then
    the head, on the same line; capitalised words after the head belong to something else.
    A unit ends the phrase, even capitalised ("3.61 billion U.S. Dlrs", "Nine Mths")."""
    units, verbs = g.units, g.verbs
    out: list[tuple[str, int, int]] = []
    while len(out) < settings.figures.max_unit_words and (t := PHRASE_TOKEN.match(text, pos)) is not None:
        w = t.group(1)
        lw = w.lower().rstrip(".")
        if not w[0].isalpha() or lw in STOP_UNIT:
            break
        if out and (lw.endswith("ing") or (lw.endswith("ed") and not w[0].isupper()) or lw in verbs):
            break
        if lw in g.words or lw in g.scales:
            break                                     # another number: "917 one year ago"
        if out and w[0].isupper() and not out[-1][0][0].isupper():
            break                                     # "troops Kursk": a new name starts
        word = w.rstrip(".")
        out.append((word, t.start(1), t.start(1) + len(word)))
        pos = t.end()
        if lw in units:
            break
    while out and out[-1][0][0].isupper() and out[-1][0].lower() not in units and any(not w[0].isupper() for w, _, _ in out):
        out.pop()                                     # "soldiers Kursk" -> soldiers
    return out


def _currency(text: str, phrase: list[tuple[str, int, int]], head: int, units: dict) -> str:
    """A currency with the country or nationality written before it ("Canadian dlrs",
    "Hong Kong dlrs"), else the currency alone."""
    first = head
    while first > 0 and phrase[first - 1][0][0].isupper():
        first -= 1
    unit = units[phrase[head][0].lower()]
    if first == head:
        return unit
    end = phrase[head - 1][2]
    return f"{text[phrase[first][1]:end + (text[end:end + 1] == '.')]} {unit}"     # U.S. keeps its full stop


def _plural(noun: str) -> str:
    """The plural of a compound's noun: warhead -> warheads, family -> families."""
    if noun.endswith("s"):
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u") else noun + "s"
