"""Features of the attribution tagger (``transforms.models.attribution_tagger``), in groups.

Input: a unit's tokens (``text.tokenize``), which of them are quoted, the feature word
lists (:class:`Lexicon`) and, when the model reads syntax, the unit's dependency parse
(``transforms.models.syntax``). Output: per token, one key per feature group; a group's
features are a function of its key alone (the word; the word before it; the word and the
next; the parse of the token; ...).

Why groups: a news corpus repeats its words, word pairs and parse patterns, so the tagger
scores a group's features once per distinct key (``perceptron.GroupScores``) instead of
building and looking up some forty feature strings per token; that made the tagger several
times faster. Training flattens the same groups into the feature strings it always had
(:func:`cue_features`, :func:`role_features`), so the weights and the scores are the same
either way.

Example:
    >>> from transforms.common.settings import load_settings
    >>> from transforms.models.attribution_tagger import feature_lexicon
    >>> keys = cue_keys(["Officials", "said"], "Officials said", [False, False], None)
    >>> CUE_GROUPS[0](keys[0][1], feature_lexicon(load_settings()))[:2]
    ['w=said', 'l=said']
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Hashable

from transforms.common.text import quote_mask, shape, strip_suffix
from transforms.models.syntax import Token
from transforms.models.word_classes import lookup


@dataclass(frozen=True)
class Lexicon:
    """The word lists the tagger's features read (its weights were trained with them):
    cue words (hand-kept and learned), pronouns, and the WordNet classes that mark
    reporting words and sources (``data/word_class_roles.txt``)."""
    cues: frozenset[str]
    pronouns: frozenset[str]
    reporting: frozenset[str]
    sources: frozenset[str]


@functools.lru_cache(maxsize=200_000)
def lemma(w: str) -> str:
    """A crude stem ("criticized", "criticizes", "criticizing" -> "criticiz"): enough for
    features to share evidence between the forms of a cue verb."""
    return strip_suffix(w, ("ing", "ied", "ies", "ed", "es", "s"), 3)


@functools.lru_cache(maxsize=200_000)
def word_class(w: str, reporting: frozenset[str], sources: frozenset[str]) -> tuple[str, str, str]:
    """(first verb class, first noun class, reporting / source classes any sense has) of a
    lower-cased word, from WordNet (``transforms.models.word_classes``)."""
    verbs, nouns = lookup(w)
    marks = sorted((set(verbs) & reporting) | {"n." + c for c in set(nouns) & (reporting | sources)})
    return (verbs[0] if verbs else "-"), (nouns[0] if nouns else "-"), "+".join(marks) or "-"


def _classes(w: str, lex: Lexicon) -> tuple[str, str, str]:
    return word_class(w, lex.reporting, lex.sources)


def _bucket(d: int | None) -> str:
    if d is None:
        return "none"
    return str(d) if d <= 3 else "4-6" if d <= 6 else "7-12" if d <= 12 else "far"


def quoted_tokens(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Per token (its (start, end) span in ``text``): inside a quotation."""
    mask = quote_mask(text)
    return [mask[s] for s, _ in spans]


def _has_quote(text: str) -> bool:
    return any(c in text for c in "“”\"")


# ----------------------------------------------------------------------------- stage 1: is this token a cue?
# The word, its stem and neighbours, the hand-kept and learned cue lexicon, its WordNet
# classes, whether it is quoted, and its place in the parse: which arguments it governs (a
# subject, a clause) and what kind its subject is.
def _cue_word(word: str, lex: Lexicon) -> list[str]:
    w = word.lower()
    v, nc, marks = _classes(w, lex)
    is_cue = w in lex.cues
    return [f"w={w}", f"l={lemma(w)}", f"sh={shape(word)}", f"s3={w[-3:]}", f"lex={is_cue}", f"v={v}", f"nc={nc}",
            f"marks={marks}", f"v+s3={v}+{w[-2:]}", f"marks+lex={marks}+{is_cue}"]


