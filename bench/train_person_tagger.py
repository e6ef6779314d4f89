"""Train the person-name tagger on CoNLL-2003 train and write its weights.

    python bench/train_person_tagger.py [--bench ../shared/bench] [--epochs 8] [--word-dropout 0.3] [--seed 1]
    python bench/train_person_tagger.py --holdout [...]      # choose settings: nothing is written

Reads ``conll03-train/raw`` and the PER mentions of ``conll03-train/extra/entities.jsonl``
(the split the set's README reserves for learning), tags every line's tokens B/I/O, trains
``transforms.models.person_tagger.train`` and writes ``transforms/data/person_tagger.json.gz``.
Then it reports P/R/F1 of PER mention spans on ``conll03-dev`` as a sanity check
(the real score is ``bench/people.py`` through score.py).

Held-out method (#17): every choice about the tagger and the people stage (features,
epochs, word dropout, rules) is made with ``--holdout``, never on conll03-dev. It keeps
every fifth train document in name order out (``train_004``, ``train_009``, ...: 189 of
946 documents, 834 gold people), trains on the other 757, runs the held-out documents
through the pipeline's own parse step and the people stage (``find_mentions`` in batches
of 200 as the flow runs it, then ``resolve``), and scores them with score.py's own people
matching; it also prints mention-span P/R/F1 on them. conll03-dev is scored only once
the choices are made, and the shipped weights are then trained on all of train.

Held-out people F1 of what was tried (seed 1; seeds 2 and 3 in brackets where run):
    shipped features, 8 epochs                               0.885 (0.889, 0.884)
    3 / 5 / 12 epochs                                        0.874 / 0.880 / 0.886
    word dropout of the word features only, 0.2 / 0.4        0.884 / 0.883
    word dropout incl. prefix/suffix, 0.3 (kept)             0.895 (0.894, 0.890)
    the same at 0.5 / 0.7                                    0.885 / 0.881
    + first-name/surname/other-entity gazetteer from train   0.904 (0.900)  not kept: seeds 0.87-0.95
      (jackknifed over 5 folds)                                             (misses Blinken, Budanov)
    + that and document-level features (the word lowercase
      / capitalised mid-sentence / next to a known name
      elsewhere in the text)                                  0.907 (0.904)  not kept: seeds 0.95
    document-level features without the gazetteer            0.892 (0.890)  not kept
    "al-"/"el-" words as name candidates                     0.883 (0.890)  not kept
    one-word names kept without evidence (no "weak" rule)    +0.007         not kept: seeds P 0.91
    the stage's name check accepting every particle the
      tagger knows ("Erwin van der Looi")                    +0.001         kept
    clean step: a line "- 4" (a wrapped tennis score) or a
      dash-list item is no "— Reuters" sign-off, so a results
      table is no longer cut there (train_529 lost 49 of its
      112 people; no dev body changes; training reads the raw
      text, so the weights are the same)                      0.928          kept
    clean step: the lines under a dateline of its own
      ("LONDON 1996-08-26") are the story (a results table, a
      short or capitalised lead were header lines: 39 train
      documents; train_410 a cricket table of 9 people,
      train_072 a lead of 2), and a lead longer than any
      headline is prose however capitalised; none of those
      people is in the held-out fifth, which gains two false
      people from tables ("Morgan Stanley" the underwriter)   0.927          kept: a data-loss fix
The gazetteer learned from 1996 wire names helps on more 1996 wire copy and hurts on the
2024 news of seeds: the tagger learns that a name is usually in the list. A CRF (Viterbi)
was not tried: the greedy perceptron's errors are unseen names, not inconsistent tag pairs.
Result of the kept settings, trained on all of train (946 documents): conll03-dev people
P 0.960 R 0.916 F1 0.938 through the flow (0.936 before), seeds 1.000; with the dateline
clean step P 0.961 R 0.924 F1 0.942, the #17 target of 0.94 (scored on dev once, after the
change was made for the lost lines of train).
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.models.person_tagger import MODEL_PATH, Tagger, _lines, is_upper_line, train  # noqa: E402
from transforms.common.text import tokenize  # noqa: E402

HOLDOUT_EVERY = 5       # every fifth train document (name order) is held out with --holdout


def held_out(docs: list[str]) -> list[str]:
    """The fifth of conll03-train kept out of training for choosing settings: every fifth
    document in name order, from the fifth (documents follow the wire's days and desks,
    so every day and desk is in it)."""
    return sorted(docs)[HOLDOUT_EVERY - 1::HOLDOUT_EVERY]


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


def mention_prf(tagger: Tagger, lines) -> str:
    """P/R/F1 of PER mention spans over labelled lines."""
    tp = n_pred = n_gold = 0
    for toks, gold, upper, _, _ in lines:
        pred = span_set(tagger.tag(toks, upper))
        ref = span_set(gold)
        tp, n_pred, n_gold = tp + len(pred & ref), n_pred + len(pred), n_gold + len(ref)
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f}"


def stage_score(setdir: Path, docs: list[str], tagger: Tagger) -> dict:
    """score.py's people score of ``docs`` of a set, run through the pipeline's parse step
    and the people stage with ``tagger`` (batches of 200 articles, as the flow's)."""
    from _common import parsed_articles
    from transforms.common.settings import load_settings
    from transforms.extract import people

    spec = importlib.util.spec_from_file_location("score", setdir.parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    settings = load_settings()
    arts, _ = parsed_articles(setdir / "raw", settings, [setdir / "raw" / d for d in docs])
    shipped, people.load_tagger = people.load_tagger, lambda path=None: tagger
    try:
        mentions = [m for k in range(0, len(arts), 200) for m in people.find_mentions(arts.iloc[k:k + 200], settings)]
    finally:
        people.load_tagger = shipped
    _, persons = people.resolve(mentions, arts, settings)
    wanted = set(docs)
    gold = [g for g in score.load_gold(str(setdir))["people"] if g["doc"] in wanted]
    by_doc = {Path(a["source_file"]).name: a for a in arts.to_dict("records")}
    res, link = score.score_people(gold, sorted(docs), by_doc, persons, None)
    return {**res, "linking_F1": link["F1"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--word-dropout", type=float, default=0.3,
                    help="share of training tokens trained without the features naming the word")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--holdout", action="store_true",
                    help=f"train without every {HOLDOUT_EVERY}th train document and score those; write nothing")
    args = ap.parse_args()
    bench = Path(args.bench)
    data = labelled(bench / "conll03-train")
    docs = sorted(p.name for p in (bench / "conll03-train" / "raw").iterdir())
    kept_out = set(held_out(docs)) if args.holdout else set()
    t0 = time.perf_counter()
    weights = train([(t, g, u) for t, g, u, doc, _ in data if doc not in kept_out], epochs=args.epochs,
                    seed=args.seed, word_dropout=args.word_dropout)
    print(f"trained on {len(docs) - len(kept_out)} documents in {time.perf_counter() - t0:.0f} s; {len(weights)} features")
    tagger = Tagger(weights)
    if args.holdout:
        res = stage_score(bench / "conll03-train", sorted(kept_out), tagger)
        print(f"held-out train ({len(kept_out)} documents), people through the stage: P {res['P']:.4f} "
              f"R {res['R']:.4f} F1 {res['F1']:.4f} (tp {res['tp']}, pred {res['pred']}, gold {res['gold']}); "
              f"linking F1 {res['linking_F1']:.3f}")
        print(f"held-out train PER mention spans: {mention_prf(tagger, [d for d in data if d[3] in kept_out])}")
        return 0
    with gzip.open(MODEL_PATH, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(weights, f, separators=(",", ":"), sort_keys=True)
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB)")
    print(f"conll03-dev PER mention spans: {mention_prf(tagger, labelled(bench / 'conll03-dev'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
