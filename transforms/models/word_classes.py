"""Word classes from WordNet: which lexicographer classes a word's senses belong to.

Used by the attribution tagger as features that generalise beyond the words it was trained
on: "despised" is a verb of emotion, "complain" one of communication, "believe" one of
cognition, "spokeswoman" a noun of the person class. The table is derived from WordNet 3.0
by ``bench/build_word_classes.py`` (``transforms/data/word_classes.tsv.gz``, WordNet's
licence inside); inflected forms reach their lemma by WordNet's own detachment rules
("criticized" -> "criticize"), written out here because they are a dozen suffix pairs.

Example:
    >>> lookup("criticized")
    (('communication', 'competition'), ())
    >>> lookup("spokeswoman")[1]
    ('person',)
"""
from __future__ import annotations

import functools
import gzip

from transforms.common.settings import DATA_DIR

TABLE_PATH = DATA_DIR / "word_classes.tsv.gz"
Classes = tuple[tuple[str, ...], tuple[str, ...]]          # (verb classes, noun classes), most frequent sense first

# WordNet's morphy detachment rules (suffix, replacement) per part of speech.
VERB_RULES = (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""))
NOUN_RULES = (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
              ("ies", "y"))


@functools.cache
def _table() -> dict[str, Classes]:
    out = {}
    with gzip.open(TABLE_PATH, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            word, verbs, nouns = line.rstrip("\n").split("\t")
            out[word] = (tuple(verbs.split(",")) if verbs else (), tuple(nouns.split(",")) if nouns else ())
    return out


def lookup(word: str) -> Classes:
    """(verb classes, noun classes) of a word form; empty tuples for unknown words."""
    table = _table()
    w = word.lower()
    verbs, nouns = table.get(w, ((), ()))
    if not verbs:
        verbs = next((table[b][0] for b in _bases(w, VERB_RULES) if b in table and table[b][0]), ())
        if not verbs and len(w) > 4 and w[-3:] in ("ing", "ed") and w[-4] == w[-5]:     # "planned", "stopping"
            verbs = table.get(w[:-3 if w.endswith("ing") else -2][:-1], ((), ()))[0]
    if not nouns:
        nouns = next((table[b][1] for b in _bases(w, NOUN_RULES) if b in table and table[b][1]), ())
    return verbs, nouns


def _bases(w: str, rules) -> list[str]:
    return [w[: -len(suffix)] + repl for suffix, repl in rules if w.endswith(suffix) and len(w) > len(suffix) + 1]
