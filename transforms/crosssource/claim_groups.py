"""Stage 7b, claim groups: claims -> statements reported across articles, with how many
independent sources carry each.

Two claims are one statement when they come from the same story (``stories``), the same
speaker (the linked person, else the speaker's words) and say the same thing in other
words: TF-IDF cosine of their content words (the dedup stage's normalisation; document
frequencies of the speaker's claims in the story plus the background corpus, so that the
words all of them share count less). Joining is average-link, as
for stories. Wire copies count once in ``n_independent``: that is the number of distinct
``dup_cluster_id`` among the articles carrying the statement.

Example:
    >>> import pandas as pd
    >>> from transforms.common.settings import load_settings
    >>> settings = load_settings()
    >>> claims = pd.DataFrame({"claim_id": ["c1", "c2"], "article_id": ["a1", "a2"], "speaker": ["Kovalenko", "Andriy Kovalenko"],
    ...     "speaker_person_id": ["p1", "p1"], "char_start": [0, 0], "content": ["the first North Korean troops have already been shelled in Kursk",
    ...     "the first North Korean units have already come under fire in Kursk"]})
    >>> arts = pd.DataFrame({"article_id": ["a1", "a2"], "story_id": ["s", "s"], "dup_cluster_id": ["d1", "d2"],
    ...     "outlet": ["AP", "Kyiv Post"], "published_at": pd.to_datetime(["2024-11-04", "2024-11-05"], utc=True)})
    >>> build(claims, arts, settings)[["claim_ids", "n_articles", "n_independent"]].values.tolist()
    [[['c1', 'c2'], 2, 2]]
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

import pandas as pd

from schemas import columns
from transforms.cluster.dedup import normalise
from transforms.common.frames import records
from transforms.common.settings import Settings
from transforms.cluster.stories import average_link, tfidf

def speaker_key(speaker, person_id, settings: Settings) -> str | None:
    """The person, else the speaker's words without a leading article; None for a pronoun
    nobody resolved (such claims stay on their own)."""
    if isinstance(person_id, str) and person_id:
        return person_id
    if not isinstance(speaker, str):
        return None
    words = re.sub(r"^(?:the|a|an)\s+", "", speaker.strip().lower())
    words = " ".join(re.findall(r"[\w'’-]+", words))
    unresolved = settings.vocabularies.pronouns("subject", "demonstrative", "relative")
    return None if not words or words in unresolved else words


def build(claims: pd.DataFrame, articles: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """One row per statement (``schemas`` ``claim_groups``), singletons included. Plain
    Python over records: most groups hold one claim, and pandas costs ~1 ms per group."""
    if claims.empty:
        return pd.DataFrame(columns=columns("claim_groups"))
    meta = {r["article_id"]: r for r in records(articles[["article_id", "story_id", "dup_cluster_id", "outlet", "published_at"]])}
    recs = records(claims[["claim_id", "article_id", "speaker", "speaker_person_id", "content", "char_start"]])
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    for r in recs:
        r.update({k: meta[r["article_id"]][k] for k in ("story_id", "dup_cluster_id", "outlet", "published_at")})
        key = speaker_key(r["speaker"], r["speaker_person_id"], settings)
        blocks[(r["story_id"], key) if key else ("", r["claim_id"])].append(r)
    groups: dict[str, list[dict]] = defaultdict(list)
    for block in blocks.values():
        rep = _statements(block, settings) if len(block) > 1 else {block[0]["claim_id"]: block[0]["claim_id"]}
        for r in block:
            groups[rep[r["claim_id"]]].append(r)
    rows = [_group_row(g) for _, g in sorted(groups.items())]
    return ordered(pd.DataFrame(rows, columns=columns("claim_groups")))


def ordered(groups: pd.DataFrame) -> pd.DataFrame:
    """The table's row order: most independent sources first, then most articles, then the
    newest (undated last), then id. Newest before id: a scheduled run's new statements then
    sit together, so publishing rewrites a few segments instead of one in three (ids are
    hashes and would scatter them over the table)."""
    return groups.sort_values(["n_independent", "n_articles", "last_reported_at", "group_id"],
                              ascending=[False, False, False, True], na_position="last", ignore_index=True)


def _group_row(g: list[dict]) -> dict:
    far = pd.Timestamp.max.tz_localize("UTC")
    g = sorted(g, key=lambda r: (r["published_at"] if r["published_at"] is not None else far, r["article_id"], r["char_start"]))
    dated = [r["published_at"] for r in g if r["published_at"] is not None]
    named = [r["speaker_person_id"] for r in g if r["speaker_person_id"]]
    return {
        "group_id": "cgr-" + hashlib.sha1(" ".join(sorted(r["claim_id"] for r in g)).encode()).hexdigest()[:12],
        "story_id": g[0]["story_id"],
        "speaker": max((r["speaker"] for r in g if r["speaker"]), key=len, default=None),
        "speaker_person_id": named[0] if named else None,
        "content": _representative([r["content"] for r in g]),
        "claim_ids": sorted(r["claim_id"] for r in g),
        "article_ids": sorted({r["article_id"] for r in g}),
        "n_articles": len({r["article_id"] for r in g}),
        "n_independent": len({r["dup_cluster_id"] for r in g}),
        "outlets": sorted({r["outlet"] for r in g if r["outlet"]}),
        "first_reported_at": min(dated) if dated else None,
        "last_reported_at": max(dated) if dated else None,
    }


def _statements(block: list[dict], settings: Settings) -> dict[str, str]:
    """claim_id -> the group's first claim_id, within one (story, speaker) block."""
    ids = [r["claim_id"] for r in block]
    vectors = tfidf({r["claim_id"]: Counter(normalise(r["content"], settings)) for r in block})
    arts = {r["claim_id"]: r["article_id"] for r in block}
    sims = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if arts[a] == arts[b]:
                continue                 # an article does not report one statement twice
            va, vb = vectors[a], vectors[b]
            s = sum(w * vb.get(t, 0.0) for t, w in va.items())
            if s >= settings.claim_groups.min_similarity:
                sims[(a, b) if a < b else (b, a)] = s
    return average_link(ids, sims, settings.claim_groups.min_similarity)


def _representative(contents: list[str]) -> str:
    """The wording most like the others (longest among equals)."""
    if len(contents) == 1:
        return contents[0]
    bags = [set(re.findall(r"\w+", t.lower())) for t in contents]
    score = [sum(len(a & b) / max(len(a | b), 1) for b in bags) for a in bags]
    return max(zip(score, contents), key=lambda x: (x[0], len(x[1])))[1]
