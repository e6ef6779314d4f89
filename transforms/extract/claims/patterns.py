"""Claims, patterns: general English reporting structures found in one sentence.

Input: a sentence (a quote unit of the body) and the settings (cue vocabularies). Output:
dicts with offsets relative to the sentence: ``content``, ``speaker``, ``cue``, ``direct``.
See the package docstring for the structures; the speaker noun phrase comes from
:mod:`.speaker`.
"""
from __future__ import annotations

import functools
import re

from transforms.common.settings import Settings
from transforms.common.text import (DATELINE, SIGNED_QUOTE, WEEKDAY_NAME, alternation, is_headline_case, quotes_balanced,
                                    strip_span, tokenize)
from transforms.extract.claims.speaker import parse_subject, speaker_before, speaker_like
from transforms.models import attribution_tagger


OPEN_Q, CLOSE_Q = "“\"‘'", "”\"’'"


TIME_WORDS = rf"(?:on\s+)?(?:{WEEKDAY_NAME}|today|yesterday|earlier|later|last\s+\w+|this\s+\w+|recently|on\s+[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})"


TRAIL_OK = re.compile(rf"^(?:\s*(?:,\s*)?(?:{TIME_WORDS}|in\s+an?\s+[\w\s]{{1,40}}|to\s+[\w\s.'’]{{1,40}}|by\s+[\w\s.'’]{{1,40}}|at\s+[\w\s.'’]{{1,40}}|during\s+[\w\s.'’]{{1,60}}|via\s+[\w\s.'’]{{1,60}}|on\s+[\w\s.'’]{{1,40}}|also|too|again|separately|citing\s+[\w\s.'’]{{1,60}}))*\s*[.!?]?$", re.IGNORECASE)


COMPLEMENTISER = re.compile(r"^(?:that|:|,)\s*", re.IGNORECASE)


CLAUSE_EDGES = (" ,", " ,.")          # lead / trail characters stripped off a clause taken as content


NARRATOR_TAIL = re.compile(r",\s+where\s+[^,]*$")


@functools.cache
def cue_regex(settings: Settings) -> re.Pattern:
    """Every cue of the hand-kept, learned and multi-word lists, longest first, with the
    auxiliaries and adverbs that may precede it ("has also said"); group ``cue``."""
    alt = alternation(settings.vocab("cue_verbs") | settings.vocab("cue_verbs_learned") | settings.vocab("cue_phrases"))
    return re.compile(rf"(?<![\w'’-])(?:(?:has|have|had|was|were|is|would|will|also|later|reportedly|earlier|first)\s+)*?(?P<cue>{alt})(?![\w'’-])", re.IGNORECASE)


PARTICIPLE_LINK = re.compile(r"(?:,\s*|\s+)(?:and\s+|but\s+|while\s+)?(?:also\s+)?$", re.IGNORECASE)


def match_sentence(text: str, settings: Settings) -> list[dict]:
    """Attributions in one sentence: dicts with offsets relative to the sentence.

    After the first attribution, a second cue that continues the same subject ("..., adding
    that ...", "... but said ...", "..., saying ...") opens a second claim by the same
    speaker, and the first claim's content stops where the second cue begins.
    """
    opts = settings.claims
    if (q := _quote_then_name(text, opts) or _quote_first(text, settings)):
        return [q]
    if (a := _according_to(text, settings)):
        return [a]
    if (inv := _inverted_trailing(text, settings)):
        return [inv]
    found: list[dict] = []
    cue_re = cue_regex(settings)
    headline = is_headline_case(text, settings.clean.headline_case_share)
    for m in cue_re.finditer(text):
        cue = m.group("cue")
        if cue[0].isupper() and m.start("cue") > 0 and not headline:
            continue                # "the United States", "Hopes": a capitalised word mid-sentence is a name
        if found:
            prev = found[-1]
            inside = prev["content"][0] <= m.start() < prev["content"][1]
            if inside and PARTICIPLE_LINK.search(text[:m.start()]) and (cue.endswith("ing") or _elided(text, m, prev)):
                right = _content_after(text, m, cue)
                if right is not None and right[1] - right[0] >= opts.min_content_chars:
                    cut = len(PARTICIPLE_LINK.search(text[:m.start()]).group(0))
                    prev["content"] = strip_span(text, prev["content"][0], m.start() - cut, *CLAUSE_EDGES)
                    prev["direct"] = _is_direct(text, *prev["content"])
                    found.append({"content": right, "speaker": prev["speaker"], "cue": cue,
                                  "direct": _is_direct(text, *right)})
            continue
        if cue.lower() in ("was reported by", "were reported by", "as stated by"):
            if (p := _passive(text, m, opts)):
                found.append(p)
            continue
        if (r := _speaker_first_or_last(text, m, settings)):
            found.append({**r, "cue_span": m.span("cue")})
    for n in _noun_cues(text, settings):
        found = [f for f in found if f.get("cue_span") != n["cue_span"]]        # "claims" read as the verb
        if not any(f["content"][0] < n["content"][1] and n["content"][0] < f["content"][1] for f in found):
            found.append(n)
    for e in _estimates(text, settings):
        # a cue word in the estimate's subject is a noun ("Initial | estimates | put the total at ...")
        found = [f for f in found if not e["speaker"][0] <= f.get("cue_span", (-1,))[0] < e["speaker"][1]]
        if not any(f["content"][0] < e["content"][1] and e["content"][0] < f["content"][1] for f in found):
            found.append(e)
    return found


