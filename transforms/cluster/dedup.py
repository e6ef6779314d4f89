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

Clustering is online, longest articles first: each article joins the one published or
earlier story it aligns with best, or starts its own; only a few representatives of each
story sit in the LSH index, so the work grows with the number of stories. The canonical
article is the most complete copy (most words), then the earliest, then the smallest id.
When the run skips dedup, :func:`unclustered` gives every article its own cluster, with the
same ids.

Example:
    >>> import pandas as pd
    >>> from transforms.common.settings import load_settings
    >>> settings = load_settings()
    >>> a = "Rain fell on Paris on Monday. The river rose two metres. Officials closed four bridges."
    >>> b = "On Monday rain fell across Paris. The Seine rose 2 metres. City officials shut four bridges."
    >>> df = pd.DataFrame({"article_id": ["x", "y"], "body": [a, b], "n_words": [15, 16], "published_at": [None, None]})
    >>> process(df, settings)["dup_cluster_id"].nunique()
    1
"""
from __future__ import annotations

import bisect
import functools
import math
import re
import sys
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from schemas import columns, empty
from transforms.cluster import minhash
from transforms.common.frames import appended, arrow_lists, member
from transforms.common.settings import Settings
from transforms.common.text import DATELINE, sentences, strip_suffix

SENTENCES = pa.list_(pa.list_(pa.string()))        # dedup_signatures.sentences: per sentence, its words
TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*|[$%]")


def process(articles: pd.DataFrame, settings: Settings, stats: dict | None = None) -> pd.DataFrame:
    """Cluster wire copies. Returns ``articles`` with the four dup_* columns added.

    ``stats``, if given, receives counts (candidate and verified pairs) for benchmarks.
    """
    return cluster(articles, settings, stats=stats)[0]


def cluster(articles: pd.DataFrame, settings: Settings, previous: pd.DataFrame | None = None,
            stats: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster wire copies, incrementally when ``previous`` is given.

    Args:
        articles: every article of the run (already published ones included) with
            ``article_id``, ``body``, ``n_words``, ``published_at`` (``caption_spans`` optional).
        previous: the published signatures table (``article_id``, ``sentences``,
            ``dup_cluster_id``): those articles are not re-signed, keep their clusters, and
            are only compared with the new articles, never with each other again (a
            cluster that lost a member is clustered again). A cluster's id comes from its
            smallest member id, as in a run over all the files at once.
        stats: filled with pair counts, for benchmarks.

    Returns:
        (articles with dup_cluster_id, canonical_article_id, dup_similarity, dup_evidence;
        the signatures table to publish for the next incremental run).
    """
    opts = settings.dedup
    out = articles.reset_index(drop=True)          # pandas copies on write: the caller's frame stays as it is
    if out.empty:
        for col in columns("articles", "dedup"):
            out[col] = pd.Series(dtype="float64" if col == "dup_similarity" else "string")
        return out, empty("dedup_signatures")
    ids = out["article_id"].tolist()
    if previous is None or previous.empty:
        previous = empty("dedup_signatures")
    # a cluster that lost a member (its file removed or edited) is clustered again from
    # scratch: what held it together may have been the article that left. Its rows stay in
    # ``previous``, unused (a filtered copy of the stored sentences costs more than the rest).
    gone = ~member(previous["article_id"], set(ids))
    usable = ~gone & ~member(previous["dup_cluster_id"], set(previous.loc[gone, "dup_cluster_id"])) if gone.any() else ~gone
    # published articles are not signed again: article_id -> its row of ``previous``, whose
    # sentences stay Arrow lists (no Python list per article: thousands of them each run)
    # until verification meets the article (``sig``)
    known = {a: r for r, (a, ok) in enumerate(zip(previous["article_id"].tolist(), usable.tolist())) if ok}
    stored = arrow_lists(previous["sentences"], SENTENCES)
    stored_clusters = previous["dup_cluster_id"].tolist()
    stored_lengths = pc.list_value_length(stored).to_numpy(zero_copy_only=False) if len(stored) else np.zeros(0, dtype=np.int64)
    captions = out["caption_spans"] if "caption_spans" in out else [[]] * len(out)
    sigs = [None if a in known else signature(body, settings, spans) for a, body, spans in zip(ids, out["body"].tolist(), captions)]
    hashes = _hashes([known.get(a) for a in ids], stored, sigs, opts)

    def sig(k: int) -> dict:
        if sigs[k] is None:
            sigs[k] = _from_sentences(list(map(frozenset, stored[known[ids[k]]].as_py())), opts)
        return sigs[k]

    def n_sentences(k: int) -> int:
        return int(stored_lengths[known[ids[k]]]) if sigs[k] is None else len(sigs[k]["sentences"])
    indexes = {key: minhash.BandIndex(opts.candidate_jaccard, opts.num_perm) for key in hashes}
    parent = list(range(len(ids)))
    in_index: Counter = Counter()          # cluster root -> representatives in the index

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[a] = b
            in_index[b] += in_index.pop(a, 0)

    def represents(k: int) -> bool:
        """Whether k becomes a representative of its cluster (it has fewer than enough)."""
        root = find(k)
        if in_index[root] >= opts.representatives:
            return False
        in_index[root] += 1
        return True

    def index(k: int) -> None:
        if represents(k):
            for key, lsh in indexes.items():
                if hashes[key][k] is not None:
                    lsh.insert(k, hashes[key][k])

    # Published clusters stay together; their longest members represent them (indexed in
    # one go: thousands of articles each run).
    first_of: dict[str, int] = {}
    published_reps = []
    for k, a in sorted(((k, a) for k, a in enumerate(ids) if a in known), key=lambda p: -n_sentences(p[0])):
        union(k, first_of.setdefault(stored_clusters[known[a]], k))
        if represents(k):
            published_reps.append(k)
    for key, lsh in indexes.items():
        lsh.insert_many([k for k in published_reps if hashes[key][k] is not None],
                        [hashes[key][k] for k in published_reps if hashes[key][k] is not None])

    # Online clustering, longest articles first (the most complete copy represents its story):
    # each new article is compared only with a few representatives of each candidate cluster,
    # so the work grows with the number of stories, not with the square of their copies.
    best: dict[int, tuple[float, str]] = {}
    candidates = verified = merged = 0
    for i in sorted((k for k, a in enumerate(ids) if a not in known), key=lambda k: (-len(sigs[k]["sentences"]), k)):
        found: set[int] = set()
        for key, lsh in indexes.items():
            if hashes[key][i] is not None:
                found.update(lsh.query(hashes[key][i]))
        match: tuple[float, int, str] | None = None
        for j in sorted(found):
            candidates += 1
            if find(i) == find(j) or (match is not None and find(j) == find(match[1])):
                continue
            if not _contained_enough(sigs[i]["tokens"], sig(j)["tokens"], opts.candidate_containment):
                continue
            verified += 1
            score, evidence = verify(sigs[i], sig(j), opts)
            if score is not None and (match is None or score > match[0]):
                match = (score, j, evidence)
        # An article joins its single best-matching story and never bridges two: one loose
        # match would otherwise chain unrelated stories into one cluster at scale.
        if match is not None:
            score, j, evidence = match
            merged += 1
            if stats is not None and "trace" in stats:
                stats["trace"].append((ids[i], ids[j], evidence))
            union(i, j)
            for k, other in ((i, j), (j, i)):
                if score > best.get(k, (-1.0, ""))[0]:
                    best[k] = (score, f"{evidence} with {ids[other]}")
        index(i)

    if stats is not None:
        stats.update(candidate_pairs=candidates, verified_pairs=verified, merged_pairs=merged)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        groups[find(i)].append(i)
    cluster_ids, canonical = [None] * len(ids), [None] * len(ids)
    published = out["published_at"].tolist()
    n_words = out["n_words"].tolist()
    for members in groups.values():
        head = members[0] if len(members) == 1 else min(members, key=lambda k: (-n_words[k], _sortable_date(published[k]), ids[k]))
        cid = cluster_id(min(ids[k] for k in members))      # of the members, however many runs they took
        for k in members:
            cluster_ids[k], canonical[k] = cid, ids[head]
    previous_scores = {} if previous is None or previous.empty or "dup_similarity" not in out else {
        k: score for k, (a, score) in enumerate(zip(ids, zip(out["dup_similarity"].tolist(), out["dup_evidence"].tolist())))
        if a in known}
    out["dup_cluster_id"] = cluster_ids
    out["canonical_article_id"] = canonical
    out["dup_similarity"] = [best.get(k, previous_scores.get(k, (1.0 if len(groups[find(k)]) == 1 else 0.0, None)))[0]
                             for k in range(len(ids))]
    out["dup_evidence"] = [best.get(k, previous_scores.get(k, (0.0, None)))[1] for k in range(len(ids))]
    # the published rows' sentences as they are stored, the new ones' sorted; in ``ids`` order
    new = [k for k, a in enumerate(ids) if a not in known]
    rows = np.empty(len(ids), dtype=np.int64)
    rows[new] = len(stored) + np.arange(len(new))
    rows[[k for k, a in enumerate(ids) if a in known]] = [known[a] for a in ids if a in known]
    sentences = appended(stored, [[sorted(x) for x in sigs[k]["sentences"]] for k in new]).take(pa.array(rows))
    index = pd.DataFrame({"article_id": ids, "sentences": pd.arrays.ArrowExtensionArray(sentences),
                          "dup_cluster_id": cluster_ids})
    return out, index


