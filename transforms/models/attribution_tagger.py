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

from transforms.models import linear_chain, perceptron, syntax
from transforms.common.settings import DATA_DIR, Settings
from transforms.common.text import quote_mask, shape, strip_span, strip_suffix, tokenize
from transforms.models.syntax import Token
from transforms.models.word_classes import lookup

MODEL_PATH = DATA_DIR / "attribution_tagger.json.gz"
ROLES = ("S", "C", "Q")
TAGS = ("O",) + tuple(f"{bi}-{r}" for r in ROLES for bi in "BI")
CUE_TAGS = ("O", "B-C", "I-C")
# WordNet classes whose words can carry an attribution: say, believe, fear, see; sources
# are people and groups.


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


# ----------------------------------------------------------------------------- features
def _bucket(d: int | None) -> str:
    if d is None:
        return "none"
    return str(d) if d <= 3 else "4-6" if d <= 6 else "7-12" if d <= 12 else "far"


@functools.lru_cache(maxsize=200_000)
def lemma(w: str) -> str:
    """A crude stem ("criticized", "criticizes", "criticizing" -> "criticiz"): enough for
    features to share evidence between the forms of a cue verb."""
    return strip_suffix(w, ("ing", "ied", "ies", "ed", "es", "s"), 3)


def _context(words: list[str], text: str):
    """Lower-cased words, their stems, and whether the unit holds a quotation mark."""
    lw = [w.lower() for w in words]
    return lw, [lemma(w) for w in lw], any(c in text for c in "“”\"")


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
def word_class(w: str, reporting: frozenset[str], sources: frozenset[str]) -> tuple[str, str, str]:
    """(first verb class, first noun class, reporting / source classes any sense has) of a
    lower-cased word, from WordNet (``transforms.models.word_classes``)."""
    verbs, nouns = lookup(w)
    marks = sorted((set(verbs) & reporting) | {"n." + c for c in set(nouns) & (reporting | sources)})
    return (verbs[0] if verbs else "-"), (nouns[0] if nouns else "-"), "+".join(marks) or "-"


def cue_features(words: list[str], text: str, quoted: list[bool], lexicon: Lexicon,
                 parse: list[Token]) -> list[list[str]]:
    """Stage 1 (is this token a cue?): the word, its stem and neighbours, the hand-kept and
    learned cue lexicon, its WordNet classes, whether it is quoted, and its place in the
    parse: which arguments it governs (a subject, a clause) and what kind its subject is."""
    lw, lem, has_quote = _context(words, text)
    n = len(lw)
    wc = [word_class(w, lexicon.reporting, lexicon.sources) for w in lw]
    cues = lexicon.cues
    out = []
    for i, w in enumerate(lw):
        p1, p2 = (lw[i - 1] if i else "<s>"), (lw[i - 2] if i > 1 else "<s>")
        n1, n2 = (lw[i + 1] if i + 1 < n else "</s>"), (lw[i + 2] if i + 2 < n else "</s>")
        v, nc, marks = wc[i]
        pv, pn, _ = wc[i - 1] if i else ("<s>",) * 3
        out.append(["b", f"w={w}", f"l={lem[i]}", f"sh={shape(words[i])}", f"s3={w[-3:]}", f"p1={p1}", f"n1={n1}",
                    f"p2={p2}", f"n2={n2}", f"p1w={p1}+{w}", f"wn1={w}+{n1}", f"ln1={lem[i]}+{n1}", f"p1l={p1}+{lem[i]}",
                    f"lex={w in cues}", f"lex+n1={w in cues}+{n1}", f"q={quoted[i]}", f"hq={has_quote}",
                    f"first={i == 0}", f"p1sh={shape(words[i - 1]) if i else '<s>'}", f"n1lex={n1 in cues}",
                    f"v={v}", f"nc={nc}", f"marks={marks}", f"v+s3={v}+{w[-2:]}", f"v+n1={v}+{n1}", f"pn+v={pn}+{v}",
                    f"p1+v={p1}+{v}", f"marks+lex={marks}+{w in cues}", f"pv={pv}",
                    f"nv={wc[i + 1][0] if i + 1 < n else '</s>'}"])
        tag, dep, head_tag, _, kids, subject, _ = parse[i]
        out[-1] += [f"tag={tag}", f"dep={dep}", f"kids={kids}", f"sk={subject}", f"tag+kids={tag}+{kids}",
                    f"tag+sk={tag}+{subject}", f"dep+htag={dep}+{head_tag}", f"w+kids={w}+{kids}", f"tag+dep={tag}+{dep}"]
    return out


