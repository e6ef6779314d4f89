"""Claims, per article: walks a body's quote units and keeps the state that spans them.

Input: a batch of articles and their person mentions. Output: the claims frame. A direct
quotation may go on in the next unit, a transcript turn runs to its paragraph's end, and a
lead-in ("He said:") takes the paragraphs that follow; each unit's attributions come from
:mod:`.patterns` and :mod:`.merge`, its rows from :mod:`.rows`.
"""
from __future__ import annotations

import pandas as pd

from schemas import columns
from transforms.common.settings import Settings
from transforms.common.text import quote_units, strip_span
from transforms.extract.claims.link import mentions_by_article
from transforms.extract.claims.merge import tags, with_learned
from transforms.extract.claims.patterns import closing_quote, lead_in, match_sentence, quotation_lead_in, reports_something, transcript_turn
from transforms.extract.claims.rows import claim_id_of, claim_row
from transforms.extract.claims.speaker import quoted_speaker
from transforms.models import syntax
from transforms.models.attribution_tagger import find_ahead, load_tagger


def process(articles: pd.DataFrame, mentions: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Claims of every article in a batch (one row per attributed statement)."""
    by_article = mentions_by_article(mentions)
    captions = articles["caption_spans"] if "caption_spans" in articles.columns else [None] * len(articles)
    batch = list(articles[["article_id", "body", "published_at"]].itertuples(index=False))
    bodies = [a.body if isinstance(a.body, str) else "" for a in batch]
    parses = _parses(bodies, settings) if settings.claims.learned_tagger else [None] * len(batch)
    rows = []
    for a, body, parse, spans in zip(batch, bodies, parses, captions):
        found = find_claims(a.article_id, body, a.published_at, by_article.get(a.article_id, []), settings, parse)
        rows += undated_in_captions(found, spans)
    return pd.DataFrame(rows, columns=columns("claims"))


def undated_in_captions(rows: list[dict], caption_spans) -> list[dict]:
    """The claims, those in a photo caption without a ``claim_date``: a caption's dates are
    the photo's ("... on Feb. 16, 2019. (AFP)"), not the day anyone said anything. A caption
    that reports a statement ("Photo: Zelensky estimates that some 11,000 troops ...") keeps
    it as a claim, as the hand-annotated seeds do; one that names something ("known as")
    makes none (see :mod:`.kinds`).

    >>> undated_in_captions([{"char_start": 5, "claim_date": 1}, {"char_start": 50, "claim_date": 2}], [[0, 20]])
    [{'char_start': 5, 'claim_date': None}, {'char_start': 50, 'claim_date': 2}]
    """
    spans = [(int(s), int(e)) for s, e in caption_spans] if caption_spans is not None else []
    return [{**r, "claim_date": None} if any(s <= r["char_start"] < e for s, e in spans) else r for r in rows]


# Bodies parsed (and tagged) before their claims are asked for, by (body, settings), each
# taken once by process(): a scheduled run's warm worker does its few new articles while the
# flow's process runs dedup, stories and people (flows/tasks.py, WarmWorker). The people
# mentions, which claims need, are known only after those stages; the parse and the tagger,
# most of the work, do not read them.
_PARSED_AHEAD: dict[tuple[str, Settings], list] = {}


def prepare(bodies: list[str], settings: Settings) -> None:
    """Parse the bodies' units and run the tagger on them now (:func:`process` of these
    bodies later takes the results)."""
    _PARSED_AHEAD.clear()               # what an earlier run asked for and did not take
    if not settings.claims.learned_tagger:
        return
    bodies = [b if isinstance(b, str) else "" for b in bodies]
    units = _unit_texts(bodies, settings)
    parses = _parse_units(units, settings)
    _PARSED_AHEAD.update(((body, settings), p) for body, p in zip(bodies, parses))
    tagged = [(text, parse) for texts, ps in zip(units, parses) for text, parse in zip(texts, ps) if tags(parse, settings)]
    find_ahead([t for t, _ in tagged], settings, [p for _, p in tagged], syntax=settings.claims.syntax_units != "none")


def _parses(bodies: list[str], settings: Settings) -> list[list]:
    """The unit parses of every body: those :func:`prepare` made, the others now."""
    ahead = {b: _PARSED_AHEAD.pop((b, settings)) for b in set(bodies) if (b, settings) in _PARSED_AHEAD}
    parsed = iter(_parse_units(_unit_texts([b for b in bodies if b not in ahead], settings), settings))
    return [ahead[b] if b in ahead else next(parsed) for b in bodies]


def _unit_texts(bodies: list[str], settings: Settings) -> list[list[str]]:
    return [[text for text, _, _ in quote_units(body, settings.claims.max_unit_chars)] for body in bodies]


def _parse_units(units: list[list[str]], settings: Settings) -> list[list]:
    """The parses of every body's units (see :func:`unit_parses`), in one ``nlp.pipe``
    stream (a call per article would pay spaCy's per-call overhead 19,000 times on Reuters)."""
    flat = iter(unit_parses([u for us in units for u in us], settings)) if units else iter(())
    return [[next(flat) for _ in us] for us in units]


SYNTAX_UNITS = ("all", "cue_candidates", "none")


def unit_parses(units: list[str], settings: Settings) -> list[list | None]:
    """Per unit, the dependency parse the tagger reads, or None for a unit it reads none of
    (``[claims] syntax_units``): every unit ("all"); only the units where the cue stage of
    the parse-free model finds a cue ("cue_candidates"; the others get no tagger
    attribution, the patterns still run); no unit ("none": the parse-free model tags them)."""
    mode = settings.claims.syntax_units
    if mode not in SYNTAX_UNITS:
        raise ValueError(f"[claims] syntax_units must be one of {', '.join(SYNTAX_UNITS)}, got {mode!r}")
    if mode == "none":
        return [None] * len(units)
    wanted = [True] * len(units) if mode == "all" else [load_tagger(settings, syntax=False).finds_cue(u) for u in units]
    parsed = iter(syntax.analyse([u for u, w in zip(units, wanted) if w], batch_chars=settings.claims.parse_batch_chars))
    return [next(parsed) if w else None for w in wanted]


def find_claims(article_id: str, body: str, published_at, mentions: list[dict], settings: Settings,
                parses: list | None = None) -> list[dict]:
    """Every attribution in one article body (headlines are metadata: their attributions
    are not claims). See the module docstring for the patterns. ``parses``: the body's
    units already parsed (``process`` parses a batch at once)."""
    out: list[dict] = []
    learned = settings.claims.learned_tagger
    open_quote = None            # a direct claim whose quotation may go on in the next sentence
    open_turn = None             # a transcript turn ("PENCE: ...") that runs to the end of its paragraph
    units = quote_units(body, settings.claims.max_unit_chars)
    if not learned:
        parses = [None] * len(units)
    elif parses is None:             # called on its own: this article's units in one parse batch
        parses = unit_parses([text for text, _, _ in units], settings)
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
        if (turn := transcript_turn(body, text, s_start, settings)):
            open_turn = claim_row(article_id, body, s_start, text, turn, published_at, mentions, out, settings)
            out.append(open_turn)            # None when claim_row refuses it: then nothing is extended
            continue
        found = [f for f in match_sentence(text, settings)
                 if reports_something(f["cue"], text[slice(*f["content"])], f["direct"]) and not quoted_speaker(text, f)]
        if learned:
            found = with_learned(text, found, settings, parse)
        open_quote = None
        lead = lead_in(body, text, s_start, settings) if not found else None
        if lead is None and learned:
            lead, found = quotation_lead_in(body, text, s_start, found, parse, settings)
        if lead is not None:
            for f in sorted(found, key=lambda f: f["content"]):
                out.append(claim_row(article_id, body, s_start, text, f, published_at, mentions, out, settings))
            block = body[s_start:lead["end"]]            # the lead-in and the paragraphs it introduces
            row = claim_row(article_id, body, s_start, block, lead, published_at, mentions, out, settings)
            out.append(row)
            consumed = lead["end"] if row is not None else consumed
            continue
        for f in sorted(found, key=lambda f: f["content"]):
            row = claim_row(article_id, body, s_start, text, f, published_at, mentions, out, settings)
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
    close = closing_quote(text, 0)
    return close is None or not text[close + 1:].strip(" .,!?;:”\"’'")


def _extend(row: dict, body: str, s_start: int, text: str) -> None:
    """The open quotation's claim runs on to the closing mark in the next unit."""
    close = closing_quote(text, 0)
    end = strip_span(body, s_start + 1, s_start + (close if close is not None else len(text)), trail=",.?!;: ”\"")[1]
    _grow(row, body, end, s_start + len(text))


def _grow(row: dict, body: str, end: int, sentence_end: int) -> None:
    """A claim whose content now ends at ``end``: content, offsets and id follow."""
    row["content"], row["char_end"], row["sentence_end"] = body[row["char_start"]:end], end, sentence_end
    row["claim_id"] = claim_id_of(row["article_id"], row["char_start"], end)
