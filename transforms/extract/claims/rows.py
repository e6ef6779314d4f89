"""Claims, rows: an attribution found in a sentence -> one claims row.

Input: the attribution's offsets in its sentence, the body, the article's mentions and
publication date. Output: a dict with the columns of ``schemas.ClaimSchema``: content ids
and offsets into the body, linked speaker, medium, claim date, hedging.
"""
from __future__ import annotations

import functools
import hashlib
import re

import pandas as pd

from transforms.common.settings import Settings
from transforms.common.text import WEEKDAY_NAME, WEEKDAYS
from transforms.extract.claims.kinds import claim_kind
from transforms.extract.claims.link import link_speaker
from transforms.extract.claims.speaker import clean_source, dateline_end


def claim_id_of(article_id: str, start: int, end: int) -> str:
    """Stable id of a claim: its article and the content's offsets in the body."""
    return "clm-" + hashlib.sha1(f"{article_id}:{start}:{end}".encode()).hexdigest()[:12]


# A speaker that ends as a sentence does, on a lower-case word (abbreviations such as "Corp."
# and "Jr." end on a capital): the content read as the speaker.
CLAUSE_END = re.compile(r"\s[a-z]{3,}[.!?]$")


def _content_span(text: str, content: tuple[int, int], speaker: tuple, direct: bool) -> tuple[int, int]:
    """The content without a dateline it starts with ("LONDON, March 2 - Talks ... continued,
    delegates said") and, when its speaker comes before it in the same paragraph, without
    what runs past that paragraph ("... the acquisition of Celanese Corp.\n\nHoechst
    acquired ...": the sentence splitter took "Corp." for an abbreviation). A lead-in ("He
    said:") takes the paragraphs that follow on purpose: its content starts in another one."""
    c0, c1 = content
    if not text[:c0].strip() and (dateline := dateline_end(text, c0)) < c1:
        c0 = dateline
    sp0, sp1 = speaker
    if not direct and sp1 is not None and sp1 <= c0 and "\n\n" not in text[sp1:c0] and (cut := text.find("\n\n", c0, c1)) > c0:
        c1 = c0 + len(text[c0:cut].rstrip())
    return c0, c1


def claim_row(article_id: str, body: str, s_start: int, text: str, found: dict, published_at, mentions: list[dict],
         previous: list[dict], settings: Settings) -> dict | None:
    """One claims row for an attribution found in a sentence.

    Args:
        article_id, body, published_at: the article.
        s_start: offset of the sentence ``text`` in ``body``.
        found: the attribution, offsets relative to ``text`` (see :mod:`.patterns`).
        mentions: the article's person mentions (speakers are linked to them).
        previous: the article's claims so far ("he" resolves to the last named speaker).

    Returns:
        The row (columns of ``ClaimSchema``), or None when the content is empty or longer
        than ``[claims] max_content_chars``, or when the attribution is none at all (see
        :mod:`.kinds`: a name, a refusal to say anything, an agentless frame).
    """
    sp0, sp1 = clean_source(text, found["speaker"]) or (None, None)
    c0, c1 = _content_span(text, found["content"], (sp0, sp1), bool(found["direct"]))
    content = text[c0:c1]
    if not content.strip() or len(content) > settings.claims.max_content_chars:
        return None
    speaker = text[sp0:sp1].strip() if sp0 is not None else ""
    if CLAUSE_END.search(speaker):
        return None                  # '"... proceeding well." said X' read backwards: a sentence is no speaker
    kind = claim_kind(found["cue"], speaker, content, settings)
    if kind is None:                 # a name, a refusal to say, an agentless frame: no attribution
        return None
    abs_c0, abs_c1 = s_start + c0, s_start + c1
    abs_s0 = s_start + sp0 if sp0 is not None else None
    person_id, speaker_name = link_speaker(speaker, abs_s0, mentions, previous, settings, (abs_c0, abs_c1))
    claim_id = claim_id_of(article_id, abs_c0, abs_c1)
    lowered = text.lower()
    hedged = any(h in lowered for h in settings.vocab("hedges"))
    return {"claim_id": claim_id, "article_id": article_id, "speaker": speaker_name or speaker or None,
            "speaker_person_id": person_id, "cue": found["cue"], "kind": kind, "content": content, "char_start": abs_c0,
            "char_end": abs_c1, "speaker_start": abs_s0, "speaker_end": s_start + sp1 if sp1 is not None else None,
            "is_direct": bool(found["direct"]), "extractor": found.get("extractor", "pattern"),
            "medium": medium_of(text, settings), "claim_date": claim_date(text, published_at), "is_hedged": hedged,
            "sentence_start": s_start, "sentence_end": s_start + len(text)}


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


WHEN = re.compile(rf"\b(?:on|last|this)\s+(?:{WEEKDAY_NAME}|[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+[A-Z][a-z]{{2,8}}(?:\s+\d{{4}})?)"
                  rf"|\b(?:yesterday|today)\b|\b{WEEKDAY_NAME}\b", re.IGNORECASE)


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
    if phrase.lower() in WEEKDAYS:      # the latest such day on or before the article's date
        return day - pd.Timedelta(days=(day.weekday() - WEEKDAYS.index(phrase.lower())) % 7)
    if phrase.lower().startswith("last ") and phrase.lower()[5:] in WEEKDAYS:
        return day - pd.Timedelta(days=((day.weekday() - WEEKDAYS.index(phrase.lower()[5:])) % 7) or 7)
    base_naive = base.tz_convert("UTC").tz_localize(None).to_pydatetime() if base.tzinfo else base.to_pydatetime()
    parsed = dateparser.parse(phrase, languages=["en"], settings={"RELATIVE_BASE": base_naive, "PREFER_DATES_FROM": "past",
                                                                  "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        return None
    ts = pd.Timestamp(parsed.date()).tz_localize("UTC")
    if ts > base.tz_convert("UTC").normalize() + pd.Timedelta(days=1):
        return None
    return ts
