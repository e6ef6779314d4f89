"""Build the background document frequencies the stories stage weighs words with.

    python bench/build_background_df.py [--bench ../shared/bench] [--min-df 2]

Why a background: a run of a handful of articles about one event cannot tell from its own
counts that "Kursk" is rare and "said" is not; with the document frequencies of a large
news corpus it can. The corpus is Reuters-21578 (``corpus-reuters21578``), only its
``dev`` part (SHA-1 of the doc id mod 10 in 0-7, the partition make_dedup.py draws dev
sets from), so no hidden-set story contributes. Words are normalised exactly as the
stories stage does (``transforms.cluster.dedup.normalise``). Writes
``transforms/data/background_df.json.gz``: {"n_docs": N, "df": {word: count}}.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import Counter

from _common import ROOT, reuters_rows

from transforms.cluster.dedup import normalise  # noqa: E402
from transforms.common.settings import load_settings  # noqa: E402
from transforms.cluster.stories import BACKGROUND_PATH  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--min-df", type=int, default=2)
    args = ap.parse_args()
    settings = load_settings()
    df: Counter = Counter()
    n = 0
    for row in reuters_rows(args.bench):
        if int(hashlib.sha1(row["doc"].encode()).hexdigest(), 16) % 10 > 7:
            continue                      # the hidden part of the partition
        n += 1
        df.update(set(normalise(f"{row['title']}\n{row['text']}", settings)))
    kept = {w: c for w, c in sorted(df.items()) if c >= args.min_df}
    with gzip.open(BACKGROUND_PATH, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump({"n_docs": n, "df": kept}, f, separators=(",", ":"))
    print(f"{n:,} documents, {len(kept):,} words with df >= {args.min_df}: {BACKGROUND_PATH} "
          f"({BACKGROUND_PATH.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
