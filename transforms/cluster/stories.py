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
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from transforms.cluster.dedup import normalise
from transforms.common.frames import appended, arrow_lists
from transforms.common.settings import DATA_DIR, Settings

BACKGROUND_PATH = DATA_DIR / "background_df.json.gz"


def assign(articles: pd.DataFrame, settings: Settings) -> pd.Series:
    """``story_id`` of each article (aligned with ``articles``): ``sto-`` + the id of the
    story's first dup cluster in sort order, so ids are stable across re-runs."""
    return assign_with_terms(articles, settings)[0]


def assign_with_terms(articles: pd.DataFrame, settings: Settings, known: pd.DataFrame | None = None
                      ) -> tuple[pd.Series, pd.DataFrame]:
    """:func:`assign`, taking the words of articles an earlier run counted from ``known``.

    Args:
        known: ``article_id``, ``story_words``, ``story_counts`` of published articles (the
            dedup_signatures table): their title and body are not normalised again, which
            was most of the stage's cost in an incremental run (the words of 19,000 articles).

    Returns:
        (story ids; ``article_id``, ``story_words``, ``story_counts`` of each unit's
        canonical article, in ``articles`` order, for the next run).
    """
    opts = settings.stories
    if articles.empty:
        return pd.Series([], dtype=object, index=articles.index), _terms([], pa.array([], WORDS), pa.array([], COUNTS))
    units = sorted(articles["dup_cluster_id"].unique())
    # the canonical rows without their text: a published article's words are stored, and
    # taking 19,000 bodies to read a few dozen cost a tenth of a second each run
    fields = ["article_id", "dup_cluster_id", "published_at"]
    is_canonical = (articles["article_id"] == articles["canonical_article_id"]).to_numpy()
    canonical = articles.loc[is_canonical, fields]
    # the words of published articles stay Arrow lists (no Python list each: 19,000 a run);
    # an article that had none (it was no cluster's canonical one) is counted now
    if known is None or known.empty or "story_words" not in known:
        known = pd.DataFrame({"article_id": pd.Series([], dtype=str), "story_words": [], "story_counts": []})
    stored_words, stored_counts = arrow_lists(known["story_words"], WORDS), arrow_lists(known["story_counts"], COUNTS)
    has_words = pc.list_value_length(stored_words).to_numpy(zero_copy_only=False) > 0 if len(known) else np.zeros(0, dtype=bool)
    stored = {a: r for r, (a, has) in enumerate(zip(known["article_id"].tolist(), has_words.tolist())) if has}
    new_words, new_counts = [], []
    terms, dates = {}, {}                 # unit -> (its canonical article, its row of words below)
    rows_of = np.flatnonzero(is_canonical).tolist()          # canonical row -> its row in ``articles``
    for row, (a, u, published) in zip(rows_of, zip(*(canonical[c].tolist() for c in fields))):
        if a in stored:
            terms[u] = (a, stored[a])
        else:
            title, body = articles["title"].iat[row], articles["body"].iat[row]
            bag = Counter(normalise(f"{'' if pd.isna(title) else title}\n{'' if pd.isna(body) else body}", settings))
            terms[u] = (a, len(stored_words) + len(new_words))
            new_words.append(list(bag))
            new_counts.append(list(bag.values()))
        dates[u] = None if published is None or pd.isna(published) else pd.Timestamp(published).timestamp()
    # stored rows, then the new ones, then one empty row for a unit without a canonical article
    words, counts = appended(stored_words, [*new_words, []]), appended(stored_counts, [*new_counts, []])
    rows = pa.array([terms[u][1] if u in terms else len(words) - 1 for u in units], pa.int64())
    vectors = _Vectors(words.take(rows).combine_chunks(), counts.take(rows).combine_chunks())
    sims = _similar_pairs(units, vectors, [dates.get(u) for u in units], opts)
    story = average_link(units, sims, opts.min_similarity)
    ids = articles["dup_cluster_id"].map(lambda u: "sto-" + story[u].removeprefix("dup-"))
    rows = pa.array([row for _, row in terms.values()], pa.int64())
    return ids, _terms([a for a, _ in terms.values()], words.take(rows), counts.take(rows))


WORDS, COUNTS = pa.list_(pa.string()), pa.list_(pa.int64())     # dedup_signatures.story_words, story_counts


def _terms(article_ids: list[str], words: pa.Array, counts: pa.Array) -> pd.DataFrame:
    return pd.DataFrame({"article_id": pd.Series(article_ids, dtype=str),
                         "story_words": pd.arrays.ArrowExtensionArray(words),
                         "story_counts": pd.arrays.ArrowExtensionArray(counts)})


