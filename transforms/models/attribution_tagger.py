"""Attribution-role tagger: which tokens of a sentence are the source, the cue and the
content of an attribution (who said / believes / reported what).

The claims stage runs hand-written patterns for the reporting structures every newsroom
uses; this learned tagger finds the long tail those patterns miss ("X criticized ...",
"X wants ...", "X's view that ...", nested and relative sources). Two stages: stage 1
marks cue tokens, stage 2 tags sources (S) and contents (Q) around the cues it was given.
Besides the words, both read WordNet classes (``transforms.models.word_classes``) and a dependency
parse (``transforms.models.syntax``). Trained on PolNeAR *train* by
``bench/train_attribution_tagger.py``; weights in ``transforms/data/attribution_tagger.json.gz``.

Stage 1 is a linear-chain CRF (``transforms.models.linear_chain``; L2 only, c2 = 1, chosen on a
tenth of PolNeAR train held out): it weighs the tagging of the whole sentence at once, and
finding cues is what limits recall. Claims F1 with a greedy perceptron there -> with the
CRF: held-out tenth of train 0.753 -> 0.763 (strict 0.676 -> 0.691), PolNeAR dev 0.746 ->
0.751 (strict 0.687 -> 0.696). Stage 2 stays a greedy averaged perceptron
(``transforms.models.perceptron``): its features read the roles already given to the sentence ("a
source was tagged, now the content"), which a linear-chain CRF cannot; a CRF there scored
lower (dev 0.740).

A unit is a sentence, or several while a quotation is open (``text.quote_units``). Tagged
spans are assembled around each cue: every content span joins the nearest cue, which takes
the nearest source.

Example:
    >>> from transforms.common.settings import load_settings
    >>> [(a.source, a.cue, a.content) for a in find("Critics blasted the plan as reckless.", load_settings())][:1]
    [('Critics', 'blasted', 'the plan as reckless')]
"""
from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass, replace

from transforms.common.settings import DATA_DIR, Settings
from transforms.common.text import quote_mask, strip_span, tokenize
from transforms.models import linear_chain, perceptron, syntax
from transforms.models.attribution_features import (CUE_GROUPS, CUE_SYNTAX_GROUPS, HISTORY_GROUPS, ROLE_GROUPS,
                                                    ROLE_SYNTAX_GROUPS, Lexicon, cue_keys, quoted_tokens,
                                                    role_keys)
from transforms.models.syntax import Token

MODEL_PATH = DATA_DIR / "attribution_tagger.json.gz"
PLAIN_MODEL_PATH = DATA_DIR / "attribution_tagger_plain.json.gz"
ROLES = ("S", "C", "Q")
TAGS = ("O",) + tuple(f"{bi}-{r}" for r in ROLES for bi in "BI")
CUE_TAGS = ("O", "B-C", "I-C")


@dataclass(frozen=True)
class Attribution:
    """One assembled attribution; offsets are relative to the tagged unit."""
    source: str | None
    source_span: tuple[int, int] | None
    cue: str
    cue_span: tuple[int, int]
    content: str
    content_span: tuple[int, int]
    content_parts: tuple[tuple[int, int], ...] = ()     # the content spans it joins ("A," he said, "B")


