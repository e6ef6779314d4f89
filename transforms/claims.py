"""Stage 6, claims: article bodies -> attributed statements (who said / reported / believes what).

Input: articles (``article_id``, ``body``, ``published_at``, ``caption_spans``) and the
people ``mentions`` (to resolve "he said" and "the minister" and to link speakers to
people). Output: ``claims`` with speaker, speaker_person_id, cue, content and its character
offsets in the body, is_direct, medium, claim_date, is_hedged.

Patterns (general English reporting structures; cue words in ``transforms/data/``):
    * quote first:      “...,” Umerov said.        ‘...,’ he stressed.     (direct)
    * signed quote:     “...” ― Sonya Herridge                               (direct)
    * transcript turn:  PENCE: Well, look, ... (to the end of the paragraph)
    * lead-in:          The governor added:  (a paragraph's last words: the next paragraph
                        is the content, and the ones after it while a quotation stays open)
    * speaker first:    Umerov said (that) ...      X told KBS that ...     X said: “...”
    * speaker last:     ..., Ukraine's defense minister said Tuesday.
    * according to:     According to X, ...         ..., according to X.
    * passive:          ... was reported by X.      ..., as stated by X.
Quotes that run over several sentences are followed to their closing mark.

With them runs the learned attribution tagger (``transforms.attribution_tagger``, trained on
PolNeAR train, reading a dependency parse of each unit from ``transforms.syntax``): it also
finds the long tail of cues ("X criticized ...", "X wants ...", "X's view that ..."). Where
both find the same content the tagger's version is kept, as it draws boundaries better;
``extractor`` says which found a row. ``[claims] learned_tagger = false`` turns the tagger
and the parse off: 25x faster, PolNeAR dev F1 0.75 -> 0.53.

:func:`find_claims` works on one article (pure); :func:`process` runs a batch and builds rows.

Example:
    >>> rows = find_claims("a1", "Umerov said five units were deployed. “It is hard,” he added.", None, [])
    >>> [(r["speaker"], r["cue"], r["content"], r["is_direct"]) for r in rows]
    [('Umerov', 'said', 'five units were deployed', False), ('Umerov', 'added', 'It is hard', True)]
"""
from __future__ import annotations

import functools
import hashlib
import re

import pandas as pd

from transforms import attribution_tagger, syntax
from schemas import columns
from transforms.settings import Settings, load_settings
from transforms.text import DATELINE, SIGNED_QUOTE, is_headline_case, quote_mask, quote_units, quotes_balanced, strip_span

OPEN_Q, CLOSE_Q = "“\"‘'", "”\"’'"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "his", "her"}
TIME_WORDS = r"(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|earlier|later|last\s+\w+|this\s+\w+|recently|on\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})"
TRAIL_OK = re.compile(rf"^(?:\s*(?:,\s*)?(?:{TIME_WORDS}|in\s+an?\s+[\w\s]{{1,40}}|to\s+[\w\s.'’]{{1,40}}|by\s+[\w\s.'’]{{1,40}}|at\s+[\w\s.'’]{{1,40}}|during\s+[\w\s.'’]{{1,60}}|via\s+[\w\s.'’]{{1,60}}|on\s+[\w\s.'’]{{1,40}}|also|too|again|separately|citing\s+[\w\s.'’]{{1,60}}))*\s*[.!?]?$", re.IGNORECASE)
LEAD_ADVERBS = re.compile(r"(?:\s+(?:also|later|earlier|reportedly|first|then|has|have|had|already|previously|separately|further|publicly|privately|repeatedly|again|recently|now|initially|originally|is|was|were|are|had\s+earlier))+$", re.IGNORECASE)
COMPLEMENTISER = re.compile(r"^(?:that|:|,)\s*", re.IGNORECASE)
# a cue that takes an addressee or a channel before its clause, and that addressee
ADDRESSED_CUE = re.compile(r"(?:\b(?:on|in|to|with|via)|\b(?:told|tells?|telling|informed|assured|warned|reminded))$", re.IGNORECASE)
ADDRESSEE = re.compile(r"^[^,.;:“”\"]{1,60}?\s+that\s+")


def process(articles: pd.DataFrame, mentions: pd.DataFrame, settings: Settings | None = None) -> pd.DataFrame:
    """Claims of every article in a batch (one row per attributed statement)."""
    settings = settings or load_settings()
    clean = mentions.astype(object).where(mentions.notna(), None)
    by_article = {aid: g.to_dict("records") for aid, g in clean.groupby("article_id")} if len(clean) else {}
    batch = list(articles[["article_id", "body", "published_at"]].itertuples(index=False))
    bodies = [a.body if isinstance(a.body, str) else "" for a in batch]
    parses = _parse_batch(bodies) if settings.claims.learned_tagger else [None] * len(batch)
    rows = []
    for a, body, parse in zip(batch, bodies, parses):
        rows += find_claims(a.article_id, body, a.published_at, by_article.get(a.article_id, []), settings, parse)
    return pd.DataFrame(rows, columns=columns("claims"))