def cluster_id(article_id: str) -> str:
    """Id of a new cluster, from its smallest article id: ``art-1f..`` -> ``dup-1f..``."""
    return "dup-" + article_id.removeprefix("art-")


def unclustered(articles: pd.DataFrame) -> pd.DataFrame:
    """Dedup skipped: ``articles`` with the dup_* columns of one cluster per article."""
    out = articles.copy()
    out["dup_cluster_id"] = out["article_id"].map(cluster_id)
    out["canonical_article_id"] = out["article_id"]
    out["dup_similarity"] = 1.0
    out["dup_evidence"] = None
    return out


def _from_sentences(sents: list[frozenset], opts) -> dict:
    lead: list[str] = []
    for sent in sents:
        if len(lead) >= opts.lead_words:
            break
        lead.extend(sorted(sent))
    return _finish(sents, lead, opts)


def _weighted(sig: dict, opts) -> dict:
    """The signature with each sentence's numbers and weight, which only verification reads:
    computed when a pair is verified, not for every published article of every run."""
    if "weights" not in sig:
        sig["numbers"] = [frozenset(t for t in sent if t[0].isdigit()) for sent in sig["sentences"]]
        sig["weights"] = [len(sent) + (opts.number_weight - 1) * len(nums) for sent, nums in zip(sig["sentences"], sig["numbers"])]
    return sig