@functools.cache
def _noun_cue_regex(settings: Settings) -> re.Pattern:
    nouns = alternation(settings.vocab("cue_nouns"))
    return re.compile(rf"(?<![\w'’-])(?:(?P<name>(?:[A-Z][\w.'’-]*\s+){{0,3}}[A-Z][\w.'’-]*?)['’]s?|(?P<pron>[Hh]is|[Hh]er|[Tt]heir|[Ii]ts))"
                      rf"\s+(?:(?:[a-z][\w-]*|\d{{4}})\s+){{0,2}}?(?P<cue>{nouns})\s+(?P<that>that)\s+(?=\S)")


# Capitalised words that open a sentence before a possessor ("Despite Mr. Trump's claims
# that ..."): no part of the name.
POSSESSOR_OPENER = re.compile(r"^(?:(?:despite|but|and|after|since|while|with|given|amid|unlike|like|as|when|if|although|though|because|before|"
                              r"for|of|in|on|at|to|from|by|over|about|against|the)\s+)+", re.IGNORECASE)
# Where the clause after "that" ends: a semicolon, a dash, a comma, or the sentence's end.
CLAUSE_END_MARK = re.compile(r";|\s[-–—]\s|,[”’\"']*\s|[.!?]?[”’\"']*\s*$")


def _noun_cues(text: str, settings: Settings) -> list[dict]:
    """"Mr. Trump's claims that his net worth exceeds $10 billion", "his contention that
    Obama's handling of the war led to ...": a noun of ``data/cue_nouns.txt`` with a
    possessor (the speaker) and a "that" clause (the content, to the clause's first comma,
    dash or semicolon). Flagged ``noun``: the parse must read that "that" as the clause's
    complementiser, not a relative pronoun ("his comments that were made ...").

    >>> from transforms.common.settings import load_settings
    >>> t = "Despite Mr. Trump's claims that his net worth exceeds $10 billion, the firms put him far lower."
    >>> [(t[slice(*n["speaker"])], n["cue"], t[slice(*n["content"])]) for n in _noun_cues(t, load_settings())]
    [('Mr. Trump', 'claims', 'his net worth exceeds $10 billion')]
    """
    out = []
    for m in _noun_cue_regex(settings).finditer(text):
        if m.group("name"):
            opener = POSSESSOR_OPENER.match(m.group("name"))
            s0 = m.start("name") + (opener.end() if opener else 0)
            speaker = (s0, m.end("name")) if s0 < m.end("name") and text[s0].isupper() else None
        else:
            speaker = m.span("pron")
        if speaker is None:
            continue
        end = CLAUSE_END_MARK.search(text, m.end()).start()
        content = strip_span(text, m.end(), end, *CLAUSE_EDGES)
        if content[1] - content[0] >= settings.claims.min_content_chars:
            out.append({"content": content, "speaker": speaker, "cue": m.group("cue"), "direct": _is_direct(text, *content),
                        "cue_span": m.span("cue"), "noun": m.start("that")})
    return out