def _cue_prev(word: str | None, lex: Lexicon) -> list[str]:
    if word is None:
        return ["p1=<s>", "p1sh=<s>", "pv=<s>"]
    w = word.lower()
    return [f"p1={w}", f"p1sh={shape(word)}", f"pv={_classes(w, lex)[0]}"]


def _cue_next(n1: str, lex: Lexicon) -> list[str]:
    return [f"n1={n1}", f"n1lex={n1 in lex.cues}", f"nv={_classes(n1, lex)[0] if n1 != '</s>' else '</s>'}"]


def _cue_left(key: tuple[str, str], lex: Lexicon) -> list[str]:
    p1, w = key
    v = _classes(w, lex)[0]
    pn = "<s>" if p1 == "<s>" else _classes(p1, lex)[1]
    return [f"p1w={p1}+{w}", f"p1l={p1}+{lemma(w)}", f"p1+v={p1}+{v}", f"pn+v={pn}+{v}"]


def _cue_right(key: tuple[str, str], lex: Lexicon) -> list[str]:
    w, n1 = key
    return [f"wn1={w}+{n1}", f"ln1={lemma(w)}+{n1}", f"lex+n1={w in lex.cues}+{n1}", f"v+n1={_classes(w, lex)[0]}+{n1}"]


def _cue_place(key: tuple[bool, bool, bool], lex: Lexicon) -> list[str]:
    quoted, has_quote, first = key
    return ["b", f"q={quoted}", f"hq={has_quote}", f"first={first}"]


def _cue_syntax(key: tuple[str, str, str, str, str], lex: Lexicon) -> list[str]:
    tag, dep, head_tag, kids, subject = key
    return [f"tag={tag}", f"dep={dep}", f"kids={kids}", f"sk={subject}", f"tag+kids={tag}+{kids}",
            f"tag+sk={tag}+{subject}", f"dep+htag={dep}+{head_tag}", f"tag+dep={tag}+{dep}"]


def _cue_word_syntax(key: tuple[str, str], lex: Lexicon) -> list[str]:
    return [f"w+kids={key[0]}+{key[1]}"]


Builder = Callable[[Hashable, Lexicon], list[str]]
CUE_GROUPS: tuple[Builder, ...] = (_cue_word, _cue_prev, lambda p2, lex: [f"p2={p2}"], _cue_next,
                                   lambda n2, lex: [f"n2={n2}"], _cue_left, _cue_right, _cue_place)
CUE_SYNTAX_GROUPS: tuple[Builder, ...] = (_cue_syntax, _cue_word_syntax)


def cue_keys(words: list[str], text: str, quoted: list[bool], parse: list[Token] | None) -> list[list]:
    """The keys of the stage 1 groups (``CUE_GROUPS``, then ``CUE_SYNTAX_GROUPS`` when a parse
    is given), a group at a time: ``keys[g][i]`` is the key of group g of token i."""
    lw = [w.lower() for w in words]
    p1, n1 = _before(lw, 1), _after(lw, 1)
    has_quote = _has_quote(text)
    keys = [words, _before(words, 1, None), _before(lw, 2), n1, _after(lw, 2), list(zip(p1, lw)), list(zip(lw, n1)),
            [(q, has_quote, i == 0) for i, q in enumerate(quoted)]]
    if parse is not None:
        keys += [[(t[0], t[1], t[2], t[4], t[5]) for t in parse], [(w, t[4]) for w, t in zip(lw, parse)]]
    return keys


def _before(words: list, k: int, pad="<s>") -> list:
    """Per token, the word k places before it (``pad`` before the first)."""
    return ([pad] * k + words)[:len(words)]


def _after(words: list, k: int, pad="</s>") -> list:
    """Per token, the word k places after it (``pad`` after the last)."""
    return (words + [pad] * k)[k:]


