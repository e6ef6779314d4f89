"""Claims, merge: the learned tagger's attributions first, the patterns' where it has none.

Input: a sentence, the patterns' attributions for it, its dependency parse (None where
``[claims] syntax_units`` gives it none). Output: the attributions to keep, in the same
dict form as :mod:`.patterns`.
"""
from __future__ import annotations

import re

from transforms.common.settings import Settings
from transforms.common.text import quote_mask
from transforms.extract.claims.patterns import COMPLEMENTISER, reports_something
from transforms.extract.claims.speaker import antecedent
from transforms.models import attribution_tagger


# a cue that takes an addressee or a channel before its clause, and that addressee
ADDRESSED_CUE = re.compile(r"(?:\b(?:on|in|to|with|via)|\b(?:told|tells?|telling|informed|assured|warned|reminded))$", re.IGNORECASE)


QUOTE_MARK = re.compile(r"[“”\"‘’']")

ADDRESSEE = re.compile(r"^[^,.;:“”\"]{1,60}?\s+that\s+")


def with_learned(text: str, found: list[dict], settings: Settings, parse) -> list[dict]:
    """The learned tagger's attributions, and the patterns' where the tagger has none for
    the same content. The tagger goes first because, with the parse, it draws content and
    source boundaries better than the patterns (PolNeAR dev F1 0.711 patterns-first,
    0.734 tagger-first); the patterns still catch what it misses."""
    learned, mask = [], None
    mode = settings.claims.syntax_units
    if parse is None and mode == "cue_candidates":
        return found                 # the parse-free cue stage found no cue here: nothing for the tagger
    for a in attribution_tagger.find(text, settings, parse, syntax=mode != "none"):
        s, e = a.content_span
        if not reports_something(a.cue, text[s:e]):
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
        mask = mask or quote_mask(text)
        learned.append({"content": (s, e), "speaker": antecedent(text, a.source_span, settings), "cue": cue, "extractor": "tagger",
                        "direct": attribution_tagger.is_direct(text, a.content_parts, settings.claims.direct_quote_share, mask)})
    return learned + [f for f in found if not _overlaps(f["content"], learned)]


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
