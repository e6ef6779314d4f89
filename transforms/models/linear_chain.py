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

    def decode(self, features: list[list[str]]) -> list[str]:
        return self.best_path(self.state.static(features))

    def best_path(self, emissions: np.ndarray) -> list[str]:
        """Viterbi over emission scores (tokens x tags). Plain Python: with three tags a
        step is nine additions, cheaper than the numpy calls it would take (ties go to the
        lower tag index, as ``argmax`` would)."""
        if not len(emissions):
            return []
        rows, trans, tags = emissions.tolist(), self.transitions.tolist(), range(len(self.tags))
        score, back = rows[0], []
        for row in rows[1:]:
            step = [max(tags, key=lambda a: score[a] + trans[a][b]) for b in tags]       # first best "from" per "to"
            back.append(step)
            score = [score[a] + trans[a][b] + row[b] for b, a in zip(tags, step)]
        best = [max(tags, key=score.__getitem__)]
        for step in reversed(back):
            best.append(step[best[-1]])
        return [self.tags[k] for k in reversed(best)]