def role_features(words: list[str], text: str, quoted: list[bool], cue_tags: list[str],
                  parse: list[Token], lexicon: Lexicon) -> list[list[str]]:
    """Stage 2 (source, content or neither?) given the cues: distance and side to the
    nearest cue, that cue's stem, a complementiser in between, quotation marks, and the
    label of the branch that joins the token to a cue in the parse (nsubj: likely the
    source; ccomp / dobj: likely the content)."""
    lw, lem, has_quote = _context(words, text)
    is_cue = [t != "O" for t in cue_tags]
    n = len(lw)
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
    out = []
    for i, w in enumerate(lw):
        p1, p2 = (lw[i - 1] if i else "<s>"), (lw[i - 2] if i > 1 else "<s>")
        n1, n2 = (lw[i + 1] if i + 1 < n else "</s>"), (lw[i + 2] if i + 2 < n else "</s>")
        cl, cr, q = _bucket(left[i]), _bucket(right[i]), quoted[i]
        _, nc, marks = word_class(w, lexicon.reporting, lexicon.sources)
        out.append(["b", f"w={w}", f"sh={shape(words[i])}", f"s3={w[-3:]}", f"p1={p1}", f"n1={n1}", f"p2={p2}",
                    f"n2={n2}", f"p1w={p1}+{w}", f"wn1={w}+{n1}", f"cue={is_cue[i]}", f"cl={cl}", f"cr={cr}", f"q={q}",
                    f"hq={has_quote}", f"first={i == 0}", f"pron={w in lexicon.pronouns}", f"clw={left_cue[i]}",
                    f"crw={right_cue[i]}", f"that={that_after[i]}", f"cl+q={cl}+{q}", f"cr+q={cr}+{q}",
                    f"cl+cr={cl}+{cr}", f"clw+cl={left_cue[i]}+{cl}", f"crw+cr={right_cue[i]}+{cr}",
                    f"nc={nc}", f"marks={marks}", f"nc+cr={nc}+{cr}"])
        tag, dep, _, head_dep, _, _, _ = parse[i]
        under = _branch_to_cue(parse, is_cue, i)
        out[-1] += [f"tag={tag}", f"dep={dep}", f"under={under}", f"under+dep={under}+{dep}",
                    f"under+tag={under}+{tag}", f"hdep={head_dep}"]
    return out


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


def featurize(inputs: tuple, i: int, history: list[str]) -> list[str]:
    """All features of token i (training): static ones plus those of the tag history.
    ``inputs``: (static features, lower-cased words, quoted flags, cue tags of stage 1 or None)."""
    return inputs[0][i] + history_features(inputs, i, history)


def history_features(inputs: tuple, i: int, history: list[str]) -> list[str]:
    """Features of the tags already given: the previous one or two, and the last role."""
    lw, quoted = inputs[1], inputs[2]
    p1 = history[-1] if history else "<s>"
    p2 = history[-2] if len(history) > 1 else "<s>"
    last = next((h[-1] for h in reversed(history) if h != "O" and not h.endswith("C")), "-")
    return [f"t1={p1}", f"t12={p2}+{p1}", f"t1w={p1}+{lw[i]}", f"last={last}", f"last+w={last}+{lw[i]}",
            f"t1q={p1}+{quoted[i]}"]


def cue_forced(inputs, i: int, history: list[str]) -> str | None:
    """Stage 2 keeps the cues of stage 1 as they are."""
    return inputs[3][i] if inputs[3][i] != "O" else None


def stage_inputs(words: list[str], text: str, quoted: list[bool], lexicon: Lexicon, parse: list[Token],
                 cue_tags: list[str] | None = None) -> tuple:
    """Inputs of stage 1 (no cue tags yet) or stage 2 (given the cue tags); ``quoted``:
    per token, inside a quotation (``quoted_tokens``); ``parse``: ``syntax.analyse``."""
    static = (cue_features(words, text, quoted, lexicon, parse) if cue_tags is None
              else role_features(words, text, quoted, cue_tags, parse, lexicon))
    return static, [w.lower() for w in words], quoted, cue_tags


def quoted_tokens(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Per token (its (start, end) span in ``text``): inside a quotation."""
    mask = quote_mask(text)
    return [mask[s] for s, _ in spans]


# ----------------------------------------------------------------------------- tagging
class Tagger:
    """The two stages with their weights: the cue CRF, then the role perceptron."""
    def __init__(self, model: dict, lexicon: Lexicon) -> None:
        self.cue = linear_chain.Decoder(model["cue"], CUE_TAGS)
        self.role = perceptron.Scorer(model["role"], TAGS)
        self.lexicon = lexicon

    def tag(self, text: str, parse: list[Token] | None = None) -> tuple[list[tuple[str, int, int]], list[str]]:
        """Tokens and their tags; ``parse``: the unit's ``syntax.analyse`` when the caller
        parsed many units in one batch (faster), else it is parsed here."""
        toks = tokenize(text)
        parse = parse if parse is not None else syntax.analyse([text])[0]
        words, quoted = [t for t, _, _ in toks], quoted_tokens(text, [(s, e) for _, s, e in toks])
        cue_tags = _well_formed(self.cue.decode(stage_inputs(words, text, quoted, self.lexicon, parse)[0]))
        if all(t == "O" for t in cue_tags):
            return toks, cue_tags          # no cue, no attribution: stage 2 would find nothing to assemble
        return toks, _decode(self.role, stage_inputs(words, text, quoted, self.lexicon, parse, cue_tags), cue_forced)


def _decode(scorer: perceptron.Scorer, inputs: tuple, forced=None) -> list[str]:
    static = scorer.static(inputs[0])
    out: list[str] = []
    for i in range(len(inputs[1])):
        best = forced(inputs, i, out) if forced else None
        if best is None:
            best = _opening(out[-1] if out else "O", scorer.best(static[i], history_features(inputs, i, out)))
        out.append(best)
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
def load_tagger(settings: Settings) -> Tagger:
    """The shipped model (``data/attribution_tagger.json.gz``), once per settings."""
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as f:
        return Tagger(json.load(f), feature_lexicon(settings))


def find(text: str, settings: Settings, parse: list[Token] | None = None) -> list[Attribution]:
    """Attributions in one unit of text (a sentence, or sentences joined by a quotation)."""
    toks, tags = load_tagger(settings).tag(text, parse)
    return assemble(text, toks, tags)