def _parse_batch(bodies: list[str]) -> list[list]:
    """The parses of every unit of every body, in one ``nlp.pipe`` stream (a call per
    article would pay spaCy's per-call overhead 19,000 times on Reuters)."""
    units = [[text for text, _, _ in quote_units(body)] for body in bodies]
    flat = iter(syntax.analyse([u for us in units for u in us]))
    return [[next(flat) for _ in us] for us in units]



def find_claims(article_id: str, body: str, published_at, mentions: list[dict], settings: Settings | None = None,
                parses: list | None = None) -> list[dict]:
    """Every attribution in one article body (headlines are metadata: their attributions
    are not claims). See the module docstring for the patterns. ``parses``: the body's
    units already parsed (``process`` parses a batch at once)."""
    settings = settings or load_settings()
    out: list[dict] = []
    learned = settings.claims.learned_tagger
    open_quote = None            # a direct claim whose quotation may go on in the next sentence
    open_turn = None             # a transcript turn ("PENCE: ...") that runs to the end of its paragraph
    units = quote_units(body)
    if not learned:
        parses = [None] * len(units)
    elif parses is None:             # called on its own: this article's units in one parse batch
        parses = syntax.analyse([text for text, _, _ in units])
    consumed = 0                 # the end of paragraphs a lead-in ("He said:") took as its content
    for (text, s_start, _), parse in zip(units, parses):
        if s_start < consumed:
            continue
        if open_quote is not None and _continues_quote(body, open_quote, text, s_start):
            _extend(open_quote, body, s_start, text)
            continue
        if open_turn is not None and "\n\n" not in body[open_turn["char_end"]:s_start]:
            _grow(open_turn, body, s_start + len(text), s_start + len(text))      # a turn runs to its paragraph's end
            continue
        open_turn = None
        if (turn := _transcript_turn(body, text, s_start, settings)):
            open_turn = _row(article_id, body, s_start, text, turn, published_at, mentions, out, settings)
            out.append(open_turn)            # None when _row refuses it: then nothing is extended
            continue
        found = [f for f in _match_sentence(text, settings)
                 if _reports_something(f["cue"], text[slice(*f["content"])]) and not _quoted_speaker(text, f)]
        if learned:
            found = _with_learned(text, found, settings, parse)
        open_quote = None
        if not found and (lead := _lead_in(body, text, s_start, settings)):
            block = body[s_start:lead["end"]]            # the lead-in and the paragraphs it introduces
            row = _row(article_id, body, s_start, block, lead, published_at, mentions, out, settings)
            out.append(row)
            consumed = lead["end"] if row is not None else consumed
            continue
        for f in sorted(found, key=lambda f: f["content"]):
            row = _row(article_id, body, s_start, text, f, published_at, mentions, out, settings)
            out.append(row)
            if row is not None and row["is_direct"]:
                open_quote = row
    return [r for r in out if r is not None]


def _continues_quote(body: str, row: dict, text: str, s_start: int) -> bool:
    """“A,” he said. “B.”: the next sentence of the paragraph is wholly a quotation, with
    no attribution outside it, so it is the same speaker going on (a "they say" inside it
    is the speaker's own words)."""
    if text[:1] not in "“\"" or "\n\n" in body[row["sentence_end"]:s_start]:
        return False
    close = _closing_quote(text, 0)
    return close is None or not text[close + 1:].strip(" .,!?;:”\"’'")


def _extend(row: dict, body: str, s_start: int, text: str) -> None:
    """The open quotation's claim runs on to the closing mark in the next unit."""
    close = _closing_quote(text, 0)
    end = strip_span(body, s_start + 1, s_start + (close if close is not None else len(text)), trail=",.?!;: ”\"")[1]
    _grow(row, body, end, s_start + len(text))


def _grow(row: dict, body: str, end: int, sentence_end: int) -> None:
    """A claim whose content now ends at ``end``: content, offsets and id follow."""
    row["content"], row["char_end"], row["sentence_end"] = body[row["char_start"]:end], end, sentence_end
    row["claim_id"] = _claim_id(row["article_id"], row["char_start"], end)


LABEL = re.compile(r"[A-Z][a-z]+:\s+(?=\S)")