def signature(body: str, settings: Settings, caption_spans=()) -> dict:
    """Normalised content words of the article, of its lead, and of each of its sentences.

    Photo captions are left out: sites add their own, and stock captions ("A general view of
    Washington in a file photo") would tie unrelated stories together.
    """
    skip = [tuple(span) for span in caption_spans] if caption_spans is not None else []
    sents = []
    for text, start, end in sentences(body):
        if any(s <= start < e for s, e in skip):
            continue
        if (dateline := DATELINE.match(text)):
            text = text[dateline.end():]   # copies reword or drop datelines; place and date are not the story
        toks = normalise(text, settings)
        if len(toks) >= 3:
            sents.append(frozenset(toks))
    return _from_sentences(sents, settings.dedup)


def _finish(sents: list[frozenset], lead: list[str], opts) -> dict:
    # The lead survives truncation, the commonest edit of a copy, so it gets its own LSH pass.
    return {"tokens": frozenset().union(*sents), "lead": frozenset(lead[:opts.lead_words]), "sentences": sents}


def normalise(text: str, settings: Settings) -> list[str]:
    """Lower-case content words, with the spelling and house-style swaps of copies undone
    and a light suffix strip (rewrites change 'deployed' to 'deployment')."""
    cache = _token_cache(settings)
    raw = TOKEN.findall(text.lower().replace("per cent", "percent").replace("’", "'"))
    for tok in set(raw).difference(cache):            # words not seen before in this process
        cache[tok] = _normal_token(tok, settings)
    return [tok for tok in map(cache.__getitem__, raw) if tok is not None]


