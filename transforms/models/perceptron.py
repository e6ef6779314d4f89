"""Averaged perceptron for greedy left-to-right sequence tagging (pure Python).

Shared by two learned taggers of the pipeline: person names (``person_tagger``) and
attribution roles (stage 2 of ``attribution_tagger``). Written by hand because greedy
decoding lets a feature read the tags already given to the sentence ("a source was
tagged, now the content"), which a linear-chain CRF (python-crfsuite, used for the
attribution cues where that matters less) cannot, and the neural taggers (spaCy, flair)
cost 20-50x the time per word on this machine; a greedy perceptron over string features
is a page of code, trains in minutes and tags 50,000+ tokens a second.

A tagger supplies ``featurize(inputs, i, history) -> list[str]`` (history: the tags given
to tokens 0..i-1) and optionally ``forced(inputs, i, history) -> tag | None`` for tokens
whose tag needs no look (training then keeps the gold tag for them).
"""
from __future__ import annotations

import random
from collections import defaultdict
from typing import Any, Callable, Sequence

import numpy as np

Weights = dict[str, dict[str, float]]
Featurize = Callable[[Any, int, list[str]], list[str]]
Forced = Callable[[Any, int, list[str]], "str | None"]


def best_tag(weights: Weights, feats: list[str], tags: Sequence[str], default: str) -> str:
    """Highest-scoring tag; ties go to ``default``."""
    scores: dict[str, float] = defaultdict(float)
    for feat in feats:
        by_tag = weights.get(feat)
        if by_tag:
            for tag, w in by_tag.items():
                scores[tag] += w
    return max(tags, key=lambda t: (scores[t], t == default))


def train(examples: Sequence[tuple[Any, list[str]]], featurize: Featurize, tags: Sequence[str], default: str,
          forced: Forced | None = None, epochs: int = 8, seed: int = 1) -> Weights:
    """Averaged weights from (inputs, gold tags) pairs; teacher forcing on the history."""
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    totals: dict[tuple[str, str], float] = defaultdict(float)
    stamps: dict[tuple[str, str], int] = defaultdict(int)
    step = 0
    rng = random.Random(seed)
    data = list(examples)
    for _ in range(epochs):
        rng.shuffle(data)
        for inputs, gold in data:
            history: list[str] = []
            for i in range(len(gold)):
                if forced is not None and forced(inputs, i, history) is not None:
                    history.append(gold[i])
                    continue
                step += 1
                feats = featurize(inputs, i, history)
                guess = best_tag(weights, feats, tags, default)
                truth = gold[i]
                if guess != truth:
                    for feat in feats:
                        for tag, delta in ((truth, 1.0), (guess, -1.0)):
                            key = (feat, tag)
                            totals[key] += (step - stamps[key]) * weights[feat][tag]
                            stamps[key] = step
                            weights[feat][tag] += delta
                history.append(truth)       # teacher forcing: features see the gold history
    averaged: Weights = {}
    for feat, by_tag in weights.items():
        for tag, w in by_tag.items():
            key = (feat, tag)
            avg = round((totals[key] + (step - stamps[key]) * w) / max(step, 1), 4)
            if abs(avg) >= 1e-4:
                averaged.setdefault(feat, {})[tag] = avg
    return averaged