@functools.cache
def _estimate_regex(settings: Settings) -> re.Pattern:
    verbs = alternation(settings.vocab("estimate_verbs"))
    return re.compile(rf"(?<![\w'’-])(?P<cue>{verbs})\s+(?P<content>[^.;:!?“”\"]{{1,100}}?\s+(?:at|near|around|closer\s+to)\s+"
                      rf"(?:(?:about|around|roughly|nearly|almost|some|just|more\s+than|less\s+than|fewer\s+than|as\s+\w+\s+as)\s+)?"
                      rf"[$€£]?\d[\d,.]*(?!\d|:\d|\s*[ap]\.?m\b)[^,;:!?“”\"]{{0,40}}?)(?=,\s|;|\.(?:\s|$)|$|\s+(?:and|but|while|which)\s)",
                      re.IGNORECASE)


def _estimates(text: str, settings: Settings) -> list[dict]:
    """"Forbes put his net worth at $45 billion", "Initial estimates put the total at about
    55,000 pages", "Bloomberg pegged him at $2.9 billion": a figure someone gives, the
    verbs of ``data/estimate_verbs.txt`` with an object and a number (not a clock time).
    The content is the object and its figure, the speaker the subject before the verb.

    >>> from transforms.common.settings import load_settings
    >>> t = "As for Mr. Bloomberg, Forbes put his net worth at $45 billion."
    >>> [(t[slice(*e["speaker"])], e["cue"], t[slice(*e["content"])]) for e in _estimates(t, load_settings())]
    [('Forbes', 'put', 'his net worth at $45 billion')]
    """
    out = []
    for m in _estimate_regex(settings).finditer(text):
        if m.group("cue")[0].isupper() and m.start("cue") > 0:
            continue
        speaker = speaker_before(text[:m.start("cue")].rstrip(), settings)
        content = strip_span(text, m.start("content"), m.end("content"), *CLAUSE_EDGES)
        if speaker is not None and content[1] > content[0]:
            out.append({"content": content, "speaker": speaker, "cue": m.group("cue"), "direct": False,
                        "cue_span": m.span("cue")})
    return out


TURN = re.compile(r"[\"“]?(?P<spk>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2}):\s+(?=\S)")


def transcript_turn(body: str, text: str, s_start: int, settings: Settings) -> dict | None:
    """A transcript turn: a paragraph that opens with a speaker's name in capitals and a
    colon ("PENCE: Well, look, ..."); the turn is the rest of the paragraph."""
    if s_start and body[s_start - 1] != "\n":
        return None
    m = TURN.match(text)
    if not m or m.group("spk").lower() in settings.vocab("editorial_labels") or len(text) - m.end() < settings.claims.min_content_chars:
        return None
    end = strip_span(text, m.end(), len(text), trail=" ")[1]
    return {"content": (m.end(), end), "speaker": (m.start("spk"), m.end("spk")), "cue": ":", "direct": False}


LEAD_IN_TAIL = re.compile(r"[^.!?;:“”\"]{0,40}:\s*$")


PARAGRAPH = re.compile(r"[^\n]+")


def lead_in(body: str, text: str, s_start: int, settings: Settings) -> dict | None:
    """A paragraph that ends in a cue and a colon introduces the next paragraph, the
    newsroom's way to set off a long quotation or statement ("The governor added:",
    "The New York Times reports:", "He released the following statement:"). A quotation
    left open at the end of that paragraph runs on through the paragraphs that follow,
    within ``max_content_chars``."""
    end = s_start + len(text.rstrip())
    if not text.rstrip().endswith(":") or not body.startswith("\n\n", end):
        return None
    cue = None
    for cue in cue_regex(settings).finditer(text):
        pass
    if cue is None or not LEAD_IN_TAIL.match(text, cue.end("cue")):
        return None
    speaker = speaker_before(text[:cue.start()], settings)
    if speaker is None:
        return None
    return _introduced(body, s_start, end, speaker, cue.group("cue"), settings)