@functools.cache
def _token_cache(settings: Settings) -> dict:
    return {}


def _normal_token(tok: str, settings: Settings) -> str | None:
    tok = _variants(settings).get(tok, tok)
    if tok in settings.vocab("stopwords") or len(tok) < 2 and not tok.isdigit():
        return None
    tok = tok.replace(",", "") if tok[0].isdigit() else stem(tok)
    return sys.intern(tok)          # one string object per distinct word: 100k articles fit in memory


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A deliberately light suffix strip: enough to meet 'deploy/deployed/deployment'."""
    return strip_suffix(word, ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s"), 4)


def _hashes(rows: list[int | None], stored: pa.ChunkedArray, sigs: list[dict | None], opts) -> dict[str, list[np.ndarray | None]]:
    """MinHash signatures of every article's words and lead words, common words left out:
    from its stored sentences (``stored[rows[k]]``, sorted words per sentence) where
    ``rows[k]`` is given, else from ``sigs[k]``. The same signatures as signing
    ``_from_sentences`` of the stored sentences, computed on word codes in numpy (the stored
    words are coded by Arrow, without a Python string each).

    Common words are those in more than ``candidate_max_df`` of the articles (and in at
    least ``candidate_min_df_count`` of them): they say "this is an earnings report", not
    "this is that story", so candidate generation ignores them. Verification still uses them."""
    n = len(sigs)
    article_of_row = np.full(len(stored), -1, dtype=np.int64)    # stored row -> article index (-1: not in the run)
    article_of_row[[r for r in rows if r is not None]] = [k for k, r in enumerate(rows) if r is not None]
    sentences = pc.list_flatten(stored)                        # views of the stored words, in row order
    flat = pc.list_flatten(sentences)
    article = np.asarray(pc.list_parent_indices(stored))[np.asarray(pc.list_parent_indices(sentences))] \
        if len(flat) else np.zeros(0, dtype=np.int64)
    encoded = pc.dictionary_encode(flat).chunks           # one dictionary for all chunks
    codes = np.concatenate([np.asarray(e.indices, dtype=np.int64) for e in encoded]) if encoded else np.zeros(0, dtype=np.int64)
    code_of = {w: c for c, w in enumerate(encoded[-1].dictionary.to_pylist())} if encoded else {}
    owner = article_of_row[article]
    # a stored lead is the first lead_words words of the sentences in order (see _from_sentences)
    lengths = np.bincount(article, minlength=len(stored))
    position = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    if (unused := owner < 0).any():
        owner, codes, position = owner[~unused], codes[~unused], position[~unused]
    pairs = {"tokens": (owner, codes), "lead": (owner[position < opts.lead_words], codes[position < opts.lead_words])}
    for key in pairs:
        new_owner, new_codes = [], []
        for k in range(n):
            if sigs[k] is not None:
                for t in sigs[k][key]:
                    new_codes.append(code_of.setdefault(t, len(code_of)))
                    new_owner.append(k)
        o = np.concatenate([pairs[key][0], np.asarray(new_owner, dtype=np.int64)])
        c = np.concatenate([pairs[key][1], np.asarray(new_codes, dtype=np.int64)])
        keys = np.sort(o * (len(code_of) + 1) + c)                 # each (article, word) once, by article
        unique = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys   # (np.unique's hashing is slower here)
        pairs[key] = (unique // (len(code_of) + 1), unique % (len(code_of) + 1))
    words = list(code_of)
    df = np.bincount(pairs["tokens"][1], minlength=len(words))
    common = df > max(opts.candidate_min_df_count, opts.candidate_max_df * n)
    permuted = minhash.permuted_words(words, opts.num_perm, opts.seed)       # each word hashed once
    out = {}
    for key, (o, c) in pairs.items():
        keep = ~common[c]
        out[key] = minhash.signatures_of_codes(o[keep], c[keep], permuted, n)
    return out


def _contained_enough(a: frozenset, b: frozenset, share: float) -> bool:
    """Cheap filter before alignment: enough of the smaller word set is in the other."""
    small = min(len(a), len(b))
    return small > 0 and len(a & b) >= share * small


def verify(a: dict, b: dict, opts) -> tuple[float | None, str]:
    """Order-preserving sentence alignment. Returns (similarity, evidence) or (None, '')."""
    sa, sb = a["sentences"], b["sentences"]
    if not sa or not sb:
        return None, ""
    sim = _similarity_matrix(_weighted(a, opts), _weighted(b, opts), opts)
    aligned, total = _chain(sim, opts.sentence_overlap)
    shorter = min(len(sa), len(sb))
    share = aligned / shorter
    need = min(opts.min_aligned_sentences, shorter)
    # Both: enough sentences align, and they align closely enough on the whole (a few
    # loosely similar sentences about one event do not make a copy).
    if aligned >= need and share >= opts.aligned_share and total / shorter >= opts.aligned_weight:
        score = round(total / shorter, 4)
        return score, f"{aligned} of {shorter} sentences aligned in order (mean cosine {total / max(aligned, 1):.2f})"
    return None, ""


def _similarity_matrix(a: dict, b: dict, opts) -> np.ndarray:
    """Sentence-by-sentence cosine of content-word sets, numbers weighted up (same-template
    sentences with other figures, "Shr 21 cts vs 55 cts", must not match). Set
    intersections run in C; only the small result loop is Python."""
    sim = np.zeros((len(a["sentences"]), len(b["sentences"])))
    for i, (x, xn, xw) in enumerate(zip(a["sentences"], a["numbers"], a["weights"])):
        for j, (y, yn, yw) in enumerate(zip(b["sentences"], b["numbers"], b["weights"])):
            common = len(x & y)
            if common:
                shared_numbers = len(xn & yn)
                sim[i, j] = (common + (opts.number_weight - 1) * shared_numbers) / math.sqrt(xw * yw)
                if xn and yn and not shared_numbers:
                    sim[i, j] *= opts.other_figures_penalty     # same template, other figures: another week's report
    return sim


def _chain(sim: np.ndarray, threshold: float) -> tuple[int, float]:
    """Longest order-preserving chain of sentence pairs with sim >= threshold (a longest
    increasing subsequence over the matches, O(k log k)), and its summed similarity."""
    ii, jj = np.nonzero(sim >= threshold)
    if len(ii) == 0:
        return 0, 0.0
    order = sorted(zip(ii.tolist(), jj.tolist()), key=lambda p: (p[0], -p[1]))
    tails: list[int] = []          # smallest j ending a chain of each length
    tail_at: list[int] = []        # index into order of that tail
    prev = [-1] * len(order)
    for k, (_, j) in enumerate(order):
        pos = bisect.bisect_left(tails, j)
        prev[k] = tail_at[pos - 1] if pos else -1
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = j, k
    total, k = 0.0, tail_at[-1]
    while k >= 0:
        total += float(sim[order[k]])
        k = prev[k]
    return len(tails), total


@functools.cache
def _variants(settings: Settings) -> dict[str, str]:
    pairs = [line.split() for line in settings.vocab_list("token_variants")]
    return {p[0].lower(): p[1].lower() for p in pairs if len(p) == 2}


def _sortable_date(value) -> str:
    return "9999" if value is None or pd.isna(value) else str(pd.Timestamp(value))
