"""Claims, merge: the learned tagger's attributions first, the patterns' where it has none.

Input: a sentence, the patterns' attributions for it, its dependency parse (None where
``[claims] syntax_units`` gives it none). Output: the attributions to keep, in the same
dict form as :mod:`.patterns`.
"""
from __future__ import annotations

import re

from transforms.common.settings import Settings
from transforms.common.text import quote_mask, strip_span, tokenize
from transforms.extract.claims.kinds import cue_class
from transforms.extract.claims.patterns import COMPLEMENTISER, TRAIL_OK, reports_something
from transforms.extract.claims.speaker import antecedent, hangs_on, parse_subject
from transforms.models import attribution_tagger


# a cue that takes an addressee or a channel before its clause, and that addressee
ADDRESSED_CUE = re.compile(r"(?:\b(?:on|in|to|with|via)|\b(?:told|tells?|telling|informed|assured|warned|reminded))$", re.IGNORECASE)


QUOTE_MARK = re.compile(r"[“”\"‘’']")

ADDRESSEE = re.compile(r"^[^,.;:“”\"]{1,60}?\s+that\s+")


def tags(parse, settings: Settings) -> bool:
    """Whether the tagger reads a unit with this parse: not where the parse-free cue stage
    found no cue (``[claims] syntax_units = "cue_candidates"`` gave it no parse)."""
    return parse is not None or settings.claims.syntax_units != "cue_candidates"


def with_learned(text: str, found: list[dict], settings: Settings, parse) -> list[dict]:
    """The learned tagger's attributions, and the patterns' where the tagger has none for
    the same content. The tagger goes first because, with the parse, it draws content and
    source boundaries better than the patterns (PolNeAR dev F1 0.711 patterns-first,
    0.734 tagger-first); the patterns still catch what it misses."""
    learned, mask, toks = [], None, None
    if not tags(parse, settings):
        return found
    for a in attribution_tagger.find(text, settings, parse, syntax=settings.claims.syntax_units != "none"):
        s, e = a.content_span
        mask = mask or quote_mask(text)
        direct = attribution_tagger.is_direct(text, a.content_parts, settings.claims.direct_quote_share, mask)
        if not reports_something(a.cue, text[s:e], direct):
            continue
        if a.source_span and a.source_span[0] >= e and not text[e:a.source_span[0]].strip():
            continue                 # "U.S. Secretary of State | Antony Blinken said": one noun phrase split in two
        if _subject_as_content(text, (s, e), a.cue, a.cue_span, settings):
            continue
        if (cm := COMPLEMENTISER.match(text[s:e])) and cm.group(0).strip().lower() == "that" and e - s - cm.end() > 8:
            s += cm.end()            # "said that X": the content is X, as the patterns have it
        elif (am := ADDRESSEE.match(text[s:e])) and ADDRESSED_CUE.search(a.cue):
            s += am.end()            # "posted on | Telegram that X", "told | reporters that X": X
        # a cue that opens the sentence is written as it reads mid-sentence ("According to" -> "according to")
        cue = a.cue[0].lower() + a.cue[1:] if a.cue_span[0] == 0 and not a.cue[1:2].isupper() else a.cue
        speaker = antecedent(text, a.source_span, settings)
        # a subject the tagger left untagged, far from its cue; the subject of a frame ("the idea
        # seems to ...", "talks appear to ...") is what it is about, not who holds it
        if speaker is None and parse is not None and cue_class(cue, settings) != "frame":
            speaker = parse_subject(text, toks := toks or tokenize(text), parse, a.cue_span, settings)
        if (cut := _before_own_source(text, (s, e), speaker, a.cue_span)) is not None:
            e = cut                  # '"...," Harry Bond, 30, of Raleigh, said': the source closes the content
            direct = attribution_tagger.is_direct(text, ((s, e),), settings.claims.direct_quote_share, mask)
        learned.append({"content": (s, e), "speaker": speaker, "cue": cue, "extractor": "tagger",
                        "direct": direct})
    found = [g for f in found if (g := _noun_clause(text, f, toks, parse)) is not None]
    return learned + [f for f in found if not _overlaps(f["content"], learned) and not _noun_cue(text, f, toks, parse)]


