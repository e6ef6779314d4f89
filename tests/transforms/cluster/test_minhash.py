"""The bulk MinHash and band index give datasketch's signatures and candidates exactly."""
import random

import numpy as np
from datasketch import MinHash, MinHashLSH

from transforms.cluster import minhash


SCHEME = MinHash(num_perm=64, seed=7).scheme


def _sets(n: int, seed: int = 3) -> list[frozenset]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(400)]
    return [frozenset(rng.sample(words, rng.randint(0, 60))) for _ in range(n)]


def test_signatures_are_datasketchs_bit_for_bit(monkeypatch):
    monkeypatch.setattr(minhash, "CHUNK_ROWS", 100)            # several blocks, and sets larger than one
    sets = _sets(300)
    ours = minhash.signatures(sets, num_perm=64, seed=7)
    for toks, sig in zip(sets, ours):
        if not toks:
            assert sig is None
            continue
        m = MinHash(num_perm=64, seed=7)
        m.update_batch([t.encode("utf-8") for t in sorted(toks)])
        assert np.array_equal(sig, m.hashvalues)


def test_band_index_finds_what_minhash_lsh_finds():
    sets = _sets(200) + [frozenset(f"w{i}" for i in range(30))] * 3        # some near and exact copies
    sigs = minhash.signatures(sets, num_perm=64, seed=7)
    ours, theirs = minhash.BandIndex(0.25, 64), MinHashLSH(threshold=0.25, num_perm=64)
    for k, sig in enumerate(sigs):
        if sig is not None:
            ours.insert(k, sig)
            theirs.insert(k, MinHash(num_perm=64, seed=7, hashvalues=sig, scheme=SCHEME), check_duplication=False)
    hits = 0
    for sig in sigs:
        if sig is not None:
            found = ours.query(sig)
            assert found == set(theirs.query(MinHash(num_perm=64, seed=7, hashvalues=sig, scheme=SCHEME)))
            hits += len(found) > 1
    assert hits >= 3


def test_keys_indexed_in_bulk_are_found_as_keys_indexed_one_by_one():
    sets = _sets(150) + [frozenset(f"w{i}" for i in range(30))] * 3
    sigs = [s for s in minhash.signatures(sets, num_perm=64, seed=7) if s is not None]
    one, bulk = minhash.BandIndex(0.25, 64), minhash.BandIndex(0.25, 64)
    for k, sig in enumerate(sigs):
        one.insert(k, sig)
    bulk.insert_many(list(range(100)), sigs[:100])
    for k, sig in enumerate(sigs[100:], start=100):
        bulk.insert(k, sig)
    assert all(one.query(sig) == bulk.query(sig) for sig in sigs)
