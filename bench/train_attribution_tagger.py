"""Train the attribution-role tagger on PolNeAR train and write its weights.

    python bench/train_attribution_tagger.py [--bench ../shared/bench] [--epochs 6] [--oracle]
    python bench/train_attribution_tagger.py --holdout [--fold K] [--holdout-set DIR] --out FOLD.json.gz

Reads ``polnear-train/raw`` and the source / cue / content spans of
``polnear-train/gold/claims.jsonl`` (the split the set reserves for learning), tags every
unit's tokens with BIO tags of the three roles, parses the units (``transforms.models.syntax``, about
70 s), trains stage 1 (cues: a linear-chain CRF with python-crfsuite, about 6 min) and
stage 2 (roles: ``transforms.models.perceptron``, about 3 min) and writes both to
``transforms/data/attribution_tagger.json.gz``. As a check it scores the tagger
alone on ``polnear-dev`` with score.py's own claim matching (the real figures come from
``bench/claims.py`` through the flow). ``--oracle`` scores gold tags through the same
assembly instead: the ceiling of the assembly step.

For choices, ``--holdout`` trains on nine tenths of train and scores the tagger alone on
the held-out tenth (``--fold``: which one); ``--holdout-set`` also writes that tenth as a
benchmark set, to score the whole flow on it with the fold's weights.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pycrfsuite

from _common import ROOT

from transforms.models import attribution_features as af  # noqa: E402
from transforms.models import attribution_tagger as at  # noqa: E402
from transforms.models import perceptron, syntax  # noqa: E402
from transforms.common.settings import load_settings  # noqa: E402
from transforms.common.text import quote_mask, quote_units, tokenize  # noqa: E402


def gold_spans(setdir: Path) -> dict[str, list[dict]]:
    by_doc = defaultdict(list)
    with open(setdir / "gold" / "claims.jsonl", encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            by_doc[g["doc"]].append(g)
    return by_doc


def labelled_units(setdir: Path):
    """(doc, unit text, unit start, tokens, gold tags) of every unit."""
    gold = gold_spans(setdir)
    out = []
    for path in sorted((setdir / "raw").iterdir()):
        text = path.read_text(encoding="utf-8")
        role = [None] * len(text)                 # (role, fragment key) per character
        for k, g in enumerate(gold[path.name]):
            for r, key in (("S", "speaker_spans"), ("C", "cue_spans"), ("Q", "content_spans")):
                for f, (a, b) in enumerate(g[key]):
                    for i in range(a, b):
                        role[i] = (r, k, f)
        for unit, start, end in quote_units(text):
            toks = tokenize(unit)
            tags, prev = [], None
            for _, s, e in toks:
                lab = next((role[start + i] for i in range(s, e) if role[start + i]), None)
                tags.append("O" if lab is None else ("I-" if lab == prev else "B-") + lab[0])
                prev = lab
            out.append((path.name, unit, start, toks, tags))
    return out


def stage_examples(units, cues, with_syntax: bool = True):
    """Training pairs of both stages; stage 2 sees the gold cues (stage 1 finds them at run time)."""
    cue_ex, role_ex = [], []
    parses = syntax.analyse([unit for _, unit, _, _, _ in units]) if with_syntax else [None] * len(units)
    for (_, unit, _, toks, tags), parse in zip(units, parses):
        words, quoted = [t for t, _, _ in toks], af.quoted_tokens(unit, [(s, e) for _, s, e in toks])
        cue_tags = [t if t.endswith("C") else "O" for t in tags]
        cue_ex.append((af.stage_inputs(words, unit, quoted, cues, parse), cue_tags))
        role_ex.append((af.stage_inputs(words, unit, quoted, cues, parse, cue_tags), tags))
    return cue_ex, role_ex


def train_cue_crf(examples, c1: float, c2: float, min_weight: float = 0.01) -> dict:
    """Stage 1: a linear-chain CRF (python-crfsuite, L-BFGS), exported as the sparse weights
    ``transforms.models.linear_chain`` decodes; weights under ``min_weight`` are dropped (most of
    the 1.4 million: the file goes from 104 MB to 2 MB, the claims stay the same)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for inputs, tags in examples:
        trainer.append(inputs[0], tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 150, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        trainer.train(f"{tmp}/cues.crfsuite")
        tagger = pycrfsuite.Tagger()
        tagger.open(f"{tmp}/cues.crfsuite")
        info = tagger.info()
    state: dict[str, dict[str, float]] = {}
    for (feature, tag), w in info.state_features.items():
        if abs(w) >= min_weight:
            state.setdefault(feature, {})[tag] = round(w, 4)
    return {"state": state, "transitions": {f"{a}>{b}": round(w, 4) for (a, b), w in info.transitions.items()}}


SETTINGS = load_settings()


def held_out(docs: list[str], fold: int = 0) -> list[str]:
    """The tenth of polnear-train kept out of training for tuning: every tenth document
    in name order from the ``fold``-th (the names start with the publisher, so every
    publisher is in it). Fold 0 is the one the choices so far were made on; a choice made
    on it should hold on another fold too (README: the context features that gained 0.016
    F1 on fold 0 and nothing on dev)."""
    return sorted(docs)[fold::10]


def write_held_out_set(docs: list[str], out: Path, bench: Path) -> None:
    """The held-out documents as a benchmark set (``raw/`` links, ``gold/`` rows of
    polnear-train), so the flow can be scored on them with score.py: with the fold's weights
    in place of the shipped ones (in a worktree), ``news-etl run --input OUT/raw`` then
    ``score.py --set OUT``."""
    src, kept = bench / "polnear-train", set(docs)
    (out / "raw").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(exist_ok=True)
    for doc in docs:
        link = out / "raw" / doc
        if not link.exists():
            link.symlink_to((src / "raw" / doc).resolve())
    for name in ("articles.jsonl", "claims.jsonl"):
        with open(src / "gold" / name, encoding="utf-8") as f, open(out / "gold" / name, "w", encoding="utf-8") as g:
            g.writelines(line for line in f if json.loads(line)["doc"] in kept)


def score_units(setdir: Path, units, tag_fn, docs: set[str] | None = None) -> dict:
    """score.py's claim score for attributions assembled from ``tag_fn(unit, parse, gold)``,
    over the set's documents (``docs`` only, if given: the units must be theirs)."""
    spec = importlib.util.spec_from_file_location("score", setdir.parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    rows = []
    parses = syntax.analyse([unit for _, unit, _, _, _ in units])
    for (doc, unit, start, toks, gold), parse in zip(units, parses):
        mask = quote_mask(unit)
        for a in at.assemble(unit, toks, tag_fn(unit, parse, gold)):
            rows.append({"claim_id": f"c{len(rows)}", "article_id": doc, "speaker": a.source, "speaker_person_id": None,
                         "cue": a.cue, "content": a.content, "is_direct": at.is_direct(unit, a.content_parts, SETTINGS.claims.direct_quote_share, mask)})
    claims = pd.DataFrame(rows, columns=["claim_id", "article_id", "speaker", "speaker_person_id", "cue", "content", "is_direct"])
    docs = sorted(docs if docs is not None else (p.name for p in (setdir / "raw").iterdir()))
    by_doc = gold_spans(setdir)
    gold = [g for doc in docs for g in by_doc.get(doc, [])]
    return score.score_claims(gold, docs, {d: {"article_id": d} for d in docs}, claims, None)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--epochs", type=int, default=6, help="stage 2 perceptron (10 epochs scored lower on dev)")
    ap.add_argument("--c1", type=float, default=0.0, help="stage 1 CRF: L1 weight")
    ap.add_argument("--c2", type=float, default=1.0, help="stage 1 CRF: L2 weight")
    ap.add_argument("--oracle", action="store_true")
    ap.add_argument("--holdout", action="store_true",
                    help="train on nine tenths of polnear-train (every tenth document is held out for tuning)")
    ap.add_argument("--fold", type=int, default=0, choices=range(10), help="with --holdout: which tenth is held out")
    ap.add_argument("--holdout-set", help="with --holdout: also write the held-out documents as a set to this folder")
    ap.add_argument("--no-syntax", action="store_true", help="features without the dependency parse")
    ap.add_argument("--out", default=str(at.MODEL_PATH), help="where the weights go")
    args = ap.parse_args()
    bench = Path(args.bench)
    cues = at.feature_lexicon(SETTINGS)
    if args.oracle:
        res = score_units(bench / "polnear-dev", labelled_units(bench / "polnear-dev"), lambda unit, parse, gold: gold)
        print("oracle (gold tags through the assembly): "
              + " ".join(f"{k} {res[k]:.3f}" for k in ("P", "R", "F1", "strict_F1", "direct_acc")))
        return 0
    docs = sorted(p.name for p in (bench / "polnear-train" / "raw").iterdir())
    kept_out = set(held_out(docs, args.fold)) if args.holdout else set()
    if args.holdout_set:
        if not args.holdout:
            ap.error("--holdout-set needs --holdout")
        write_held_out_set(sorted(kept_out), Path(args.holdout_set), bench)
    units = labelled_units(bench / "polnear-train")         # read once: the held-out tenth is scored below
    train = [u for u in units if u[0] not in kept_out]
    print(f"{len(train):,} training units")
    t0 = time.perf_counter()
    cue_ex, role_ex = stage_examples(train, cues, not args.no_syntax)
    weights = {"cue": train_cue_crf(cue_ex, args.c1, args.c2), "syntax": not args.no_syntax}
    print(f"stage 1 (CRF) trained in {time.perf_counter() - t0:.0f} s")
    weights["role"] = perceptron.train(role_ex, af.featurize, at.TAGS, "O", forced=af.cue_forced, epochs=args.epochs)
    print(f"trained in {time.perf_counter() - t0:.0f} s; {len(weights['cue']['state']) + len(weights['role']):,} features")
    out = Path(args.out)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(weights, f, separators=(",", ":"), sort_keys=True)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    tagger = at.Tagger(weights, cues)
    if args.holdout:            # never dev: the choices are made on the held-out tenth
        units, setdir, name = [u for u in units if u[0] in kept_out], bench / "polnear-train", f"held-out tenth {args.fold}"
    else:                       # dev read only here
        units, setdir, name = labelled_units(bench / "polnear-dev"), bench / "polnear-dev", "polnear-dev"
    res = score_units(setdir, units, lambda unit, parse, gold: tagger.tag(unit, parse)[1], kept_out or None)
    print(f"{name}, tagger alone: " + " ".join(f"{k} {res[k]:.4f}" for k in ("P", "R", "F1", "strict_F1", "direct_acc")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
