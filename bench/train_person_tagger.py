"""Train the person-name tagger on CoNLL-2003 train and write its weights.

    python bench/train_person_tagger.py [--bench ../shared/bench] [--epochs 8]

Reads ``conll03-train/raw`` and the PER mentions of ``conll03-train/extra/entities.jsonl``
(the split the set's README reserves for learning), tags every line's tokens B/I/O, trains
``transforms.models.person_tagger.train`` and writes ``transforms/data/person_tagger.json.gz``.
Then it reports token-level P/R/F1 of PER spans on ``conll03-dev`` as a sanity check
(the real score is ``bench/people.py`` through score.py).
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.models.person_tagger import MODEL_PATH, Tagger, _lines, is_upper_line, train  # noqa: E402
from transforms.common.text import tokenize  # noqa: E402


def labelled(setdir: Path) -> list[tuple[list[str], list[str], bool, str, int]]:
    spans = defaultdict(list)
    with open(setdir / "extra" / "entities.jsonl", encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e["type"] == "PER":
                spans[e["doc"]].append((e["start"], e["end"]))
    out = []
    for path in sorted((setdir / "raw").iterdir()):
        text = path.read_text(encoding="utf-8")
        for line_start, line in _lines(text):
            toks = tokenize(line)
            if not toks:
                continue
            tags = []
            for tok, s, e in toks:
                s, e = s + line_start, e + line_start
                tag = "O"
                for a, b in spans[path.name]:
                    if a <= s and e <= b:
                        tag = "B" if s == a else "I"
                        break
                tags.append(tag)
            out.append(([t for t, _, _ in toks], tags, is_upper_line(line), path.name, line_start))
    return out


def span_set(tags: list[str]) -> set[tuple[int, int]]:
    out, i = set(), 0
    while i < len(tags):
        if tags[i] == "B":
            j = i + 1
            while j < len(tags) and tags[j] == "I":
                j += 1
            out.add((i, j))
            i = j
        else:
            i += 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--epochs", type=int, default=8)
    args = ap.parse_args()
    bench = Path(args.bench)
    data = labelled(bench / "conll03-train")
    t0 = time.perf_counter()
    weights = train([(t, g, u) for t, g, u, _, _ in data], epochs=args.epochs)
    print(f"trained on {len(data)} lines in {time.perf_counter() - t0:.0f} s; {len(weights)} features")
    with gzip.open(MODEL_PATH, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(weights, f, separators=(",", ":"), sort_keys=True)
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB)")
    tagger = Tagger(weights)
    tp = n_pred = n_gold = 0
    for toks, gold, upper, _, _ in labelled(bench / "conll03-dev"):
        pred = span_set(tagger.tag(toks, upper))
        ref = span_set(gold)
        tp, n_pred, n_gold = tp + len(pred & ref), n_pred + len(pred), n_gold + len(ref)
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    print(f"conll03-dev PER mention spans: P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