def _introduced(body: str, s_start: int, end: int, speaker: tuple[int, int] | None, cue: str,
                settings: Settings) -> dict | None:
    """The lead-in of the unit at ``s_start`` whose paragraph ends at ``end``: its content is
    the next paragraph, and the ones after it while a quotation stays open."""
    paragraphs = PARAGRAPH.finditer(body, end)           # lazily: most lead-ins take one or two
    if (first := next(paragraphs, None)) is None:
        return None
    start, stop = first.span()
    for p in paragraphs:
        if quotes_balanced(body[start:stop]) or body[p.start()] not in OPEN_Q \
                or p.end() - start > settings.claims.max_content_chars:
            break
        stop = p.end()
    content = strip_span(body, start, stop, lead=OPEN_Q + " ", trail=CLOSE_Q + " ")
    rel = (content[0] - s_start, content[1] - s_start)
    return {"content": rel, "speaker": speaker, "cue": cue, "end": stop,
            "direct": attribution_tagger.is_direct(body[s_start:stop], (rel,), settings.claims.direct_quote_share)}


SUBJECTS = frozenset(("nsubj", "nsubjpass", "csubj", "expl"))


def quotation_lead_in(body: str, text: str, s_start: int, found: list[dict], parse: list | None,
                      settings: Settings) -> tuple[dict | None, list[dict]]:
    """A paragraph that ends in a colon right before a paragraph that opens with a quotation
    introduces that quotation, whatever its verb ("Cruz continued:", "He called them on it:",
    "Trump issued the following statement:"). The speaker and cue are those of the
    attribution found there whose content runs to the colon and is no clause ("them on
    it", "the following statement": what the verb points to is the quotation), or, when
    nothing was found, the subject and the verb of the unit's main clause in the parse.
    Returns the lead-in (as :func:`lead_in`) and the attributions that stay."""
    end = s_start + len(text.rstrip())
    if (parse is None or not text.rstrip().endswith(":") or not body.startswith("\n\n", end)
            or body[end:end + 4].lstrip()[:1] not in OPEN_Q):
        return None, found
    toks = tokenize(text)
    colon = len(text.rstrip()) - 1
    if found:
        last = max(found, key=lambda f: f["content"][1])
        c0, c1 = last["content"]
        if text[c1:colon].strip(" " + CLOSE_Q) or any(parse[k][1] in SUBJECTS for k, (_, s, _) in enumerate(toks) if c0 <= s < c1):
            return None, found
        lead = _introduced(body, s_start, end, last["speaker"], last["cue"], settings)
        return lead, [f for f in found if f is not last] if lead else found
    root = next((k for k, p in enumerate(parse) if p[1] == "ROOT" and p[0].startswith("VB")), None)
    if root is None or not LEAD_IN_TAIL.match(text, toks[root][2]):
        return None, found
    verb = (toks[root][1], toks[root][2])
    speaker = parse_subject(text, toks, parse, verb, settings)
    if speaker is None:
        return None, found
    return _introduced(body, s_start, end, speaker, text[verb[0]:colon].strip(), settings), found


NEGATED = re.compile(r"\b(?:no|not|never|neither|nor)\b|n[’']t\b", re.IGNORECASE)


ANAPHORIC = frozenset("this that it so these those".split())


def reports_something(cue: str, content: str, direct: bool = False) -> bool:
    """A negated or empty report ("provided no details", "has not responded to", "said
    this") states nothing, nor does where or how it was made ("reported from Washington",
    "wrote in a note to investors"); a passive's agent ("by KBS") is no content, and "citing its own
    sources" names where a report came from, not what it says. A quotation is the speaker's
    words even when it opens like one of those ("“No, I meant he's the founder,” he said",
    "“By coming to town, he's reminding them ...,” she said"): only a paraphrase's "no
    details" or "by KBS" holds nothing.

    >>> reports_something("said", "No matter what you do, it fails", direct=True), reports_something("provided", "no details")
    (True, False)
    >>> reports_something("said", "By coming here he won votes", direct=True), reports_something("was reported", "by KBS")
    (True, False)
    >>> reports_something("reported", "from Washington, D.C."), reports_something("said", "in 2015 sales fell")
    (False, True)
    """
    if NEGATED.search(cue) or (NEGATED.match(content) and not direct) or re.match(r"^(?:citing|quoting)$", cue, re.I):
        return False
    first, _, rest = content.strip(" .,").partition(" ")
    if first.lower() in ANAPHORIC and TRAIL_OK.match(" " + rest if rest else ""):
        return False                    # "said this (on Monday)": a repeat, no new content
    if not direct and CIRCUMSTANCE.match(content.strip(" .,")):
        return False                    # "reported from Washington", "wrote in a note to investors": where or how, not what
    return direct or not re.match(r"^by\s", content, re.I)


