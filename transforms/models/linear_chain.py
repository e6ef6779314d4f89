"""Decoding a linear-chain CRF: the best tag sequence of a sentence (Viterbi).

Used by the attribution tagger's cue stage. The CRF is trained with python-crfsuite by
``bench/train_attribution_tagger.py`` and exported as sparse weights (feature -> {tag:
weight}, plus tag -> tag transition weights), like ``transforms.models.perceptron``'s. Decoded here
rather than by crfsuite because a crfsuite model file keeps every one of its 1.4 million
feature weights (104 MB); the exported weights drop those below 0.01, which decode to the
same claims (PolNeAR dev F1 within 0.001) from a 2 MB file, and run time needs no crfsuite.
Viterbi over a handful of tags is a few lines of numpy.

Example:
    >>> model = {"state": {"w=said": {"B-C": 2.0}}, "transitions": {"O>I-C": -9.0, "B-C>O": 1.0}}
    >>> Decoder(model, ("O", "B-C", "I-C")).decode([["w=he"], ["w=said"], ["w=so"]])
    ['O', 'B-C', 'O']
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from transforms.models.perceptron import Scorer


class Decoder:
    """Viterbi decoding of a linear-chain CRF exported as emission and transition weights."""
    def __init__(self, model: dict, tags: Sequence[str]) -> None:
        self.tags = tuple(tags)
        self.state = Scorer(model["state"], self.tags)          # emission scores: one numpy call a sentence
        self.transitions = np.array([[model["transitions"].get(f"{a}>{b}", 0.0) for b in self.tags] for a in self.tags])
        self.into = self.transitions.T.tolist()                 # per "to" tag, the weight from each tag

    def decode(self, features: list[list[str]]) -> list[str]:
        return self.best_path(self.state.static(features))

    def best_path(self, emissions: np.ndarray) -> list[str]:
        """Viterbi over emission scores (tokens x tags). Plain Python: with three tags a
        step is nine additions, cheaper than the numpy calls it would take (ties go to the
        lower tag index, as ``argmax`` would); the cue stage's three tags are written out."""
        if not len(emissions):
            return []
        rows = emissions.tolist()
        back = self._forward3(rows) if len(self.tags) == 3 else self._forward(rows)
        score = back.pop()
        best_tags = [score.index(max(score))]
        for step in reversed(back):
            best_tags.append(step[best_tags[-1]])
        return [self.tags[k] for k in reversed(best_tags)]

    def _forward(self, rows: list[list[float]]) -> list:
        """Per step, the best "from" tag of each "to" tag; last, the final scores."""
        score, back = rows[0], []
        for row in rows[1:]:
            step, new = [], []
            for col, e in zip(self.into, row):
                came = [s + t for s, t in zip(score, col)]
                best = max(came)
                step.append(came.index(best))
                new.append(best + e)
            back.append(step)
            score = new
        return back + [score]

    def _forward3(self, rows: list[list[float]]) -> list:
        """:meth:`_forward` for three tags, unrolled (the same sums in the same order)."""
        (t00, t10, t20), (t01, t11, t21), (t02, t12, t22) = self.into
        s0, s1, s2 = rows[0]
        back = []
        for e0, e1, e2 in rows[1:]:
            k0, v0 = _first_best(s0 + t00, s1 + t10, s2 + t20)
            k1, v1 = _first_best(s0 + t01, s1 + t11, s2 + t21)
            k2, v2 = _first_best(s0 + t02, s1 + t12, s2 + t22)
            back.append((k0, k1, k2))
            s0, s1, s2 = v0 + e0, v1 + e1, v2 + e2
        return back + [[s0, s1, s2]]


def _first_best(a: float, b: float, c: float) -> tuple[int, float]:
    """Index and value of the largest of three, the first on ties."""
    if a >= b:
        return (0, a) if a >= c else (2, c)
    return (1, b) if b >= c else (2, c)