# ----------------------------------------------------------------------------- tagging
class Tagger:
    """The two stages with their weights: the cue CRF, then the role perceptron. Features are
    scored by group (``attribution_features``), each group once per distinct key."""
    def __init__(self, model: dict, lexicon: Lexicon) -> None:
        self.cue = linear_chain.Decoder(model["cue"], CUE_TAGS)
        self.role = perceptron.Scorer(model["role"], TAGS)
        self.lexicon = lexicon
        # which stages read the dependency parse (models trained before the choice: both)
        self.cue_syntax = model.get("cue_syntax", model.get("syntax", True))
        self.role_syntax = model.get("role_syntax", model.get("syntax", True))
        self.syntax = self.cue_syntax or self.role_syntax
        self.cue_scores = perceptron.GroupScores(self.cue.state, CUE_GROUPS + (CUE_SYNTAX_GROUPS if self.cue_syntax else ()),
                                                 lexicon)
        self.role_scores = perceptron.GroupScores(self.role, ROLE_GROUPS + (ROLE_SYNTAX_GROUPS if self.role_syntax else ()),
                                                  lexicon)
        self.history_scores = perceptron.GroupScores(self.role, HISTORY_GROUPS, lexicon)

    def finds_cue(self, text: str) -> bool:
        """Whether stage 1 marks a cue in the unit (the gate of ``[claims] syntax_units =
        "cue_candidates"``, with a model whose cue stage reads no parse)."""
        if self.cue_syntax:
            raise ValueError("the cue gate is a cue stage that reads no parse")
        toks = tokenize(text)
        words, quoted = [t for t, _, _ in toks], quoted_tokens(text, [(s, e) for _, s, e in toks])
        return any(t != "O" for t in self.cue.best_path(self.cue_scores.static(cue_keys(words, text, quoted, None))))

    def tag(self, text: str, parse: list[Token] | None = None) -> tuple[list[tuple[str, int, int]], list[str]]:
        """Tokens and their tags; ``parse``: the unit's ``syntax.analyse`` when the caller
        parsed many units in one batch (faster), else it is parsed here if the model reads syntax."""
        toks = tokenize(text)
        if not self.syntax:
            parse = None
        elif parse is None:
            parse = syntax.analyse([text])[0]
        words, quoted = [t for t, _, _ in toks], quoted_tokens(text, [(s, e) for _, s, e in toks])
        cue_parse = parse if self.cue_syntax else None
        cue_tags = _well_formed(self.cue.best_path(self.cue_scores.static(cue_keys(words, text, quoted, cue_parse))))
        if all(t == "O" for t in cue_tags):
            return toks, cue_tags          # no cue, no attribution: stage 2 would find nothing to assemble
        role_parse = parse if self.role_syntax else None
        static = self.role_scores.static(role_keys(words, text, quoted, cue_tags, self.lexicon, role_parse)).tolist()
        return toks, self._roles(static, [w.lower() for w in words], quoted, cue_tags)

    def _roles(self, static: list[list[float]], lw: list[str], quoted: list[bool], cue_tags: list[str]) -> list[str]:
        """Greedy left-to-right tagging of stage 2; cues keep their stage 1 tags. The history
        keys are those of ``history_keys`` (training), kept up to date as the tags are given."""
        out: list[str] = []
        vector = self.history_scores.vector
        p1, p2, last = "<s>", "<s>", "-"
        for i, row in enumerate(static):
            if cue_tags[i] != "O":
                tag = cue_tags[i]
            else:
                w = lw[i]
                a, b, c = vector(0, (p1, p2, last, quoted[i])), vector(1, (p1, w)), vector(2, (last, w))
                scores = [s + x + y + z for s, x, y, z in zip(row, a, b, c)]
                tag = _opening(p1 if out else "O", TAGS[scores.index(max(scores))])     # ties: the first tag, as argmax
            out.append(tag)
            p1, p2 = tag, p1
            if tag != "O" and not tag.endswith("C"):
                last = tag[-1]
        return out


def _opening(prev: str, tag: str) -> str:
    """An inside tag cannot open a span: after a tag of another role it becomes B-."""
    return "B-" + tag[2:] if tag.startswith("I-") and prev[2:] != tag[2:] else tag