# A content that is only where or how something was said: a short prepositional phrase
# ("from Washington, D.C.", "in a note to investors", "in response"), no clause.
CIRCUMSTANCE = re.compile(r"^(?:from\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*(?:,\s*[A-Z][\w.'’-]*)?"
                          r"|(?:in|at|during|via|on)\s+(?:a|an|the|his|her|its|their)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}"
                          r"|in\s+response(?:\s+to\s+[\w'’-]+(?:\s+[\w'’-]+){0,3})?)$")


def _elided(text: str, m: re.Match, prev: dict) -> bool:
    """'X said A but said B': the second cue has no subject of its own."""
    before = text[:m.start()].rstrip()
    return bool(re.search(r"(?:,|\band|\bbut|\bwhile)\s*(?:also)?$", before, re.IGNORECASE))


def _content_after(text: str, m: re.Match, cue: str) -> tuple[int, int] | None:
    right = text[m.end():]
    tm = re.match(r"^(?:\s+[^,.;“\"‘]{0,60}?)?\s+that\s+|^\s*[:,]?\s*(?=[“\"‘])|^\s+", right)
    start = m.end() + (tm.end() if tm else 0)
    end = strip_span(text, start, len(text), trail=" .!?")[1]
    return _trim_content(text, start, end) if end > start else None


INVERTED = re.compile(r",\s*(?P<cue>[a-z]+(?:\s+[a-z]+)?)\s+(?P<spk>(?:[A-Z][\w.'’-]*|the|a|an|one|another)(?:\s+[\w.'’-]+){0,6}?)(?:,\s*[^,]{2,120})?\s*[.!?]?$")


def _inverted_trailing(text: str, settings: Settings) -> dict | None:
    """'..., says Dante Scala, a political scientist.' / '..., said the official.'"""
    m = INVERTED.search(text)
    if not m or not cue_regex(settings).fullmatch(m.group("cue")):
        return None
    spk = m.group("spk").strip()
    if not speaker_like(spk, settings) and not re.match(r"^(?:the|a|an|one|another)\s", spk, re.IGNORECASE):
        return None
    start = dm.end() if (dm := DATELINE.match(text)) else 0
    content = strip_span(text, start, m.start(), *CLAUSE_EDGES)
    if content[1] - content[0] < settings.claims.min_trailing_content_chars:
        return None
    return {"content": content, "speaker": (m.start("spk"), m.start("spk") + len(spk)), "cue": m.group("cue"),
            "direct": _is_direct(text, *content) or _wholly_quoted(text, *content)}


def _wholly_quoted(text: str, start: int, end: int) -> bool:
    return start < end and text[start] in OPEN_Q and text[end - 1] in CLOSE_Q + ",."