class Scorer:
    """Fast scoring with trained weights: a feature -> row index and a weight matrix, so the
    features that do not depend on the tag history are scored for a whole sentence in one
    numpy call, and only the few history features are looked up per token."""

    def __init__(self, weights: Weights, tags: Sequence[str]) -> None:
        self.tags = tuple(tags)
        self.index = {feat: i for i, feat in enumerate(sorted(weights))}
        self.matrix = np.zeros((len(self.index) + 1, len(self.tags)))      # last row: unknown features
        col = {t: j for j, t in enumerate(self.tags)}
        for feat, by_tag in weights.items():
            for tag, w in by_tag.items():
                self.matrix[self.index[feat], col[tag]] = w

    def static(self, features: list[list[str]]) -> np.ndarray:
        """Scores (tokens x tags) of each token's history-free features."""
        if not features:
            return np.zeros((0, len(self.tags)))
        unknown = len(self.index)
        ids = [self.index.get(f, unknown) for feats in features for f in feats]
        starts = np.cumsum([0] + [len(feats) for feats in features[:-1]])
        return np.add.reduceat(self.matrix[ids], starts, axis=0)

    def best(self, static_row: np.ndarray, history_features: list[str]) -> str:
        """The best tag given the token's static scores and its history features (ties go
        to the first tag, the default)."""
        scores = static_row.copy()
        for f in history_features:
            i = self.index.get(f)
            if i is not None:
                scores += self.matrix[i]
        return self.tags[int(np.argmax(scores))]


class GroupScores:
    """Scores of feature groups, memoised by the group's key.

    A tagger whose features come in groups that each depend on one small key (the word, the
    word pair, the parse of a token; ``attribution_features``) scores a group once per
    distinct key; a token's static scores are then the sum of its groups' rows. News text
    repeats its words and pairs, so most tokens cost a dictionary look-up instead of building
    and looking up dozens of feature strings. Keys come a group at a time (one list per
    group, a key per token), so a unit's look-ups are one ``map`` per group, and the keys not
    seen before are scored together in one numpy call: per key, numpy's call overhead
    cost more than the sum itself. The memo is bounded: when it holds ``max_rows`` rows it
    starts again empty.
    """

    def __init__(self, scorer: Scorer, builders: Sequence[Callable[[Any, Any], list[str]]], context: Any = None,
                 max_rows: int = 400_000) -> None:
        self.scorer, self.builders, self.context, self.max_rows = scorer, tuple(builders), context, max_rows
        self.memo: list[dict] = [{} for _ in self.builders]
        self.lists: list[dict] = [{} for _ in self.builders]
        self.table = np.zeros((4096, len(scorer.tags)))
        self.size = 0

    def static(self, columns: Sequence[Sequence]) -> np.ndarray:
        """Scores (tokens x tags): per token, the sum over its groups (``columns[g][i]`` is the
        key of group g of token i)."""
        n = len(columns[0]) if columns else 0
        if self.size + n * len(self.builders) > self.max_rows:
            self.memo, self.lists, self.size = [{} for _ in self.builders], [{} for _ in self.builders], 0
        rows = []
        for group, (memo, keys) in enumerate(zip(self.memo, columns)):
            got = list(map(memo.get, keys))
            if None in got:
                self._add(group, [k for k, row in zip(keys, got) if row is None])
                got = list(map(memo.__getitem__, keys))
            rows.append(got)
        if not n:
            return np.zeros((0, len(self.scorer.tags)))
        return self.table[rows].sum(axis=0)

    def vector(self, group: int, key) -> list[float]:
        """The scores of one group's key as a list (for the few history groups scored per token)."""
        found = self.lists[group].get(key)
        if found is None:
            if key not in self.memo[group]:
                self._add(group, [key])
            found = self.lists[group][key] = self.table[self.memo[group][key]].tolist()
        return found

    def _add(self, group: int, keys: list) -> None:
        """Rows of the keys not seen before, scored in one numpy call."""
        keys = list(dict.fromkeys(keys))
        build, context, memo = self.builders[group], self.context, self.memo[group]
        index, unknown = self.scorer.index, len(self.scorer.index)
        ids: list[int] = []
        starts: list[int] = []
        for key in keys:
            starts.append(len(ids))
            ids += [index.get(f, unknown) for f in build(key, context)] or [unknown]
        while self.size + len(keys) > len(self.table):
            self.table = np.concatenate([self.table, np.zeros_like(self.table)])
        self.table[self.size:self.size + len(keys)] = np.add.reduceat(self.scorer.matrix[ids], starts, axis=0)
        for key in keys:
            memo[key] = self.size
            self.size += 1
