"""Learn reporting-cue words from PolNeAR train: which words act as attribution cues.

    python bench/learn_cues.py [--bench ../shared/bench] [--min-count 5] [--min-share 0.4]

For every single-word cue of ``polnear-train/gold/claims.jsonl`` it counts how often the
word is annotated as a cue and how often it occurs in the training texts at all; words
that are a cue in at least ``--min-share`` of their occurrences (and at least
``--min-count`` times) are written to ``transforms/data/cue_verbs_learned.txt``, which the
claims stage reads next to the hand-kept ``cue_verbs.txt``. Only the train split is read.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--min-share", type=float, default=0.4)
    args = ap.parse_args()
    setdir = Path(args.bench) / "polnear-train"
    as_cue: Counter = Counter()
    with open(setdir / "gold" / "claims.jsonl", encoding="utf-8") as f:
        for line in f:
            cue = (json.loads(line).get("cue") or "").lower().strip()
            words = re.findall(r"[a-z]+", cue)
            if words:
                as_cue[words[-1]] += 1        # the verb closes the cue: "has said", "is expected"
    seen: Counter = Counter()
    for path in (setdir / "raw").iterdir():
        seen.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    # function words, and refusals ("declined to comment") that report nothing
    stop = {"to", "of", "in", "on", "for", "the", "a", "that", "with", "as", "is", "be", "at", "by", "it", "and", "was",
            "declined", "refused", "refuses"}
    keep = sorted(w for w, n in as_cue.items()
                  if n >= args.min_count and w not in stop and n / max(seen[w], 1) >= args.min_share)
    out = ROOT / "transforms" / "data" / "cue_verbs_learned.txt"
    out.write_text("# Learned by bench/learn_cues.py from PolNeAR train (a cue in >= "
                   f"{args.min_share:.0%} of its occurrences, >= {args.min_count} times). Do not edit by hand.\n"
                   + "\n".join(keep) + "\n", encoding="utf-8")
    print(f"{len(keep)} cue words written to {out}")
    print(", ".join(keep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
