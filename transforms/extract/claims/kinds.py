"""Claims, kinds: the cue of an attribution -> what kind of claim it is.

Input: a claim's cue, whether it names a speaker, and its content. Output: ``statement``,
``belief`` or ``stance`` (the ``kind`` column analysts filter on), or None for a row that is
no attribution at all: a name or alias ("known as"), a report that says nothing ("declined
to comment", "did not elaborate"), an agentless frame with no one named ("it appears", "talks
are expected to continue"), an action ("the study was released"). The classes come from ``transforms/data/cue_kinds.txt``.
"""
from __future__ import annotations

import functools
import re

from transforms.common.settings import Settings

KINDS = ("statement", "belief", "stance")
DROPPED = ("naming", "refusal", "frame", "action")

# Words a cue carries around its verb ("has also said", "did not elaborate", "is widely expected").
AUXILIARIES = frozenset("""a am an are as be been being can could did do does done had has have having is it may
might must now only shall should still also then there was were will would widely generally not never n't""".split())
NEGATION = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.IGNORECASE)
# What a negated report holds back: "did not elaborate", "would not comment on".
SILENT = re.compile(r"\b(?:elaborat|comment|specif|disclos|detail|identif|nam|confirm)\w*", re.IGNORECASE)
# A cognition verb in the passive ("are expected", "is widely believed"): the subject is what
# is believed about, not who believes it.
# ("voters are worried", "he is convinced" are no passives: the subject holds the belief.)
# Adverbs and a negation may stand between ("are also expected", "is not expected").
PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:(?:\w+ly|not|never|also|still|now)\s+)*(?:expected|believed|thought|estimated|feared"
                     r"|forecast|projected|predicted|anticipated|assumed|considered|understood|seen)\b", re.IGNORECASE)
# A speaker that names no one: the subject of an agentless frame ("it appears", "there seems").
NO_ONE = frozenset({"", "it", "there", "this", "that"})


@functools.cache
def _classes(settings: Settings) -> tuple[tuple[tuple[re.Pattern, str], ...], tuple[tuple[str, str], ...]]:
    """(phrases longest first, as patterns of whole words; word stems longest first), each with its class."""
    rows = [(r[0].strip().lower(), r[1].strip()) for r in settings.vocab_rows("cue_kinds") if len(r) >= 2]
    unknown = {c for _, c in rows} - set(KINDS) - set(DROPPED)
    if unknown:
        raise ValueError(f"cue_kinds.txt: unknown classes {sorted(unknown)} (expected {KINDS + DROPPED})")
    phrases = sorted(((re.compile(rf"(?<!\w){re.escape(t)}(?!\w)"), c) for t, c in rows if " " in t or "-" in t),
                     key=lambda r: -len(r[0].pattern))
    stems = sorted(((t, c) for t, c in rows if " " not in t and "-" not in t), key=lambda r: -len(r[0]))
    return tuple(phrases), tuple(stems)


def cue_class(cue: str | None, settings: Settings) -> str:
    """The class of a cue (see ``cue_kinds.txt``): its phrase if one matches, else that of
    its first word past auxiliaries and adverbs that matches a stem; ``statement`` otherwise.

    >>> from transforms.common.settings import load_settings
    >>> s = load_settings()
    >>> [cue_class(c, s) for c in ("has also said", "believes", "wanted", "known as", "According to")]
    ['statement', 'belief', 'stance', 'naming', 'statement']
    """
    text = (cue or "").lower().strip()
    phrases, stems = _classes(settings)
    for phrase, cls in phrases:
        if phrase.search(text):
            return cls
    for word in re.findall(r"[a-z]+(?:[’'][a-z]+)?", text):
        if word in AUXILIARIES or word.endswith("ly"):
            continue
        for stem, cls in stems:
            if word.startswith(stem):
                return cls
        return "statement"           # the cue's verb is none of the listed ones: reporting
    return "statement"


def claim_kind(cue: str | None, speaker: str | None, content: str, settings: Settings) -> str | None:
    """``statement``, ``belief`` or ``stance``; None when the row is no attribution.

    >>> from transforms.common.settings import load_settings
    >>> s = load_settings()
    >>> claim_kind("said", "Smith", "the talks failed", s), claim_kind("did not elaborate", "he", "on the plan", s)
    ('statement', None)
    >>> claim_kind("appears", "it", "the deal will fail", s), claim_kind("appears", "Smith", "to agree", s)
    (None, 'belief')
    """
    cls = cue_class(cue, settings)
    if cls in ("naming", "refusal", "action"):
        return None
    if cls == "frame":
        return None if (speaker or "").strip().lower() in NO_ONE else "belief"
    if NEGATION.search(cue or "") and SILENT.search(cue or ""):
        return None                  # "did not elaborate", "would not comment": nothing reported
    if cls == "belief" and PASSIVE.search(cue or "") and not re.search(r"\bby\b", cue or "", re.I):
        return None                  # "talks are expected to continue": no one holds the belief
    return cls