def _well_formed(tags: list[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        out.append(_opening(out[-1] if out else "O", tag))
    return out


def role_spans(toks: list[tuple[str, int, int]], tags: list[str]) -> list[tuple[str, int, int, int, int]]:
    """(role, first token, end token, char start, char end) of every tagged span."""
    out, i = [], 0
    while i < len(tags):
        if tags[i] == "O":
            i += 1
            continue
        role, j = tags[i][-1], i + 1
        while j < len(tags) and tags[j] == "I-" + role:
            j += 1
        out.append((role, i, j, toks[i][1], toks[j - 1][2]))
        i = j
    return out


def assemble(text: str, toks: list[tuple[str, int, int]], tags: list[str]) -> list[Attribution]:
    """Group tagged spans into attributions: one per cue that has content. Each content
    span joins the nearest cue (ties: the cue before it); each cue takes the nearest source."""
    spans = role_spans(toks, tags)
    cues = [s for s in spans if s[0] == "C"]
    if not cues:
        return []

    def gap(a, b) -> int:
        return max(a[1] - b[2], b[1] - a[2], 0)

    contents: dict[int, list] = {}
    for s in spans:
        if s[0] == "Q":
            k = min(range(len(cues)), key=lambda c: (gap(s, cues[c]), cues[c][1] > s[1]))
            contents.setdefault(k, []).append(s)
    sources = [s for s in spans if s[0] == "S"]
    out = []
    for k, parts in sorted(contents.items()):
        cue = cues[k]
        start, end = _trim(text, parts[0][3], parts[-1][4])
        if end <= start:
            continue
        src = min(sources, key=lambda s: (gap(s, cue), s[1] > cue[1])) if sources else None
        out.append(Attribution(
            source=text[src[3]:src[4]] if src else None, source_span=(src[3], src[4]) if src else None,
            cue=text[cue[3]:cue[4]], cue_span=(cue[3], cue[4]), content=text[start:end], content_span=(start, end),
            content_parts=tuple(_trim(text, p[3], p[4]) for p in parts)))
    return _fold_nested(text, out)


def _fold_nested(text: str, found: list[Attribution]) -> list[Attribution]:
    """"The commissioner says | an internal review shows no one leaked it": when a content
    runs straight into another attribution's source, what the first speaker reports is
    the whole second attribution, so its content extends over it and the second goes.
    (A token has one role, as in PolNeAR's annotation: the greedy tagger cannot give "an
    internal review" both, and would leave the outer content as "an".)"""
    out, folded = [], set()
    for i, a in enumerate(found):
        if i in folded:
            continue
        for j, b in enumerate(found):
            if j == i or j in folded or b.source_span is None or a.content_span[0] < a.cue_span[1]:
                continue
            joined = b.source_span[0] >= a.content_span[1] and not text[a.content_span[1]:b.source_span[0]].strip(" \"“'‘")
            if joined and b.source_span[0] < b.cue_span[0] < b.content_span[0]:
                end = b.content_span[1]
                a = replace(a, content=text[a.content_span[0]:end], content_span=(a.content_span[0], end),
                            content_parts=a.content_parts + ((b.source_span[0], end),))
                folded.add(j)
        out.append(a)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Content without the quotation marks and closing punctuation around it."""
    return strip_span(text, start, end, lead="“‘\"' ,:", trail="”’\"' ,.;:")


def is_direct(text: str, parts: tuple[tuple[int, int], ...], share: float, mask: list[bool] | None = None) -> bool:
    """Verbatim quotation: over the content's parts, the first and last letters lie inside
    quotation marks, and ``share`` of all (``[claims] direct_quote_share``)."""
    mask = mask or quote_mask(text)
    inside = [mask[i] for start, end in parts for i in range(start, end) if text[i].isalnum()]
    return bool(inside) and inside[0] and inside[-1] and sum(inside) >= share * len(inside)


@functools.cache
def feature_lexicon(settings: Settings) -> Lexicon:
    """The feature word lists, from the settings' vocabularies: one-word cues of the hand-kept
    and learned cue lists, pronouns, and the classes of ``word_class_roles``."""
    words = settings.vocab("cue_verbs") | settings.vocab("cue_verbs_learned")
    roles = settings.vocab_rows("word_class_roles")
    return Lexicon(cues=frozenset(w.lower() for w in words if " " not in w),
                   pronouns=settings.vocabularies.pronouns("subject", "object", "demonstrative", "relative"),
                   reporting=frozenset(c for c, role in roles if role == "reporting"),
                   sources=frozenset(c for c, role in roles if role == "source"))


@functools.cache
def load_tagger(settings: Settings, syntax: bool = True) -> Tagger:
    """A shipped model, once per settings: the one that reads the dependency parse
    (``data/attribution_tagger.json.gz``) or the one trained without it
    (``data/attribution_tagger_plain.json.gz``: the cue gate, and the tagger of
    ``[claims] syntax_units = "none"``)."""
    with gzip.open(MODEL_PATH if syntax else PLAIN_MODEL_PATH, "rt", encoding="utf-8") as f:
        return Tagger(json.load(f), feature_lexicon(settings))


def find(text: str, settings: Settings, parse: list[Token] | None = None, syntax: bool = True) -> list[Attribution]:
    """Attributions in one unit of text (a sentence, or sentences joined by a quotation),
    by the model that reads the parse (``syntax``) or the one without it."""
    if _FOUND_AHEAD and (ahead := _FOUND_AHEAD.pop((text, syntax, settings), None)) is not None:
        return ahead
    toks, tags = load_tagger(settings, syntax).tag(text, parse)
    return assemble(text, toks, tags)


# Attributions found before they are asked for, by (unit, model, settings), each taken once
# by find(): a scheduled run's warm worker tags its few new articles while the flow's process
# runs dedup, stories and people (flows/tasks.py, WarmWorker). The same function of the
# same unit: the rows are those find() would give.
_FOUND_AHEAD: dict[tuple[str, bool, Settings], list[Attribution]] = {}


def find_ahead(texts: list[str], settings: Settings, parses: list, syntax: bool = True) -> None:
    """:func:`find` of every unit now; a later ``find`` of one of them takes the result."""
    _FOUND_AHEAD.clear()                # what an earlier run asked for and did not take
    for text, parse in zip(texts, parses):
        _FOUND_AHEAD[(text, syntax, settings)] = find(text, settings, parse, syntax)