def _clean_source(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A source span without the punctuation around it and a leading label ("Photo: ...")."""
    if span is None:
        return None
    start, end = strip_span(text, *span, lead=" ,;:", trail=" ,;:")
    if (m := LABEL.match(text, start, end)) and m.end() < end:
        start = m.end()
    return (start, end) if end > start else None


TURN = re.compile(r"[\"“]?(?P<spk>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2}):\s+(?=\S)")


def _transcript_turn(body: str, text: str, s_start: int, settings: Settings) -> dict | None:
    """A transcript turn: a paragraph that opens with a speaker's name in capitals and a
    colon ("PENCE: Well, look, ..."); the turn is the rest of the paragraph."""
    if s_start and body[s_start - 1] != "\n":
        return None
    m = TURN.match(text)
    if not m or m.group("spk").lower() in settings.vocab("editorial_labels") or len(text) - m.end() < 8:
        return None
    end = strip_span(text, m.end(), len(text), trail=" ")[1]
    return {"content": (m.end(), end), "speaker": (m.start("spk"), m.end("spk")), "cue": ":", "direct": False}


LEAD_IN_TAIL = re.compile(r"[^.!?;:“”\"]{0,40}:\s*$")
PARAGRAPH = re.compile(r"[^\n]+")


def _lead_in(body: str, text: str, s_start: int, settings: Settings) -> dict | None:
    """A paragraph that ends in a cue and a colon introduces the next paragraph, the
    newsroom's way to set off a long quotation or statement ("The governor added:",
    "The New York Times reports:", "He released the following statement:"). A quotation
    left open at the end of that paragraph runs on through the paragraphs that follow,
    within ``max_content_chars``."""
    end = s_start + len(text.rstrip())
    if not text.rstrip().endswith(":") or not body.startswith("\n\n", end):
        return None
    cue = None
    for cue in _cue_regex(settings).finditer(text):
        pass
    if cue is None or not LEAD_IN_TAIL.match(text, cue.end("cue")):
        return None
    speaker = _speaker_before(text[:cue.start()])
    if speaker is None:
        return None
    paragraphs = PARAGRAPH.finditer(body, end)           # lazily: most lead-ins take one or two
    if (first := next(paragraphs, None)) is None:
        return None
    start, stop = first.span()
    for p in paragraphs:
        if quotes_balanced(body[start:stop]) or body[p.start()] not in OPEN_Q \
                or p.end() - start > settings.claims.max_content_chars:
            break
        stop = p.end()
    content = strip_span(body, start, stop, lead=OPEN_Q + " ", trail=CLOSE_Q + " ")
    rel = (content[0] - s_start, content[1] - s_start)
    return {"content": rel, "speaker": speaker, "cue": cue.group("cue"), "end": stop,
            "direct": attribution_tagger.is_direct(body[s_start:stop], (rel,))}


def _with_learned(text: str, found: list[dict], settings: Settings, parse) -> list[dict]:
    """The learned tagger's attributions, and the patterns' where the tagger has none for
    the same content. The tagger goes first because, with the parse, it draws content and
    source boundaries better than the patterns (PolNeAR dev F1 0.711 patterns-first,
    0.734 tagger-first); the patterns still catch what it misses."""
    learned, mask = [], None
    for a in attribution_tagger.find(text, settings, parse):
        s, e = a.content_span
        if not _reports_something(a.cue, text[s:e]):
            continue
        if a.source_span and a.source_span[0] >= e and not text[e:a.source_span[0]].strip():
            continue                 # "U.S. Secretary of State | Antony Blinken said": one noun phrase split in two
        if (cm := COMPLEMENTISER.match(text[s:e])) and cm.group(0).strip().lower() == "that" and e - s - cm.end() > 8:
            s += cm.end()            # "said that X": the content is X, as the patterns have it
        elif (am := ADDRESSEE.match(text[s:e])) and ADDRESSED_CUE.search(a.cue):
            s += am.end()            # "posted on | Telegram that X", "told | reporters that X": X
        # a cue that opens the sentence is written as it reads mid-sentence ("According to" -> "according to")
        cue = a.cue[0].lower() + a.cue[1:] if a.cue_span[0] == 0 and not a.cue[1:2].isupper() else a.cue
        mask = mask or quote_mask(text)
        learned.append({"content": (s, e), "speaker": _antecedent(text, a.source_span), "cue": cue, "extractor": "tagger",
                        "direct": attribution_tagger.is_direct(text, a.content_parts, mask)})
    return learned + [f for f in found if not _overlaps(f["content"], learned)]


@functools.cache
def _cue_regex(settings: Settings) -> re.Pattern:
    words = sorted(settings.vocab("cue_verbs") | settings.vocab("cue_verbs_learned") | settings.vocab("cue_phrases"),
                   key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<![\w'’-])(?:(?:has|have|had|was|were|is|would|will|also|later|reportedly|earlier|first)\s+)*?(?P<cue>{alt})(?![\w'’-])", re.IGNORECASE)


PARTICIPLE_LINK = re.compile(r"(?:,\s*|\s+)(?:and\s+|but\s+|while\s+)?(?:also\s+)?$", re.IGNORECASE)


def _match_sentence(text: str, settings: Settings) -> list[dict]:
    """Attributions in one sentence: dicts with offsets relative to the sentence.

    After the first attribution, a second cue that continues the same subject ("..., adding
    that ...", "... but said ...", "..., saying ...") opens a second claim by the same
    speaker, and the first claim's content stops where the second cue begins.
    """
    if (q := _quote_then_name(text) or _quote_first(text, settings)):
        return [q]
    if (a := _according_to(text)):
        return [a]
    if (inv := _inverted_trailing(text, settings)):
        return [inv]
    found: list[dict] = []
    cue_re = _cue_regex(settings)
    headline = is_headline_case(text)
    for m in cue_re.finditer(text):
        cue = m.group("cue")
        if cue[0].isupper() and m.start("cue") > 0 and not headline:
            continue                # "the United States", "Hopes": a capitalised word mid-sentence is a name
        if found:
            prev = found[-1]
            inside = prev["content"][0] <= m.start() < prev["content"][1]
            if inside and PARTICIPLE_LINK.search(text[:m.start()]) and (cue.endswith("ing") or _elided(text, m, prev)):
                right = _content_after(text, m, cue)
                if right is not None and right[1] - right[0] >= 8:
                    cut = len(PARTICIPLE_LINK.search(text[:m.start()]).group(0))
                    prev["content"] = strip_span(text, prev["content"][0], m.start() - cut, *CLAUSE_EDGES)
                    prev["direct"] = _is_direct(text, *prev["content"])
                    found.append({"content": right, "speaker": prev["speaker"], "cue": cue,
                                  "direct": _is_direct(text, *right)})
            continue
        if cue.lower() in ("was reported by", "were reported by", "as stated by"):
            if (p := _passive(text, m)):
                found.append(p)
            continue
        if (r := _speaker_first_or_last(text, m, settings)):
            found.append(r)
    return found


RELATIVE = frozenset(("who", "which", "that"))


def _antecedent(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A relative pronoun as the source ("Zelensky, who has warned ...") stands for the noun
    phrase before it: the speaker is that phrase when there is one."""
    if span is None or text[span[0]:span[1]].lower() not in RELATIVE:
        return span
    left = text[:span[0]].rstrip()
    return _speaker_before(left[:-1] if left.endswith(",") else left) or span


def _quoted_speaker(text: str, found: dict) -> bool:
    """A speaker span with a double quotation mark in it is a misread, mostly the quote-first
    order with a speaker description too long for its pattern ('"...," said Carmel Martin,
    executive vice president ...' read as speaker '..."' and content 'Carmel Martin, ...')."""
    return found["speaker"] is not None and any(c in text[slice(*found["speaker"])] for c in "“”\"")


def _overlaps(span: tuple[int, int], found: list[dict]) -> bool:
    s, e = span
    return any(min(e, f["content"][1]) - max(s, f["content"][0]) > 0.3 * min(e - s, f["content"][1] - f["content"][0])
               for f in found)


NEGATED = re.compile(r"\b(?:no|not|never|neither|nor)\b|n[’']t\b", re.IGNORECASE)
ANAPHORIC = frozenset("this that it so these those".split())


def _reports_something(cue: str, content: str) -> bool:
    """A negated or empty report ("provided no details", "has not responded to", "said
    this") states nothing, a passive's agent ("by KBS") is no content, and "citing its own
    sources" names where a report came from, not what it says."""
    if NEGATED.search(cue) or NEGATED.match(content) or re.match(r"^(?:citing|quoting)$", cue, re.I):
        return False
    first, _, rest = content.strip(" .,").partition(" ")
    if first.lower() in ANAPHORIC and TRAIL_OK.match(" " + rest if rest else ""):
        return False                    # "said this (on Monday)": a repeat, no new content
    return not re.match(r"^by\s", content, re.I)


def _elided(text: str, m: re.Match, prev: dict) -> bool:
    """'X said A but said B': the second cue has no subject of its own."""
    before = text[:m.start()].rstrip()
    return bool(re.search(r"(?:,|\band|\bbut|\bwhile)\s*(?:also)?$", before, re.IGNORECASE))


def _content_after(text: str, m: re.Match, cue: str) -> tuple[int, int] | None:
    right = text[m.end():]
    tm = re.match(r"^(?:\s+[^,.;“\"‘]{0,60}?)?\s+that\s+|^\s*[:,]?\s*(?=[“\"‘])|^\s+", right)
    start = m.end() + (tm.end() if tm else 0)
    end = strip_span(text, start, len(text), trail=" .!?")[1]
    return _trim_content(text, start, end) if end > start else None


INVERTED = re.compile(r",\s*(?P<cue>[a-z]+(?:\s+[a-z]+)?)\s+(?P<spk>(?:[A-Z][\w.'’-]*|the|a|an|one|another)(?:\s+[\w.'’-]+){0,6}?)(?:,\s*[^,]{2,120})?\s*[.!?]?$")


def _inverted_trailing(text: str, settings: Settings) -> dict | None:
    """'..., says Dante Scala, a political scientist.' / '..., said the official.'"""
    m = INVERTED.search(text)
    if not m or not _cue_regex(settings).fullmatch(m.group("cue")):
        return None
    spk = m.group("spk").strip()
    if not _speaker_like(spk) and not re.match(r"^(?:the|a|an|one|another)\s", spk, re.IGNORECASE):
        return None
    start = dm.end() if (dm := DATELINE.match(text)) else 0
    content = strip_span(text, start, m.start(), *CLAUSE_EDGES)
    if content[1] - content[0] < 10:
        return None
    return {"content": content, "speaker": (m.start("spk"), m.start("spk") + len(spk)), "cue": m.group("cue"),
            "direct": _is_direct(text, *content) or _wholly_quoted(text, *content)}


def _wholly_quoted(text: str, start: int, end: int) -> bool:
    return start < end and text[start] in OPEN_Q and text[end - 1] in CLOSE_Q + ",."


def _quote_first(text: str, settings: Settings) -> dict | None:
    """“...,” SPEAKER CUE.  /  “...,” CUE SPEAKER."""
    if not text or text[0] not in OPEN_Q:
        return None
    close = _closing_quote(text, 0)
    if close is None:
        return None
    content_end = strip_span(text, 1, close, trail=",.?!;: ")[1]
    rest = text[close + 1:]
    m = re.match(r"^\s*,?\s*(?P<a>[^,.;]{1,80}?)\s+(?P<cue>[a-z]+(?:\s+[a-z]+)?)\s*(?P<tail>.*)$", rest)
    cue_re = _cue_regex(settings)
    if not m:
        return None
    # SPEAKER CUE ("he stressed", "the minister concluded") or CUE SPEAKER ("said Umerov")
    for speaker_grp, cue_txt in ((m.group("a"), m.group("cue")),):
        cm = cue_re.fullmatch(cue_txt.split()[0]) or cue_re.fullmatch(cue_txt)
        if cm and _speaker_like(speaker_grp):
            s_off = close + 1 + m.start("a")
            return {"content": _second_fragment(text, close + 1 + m.end("cue"), (1, content_end)),
                    "speaker": (s_off, s_off + len(speaker_grp)), "cue": cm.group("cue"), "direct": True}
    m2 = re.match(r"^\s*,?\s*(?P<cue>[a-z]+)\s+(?P<spk>[^,.;]{1,80}?)\s*(?:[,.;]|$)", rest)
    # Right after a quotation, "said one shop owner" needs no capital letter to be a speaker.
    if m2 and cue_re.fullmatch(m2.group("cue")) and len(m2.group("spk").split()) <= 12:
        s_off = close + 1 + m2.start("spk")
        return {"content": _second_fragment(text, close + 1 + m2.end("spk"), (1, content_end)),
                "speaker": (s_off, s_off + len(m2.group("spk"))), "cue": m2.group("cue"), "direct": True}
    return None


def _quote_then_name(text: str) -> dict | None:
    """“...” ― Sonya Herridge: a quotation signed with a dash and a name (reader voices,
    epigraphs, lists of reactions)."""
    if not text or text[0] not in OPEN_Q + "”":
        return None
    m = SIGNED_QUOTE.search(text)
    if not m:
        return None
    content = strip_span(text, 1, m.start(), trail=",.?!;: ")
    if content[1] - content[0] < 8:
        return None
    spk_end = m.end("spk") - (text[m.end("spk") - 1] == "." and not re.search(r"\b\w\.$", m.group("spk")))
    return {"content": content, "speaker": (m.start("spk"), spk_end), "cue": m.group("cue"), "direct": True}


def _second_fragment(text: str, at: int, content: tuple[int, int]) -> tuple[int, int]:
    """“A,” he said, “B.”: the quotation goes on after the attribution, and the content
    runs to the end of its second part (the words between stay inside the span)."""
    m = re.match(r"(?:[^“\".!?]{0,40}?[,:;])?\s*(?=[“\"])", text[at:])       # "told reporters, “B.”"
    if not m:
        return content
    open_at = at + m.end()
    close = _closing_quote(text, open_at)
    if close is None:
        return content
    end = strip_span(text, open_at + 1, close, trail=",.?!;: ")[1]
    return (content[0], end) if end > open_at + 1 else content


def _closing_quote(text: str, open_at: int) -> int | None:
    opener = text[open_at]
    closers = {"“": "”", "‘": "’", '"': '"', "'": "'"}[opener]
    i = open_at + 1
    while i < len(text):
        if text[i] == closers and (opener not in "'’" or i + 1 == len(text) or not text[i + 1].isalpha()):
            return i
        i += 1
    return None


def _according_to(text: str) -> dict | None:
    m = re.match(r"^(?:At the same time,\s*|Also,\s*|However,\s*)?according to\s+(?P<spk>[^,]{2,100}?),\s*(?P<content>.+?)[.!?]?$", text, re.IGNORECASE)
    if m:
        content = strip_span(text, m.start("content"), m.end("content"), *CLAUSE_EDGES)
        return {"content": content, "speaker": (m.start("spk"), m.end("spk")), "cue": "according to", "direct": _is_direct(text, *content)}
    m = re.search(r",\s*according to\s+(?P<spk>[^,.;]{2,100}?)\s*[.!?]?$", text, re.IGNORECASE)
    if m:
        end = m.start()
        content = strip_span(text, 0, end, *CLAUSE_EDGES)
        return {"content": content, "speaker": (m.start("spk"), m.end("spk")), "cue": "according to", "direct": _is_direct(text, *content)}
    return None


def _passive(text: str, m: re.Match) -> dict | None:
    after = text[m.end():]
    spk = re.match(r"\s+(?P<spk>[^,.;]{2,80}?)(?=\s*(?:,|\.|;|\bon\b|$))", after)
    if not spk:
        return None
    s0 = m.end() + spk.start("spk")
    speaker = (s0, s0 + len(spk.group("spk")))
    cue = m.group("cue")
    if cue.lower().startswith("as stated"):
        start, end = strip_span(text, 0, m.start(), trail=" ,")
    else:
        start, end = strip_span(text, 0, m.start(), trail=" ")
    if end - start < 10:
        return None
    return {"content": (start, end), "speaker": speaker, "cue": cue.split()[-2] if "reported" in cue else "stated", "direct": False}


def _speaker_first_or_last(text: str, m: re.Match, settings: Settings) -> dict | None:
    cue_start, cue_end = m.start(), m.end()
    cue = m.group("cue")
    left = text[:cue_start].rstrip()
    right = text[cue_end:]
    # SPEAKER CUE at the end of the sentence: "..., Ukraine's defense minister said Tuesday."
    if left.count(",") and TRAIL_OK.match(right) and not re.search(r"\b(that|whether|if)\b", right):
        spk = _speaker_before(left)
        if spk:
            s0, s1 = spk
            end = strip_span(text, 0, s0, trail=" ,")[1]
            start = dm.end() if (dm := DATELINE.match(text)) else 0
            content = _trim_content(text, start, end)
            if content[1] - content[0] >= 10:
                return {"content": content, "speaker": spk, "cue": cue, "direct": _is_direct(text, *content)}
        return None
    spk = _speaker_before(left)
    if not spk:
        return None
    if re.match(r"^\s+(?:this|so|it)\b", right) and TRAIL_OK.match(re.sub(r"^\s+(?:this|so|it)\b", "", right)):
        return None             # "He said this in an interview": an anaphoric repeat, no new content
    # Skip the addressee and circumstances up to the content: "told KBS that", "said in a Telegram post on Monday that".
    rest_start = cue_end
    tm = re.match(r"^(?P<skip>(?:\s+[^,.;“\"‘]{0,80}?)?\s+that\s+|\s*[:,]\s*(?=[“\"‘])|\s+(?=[“\"‘]))", right)
    if tm:
        rest_start = cue_end + tm.end()
    elif cue.lower() in ("told", "informed", "assured", "urged", "warned") and not re.match(r"^\s+(?:that|[“\"‘])", right):
        return None
    else:
        nm = re.match(r"^\s*(?:" + TIME_WORDS + r"\s*)?,?\s*", right, re.IGNORECASE)
        rest_start = cue_end + (nm.end() if nm else 0)
    end = strip_span(text, rest_start, len(text), trail=" .!?")[1]
    content = _trim_content(text, rest_start, end)
    if content[1] - content[0] < 8:
        return None
    return {"content": content, "speaker": spk, "cue": cue, "direct": _is_direct(text, *content)}


def _speaker_before(left: str) -> tuple[int, int] | None:
    """Offsets of the speaker noun phrase that ends where ``left`` ends."""
    trimmed = LEAD_ADVERBS.sub("", left)
    end = len(trimmed)
    if end == 0:
        return None
    segment_start = 0
    # An appositive closed by a comma ("Kovalenko, the head of X, reported"): the speaker is
    # the name before it.
    if trimmed.endswith(","):
        body = trimmed[:-1]
        pieces = body.split(", ")
        if len(pieces) >= 2 and re.match(r"^(?:the\s+|a\s+|an\s+)?(?:head|chief|director|leader|spokes\w+|minister|secretary|president|member|one|author|editor|citing|quoting|an?\s+\w+)\b", pieces[-1], re.I):
            name_end = len(", ".join(pieces[:-1]))
            name_start = name_end - len(pieces[-2])
            return _np_tail(trimmed, name_start, name_end)
        return None
    # Start of the clause that holds the speaker.
    for sep in (", ", "; ", " – ", " — ", " - ", ": "):
        k = trimmed.rfind(sep)
        if k >= 0:
            segment_start = max(segment_start, k + len(sep))
    return _np_tail(trimmed, segment_start, end)


SUBORDINATOR = re.compile(r"\b(?:but|while|as|because|when|after|before|so|though|although|since|once|until|unless|whereas)\s+", re.I)
LEADING_LINK = re.compile(r"^(?:and|but|so|yet|still|now|then|also)\b,?\s*", re.I)


def _np_tail(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The speaker at the end of text[start:end]: a subordinate clause's subject
    ("shortly after Trump", "while he") without the words before it, and without a
    leading conjunction ("But he")."""
    seg = text[start:end]
    last = None
    for last in SUBORDINATOR.finditer(seg):
        pass
    if last is not None:
        start, seg = start + last.end(), seg[last.end():]
    elif (m := re.search(r"\band\s+(?=\S+\s*$)", seg)):
        start, seg = start + m.end(), seg[m.end():]         # "..., and he said"
    if (m := LEADING_LINK.match(seg.lstrip())) and seg.lstrip()[m.end():].strip():
        cut = len(seg) - len(seg.lstrip()) + m.end()
        start, seg = start + cut, seg[cut:]
    tail = seg.strip()
    if not tail or len(tail.split()) > 14:
        return None
    if tail.lower() in ("it", "this", "that", "there", "which", "who", "what"):
        return None
    if not _speaker_like(tail):
        return None
    first = start + (len(seg) - len(seg.lstrip()))
    return (first, first + len(tail))


NOT_IN_SPEAKER = frozenset("it to were was is are be been has have had not never no that which who these those this makes made "
                           "if whether when because but there".split())


def _speaker_like(s: str) -> bool:
    s = s.strip()
    if not s:
        return False
    words = s.split()
    if len(words) > 1 and any(w.lower().strip(",.") in NOT_IN_SPEAKER for w in words[1:]):
        return False
    if s.lower() in PRONOUNS or words[0].lower() in PRONOUNS and len(words) == 1:
        return True
    if len(words) > 14:
        return False
    if any(w[0].isupper() for w in words if w[0].isalpha()):
        return True
    return bool(re.match(r"^(?:the|a|an|some|many|most|several|two|three|other|another)?\s*[\w\s'’-]*(?:officials?|sources?|analysts?|experts?|minister|ministry|analysis|report|study|survey|poll|police|authorities|government|spokes\w+|aides?|diplomats?|residents?|witnesses?|critics?|observers?|intelligence|media|agency|statement|officers?|leaders?|lawmakers?|investigators?|prosecutors?|researchers?|economists?|traders?|dealers?|people|voters|supporters|campaign|company|firm|bank|group)$", s, re.I))


CLAUSE_EDGES = (" ,", " ,.")          # lead / trail characters stripped off a clause taken as content
NARRATOR_TAIL = re.compile(r",\s+where\s+[^,]*$")


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    start = strip_span(text, start, end, lead=" ,:")[0]
    if (dm := NARRATOR_TAIL.search(text, start, end)) and dm.start() - start > 20:
        end = dm.start()
    cm = COMPLEMENTISER.match(text[start:end])
    if cm:
        start += cm.end()
    # A direct quote: content is the text between the marks, without closing punctuation.
    if start < end and text[start] in OPEN_Q:
        close = _closing_quote(text, start)
        tail = text[close + 1:end].strip(" .,!?") if close is not None else ""
        if close is not None and (tail == "" or re.match(r"^(?:but|and|though|although|while)\b", tail)):
            return start + 1, strip_span(text, start + 1, close, trail=",.!?; ")[1]
    return start, end


def _is_direct(text: str, start: int, end: int) -> bool:
    """True when the content is the inside of one quotation (after _trim_content)."""
    return start > 0 and text[start - 1] in OPEN_Q and (_closing_quote(text, start - 1) or -1) >= end


def _claim_id(article_id: str, start: int, end: int) -> str:
    return "clm-" + hashlib.sha1(f"{article_id}:{start}:{end}".encode()).hexdigest()[:12]


def _row(article_id: str, body: str, s_start: int, text: str, found: dict, published_at, mentions: list[dict],
         previous: list[dict], settings: Settings) -> dict | None:
    c0, c1 = found["content"]
    content = text[c0:c1]
    if not content.strip() or len(content) > settings.claims.max_content_chars:
        return None
    sp0, sp1 = _clean_source(text, found["speaker"]) or (None, None)
    speaker = text[sp0:sp1].strip() if sp0 is not None else ""
    abs_c0, abs_c1 = s_start + c0, s_start + c1
    abs_s0 = s_start + sp0 if sp0 is not None else None
    person_id, speaker_name = _link_speaker(speaker, abs_s0, mentions, previous)
    claim_id = _claim_id(article_id, abs_c0, abs_c1)
    lowered = text.lower()
    hedged = any(h in lowered for h in settings.vocab("hedges"))
    return {"claim_id": claim_id, "article_id": article_id, "speaker": speaker_name or speaker or None,
            "speaker_person_id": person_id, "cue": found["cue"], "content": content, "char_start": abs_c0,
            "char_end": abs_c1, "speaker_start": abs_s0, "speaker_end": s_start + sp1 if sp1 is not None else None,
            "is_direct": bool(found["direct"]), "extractor": found.get("extractor", "pattern"),
            "medium": medium_of(text, settings), "claim_date": claim_date(text, published_at), "is_hedged": hedged,
            "sentence_start": s_start, "sentence_end": s_start + len(text)}


def _link_speaker(speaker: str, at: int, mentions: list[dict], previous: list[dict]) -> tuple[str | None, str | None]:
    """person_id and display name for a speaker: a named person, or a pronoun / description
    resolved to the nearest person mentioned before it (descriptions by a role word)."""
    if not speaker:
        return None, None
    body_mentions = sorted((m for m in mentions if m.get("field") == "body" and m.get("char_start") is not None
                            and m.get("kind") == "subject"), key=lambda m: m["char_start"])
    # A person mention inside the speaker span.
    inside = [m for m in body_mentions if at <= m["char_start"] < at + len(speaker)]
    if inside:
        return inside[-1]["person_id"], None
    low = speaker.lower()
    before = [m for m in body_mentions if m["char_start"] < at]
    if low in ("he", "she"):
        last_claim = next((c for c in reversed(previous) if c and c.get("speaker")
                           and c["speaker"].lower() not in PRONOUNS), None)
        last_mention = before[-1] if before else None
        if last_claim and (last_mention is None or last_claim["speaker_start"] >= last_mention["char_start"]):
            return last_claim.get("speaker_person_id"), last_claim["speaker"]
        if last_mention:
            return last_mention["person_id"], last_mention["surface"]
        return None, None
    words = [w for w in re.findall(r"[a-z]+", low) if w not in ("the", "of", "and")]
    if re.match(r"^the\s", low) and 0 < len(words) <= 5:
        for m in reversed(before):
            role_words = set(re.findall(r"[a-z]+", (m.get("role") or "").lower()))
            # a description names the person when every word of it is in their stated role
            if role_words and set(words) <= role_words:
                return m["person_id"], m["surface"]
    return None, None


@functools.cache
def _media(settings: Settings) -> tuple[tuple[re.Pattern, str], ...]:
    out = []
    for line in settings.vocab_list("media"):
        if "\t" in line:
            pattern, label = line.rsplit("\t", 1)
            out.append((re.compile(pattern.strip(), re.IGNORECASE), label.strip()))
    return tuple(out)


def medium_of(text: str, settings: Settings) -> str | None:
    """The channel a statement came through, when the sentence names one."""
    for pattern, label in _media(settings):
        m = pattern.search(text)
        if m:
            if m.groups() and m.group(1):
                return f"{label} with {m.group(1).strip()}"
            return label
    return None


WHEN = re.compile(r"\b(?:on|last|this)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}(?:\s+\d{4})?)|\b(?:yesterday|today)\b|\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.IGNORECASE)


def claim_date(text: str, published_at) -> pd.Timestamp | None:
    """The date a statement was made, when the sentence states one, resolved against the
    article's publication date ("on Monday" in an article of Tue 2024-11-05 -> 2024-11-04)."""
    if published_at is None or pd.isna(published_at):
        return None
    m = WHEN.search(text)
    if not m:
        return None
    return _resolve_date(m.group(0), pd.Timestamp(published_at))


@functools.lru_cache(maxsize=8192)
def _resolve_date(phrase: str, base: pd.Timestamp) -> pd.Timestamp | None:
    import dateparser

    phrase = re.sub(r"^(?:on|this)\s+", "", phrase.strip(), flags=re.I)
    day = base.tz_convert("UTC").normalize() if base.tzinfo else base.normalize().tz_localize("UTC")
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    if phrase.lower() in weekdays:      # the latest such day on or before the article's date
        return day - pd.Timedelta(days=(day.weekday() - weekdays.index(phrase.lower())) % 7)
    if phrase.lower().startswith("last ") and phrase.lower()[5:] in weekdays:
        return day - pd.Timedelta(days=((day.weekday() - weekdays.index(phrase.lower()[5:])) % 7) or 7)
    base_naive = base.tz_convert("UTC").tz_localize(None).to_pydatetime() if base.tzinfo else base.to_pydatetime()
    parsed = dateparser.parse(phrase, languages=["en"], settings={"RELATIVE_BASE": base_naive, "PREFER_DATES_FROM": "past",
                                                                  "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        return None
    ts = pd.Timestamp(parsed.date()).tz_localize("UTC")
    if ts > base.tz_convert("UTC").normalize() + pd.Timedelta(days=1):
        return None
    return ts