def with_terms(signatures: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    """The dedup_signatures table with each article's story words (empty lists for articles
    that represent no cluster), in its own row order; as it is when dedup did not run."""
    if signatures.empty:
        return signatures
    where = dict(zip(terms["article_id"].tolist(), range(len(terms))))
    rows = pa.array([where.get(a, len(terms)) for a in signatures["article_id"].tolist()], pa.int64())
    words = appended(arrow_lists(terms["story_words"], WORDS), [[]]).take(rows)          # the last row: no words
    counts = appended(arrow_lists(terms["story_counts"], COUNTS), [[]]).take(rows)
    return signatures.assign(story_words=pd.arrays.ArrowExtensionArray(words),
                             story_counts=pd.arrays.ArrowExtensionArray(counts))


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


class _Vectors:
    """The units' L2-normalised TF-IDF vectors (the weights of :func:`tfidf`) as one sparse
    matrix, one row per unit, columns in word order: the whole run is weighted, indexed and
    compared in numpy, since every run weighs every unit again (document frequencies are the
    run's). Hand-written over scipy.sparse: scikit-learn's TfidfVectorizer has no
    background frequencies and tokenises on its own."""

    def __init__(self, words: pa.Array, counts: pa.Array) -> None:
        """From each unit's words and their counts (Arrow lists, a word once per unit, in the
        order :class:`collections.Counter` met them: the same order gives the same sums)."""
        from scipy import sparse

        n_bg, df_bg = _background()
        lengths = pc.list_value_length(words).to_numpy(zero_copy_only=False).astype(np.int64)
        flat = pc.list_flatten(words)
        # columns in word order: codes by hashing (Arrow), then the distinct words sorted
        # (Arrow sorts text by its UTF-8 bytes: the order of Python's str comparison)
        encoded = pc.dictionary_encode(flat)
        order = np.asarray(pc.sort_indices(encoded.dictionary), dtype=np.int64)
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        self.words = encoded.dictionary.take(pa.array(order)).to_pylist()
        rows = np.repeat(np.arange(len(words)), lengths)
        cols = rank[encoded.indices.to_numpy(zero_copy_only=False)] if len(flat) else np.array([], dtype=np.int64)
        counts = pc.list_flatten(counts).to_numpy(zero_copy_only=False).astype(np.float64)
        df = np.bincount(cols, minlength=len(self.words))
        background = np.array([df_bg.get(t, 0) for t in self.words], dtype=np.float64)
        idf = np.log((len(words) + n_bg + 1) / (df + background + 1))
        weights = (1 + np.log(counts)) * idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(words)))
        norms[norms == 0] = 1.0
        self.matrix = sparse.csr_matrix((weights / norms[rows], (rows, cols)), shape=(len(words), len(self.words)))
        self.rows, self.cols, self.weights = rows, cols, weights / norms[rows]

    def top_words(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(unit, word) of each unit's ``k`` heaviest words, ties to the earlier word."""
        # np.lexsort((cols, -weights, rows)) as three stable sorts of one key each: 2.5 times
        # faster on the 1.6 million entries of 19,000 units (a word is once in a unit); the
        # units as 16-bit numbers when they fit, which numpy sorts stably by radix (0.11 ->
        # 0.03 s on 1.1 million entries)
        order = np.argsort(self.rows * np.int64(len(self.words) + 1) + self.cols, kind="stable")
        order = order[np.argsort(-self.weights[order], kind="stable")]
        units = self.rows[order]
        order = order[np.argsort(units.astype(np.uint16) if len(units) and units.max() < 2**16 else units, kind="stable")]
        rows, cols = self.rows[order], self.cols[order]
        first = np.searchsorted(rows, rows, side="left")          # the row's first entry
        keep = (np.arange(len(rows)) - first) < k
        return rows[keep], cols[keep]

    def cosines(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.asarray(self.matrix[a].multiply(self.matrix[b]).sum(axis=1)).ravel()


def _similar_pairs(units: list[str], vectors: _Vectors, dates: list[float | None], opts) -> dict[tuple[str, str], float]:
    rows, cols = vectors.top_words(opts.index_terms)
    by_word = np.argsort(cols, kind="stable")                    # each word's units in unit order
    rows, cols = rows[by_word], cols[by_word]
    starts = np.flatnonzero(np.r_[True, np.diff(cols) != 0]) if len(cols) else np.array([], dtype=np.int64)
    sizes = np.diff(np.r_[starts, len(cols)])
    # every pair of units that share an index word, counted over the words (numpy: a run
    # has millions of such pairs), the words with as many units at once (a word in very
    # many leads tells no event apart)
    n = len(units)
    # a pair's code a * n + b in 32 bits while it fits (~46,000 units): millions of codes,
    # half the memory and a faster sort
    unit = rows.astype(np.int32 if n * n < 2**31 else np.int64)
    codes = []
    for size in np.unique(sizes[(sizes > 1) & (sizes <= opts.max_posting)]).tolist():
        members = unit[starts[sizes == size][:, None] + np.arange(size)]   # one row per word
        i, j = _pairs(size)
        codes.append((members[:, i] * n + members[:, j]).ravel())           # units sorted: a < b in each pair
    if not codes:
        return {}
    pair_codes, shared = _counted(np.concatenate(codes))
    pair_codes = pair_codes[shared >= opts.min_shared_terms].astype(np.int64)
    left, right = pair_codes // n, pair_codes % n
    when = np.array([np.nan if d is None else d for d in dates], dtype=np.float64)
    gap = np.abs(when[left] - when[right])
    close = np.isnan(gap) | (gap <= opts.max_days * 86400)              # an undated report is close to every other
    left, right = left[close], right[close]
    sims = vectors.cosines(left, right)
    keep = sims >= opts.min_similarity
    return {(units[a], units[b]): float(x) for a, b, x in zip(left[keep].tolist(), right[keep].tolist(), sims[keep].tolist())}


def _counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_counts=True)`` by one sort: numpy's ``unique`` of the
    millions of pair codes of a run costs several times the sort it needs (0.5-0.8 s against
    0.1 s at 19,000 stories)."""
    values = np.sort(values)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else np.zeros(0, dtype=np.int64)
    return values[starts], np.diff(np.r_[starts, len(values)])


@functools.lru_cache(maxsize=512)
def _pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i, j), i < j, of every pair among ``size`` items."""
    return np.triu_indices(size, 1)


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
