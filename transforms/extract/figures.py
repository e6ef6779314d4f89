"""Stage 7, figures: article bodies -> every stated number with value, unit and qualifier.

Input: articles (``article_id``, ``body``) and their ``claims`` (a number inside an
attributed statement is attributed to its speaker). Output: ``figures`` with value,
value_low / value_high for ranges, unit, qualifier, subject, text, character offsets,
claim_id and speaker.

Recognised (vocabularies in ``transforms/data/``: number_words, qualifiers, units):
    digits and words (``five``, ``a dozen``, ``1.3 million``, ``12.5 pct``, ``$4.2 billion``,
    ``1.5 mln tonnes``), compounds (``1,000-day``, ``three-month-old``, ``million-strong``),
    ranges (``between 10,000 and 12,000``, ``from 8,000 to 11,000``, ``10-12``), and a
    qualifier before the number (about, some, an estimated, at least, up to, more than...).
Not figures: dates, years, clock times, ordinals, identifiers (G-7, DC-10), phone numbers.

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

import pandas as pd

from schemas import columns
from transforms.common.settings import Settings
from transforms.common.text import MONTH_RE

MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9,
               "trillion": 1e12, "trln": 1e12}
DURATION_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years", "hour": "hours",
                  "minute": "minutes", "mile": "miles", "kilometre": "kilometres", "kilometer": "kilometers", "km": "km",
                  "metre": "metres", "meter": "meters", "point": "points", "man": "men", "member": "members",
                  "seat": "seats", "page": "pages", "storey": "storeys", "story": "stories"}
STOP_UNIT = frozenset(("in of on at to for from by with into over under near after before during since until as and or but "
                       "that which who whom whose than while because if when where per is are was were be been being has have "
                       "had will would can could may might should must do does did each this these those its their his her "
                       "our your about around across along against among between through toward towards within without below above "
                       "beyond behind ahead off via only just also still even now then so very a an the some all both more less "
                       "most up down out than against compared versus vs").split())
COUNT_LIKE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"


@functools.cache
def _tables(settings: Settings):
    words = {}
    for line in settings.vocab_list("number_words"):
        if "\t" in line:
            w, v = line.rsplit("\t", 1)
            words[w.strip().lower()] = float(v)
    units = {}
    for line in settings.vocab_list("units"):
        if "\t" in line:
            w, v = line.rsplit("\t", 1)
            units[w.strip().lower()] = v.strip()
    quals = sorted(qualifiers(settings), key=len, reverse=True)
    word_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    number = rf"(?:{DIGITS}|(?:{tens})-(?:one|two|three|four|five|six|seven|eight|nine)|{word_alt})"
    mult = r"(?:\s*(?:thousand|million|mln|billion|bln|bn|trillion|trln)\b|(?<=\d)(?:m|bn)\b)"
    qual = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in quals)
    pattern = re.compile(
        rf"(?<![\w.,:/$£€-])(?:(?P<qual>{qual})\s+)?"
        rf"(?:(?P<range_kw>between|from)\s+)?"
        rf"(?P<cur>US\$|\$|£|€)?\s?(?P<num>{number})(?P<mult>{mult})?"
        rf"(?:\s*(?:-|–|to|and)\s*(?P<cur2>US\$|\$|£|€)?(?P<num2>{DIGITS}|{word_alt})(?P<mult2>{mult})?)?"
        rf"(?P<pct>\s?%|\s+(?:pct|percent|per\s+cent|percentage\s+points)\b)?"
        rf"(?P<compound>-(?:[a-z]+)(?:-[a-z]+)?)?"
        rf"(?![\w])", re.IGNORECASE)
    return words, units, pattern


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
    words, units, pattern = _tables(settings)
    out = []
    for m in pattern.finditer(text):
        if _excluded(text, m, words):
            continue
        value = _value(m.group("num"), m.group("mult"), words)
        if value is None:
            continue
        low = high = None
        if m.group("num2") and (m.group("range_kw") or _is_range(m)):
            v2 = _value(m.group("num2"), m.group("mult2") or m.group("mult"), words)
            if v2 is not None and v2 > value:
                low, high = value, v2
        qualifier = _qualifier(m.group("qual"), settings)
        unit, subject, end = _unit(text, m, units, settings)
        start = m.start("qual") if m.group("qual") else (m.start("range_kw") if m.group("range_kw") else m.start("cur") if m.group("cur") else m.start("num"))
        num_end = m.end("num2") if low is not None else (m.end("mult") if m.group("mult") else m.end("num"))
        out.append({"value": float(value), "value_low": low, "value_high": high, "unit": unit, "qualifier": qualifier,
                    "subject": subject, "text": text[start:max(end, num_end)], "char_start": start,
                    "char_end": max(end, num_end)})
    return out


def _value(num: str, mult: str | None, words: dict) -> float | None:
    n = num.lower().replace(",", "")
    n = re.sub(r"\s+", " ", n)
    if n in words:
        value = words[n]
    elif "-" in n and all(p in words or p in ONES for p in n.split("-")):
        a, b = n.split("-")
        value = words.get(a, 0) + ONES.get(b, words.get(b, 0))
    else:
        try:
            value = float(n)
        except ValueError:
            return None
    if mult:
        value *= MULTIPLIERS.get(mult.strip().lower(), 1)
    return value


ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def _is_range(m: re.Match) -> bool:
    sep = m.group(0)[m.end("num") - m.start(0):m.start("num2") - m.start(0)]
    return "-" in sep or "–" in sep or "to" in sep.lower()


def _excluded(text: str, m: re.Match, words: dict) -> bool:
    num = m.group("num")
    before = text[max(0, m.start("num") - 14):m.start("num")]
    after = text[m.end():m.end() + 14]
    if re.search(rf"\b{MONTH_RE}\s*$", before, re.IGNORECASE) and num[0].isdigit():
        return True                                   # "November 5", "Oct. 31"
    if re.match(rf"^(?:st|nd|rd|th)?\s*{MONTH_RE}\b", after, re.IGNORECASE) and num[0].isdigit() and not m.group("mult"):
        return True                                   # "4 November"
    if re.match(r"^(?:st|nd|rd|th)\b", text[m.end("num"):m.end("num") + 3]):
        return True                                   # ordinals: 1st, 2nd
    if re.match(r"^[:.]\d", text[m.end("num"):m.end("num") + 2]) or re.match(r"^\s*(?:a\.?m\.?|p\.?m\.?|GMT|UTC)\b", after, re.I):
        return True                                   # clock times
    if num[0].isdigit() and re.fullmatch(r"(1[89]|20)\d\d", num) and not m.group("cur") and not m.group("pct") and not m.group("qual") \
            and not m.group("compound") and not re.match(r"^\s+[a-z]", after):
        return True                                   # years ("in 2024", "2024,")
    if re.search(r"[A-Za-z]-$|[A-Za-z]$", text[max(0, m.start() - 2):m.start()]):
        return True                                   # identifiers: G-7, DC-10, F16
    if num[0].isdigit() and not (m.group("qual") or m.group("cur") or m.group("mult") or m.group("pct")) \
            and re.search(r"(?<![.!?:;\n]\s)(?<!^)\b[A-Z][A-Za-z]+\s$", text[max(0, m.start() - 30):m.start()]) \
            and not re.search(rf"\b(?:{MONTH_RE}|[Tt]he|[Aa]nd|[Oo]f|[Tt]o)\s$", text[max(0, m.start() - 12):m.start()]) \
            and _next_word(text, m.end()) in STOP_UNIT | {"", "-"}:
        return True                                   # model or index names: Symphony 1.2, FTSE 100
    if m.group("num2") and re.fullmatch(r"\d{3}", num) and re.fullmatch(r"\d{4}", m.group("num2")):
        return True                                   # phone numbers: 555-1234
    if re.match(r"^[-/]\d", text[m.end():m.end() + 2]) or re.search(r"\d[-/]$", text[max(0, m.start() - 2):m.start()]):
        return True                                   # phone numbers, dates 10/12/2024, codes
    if num.lower() in words and re.match(r"^\s+(?:of\s+(?:the|them|us|those)|another)\b", after, re.I):
        return True                                   # "two of them": a reference, keep? skip vague uses
    return False


def _next_word(text: str, pos: int) -> str:
    nxt = re.match(r"\s*([A-Za-z]+|\S)?", text[pos:pos + 30])
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


def _unit(text: str, m: re.Match, units: dict, settings: Settings) -> tuple[str | None, str | None, int]:
    """(unit, subject phrase, end offset) for a number match."""
    if m.group("pct"):
        return units.get(" ".join(m.group("pct").strip().lower().split()), "pct"), None, m.end("pct")
    compound = (m.group("compound") or "").lower().strip("-")
    if compound:
        parts = compound.split("-")
        head = parts[0]
        if head == "strong":
            nxt = re.match(r"\s+([a-z]+)", text[m.end():])
            noun = nxt.group(1) if nxt else None
            unit = "soldiers" if noun in ("army", "military", "force", "forces", "troops") else "members"
            return unit, noun, m.end() + (nxt.end() if nxt else 0)
        unit = DURATION_UNITS.get(head, head if head.endswith("s") else head + "s")
        nxt = re.match(r"\s+((?:[A-Z][\w'’-]*\s+)*[a-z][\w-]*)", text[m.end():])
        end = m.end() + (nxt.end() if nxt else 0)
        return unit, nxt.group(1) if nxt else None, end
    cur = (m.group("cur") or m.group("cur2") or "").lower()
    # Collect the noun phrase after the number: modifiers then a head noun.
    pos = m.end()
    tokens = list(re.finditer(r"\s*([A-Za-z][\w'’.-]*|[,;:.()\"“”])", text[pos:pos + 120]))
    words_, end = [], pos
    for t in tokens:
        w = t.group(1)
        lw = w.lower().rstrip(".")
        if not w[0].isalpha() or lw in STOP_UNIT or len(words_) >= settings.figures.max_unit_words:
            break
        if words_ and (lw.endswith("ing") or (lw.endswith("ed") and not w[0].isupper())):
            break
        if words_ and w[0].isupper() and not words_[-1][0].isupper():
            break                                     # "troops Kursk": a new name starts
        words_.append(w.rstrip("."))
        end = pos + t.end() - (len(w) - len(w.rstrip(".")))
        if not w[0].isupper() and lw in units:
            break
    # the head is the last lower-case word (North Korean soldiers -> soldiers)
    lower = [w for w in words_ if not w[0].isupper()]
    if lower and words_ and words_[-1][0].isupper():
        # trailing capitalised words after the head belong to something else
        cut = max(i for i, w in enumerate(words_) if not w[0].isupper())
        words_ = words_[:cut + 1]
        end = _end_of(text, pos, words_)
    if cur:
        written = lower[-1].lower() if lower else None
        if written in ("dollars", "dollar", "dlrs", "dlr", "euros", "pounds", "stg", "yen"):
            return units.get(written, written), None, end
        return units.get(cur, "dlrs"), " ".join(words_) or None, m.end() if not words_ else end
    if not lower:
        return None, (" ".join(words_) or None), m.end()
    head = lower[-1].lower()
    return units.get(head, head), " ".join(words_), end


def _end_of(text: str, pos: int, words: list[str]) -> int:
    end = pos
    for w in words:
        k = text.find(w, end)
        if k < 0:
            break
        end = k + len(w)
    return end
