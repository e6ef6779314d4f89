"""Claim links: claims -> the people and the numbers their content mentions.

"Who said what about X" is a join on offsets: a name (``mentions``, body only) or a number
(``figures``) whose [char_start, char_end) lies inside a claim's content span is something
the claim says something about. One row per claim and person (the first mention inside the
content) and per claim and figure, so that ``links.merge(claims)`` lists each statement once
per person.

Example:
    >>> import pandas as pd
    >>> claims = pd.DataFrame({"claim_id": ["clm-1"], "article_id": ["a"], "char_start": [10], "char_end": [60]})
    >>> mentions = pd.DataFrame({"article_id": ["a", "a", "a"], "person_id": ["per-k", "per-k", "per-z"], "field": ["body"] * 3,
    ...     "surface": ["Kim", "Kim Jong Un", "Zelensky"], "char_start": [20, 40, 0], "char_end": [23, 51, 8]})
    >>> figures = pd.DataFrame({"figure_id": ["fig-1"], "article_id": ["a"], "text": ["10,000"], "char_start": [30], "char_end": [36]})
    >>> build(claims, mentions, figures)[["claim_id", "target", "person_id", "figure_id", "text"]].values.tolist()
    [['clm-1', 'person', 'per-k', None, 'Kim'], ['clm-1', 'figure', None, 'fig-1', '10,000']]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from schemas import columns


def build(claims: pd.DataFrame, mentions: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The ``claim_links`` table (``schemas`` ``ClaimLinkSchema``), ordered by article, claim
    and position in the body."""
    spans = claims[["claim_id", "article_id", "char_start", "char_end"]].rename(
        columns={"char_start": "claim_start", "char_end": "claim_end"})
    body = mentions[(mentions["field"] == "body") & mentions["char_start"].notna()] if len(mentions) else mentions
    people = _inside(spans, body, "surface").drop_duplicates(["claim_id", "person_id"])       # the first mention
    people = people.assign(target="person", figure_id=None)
    numbers = _inside(spans, figures, "text").assign(target="figure", person_id=None)
    links = pd.concat([f for f in (people, numbers) if len(f)], ignore_index=True) if len(people) or len(numbers) else None
    if links is None:
        return pd.DataFrame(columns=columns("claim_links"))
    links = links.sort_values(["article_id", "claim_start", "claim_id", "char_start", "target"], ignore_index=True)
    return links.reindex(columns=columns("claim_links"))


def _inside(spans: pd.DataFrame, items: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows of ``items`` whose span lies inside a claim's content span of the same article.

    An interval join: each article's items sorted by start, each claim takes the run of
    items that start inside its content (two binary searches), so the cost follows the
    links found, not claims x items per article (a merge on the article paired the 659
    claims and 35,000 name mentions of one 2 MB page: 3.8 GB).
    """
    if spans.empty or items is None or items.empty:
        return pd.DataFrame()
    keep = [c for c in ("person_id", "figure_id") if c in items.columns]
    items = (items[["article_id", *keep, text, "char_start", "char_end"]].rename(columns={text: "text"})
             .astype({"char_start": "int64", "char_end": "int64"})
             .sort_values(["article_id", "char_start"], kind="stable", ignore_index=True))
    blocks = {aid: (idx.min(), idx.max() + 1) for aid, idx in items.groupby("article_id", sort=False).indices.items()}
    starts, ends = items["char_start"].to_numpy(), items["char_end"].to_numpy()
    claim_rows, item_rows = [], []
    for i, (aid, c0, c1) in enumerate(zip(spans["article_id"], spans["claim_start"], spans["claim_end"])):
        if aid not in blocks:
            continue
        b0, b1 = blocks[aid]
        lo = b0 + np.searchsorted(starts[b0:b1], c0, side="left")
        hi = b0 + np.searchsorted(starts[b0:b1], c1, side="left")
        hits = np.arange(lo, hi)[ends[lo:hi] <= c1]
        claim_rows.append(np.full(len(hits), i))
        item_rows.append(hits)
    if not claim_rows:
        return pd.DataFrame()
    left = spans.iloc[np.concatenate(claim_rows)].reset_index(drop=True)
    right = items.iloc[np.concatenate(item_rows)].drop(columns="article_id").reset_index(drop=True)
    found = pd.concat([left, right], axis=1)
    return found.sort_values(["claim_id", "char_start"], kind="stable")
