"""Claims, linking: a speaker string -> the person it names (people.person_id).

Input: the speaker, its offset in the body, the article's person mentions and the claims
found before it. Output: (person_id, display name) or (None, None). :func:`relink` does the
same for claims an earlier run found, against this run's people.
"""
from __future__ import annotations

import re
from typing import Mapping

import pandas as pd

from transforms.common.frames import records
from transforms.common.settings import Settings
from transforms.extract.claims.speaker import speaker_pronouns


def link_speaker(speaker: str, at: int, mentions: list[dict], previous: list[dict],
                 settings: Settings, content: tuple[int, int] | None = None) -> tuple[str | None, str | None]:
    """person_id and display name for a speaker: a named person, or a pronoun / description
    resolved to the nearest person mentioned before it (descriptions by a role word). A
    person named in the claim's own ``content`` (body offsets) is what the speaker talks
    about, not who "he" is: '“No thanks to Nathan Deal,” he added.'"""
    if not speaker:
        return None, None
    c0, c1 = content if content is not None else (0, 0)
    body_mentions = sorted((m for m in mentions if m.get("field") == "body" and m.get("char_start") is not None
                            and m.get("kind") == "subject" and not c0 <= m["char_start"] < c1), key=lambda m: m["char_start"])
    # A person mention inside the speaker span.
    inside = [m for m in body_mentions if at <= m["char_start"] < at + len(speaker)]
    if inside:
        return inside[-1]["person_id"], None
    low = speaker.lower()
    before = [m for m in body_mentions if m["char_start"] < at]
    if low in ("he", "she"):
        last_claim = next((c for c in reversed(previous) if c and c.get("speaker")
                           and c["speaker"].lower() not in speaker_pronouns(settings)), None)
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


def mentions_by_article(mentions: pd.DataFrame) -> dict[str, list[dict]]:
    """article_id -> that article's mentions as records (missing values None), the form
    :func:`link_speaker` reads."""
    by_article: dict[str, list[dict]] = {}      # one pass over the records: a groupby per batch cost more
    for m in records(mentions):
        by_article.setdefault(m["article_id"], []).append(m)
    return by_article


def relink(claims: pd.DataFrame, bodies: Mapping[str, str], mentions: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Speakers of claims found in an earlier run, linked again to this run's people.

    People are resolved across the whole run, so a new article can change which person an
    old mention names (a second "Smith" makes a lone "Smith" ambiguous). The claims' spans
    depend only on their article; their speakers are linked again here, in the order they
    were found, exactly as :func:`~transforms.extract.claims.rows.claim_row` links them.

    Args:
        claims: published claims rows, each article's rows in the order they were found.
        bodies: article_id -> body.
        mentions: this run's resolved person mentions.

    Returns:
        ``claims`` with ``speaker`` and ``speaker_person_id`` as this run's people give them.
    """
    if claims.empty:
        return claims
    by_article = mentions_by_article(mentions)
    out = claims.copy()
    speakers, person_ids = [], []
    previous: list[dict] = []
    current = None
    for aid, start, end, c0, c1 in zip(out["article_id"], out["speaker_start"], out["speaker_end"], out["char_start"], out["char_end"]):
        if aid != current:
            current, previous = aid, []
        at = None if pd.isna(start) else int(start)
        raw = bodies[aid][at:int(end)].strip() if at is not None else ""
        person_id, name = link_speaker(raw, at, by_article.get(aid, []), previous, settings, (int(c0), int(c1)))
        speaker = name or raw or None
        previous.append({"speaker": speaker, "speaker_start": at, "speaker_person_id": person_id})
        speakers.append(speaker)
        person_ids.append(person_id)
    out["speaker"], out["speaker_person_id"] = speakers, person_ids
    return out
