"""Person-name tagger: a small averaged perceptron over capitalised tokens (pure Python).

Why not spaCy here: its NER runs at ~4,400 words/s on this machine, and the people stage
must keep up with 20,000+. Names start with a capital letter (or sit inside an ALL-CAPS
headline), so only those tokens and the particles between them (van, de, bin) are scored;
everything else is O without a look. Features are the word, its shape, affixes, the words
around it and the previous tag. The weights are learned from CoNLL-2003 *train* by
``bench/train_person_tagger.py`` and shipped in ``transforms/data/person_tagger.json.gz``.

Example:
    >>> tagger = load_tagger()
    >>> [text for text, _, _ in tagger.spans("Defense Minister Rustem Umerov told KBS on Monday.")]
    ['Rustem Umerov']
"""
from __future__ import annotations

import functools
import gzip
import json
import random

from transforms.common.settings import DATA_DIR
from transforms.models import perceptron
from transforms.common.text import shape, tokenize

MODEL_PATH = DATA_DIR / "person_tagger.json.gz"
PARTICLES = frozenset("van von der den de del della di da la le du bin ibn al el dos das ter".split())
TAGS = ("B", "I", "O")


def is_upper_line(line: str) -> bool:
    """An ALL-CAPS line (a wire headline): names there look like every other word."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def is_candidate(tok: str) -> bool:
    """A token that can be part of a name: capitalised, or a particle ("van", "bin")."""
    return tok[:1].isupper() or tok.lower() in PARTICLES


def features(tokens: list[str], i: int, prev_tag: str, upper_line: bool) -> list[str]:
    """Feature names of token i (prev_tag: the tag just given to token i-1)."""
    w = tokens[i]
    lw = w.lower()
    p1 = tokens[i - 1] if i > 0 else "<s>"
    p2 = tokens[i - 2] if i > 1 else "<s>"
    n1 = tokens[i + 1] if i + 1 < len(tokens) else "</s>"
    n2 = tokens[i + 2] if i + 2 < len(tokens) else "</s>"
    start = i == 0 or p1 in (".", "!", "?", "\"", "“", ":", "-", "–", "—")
    f = ["b", f"w={lw}", f"sh={shape(w)}", f"p3={lw[:3]}", f"s3={lw[-3:]}", f"s2={lw[-2:]}",
         f"pw={p1.lower()}", f"nw={n1.lower()}", f"pw2={p2.lower()}", f"nw2={n2.lower()}",
         f"psh={shape(p1)}", f"nsh={shape(n1)}", f"pt={prev_tag}", f"pt+w={prev_tag}+{lw}",
         f"pt+sh={prev_tag}+{shape(w)}", f"start={start}", f"upper={upper_line}",
         f"pw+w={p1.lower()}+{lw}", f"w+nw={lw}+{n1.lower()}"]
    if start:
        f.append(f"start+w={lw}")
    if upper_line:
        f.append(f"upper+w={lw}")
    return f


class Tagger:
    """Greedy left-to-right tagging with an averaged perceptron's weights."""

    def __init__(self, weights: dict[str, dict[str, float]]) -> None:
        self.weights = weights

    def tag(self, tokens: list[str], upper_line: bool = False) -> list[str]:
        tags: list[str] = []
        for i in range(len(tokens)):
            best = _forced((tokens, upper_line), i, tags)
            if best is None:
                prev = tags[-1] if tags else "O"
                best = perceptron.best_tag(self.weights, features(tokens, i, prev, upper_line), TAGS, "O")
                if best == "I" and prev == "O":
                    best = "B"
            tags.append(best)
        # a particle cannot end a name
        for i in range(len(tags) - 1, -1, -1):
            if tags[i] == "I" and tokens[i].lower() in PARTICLES and (i + 1 == len(tags) or tags[i + 1] != "I"):
                tags[i] = "O"
        return tags

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """(surface, start, end) of every person name in ``text``."""
        out = []
        for line_start, line in _lines(text):
            toks = tokenize(line)
            if not toks:
                continue
            tags = self.tag([t for t, _, _ in toks], is_upper_line(line))
            i = 0
            while i < len(toks):
                if tags[i] == "B":
                    j = i + 1
                    while j < len(toks) and tags[j] == "I":
                        j += 1
                    s, e = line_start + toks[i][1], line_start + toks[j - 1][2]
                    out.append((text[s:e], s, e))
                    i = j
                else:
                    i += 1
        return out


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


@functools.cache
def load_tagger(path: str | None = None) -> Tagger:
    """The shipped model (``data/person_tagger.json.gz``) or the one at ``path``."""
    with gzip.open(path or MODEL_PATH, "rt", encoding="utf-8") as f:
        return Tagger(json.load(f))


# Features that name the word itself. Dropped together from a share of the training tokens
# (``word_dropout``) so that the context, shape and case features carry weight of their own:
# without that the tagger leans on the words it has seen and misses unseen names in plain
# contexts ("U.S. Ambassador Myles Frechette applauded"). Chosen on held-out train documents
# (bench/train_person_tagger.py --holdout): 0.3 scored best of 0.2-0.7.
WORD_FEATURES = ("w=", "pt+w=", "pw+w=", "w+nw=", "start+w=", "upper+w=", "p3=", "s3=", "s2=")


def train(sentences: list[tuple[list[str], list[str], bool]], epochs: int = 8, seed: int = 1,
          word_dropout: float = 0.0) -> dict:
    """Averaged perceptron weights from (tokens, gold BIO tags, upper_line) lines.

    Args:
        sentences: (tokens, gold BIO tags, upper_line) per line.
        epochs: passes over the lines.
        seed: shuffling and dropout seed (same seed, same weights).
        word_dropout: share of training tokens whose ``WORD_FEATURES`` are left out.
    """
    rng = random.Random(seed)

    def featurize(inputs, i, history):
        feats = _featurize(inputs, i, history)
        if word_dropout and rng.random() < word_dropout:
            feats = [f for f in feats if not f.startswith(WORD_FEATURES)]
        return feats

    return perceptron.train([((tokens, upper), gold) for tokens, gold, upper in sentences],
                            featurize, TAGS, "O", forced=_forced, epochs=epochs, seed=seed)


def _forced(inputs: tuple[list[str], bool], i: int, history: list[str]) -> str | None:
    """Only capitalised tokens and particles inside a name are scored; the rest is O."""
    tok = inputs[0][i]
    if not is_candidate(tok) or (tok.lower() in PARTICLES and (history[-1] if history else "O") == "O"):
        return "O"
    return None


def _featurize(inputs: tuple[list[str], bool], i: int, history: list[str]) -> list[str]:
    return features(inputs[0], i, history[-1] if history else "O", inputs[1])