def cue_features(words: list[str], text: str, quoted: list[bool], lexicon: Lexicon,
                 parse: list[Token] | None) -> list[list[str]]:
    """Stage 1 features of every token as strings (training)."""
    groups = CUE_GROUPS + (CUE_SYNTAX_GROUPS if parse is not None else ())
    return [[f for build, key in zip(groups, keys) for f in build(key, lexicon)]
            for keys in zip(*cue_keys(words, text, quoted, parse))]


# ----------------------------------------------------------------------------- stage 2: source, content or neither?
# Given the cues: distance and side to the nearest cue, that cue's stem, a complementiser
# in between, quotation marks, and the label of the branch that joins the token to a cue
# in the parse (nsubj: likely the source; ccomp / dobj: likely the content).
def _role_word(word: str, lex: Lexicon) -> list[str]:
    w = word.lower()
    _, nc, marks = _classes(w, lex)
    return [f"w={w}", f"sh={shape(word)}", f"s3={w[-3:]}", f"pron={w in lex.pronouns}", f"nc={nc}", f"marks={marks}"]


def _role_place(key: tuple, lex: Lexicon) -> list[str]:
    is_cue, cl, cr, q, has_quote, first, clw, crw, that = key
    return ["b", f"cue={is_cue}", f"cl={cl}", f"cr={cr}", f"q={q}", f"hq={has_quote}", f"first={first}",
            f"clw={clw}", f"crw={crw}", f"that={that}", f"cl+q={cl}+{q}", f"cr+q={cr}+{q}", f"cl+cr={cl}+{cr}",
            f"clw+cl={clw}+{cl}", f"crw+cr={crw}+{cr}"]


def _role_syntax(key: tuple[str, str, str, str], lex: Lexicon) -> list[str]:
    tag, dep, under, head_dep = key
    return [f"tag={tag}", f"dep={dep}", f"under={under}", f"under+dep={under}+{dep}", f"under+tag={under}+{tag}",
            f"hdep={head_dep}"]


ROLE_GROUPS: tuple[Builder, ...] = (
    _role_word, lambda p1, lex: [f"p1={p1}"], lambda p2, lex: [f"p2={p2}"], lambda n1, lex: [f"n1={n1}"],
    lambda n2, lex: [f"n2={n2}"], lambda k, lex: [f"p1w={k[0]}+{k[1]}"], lambda k, lex: [f"wn1={k[0]}+{k[1]}"],
    _role_place, lambda k, lex: [f"nc+cr={k[0]}+{k[1]}"])
ROLE_SYNTAX_GROUPS: tuple[Builder, ...] = (_role_syntax,)


def role_keys(words: list[str], text: str, quoted: list[bool], cue_tags: list[str], lexicon: Lexicon,
              parse: list[Token] | None) -> list[list]:
    """The keys of the stage 2 groups (``ROLE_GROUPS``, then ``ROLE_SYNTAX_GROUPS`` when a parse
    is given), given the cue tags of stage 1, a group at a time as :func:`cue_keys`."""
    lw = [w.lower() for w in words]
    lem, has_quote, n = [lemma(w) for w in lw], _has_quote(text), len(lw)
    is_cue = [t != "O" for t in cue_tags]
    left, right, left_cue, right_cue, that_after = [None] * n, [None] * n, ["-"] * n, ["-"] * n, [False] * n
    last, seen_that = None, False
    for i in range(n):
        if last is not None:
            left[i], left_cue[i], that_after[i] = i - last, lem[last], seen_that
        if is_cue[i]:
            last, seen_that = i, False
        elif lw[i] in ("that", ":"):
            seen_that = True
    last = None
    for i in range(n - 1, -1, -1):
        if last is not None:
            right[i], right_cue[i] = last - i, lem[last]
        if is_cue[i]:
            last = i
    p1, n1 = _before(lw, 1), _after(lw, 1)
    cl, cr = [_bucket(d) for d in left], [_bucket(d) for d in right]
    keys = [words, p1, _before(lw, 2), n1, _after(lw, 2), list(zip(p1, lw)), list(zip(lw, n1)),
            [(is_cue[i], cl[i], cr[i], quoted[i], has_quote, i == 0, left_cue[i], right_cue[i], that_after[i])
             for i in range(n)],
            [(_classes(w, lexicon)[1], c) for w, c in zip(lw, cr)]]
    if parse is not None:
        keys.append([(t[0], t[1], _branch_to_cue(parse, is_cue, i), t[3]) for i, t in enumerate(parse)])
    return keys


