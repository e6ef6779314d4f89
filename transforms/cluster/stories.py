"""Stage 7a, stories: wire-copy clusters -> stories (articles about the same event).

Copies of one wire story already share a ``dup_cluster_id``; a story goes further and
joins independent reports of one event (AP's and Reuters' accounts of the same battle),
which share names, places and numbers but hardly any sentences. Each dup cluster is one
unit, represented by its canonical article's headline and lead: in news writing the lead
states the event, while later paragraphs drift into background that other events share.

Units are compared by cosine similarity of TF-IDF weighted content words (the dedup
stage's normalisation; document frequencies of the run plus a background news corpus,
see ``bench/build_background_df.py``, so that a small run still knows "Kursk" is rare), with candidates drawn from an inverted index of each unit's most
distinctive words, so the work grows with the candidates, not with all pairs. Reports
more than ``max_days`` apart never join. Joining is average-link: two stories merge only
when their articles are similar on average, so one loose pair cannot chain two events
(same-topic stories of the same day share many rare words: the hard case).

Example:
    >>> import pandas as pd
    >>> from transforms.common.settings import load_settings
    >>> settings = load_settings()
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "dup_cluster_id": ["d1", "d2"], "canonical_article_id": ["a", "b"],
    ...     "title": ["Kyiv says troops clashed with North Korean units in Kursk", "North Korean units clash with Ukrainian troops in Kursk"],
    ...     "body": ["Ukraine's defence minister said troops fought North Korean units in the Kursk region.",
    ...              "Ukrainian troops fought North Korean units in Russia's Kursk region, the minister said."],
    ...     "published_at": pd.to_datetime(["2024-11-05", "2024-11-05"], utc=True)})
    >>> assign(arts, settings).tolist()
    ['sto-d1', 'sto-d1']
"""
from __future__ import annotations

import functools
import gzip
import json
import math
from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

from transforms.cluster.dedup import normalise
from transforms.common.settings import DATA_DIR, Settings

BACKGROUND_PATH = DATA_DIR / "background_df.json.gz"


def assign(articles: pd.DataFrame, settings: Settings) -> pd.Series:
    """``story_id`` of each article (aligned with ``articles``): ``sto-`` + the id of the
    story's first dup cluster in sort order, so ids are stable across re-runs."""
    opts = settings.stories
    if articles.empty:
        return pd.Series([], dtype=object, index=articles.index)
    units = sorted(articles["dup_cluster_id"].unique())
    canonical = articles[articles["article_id"] == articles["canonical_article_id"]]
    text, dates = {}, {}
    for u, title, body, published in canonical[["dup_cluster_id", "title", "body", "published_at"]].itertuples(index=False):
        text[u] = Counter(normalise(f"{title or ''}\n{body or ''}", settings))
        dates[u] = None if published is None or pd.isna(published) else pd.Timestamp(published).timestamp()
    vectors = tfidf(text)
    sims = _similar_pairs(units, vectors, dates, opts)
    story = average_link(units, sims, opts.min_similarity)
    return articles["dup_cluster_id"].map(lambda u: "sto-" + story[u].removeprefix("dup-"))


@functools.cache
def _background() -> tuple[int, dict[str, int]]:
    with gzip.open(BACKGROUND_PATH, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return data["n_docs"], data["df"]


def tfidf(bags: dict[str, Counter]) -> dict[str, dict[str, float]]:
    """L2-normalised TF-IDF vectors; document frequencies of the run plus the background."""
    df = Counter(t for bag in bags.values() for t in bag)
    n_bg, df_bg = _background()
    n = len(bags) + n_bg + 1
    out = {}
    for u, bag in bags.items():
        vec = {t: (1 + math.log(c)) * math.log(n / (df[t] + df_bg.get(t, 0) + 1)) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out[u] = {t: v / norm for t, v in vec.items()}
    return out


def _similar_pairs(units: list[str], vectors: dict, dates: dict, opts) -> dict[tuple[str, str], float]:
    index: dict[str, list[str]] = defaultdict(list)
    for u in units:
        for t, _ in sorted(vectors[u].items(), key=lambda kv: (-kv[1], kv[0]))[:opts.index_terms]:
            index[t].append(u)
    shared: Counter = Counter()
    for members in index.values():                    # sorted, as units are: pairs come out (a, b) with a < b
        if len(members) <= opts.max_posting:          # a word in very many leads tells no event apart
            shared.update(combinations(members, 2))
    sims = {}
    for (a, b), k in shared.items():
        if k < opts.min_shared_terms or not _close_in_time(dates[a], dates[b], opts.max_days):
            continue
        va, vb = vectors[a], vectors[b]
        if len(va) > len(vb):
            va, vb = vb, va
        s = sum(w * vb.get(t, 0.0) for t, w in va.items())
        if s >= opts.min_similarity:
            sims[(a, b)] = s
    return sims


def _close_in_time(a: float | None, b: float | None, max_days: float) -> bool:
    """Publication times in epoch seconds; an undated report is close to every other."""
    return a is None or b is None or abs(a - b) <= max_days * 86400


def average_link(units: list[str], sims: dict[tuple[str, str], float], threshold: float) -> dict[str, str]:
    """Merge stories along pairs, best first, while the mean similarity of all article
    pairs across the two stories (unseen pairs count 0) stays at or above ``threshold``."""
    members = {u: [u] for u in units}
    owner = {u: u for u in units}
    for (a, b), _ in sorted(sims.items(), key=lambda kv: (-kv[1], kv[0])):
        ra, rb = owner[a], owner[b]
        if ra == rb:
            continue
        pairs = [(x, y) if x < y else (y, x) for x in members[ra] for y in members[rb]]
        if sum(sims.get(p, 0.0) for p in pairs) / len(pairs) < threshold:
            continue
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        for u in members[gone]:
            owner[u] = keep
        members[keep] += members.pop(gone)
    return {u: min(members[owner[u]]) for u in units}