def _noun_clause(text: str, found: dict, toks: list | None, parse) -> dict | None:
    """A pattern's noun cue ("his claim that ...", :func:`.patterns._noun_cues`) read with
    the parse: none when its "that" is no complementiser ("his comments that were made last week":
    a relative pronoun), else its content ends where the clause that "that" opens ends
    ("Sanders' arguments that he's more electable | are undermined by ..."). Other
    attributions, and any without a parse, are left as they are."""
    if found.get("noun") is None or parse is None:
        return found
    toks = toks or tokenize(text)
    k = next((k for k, (_, s, _) in enumerate(toks) if s == found["noun"]), None)
    if k is None or parse[k][1] != "mark":
        return None
    last = max((j for j in range(k + 1, len(toks)) if hangs_on(parse, j, parse[k][6])), default=None)
    if last is None:
        return None
    s, e = found["content"]
    clause_end = toks[last][2]
    e = strip_span(text, s, min(e, clause_end) if clause_end > s else e, trail=" ,;:")[1]
    return {**found, "content": (s, e)} if e > s else None


def _before_own_source(text: str, content: tuple[int, int], speaker: tuple[int, int] | None,
                       cue_span: tuple[int, int]) -> int | None:
    """Where a content that runs on over its own source ends: before that source, when
    nothing but the source and its cue follows in it ('"Both of them scare me," Harry
    Bond, 30, of Raleigh, N.C., who was among those polled, said': the content is the
    quotation). The cue may stand in it with a circumstance after it ("..., he said during
    the session"); a content that goes on after the cue ('"A," he said. "B."', "the Council
    is divided over the deal") keeps its span: what follows the cue is content too.

    >>> t = '"Both of them scare me," Harry Bond, 30, of Raleigh, said.'
    >>> t[1:_before_own_source(t, (1, 51), (25, 35), (53, 57))]
    'Both of them scare me'
    """
    s, e = content
    if speaker is None or not s < speaker[0] < e or QUOTE_MARK.search(text, speaker[1], e):
        return None
    if cue_span[0] < e and (cue_span[0] < speaker[1] or not TRAIL_OK.match(text[cue_span[1]:e])):
        return None
    cut = strip_span(text, s, speaker[0], trail=" ,;:-–—”’\"'")[1]
    return cut if cut - s >= 8 else None


NOUN_TAGS = frozenset(("NN", "NNS", "NNP", "NNPS"))


def _noun_cue(text: str, found: dict, toks: list | None, parse) -> bool:
    """A pattern's one-word cue that the parse reads as a noun: "That's 30 | states | with
    309 electoral votes", "Other | shows | did better", "Despite Mr. Trump's | claims | ...".
    The cue list holds verbs; their noun homographs report nothing."""
    span = found.get("cue_span")
    if parse is None or span is None or " " in text[span[0]:span[1]].strip() or found.get("noun") is not None:
        return False                 # (a noun cue by design is read by _noun_clause)
    toks = toks or tokenize(text)
    k = next((k for k, (_, s, _) in enumerate(toks) if s == span[0]), None)
    return k is not None and parse[k][0] in NOUN_TAGS


PASSIVE_CUE = re.compile(r"\b(?:am|is|are|was|were|be|been|being|gets?|got)\b", re.IGNORECASE)


def _subject_as_content(text: str, content: tuple[int, int], cue: str, cue_span: tuple[int, int], settings: Settings) -> bool:
    """"According to Zelensky, | Russia | has confirmed ...": the active reporting verb's
    subject read as its content. The content ends right where the cue starts (nothing
    between, no quotation) and the cue is a reporting verb in the active voice: in the
    passive ("Cruz | was endorsed by Fiorina") the subject is what the attitude is about."""
    s, e = content
    if e > cue_span[0] or text[e:cue_span[0]].strip() or QUOTE_MARK.search(text[s:e]) or PASSIVE_CUE.search(cue):
        return False
    verb = cue.split()[-1].lower() if cue.split() else ""
    return verb in settings.vocab("cue_verbs") or verb in settings.vocab("cue_verbs_learned")


def _overlaps(span: tuple[int, int], found: list[dict]) -> bool:
    s, e = span
    return any(min(e, f["content"][1]) - max(s, f["content"][0]) > 0.3 * min(e - s, f["content"][1] - f["content"][0])
               for f in found)
