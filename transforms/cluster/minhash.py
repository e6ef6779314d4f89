"""MinHash signatures and an LSH band index for many word sets at once (used by dedup).

Input: word sets. Output: one signature row per set (``None`` for an empty set), and an
index that returns the keys sharing a band with a query signature.

The signatures are datasketch's, bit for bit (same seed, permutations and scheme, checked
by ``tests/transforms/cluster/test_minhash.py``), and the bands are the ``(b, r)`` that
datasketch's ``MinHashLSH`` chooses for the threshold. What is written here is the bulk
path datasketch lacks: a ``MinHash`` object per set and an ``insert`` per key cost ~7 s a
run at 19,000 articles, most of an incremental run's dedup stage, because every run
signs and indexes every published article again (the words common to the run, left out
of the signatures, change with each run). Here each distinct word is hashed and permuted
once, and a set's signature is the column minimum over its words' rows.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

# word rows per block of the signature computation (~8 MB at 64 permutations): small blocks
# reuse the same memory, where 50 MB ones were fresh memory each, slow to fault in on this VM
CHUNK_ROWS = 32_000


def signatures(token_sets: list[frozenset], num_perm: int, seed: int) -> list[np.ndarray | None]:
    """The MinHash signature of each set, as ``MinHash(num_perm, seed).update_batch`` makes it."""
    vocabulary = sorted({t for toks in token_sets for t in toks})
    position = {t: i for i, t in enumerate(vocabulary)}
    owner = np.repeat(np.arange(len(token_sets)), [len(toks) for toks in token_sets])
    codes = np.fromiter((position[t] for toks in token_sets for t in toks), dtype=np.int64, count=len(owner))
    return signatures_of_codes(owner, codes, permuted_words(vocabulary, num_perm, seed), len(token_sets))


def signatures_of_codes(owner: np.ndarray, codes: np.ndarray, permuted: np.ndarray, n_sets: int) -> list[np.ndarray | None]:
    """:func:`signatures` of sets given as (set, word code) pairs, each pair once, grouped by
    set in increasing set order; ``permuted[code]`` is the word's row of :func:`permuted_words`
    (each word hashed once, however many kinds of sets it signs: dedup's words and leads).
    The form dedup has for every published article without building a Python set per article."""
    out: list[np.ndarray | None] = [None] * n_sets
    if not len(codes):
        return out
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    ends = np.r_[starts[1:], len(owner)]
    start = 0
    while start < len(starts):
        # sets in blocks of about CHUNK_ROWS word rows (one set alone may be larger)
        stop = max(start + 1, int(np.searchsorted(ends, ends[start - 1] + CHUNK_ROWS if start else CHUNK_ROWS, "right")))
        lo, hi = starts[start], ends[stop - 1]
        rows = np.minimum.reduceat(permuted[codes[lo:hi]], starts[start:stop] - lo, axis=0)
        for k, row in zip(owner[starts[start:stop]].tolist(), rows):
            out[k] = row
        start = stop
    return out


def permuted_words(words: list[str], num_perm: int, seed: int) -> np.ndarray:
    """Each word's hash through every permutation: one row per word (datasketch's
    ``update_batch`` arithmetic, before its minimum)."""
    from datasketch import MinHash          # imported when used: datasketch's import costs 0.7 s
    from datasketch import minhash as _ds

    proto = MinHash(num_perm=num_perm, seed=seed)
    hashes = [proto.hashfunc(w.encode("utf-8")) for w in words]
    a, b = proto.permutations
    if proto.scheme == _ds._SCHEME_LEGACY:
        hv = np.array(hashes, dtype=np.uint64, ndmin=2).T
        return np.bitwise_and((hv * a + b) % _ds._mersenne_prime, _ds._max_hash)
    hv = _ds._fmix(np.array(hashes, dtype=_ds._SCHEME_DTYPES[proto.scheme]).reshape(-1, 1), _ds._SCHEME_WIDTHS[proto.scheme])
    return hv * a + b


class BandIndex:
    """LSH over signatures: keys whose signatures agree on all ``r`` rows of one of ``b``
    bands are candidates (what ``MinHashLSH.query`` returns, without an object per key and
    a bytes key per band)."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.rows = lsh.b * lsh.r
        self.shape = (lsh.b, lsh.r)
        # a band's r values folded into one 64-bit number (odd multipliers, wrapping): one
        # dict key per band instead of its bytes; two bands that fold alike only add a candidate
        self.fold = np.random.default_rng(0).integers(1, 2**63, size=lsh.r, dtype=np.uint64) | np.uint64(1)
        self.buckets: list[defaultdict[int, list]] = [defaultdict(list) for _ in range(lsh.b)]   # insert()
        self.sorted: list[list[tuple[np.ndarray, np.ndarray]]] = []                                # insert_many()

    def _keys(self, signatures: np.ndarray) -> np.ndarray:
        """Band keys of signature rows: one row of ``b`` keys per signature."""
        bands = signatures[..., :self.rows].astype(np.uint64).reshape(*signatures.shape[:-1], *self.shape)
        return (bands * self.fold).sum(axis=-1)

    def insert(self, key, signature: np.ndarray) -> None:
        for band, bucket in zip(self._keys(signature).tolist(), self.buckets):
            bucket[band].append(key)

    def insert_many(self, keys: list, signatures: list[np.ndarray]) -> None:
        """Many keys at once, as sorted arrays per band (a dict entry per key and band is
        most of the cost of indexing every published article)."""
        if not keys:
            return
        bands = self._keys(np.stack(signatures))
        order = np.argsort(bands, axis=0, kind="stable")
        keys = np.asarray(keys, dtype=object)
        self.sorted.append([(bands[order[:, b], b], keys[order[:, b]]) for b in range(bands.shape[1])])

    def query(self, signature: np.ndarray) -> set:
        found: set = set()
        bands = self._keys(signature)
        for b, (band, bucket) in enumerate(zip(bands.tolist(), self.buckets)):
            found.update(bucket.get(band, ()))
            for per_band in self.sorted:
                values, keys = per_band[b]
                lo, hi = np.searchsorted(values, bands[b], "left"), np.searchsorted(values, bands[b], "right")
                found.update(keys[lo:hi].tolist())
        return found
