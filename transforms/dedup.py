"""Stage 4, dedup: articles -> wire-copy clusters (copies of one story, even rewritten).

Input: articles with ``article_id``, ``body``, ``n_words``, ``published_at``. Output per
article: ``dup_cluster_id``, ``canonical_article_id``, ``dup_similarity``, ``dup_evidence``.

Two steps, so that cost grows near-linearly with the corpus while rewrites are still caught:

1. **Candidates**: MinHash LSH (datasketch) over each article's set of normalised content
   words. Rewrites keep names, numbers and most content words but few exact phrases, so word
   sets (not 5-gram shingles) with a low Jaccard threshold find them; LSH keeps this from
   being all-pairs.
2. **Verification** (written here: no library aligns sentences across rewrites): a copy
   tells the same sentences in the same order. Sentences of the two articles are matched on
   content-word cosine, an order-preserving alignment (longest common subsequence over the
   matches) is found, and the pair is merged when enough of the shorter article's sentences
   align. Independent reports of one event share names and a quote or two, but not the
   sequence of sentences, so they stay apart.

Clusters are the connected components of verified pairs. The canonical article is the most
complete copy (most words), then the earliest, then the smallest id.

Example:
    >>> import pandas as pd
    >>> a = "Rain fell on Paris on Monday. The river rose two metres. Officials closed four bridges."
    >>> b = "On Monday rain fell across Paris. The Seine rose 2 metres. City officials shut four bridges."
    >>> df = pd.DataFrame({"article_id": ["x", "y"], "body": [a, b], "n_words": [15, 16], "published_at": [None, None]})
    >>> process(df)["dup_cluster_id"].nunique()
    1
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

import numpy as np
import pandas as pd

from transforms.settings import Settings, load_settings
from transforms.text import sentences

TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*|[$%]")


def process(articles: pd.DataFrame, settings: Settings | None = None) -> pd.DataFrame:
    """Cluster wire copies. Returns ``articles`` with the four dup_* columns added."""
    settings = settings or load_settings()
    opts = settings.dedup
    out = articles.copy()
    if out.empty:
        for col in ("dup_cluster_id", "canonical_article_id", "dup_evidence"):
            out[col] = pd.Series(dtype="string")
        out["dup_similarity"] = pd.Series(dtype="float64")
        return out
    ids = out["article_id"].tolist()
    sigs = [signature(body, settings) for body in out["body"]]
    pairs = candidate_pairs([s["tokens"] for s in sigs], opts)
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[int, tuple[float, str]] = {}
    for i, j in sorted(pairs):
        score, evidence = verify(sigs[i], sigs[j], opts)
        if score is None:
            continue
        parent[find(i)] = find(j)
        for k, other in ((i, j), (j, i)):
            if score > best.get(k, (-1.0, ""))[0]:
                best[k] = (score, f"{evidence} with {ids[other]}")

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        groups[find(i)].append(i)
    cluster, canonical = [None] * len(ids), [None] * len(ids)
    published = out["published_at"].tolist()
    n_words = out["n_words"].tolist()
    for members in groups.values():
        head = min(members, key=lambda k: (-n_words[k], _sortable_date(published[k]), ids[k]))
        cid = "dup-" + min(ids[k] for k in members).removeprefix("art-")
        for k in members:
            cluster[k], canonical[k] = cid, ids[head]
    out["dup_cluster_id"] = cluster
    out["canonical_article_id"] = canonical
    out["dup_similarity"] = [best.get(k, (1.0 if len(groups[find(k)]) == 1 else 0.0, ""))[0] for k in range(len(ids))]
    out["dup_evidence"] = [best.get(k, (0.0, None))[1] for k in range(len(ids))]
    return out


def signature(body: str, settings: Settings) -> dict:
    """Normalised content words of the article and of each of its sentences."""
    sents = []
    for text, _, _ in sentences(body):
        toks = normalise(text, settings)
        if len(toks) >= 3:
            sents.append(frozenset(toks))
    tokens = frozenset(t for s in sents for t in s)
    return {"tokens": tokens, "sentences": sents}


def normalise(text: str, settings: Settings) -> list[str]:
    """Lower-case content words, with the spelling and house-style swaps of copies undone
    and a light suffix strip (rewrites change 'deployed' to 'deployment')."""
    stop = settings.vocab("stopwords")
    variants = _variants(settings)
    text = text.lower().replace("per cent", "percent").replace("’", "'")
    out = []
    for tok in TOKEN.findall(text):
        tok = variants.get(tok, tok)
        if tok in stop or len(tok) < 2 and not tok.isdigit():
            continue
        if tok[0].isdigit():
            tok = tok.replace(",", "")
        else:
            tok = stem(tok)
        out.append(tok)
    return out


def stem(word: str) -> str:
    """A deliberately light suffix strip: enough to meet 'deploy/deployed/deployment'."""
    for suffix in ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def candidate_pairs(token_sets: list[frozenset], opts) -> set[tuple[int, int]]:
    """Pairs (i < j) whose word sets may be similar: MinHash LSH, near-linear in the corpus."""
    from datasketch import MinHashLSH
    from datasketch.minhash import MinHash

    if len(token_sets) < 2:
        return set()
    lsh = MinHashLSH(threshold=opts.candidate_jaccard, num_perm=opts.num_perm)
    hashes = []
    for i, toks in enumerate(token_sets):
        mh = MinHash(num_perm=opts.num_perm, seed=opts.seed)
        if toks:
            mh.update_batch([t.encode("utf-8") for t in sorted(toks)])
        hashes.append(mh)
        lsh.insert(i, mh, check_duplication=False)
    pairs = set()
    for i, mh in enumerate(hashes):
        if not token_sets[i]:
            continue
        for j in lsh.query(mh):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def verify(a: dict, b: dict, opts) -> tuple[float | None, str]:
    """Order-preserving sentence alignment. Returns (similarity, evidence) or (None, '')."""
    sa, sb = a["sentences"], b["sentences"]
    if not sa or not sb:
        return None, ""
    sim = _similarity_matrix(sa, sb)
    matched = sim >= opts.sentence_overlap
    aligned, total = _lcs(matched, sim)
    shorter = min(len(sa), len(sb))
    share = aligned / shorter
    need = min(opts.min_aligned_sentences, shorter)
    if aligned >= need and share >= opts.aligned_share:
        score = round(total / shorter, 4)
        return score, f"{aligned} of {shorter} sentences aligned in order (mean cosine {total / max(aligned, 1):.2f})"
    return None, ""


def _similarity_matrix(sa: list[frozenset], sb: list[frozenset]) -> np.ndarray:
    sim = np.zeros((len(sa), len(sb)))
    for i, x in enumerate(sa):
        for j, y in enumerate(sb):
            common = len(x & y)
            if common:
                sim[i, j] = common / math.sqrt(len(x) * len(y))
    return sim


def _lcs(matched: np.ndarray, sim: np.ndarray) -> tuple[int, float]:
    """Longest order-preserving chain of matched sentence pairs, weighted by similarity."""
    n, m = matched.shape
    count = np.zeros((n + 1, m + 1), dtype=int)
    weight = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if matched[i - 1, j - 1]:
                count[i, j], weight[i, j] = count[i - 1, j - 1] + 1, weight[i - 1, j - 1] + sim[i - 1, j - 1]
            elif count[i - 1, j] >= count[i, j - 1]:
                count[i, j], weight[i, j] = count[i - 1, j], weight[i - 1, j]
            else:
                count[i, j], weight[i, j] = count[i, j - 1], weight[i, j - 1]
    return int(count[n, m]), float(weight[n, m])


def _variants(settings: Settings) -> dict[str, str]:
    pairs = [line.split() for line in settings.vocab_list("token_variants")]
    return {p[0].lower(): p[1].lower() for p in pairs if len(p) == 2}


def _sortable_date(value) -> str:
    return "9999" if value is None or pd.isna(value) else str(pd.Timestamp(value))