def _quote_first(text: str, settings: Settings) -> dict | None:
    """“...,” SPEAKER CUE.  /  “...,” CUE SPEAKER."""
    if not text or text[0] not in OPEN_Q:
        return None
    close = closing_quote(text, 0)
    if close is None:
        return None
    content_end = strip_span(text, 1, close, trail=",.?!;: ")[1]
    rest = text[close + 1:]
    m = re.match(r"^\s*,?\s*(?P<a>[^,.;]{1,80}?)\s+(?P<cue>[a-z]+(?:\s+[a-z]+)?)\s*(?P<tail>.*)$", rest)
    cue_re = cue_regex(settings)
    if not m:
        return None
    # SPEAKER CUE ("he stressed", "the minister concluded") or CUE SPEAKER ("said Umerov")
    for speaker_grp, cue_txt in ((m.group("a"), m.group("cue")),):
        cm = cue_re.fullmatch(cue_txt.split()[0]) or cue_re.fullmatch(cue_txt)
        if cm and speaker_like(speaker_grp, settings):
            s_off = close + 1 + m.start("a")
            return {"content": _second_fragment(text, close + 1 + m.end("cue"), (1, content_end)),
                    "speaker": (s_off, s_off + len(speaker_grp)), "cue": cm.group("cue"), "direct": True}
    m2 = re.match(r"^\s*,?\s*(?P<cue>[a-z]+)\s+(?P<spk>[^,.;]{1,80}?)\s*(?:[,.;]|$)", rest)
    # Right after a quotation, "said one shop owner" needs no capital letter to be a speaker.
    if m2 and cue_re.fullmatch(m2.group("cue")) and len(m2.group("spk").split()) <= 12:
        s_off = close + 1 + m2.start("spk")
        return {"content": _second_fragment(text, close + 1 + m2.end("spk"), (1, content_end)),
                "speaker": (s_off, s_off + len(m2.group("spk"))), "cue": m2.group("cue"), "direct": True}
    return None


def _quote_then_name(text: str, opts) -> dict | None:
    """“...” ― Sonya Herridge: a quotation signed with a dash and a name (reader voices,
    epigraphs, lists of reactions)."""
    if not text or text[0] not in OPEN_Q + "”":
        return None
    m = SIGNED_QUOTE.search(text)
    if not m:
        return None
    content = strip_span(text, 1, m.start(), trail=",.?!;: ")
    if content[1] - content[0] < opts.min_content_chars:
        return None
    spk_end = m.end("spk") - (text[m.end("spk") - 1] == "." and not re.search(r"\b\w\.$", m.group("spk")))
    return {"content": content, "speaker": (m.start("spk"), spk_end), "cue": m.group("cue"), "direct": True}


def _second_fragment(text: str, at: int, content: tuple[int, int]) -> tuple[int, int]:
    """“A,” he said, “B.”: the quotation goes on after the attribution, and the content
    runs to the end of its second part (the words between stay inside the span)."""
    m = re.match(r"(?:[^“\".!?]{0,40}?[,:;])?\s*(?=[“\"])", text[at:])       # "told reporters, “B.”"
    if not m:
        return content
    open_at = at + m.end()
    close = closing_quote(text, open_at)
    if close is None:
        return content
    end = strip_span(text, open_at + 1, close, trail=",.?!;: ")[1]
    return (content[0], end) if end > open_at + 1 else content


def closing_quote(text: str, open_at: int) -> int | None:
    """Offset of the mark that closes the quotation opened at ``open_at``, or None; a
    single quote followed by a letter is an apostrophe ("don't"), not a close."""
    opener = text[open_at]
    closers = {"“": "”", "‘": "’", '"': '"', "'": "'"}[opener]
    i = open_at + 1
    while i < len(text):
        if text[i] == closers and (opener not in "'’" or i + 1 == len(text) or not text[i + 1].isalpha()):
            return i
        i += 1
    return None


def _according_to(text: str, settings: Settings) -> dict | None:
    """According to X, ...  /  ..., according to X.  A sentence adverbial ("However,", "At the
    same time,": ``data/sentence_openers.txt``) may open the sentence."""
    m = re.match(rf"^(?:{_openers(settings)},\s*)?according to\s+(?P<spk>[^,]{{2,100}}?),\s*(?P<content>.+?)[.!?]?$", text, re.IGNORECASE)
    if m:
        content = strip_span(text, m.start("content"), m.end("content"), *CLAUSE_EDGES)
        return {"content": content, "speaker": (m.start("spk"), m.end("spk")), "cue": "according to", "direct": _is_direct(text, *content)}
    m = re.search(r",\s*according to\s+(?P<spk>[^,.;]{2,100}?)\s*[.!?]?$", text, re.IGNORECASE)
    if m:
        end = m.start()
        content = strip_span(text, 0, end, *CLAUSE_EDGES)
        return {"content": content, "speaker": (m.start("spk"), m.end("spk")), "cue": "according to", "direct": _is_direct(text, *content)}
    return None