def role_features(words: list[str], text: str, quoted: list[bool], cue_tags: list[str],
                  parse: list[Token] | None, lexicon: Lexicon) -> list[list[str]]:
    """Stage 2 features of every token as strings (training)."""
    groups = ROLE_GROUPS + (ROLE_SYNTAX_GROUPS if parse is not None else ())
    return [[f for build, key in zip(groups, keys) for f in build(key, lexicon)]
            for keys in zip(*role_keys(words, text, quoted, cue_tags, lexicon, parse))]


def _branch_to_cue(parse: list[Token], is_cue: list[bool], i: int, max_steps: int = 12) -> str:
    """The dependency label of the child of the first cue above token i ("self" for a cue,
    "none" when no cue governs it)."""
    if is_cue[i]:
        return "self"
    j = i
    for _ in range(max_steps):
        head = parse[j][6]
        if head == j:
            return "none"
        if is_cue[head]:
            return parse[j][1]
        j = head
    return "none"


# ----------------------------------------------------------------------------- stage 2: the tags already given
HISTORY_GROUPS: tuple[Builder, ...] = (
    lambda k, lex: [f"t1={k[0]}", f"t12={k[1]}+{k[0]}", f"last={k[2]}", f"t1q={k[0]}+{k[3]}"],
    lambda k, lex: [f"t1w={k[0]}+{k[1]}"], lambda k, lex: [f"last+w={k[0]}+{k[1]}"])


def history_keys(lw: list[str], quoted: list[bool], i: int, history: list[str]) -> tuple:
    """Keys of the history groups of token i: the previous one or two tags, and the last role."""
    p1 = history[-1] if history else "<s>"
    p2 = history[-2] if len(history) > 1 else "<s>"
    last = next((h[-1] for h in reversed(history) if h != "O" and not h.endswith("C")), "-")
    return (p1, p2, last, quoted[i]), (p1, lw[i]), (last, lw[i])


def history_features(inputs: tuple, i: int, history: list[str]) -> list[str]:
    """Features of the tags already given (training); ``inputs`` as :func:`stage_inputs`."""
    return [f for build, key in zip(HISTORY_GROUPS, history_keys(inputs[1], inputs[2], i, history))
            for f in build(key, None)]


def stage_inputs(words: list[str], text: str, quoted: list[bool], lexicon: Lexicon, parse: list[Token] | None,
                 cue_tags: list[str] | None = None) -> tuple:
    """Training inputs of stage 1 (no cue tags yet) or stage 2 (given the cue tags):
    (static feature strings, lower-cased words, quoted flags, cue tags)."""
    static = (cue_features(words, text, quoted, lexicon, parse) if cue_tags is None
              else role_features(words, text, quoted, cue_tags, parse, lexicon))
    return static, [w.lower() for w in words], quoted, cue_tags


def featurize(inputs: tuple, i: int, history: list[str]) -> list[str]:
    """All features of token i (training): static ones plus those of the tag history."""
    return inputs[0][i] + history_features(inputs, i, history)


def cue_forced(inputs, i: int, history: list[str]) -> str | None:
    """Stage 2 keeps the cues of stage 1 as they are."""
    return inputs[3][i] if inputs[3][i] != "O" else None