@functools.cache
def _openers(settings: Settings) -> str:
    return "(?:" + alternation(settings.vocab("sentence_openers")) + ")"


def _passive(text: str, m: re.Match, opts) -> dict | None:
    after = text[m.end():]
    spk = re.match(r"\s+(?P<spk>[^,.;]{2,80}?)(?=\s*(?:,|\.|;|\bon\b|$))", after)
    if not spk:
        return None
    s0 = m.end() + spk.start("spk")
    speaker = (s0, s0 + len(spk.group("spk")))
    cue = m.group("cue")
    if cue.lower().startswith("as stated"):
        start, end = strip_span(text, 0, m.start(), trail=" ,")
    else:
        start, end = strip_span(text, 0, m.start(), trail=" ")
    if end - start < opts.min_trailing_content_chars:
        return None
    return {"content": (start, end), "speaker": speaker, "cue": cue.split()[-2] if "reported" in cue else "stated", "direct": False}


def _speaker_first_or_last(text: str, m: re.Match, settings: Settings) -> dict | None:
    cue_start, cue_end = m.start(), m.end()
    cue = m.group("cue")
    left = text[:cue_start].rstrip()
    right = text[cue_end:]
    # SPEAKER CUE at the end of the sentence: "..., Ukraine's defense minister said Tuesday."
    if left.count(",") and TRAIL_OK.match(right) and not re.search(r"\b(that|whether|if)\b", right):
        spk = speaker_before(left, settings)
        if spk:
            s0, s1 = spk
            end = strip_span(text, 0, s0, trail=" ,")[1]
            start = dm.end() if (dm := DATELINE.match(text)) else 0
            content = _trim_content(text, start, end)
            if content[1] - content[0] >= settings.claims.min_trailing_content_chars:
                return {"content": content, "speaker": spk, "cue": cue, "direct": _is_direct(text, *content)}
        return None
    spk = speaker_before(left, settings)
    if not spk:
        return None
    if re.match(r"^\s+(?:this|so|it)\b", right) and TRAIL_OK.match(re.sub(r"^\s+(?:this|so|it)\b", "", right)):
        return None             # "He said this in an interview": an anaphoric repeat, no new content
    # Skip the addressee and circumstances up to the content: "told KBS that", "said in a Telegram post on Monday that".
    rest_start = cue_end
    tm = re.match(r"^(?P<skip>(?:\s+[^,.;“\"‘]{0,80}?)?\s+that\s+|\s*[:,]\s*(?=[“\"‘])|\s+(?=[“\"‘]))", right)
    if tm:
        rest_start = cue_end + tm.end()
    elif cue.lower() in ("told", "informed", "assured", "urged", "warned") and not re.match(r"^\s+(?:that|[“\"‘])", right):
        return None
    else:
        nm = re.match(r"^\s*(?:" + TIME_WORDS + r"\s*)?,?\s*", right, re.IGNORECASE)
        rest_start = cue_end + (nm.end() if nm else 0)
    end = strip_span(text, rest_start, len(text), trail=" .!?")[1]
    content = _trim_content(text, rest_start, end)
    if content[1] - content[0] < settings.claims.min_content_chars:
        return None
    return {"content": content, "speaker": spk, "cue": cue, "direct": _is_direct(text, *content)}


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    start = strip_span(text, start, end, lead=" ,:")[0]
    if (dm := NARRATOR_TAIL.search(text, start, end)) and dm.start() - start > 20:
        end = dm.start()
    cm = COMPLEMENTISER.match(text[start:end])
    if cm:
        start += cm.end()
    # A direct quote: content is the text between the marks, without closing punctuation.
    if start < end and text[start] in OPEN_Q:
        close = closing_quote(text, start)
        tail = text[close + 1:end].strip(" .,!?") if close is not None else ""
        if close is not None and (tail == "" or re.match(r"^(?:but|and|though|although|while)\b", tail)):
            return start + 1, strip_span(text, start + 1, close, trail=",.!?; ")[1]
    return start, end


def _is_direct(text: str, start: int, end: int) -> bool:
    """True when the content is the inside of one quotation (after _trim_content)."""
    return start > 0 and text[start - 1] in OPEN_Q and (closing_quote(text, start - 1) or -1) >= end
