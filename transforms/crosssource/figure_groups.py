"""Stage 7c, figure groups: figures -> the numbers different sources give for one quantity.

A group is (story, unit class, named subject): "North Korean troops" in one story, whether
written soldiers, troops or infantrymen (``data/unit_classes.txt``). The named subject is
the capitalised words of the figure's subject ("North Korean combat troops" -> north
korean); a figure whose subject names nothing takes them from the figure before it in the
same sentence ("five North Korean battalions, each of about 3,000 troops"), and a bare
number after "their number" / "the total" takes unit and subject from the previous
counted (not measured) figure in the paragraph, and its speaker when it has none. Parts and per-item amounts ("each", "including") are
left out: they are not the total the others state. So is the other side of a comparison,
a number right after "vs", "compared with", "up from"... (``data/comparison_markers.txt``):
"Net 44,092,000 vs 35,145,000" states this year's net and last year's, two quantities, and
grouping them would flag a disagreement no source has. Figures with no named subject are
not grouped (a bare "20 soldiers" says too little to be compared).

``values_disagree``: no single number fits every figure of the group within its
qualifier (exact: itself; about / some / estimated: +-10%; at least / more than: that or
above; up to / fewer than: that or below).

Table: one row per grouped figure with the group's columns repeated, long format, so
``df.groupby("group_id")`` gives each quantity and ``df.plot`` its values by source.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import re

import pandas as pd

from schemas import columns
from transforms.common.settings import Settings
from transforms.common.text import alternation
from transforms.extract.figures import qualifier_class

# The interval a figure allows around its value, by qualifier class (data/qualifiers.txt):
# (low, high) as multiples of the value.
INTERVALS = {"about": (0.9, 1.1), "below": (0.9, 1.0), "at_least": (1.0, float("inf")), "at_most": (0.0, 1.0),
             "exact": (1.0, 1.0)}
ANAPHORA = re.compile(r"\b(?:their|the|its|a)\s+(?:total\s+)?(?:number|total|strength|count|tally)\s+(?:to|of|at|reaching)\s+$|\btotal(?:l)?ing\s+$", re.I)


@functools.cache
def _unit_classes(settings: Settings) -> tuple[dict[str, str], frozenset[str]]:
    """unit -> class, and the classes that measure (km, pct) rather than count."""
    classes, measures = {}, set()
    for line in settings.vocab_list("unit_classes"):
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) >= 2:
            classes[parts[0].lower()] = parts[1]
            if parts[2:] == ["measure"]:
                measures.add(parts[1])
    return classes, frozenset(measures)


@functools.cache
def _partial(settings: Settings) -> re.Pattern:
    return re.compile(r"\b(?:" + alternation(settings.vocab_list("partial_markers"), space=r"\ ") + r")\b", re.I)


@functools.cache
def _compared(settings: Settings) -> re.Pattern:
    """A comparison marker that ends right before a figure ("vs ", "up from ")."""
    return re.compile(r"\b(?:" + alternation(settings.vocab_list("comparison_markers")) + r")\s+$", re.I)


def unit_class(unit, settings: Settings) -> str | None:
    """What a unit counts, so that figures in other words compare ("infantrymen" -> troops,
    from ``data/unit_classes.txt``); the unit itself when it has no class, None without one."""
    if not isinstance(unit, str) or not unit:
        return None
    u = unit.lower()
    return _unit_classes(settings)[0].get(u, u)


def named(subject) -> tuple[str, ...]:
    """Capitalised words of a subject, lower-cased ("North Korean combat troops" -> north, korean)."""
    if not isinstance(subject, str):
        return ()
    return tuple(w.lower() for w in re.findall(r"\b[A-Z][\w'’-]*", subject))


def interval(value: float, qualifier, settings: Settings) -> tuple[float, float]:
    """The values a figure allows: "about 10,000" 9,000-11,000, "more than 10,000" 10,000
    and up, "nearly 10,000" 9,000-10,000; no qualifier, the value itself."""
    low, high = INTERVALS[qualifier_class(qualifier, settings)]
    return low * value, (high * value if high != float("inf") else high)


def disagree(values: list[float], qualifiers: list, settings: Settings) -> bool:
    """No single value fits every figure's interval: the sources disagree."""
    spans = [interval(v, q, settings) for v, q in zip(values, qualifiers)]
    return max(lo for lo, _ in spans) > min(hi for _, hi in spans) * (1 + 1e-9)


def build(figures: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame,
          settings: Settings) -> pd.DataFrame:
    """Figure groups (``schemas`` ``figure_groups``): groups of two or more figures."""
    if figures.empty:
        return pd.DataFrame(columns=columns("figure_groups"))
    body = articles.set_index("article_id")["body"]
    f = _with_topics(figures, body, settings)
    f = f.join(articles.set_index("article_id")[["story_id", "outlet", "published_at"]], on="article_id")
    dates = claims.set_index("claim_id")["claim_date"] if len(claims) else pd.Series(dtype=object)
    f["claim_date"] = f["claim_id"].map(dates) if len(dates) else None
    f = f[(f["topic"].str.len() > 0) & f["class"].notna()] if len(f) else f
    rows = []
    for (story, cls, topic), g in f.groupby(["story_id", "class", "topic"], sort=True):
        if len(g) < 2:
            continue
        gid = "fgr-" + hashlib.sha1(f"{story}|{cls}|{topic}".encode()).hexdigest()[:12]
        flag = disagree(list(g["value"]), list(g["qualifier"]), settings)
        subject = max(g["subject"].dropna(), key=lambda s: (len(named(s)), -len(s)), default=None)
        for r in g.sort_values(["published_at", "article_id", "char_start"], na_position="last").itertuples():
            rows.append({"group_id": gid, "story_id": story, "unit_class": cls, "subject": subject,
                         "n_values": int(g["value"].nunique()), "values_disagree": flag, "figure_id": r.figure_id,
                         "article_id": r.article_id, "value": r.value, "qualifier": r.qualifier, "unit": r.unit,
                         "text": r.text, "speaker": r.speaker, "speaker_person_id": r.speaker_person_id,
                         "claim_date": r.claim_date, "outlet": r.outlet, "published_at": r.published_at,
                         "inherited": bool(r.inherited)})
    return pd.DataFrame(rows, columns=columns("figure_groups"))


def ordered(groups: pd.DataFrame) -> pd.DataFrame:
    """Rows of groups built story by story, in the order one build gives: by story, and
    within a story as built (a stable sort: each story's rows come from one build)."""
    return groups.sort_values("story_id", kind="stable", ignore_index=True)


def _with_topics(figures: pd.DataFrame, body: pd.Series, settings: Settings) -> pd.DataFrame:
    """Add class, topic and inherited; drop parts and per-item amounts."""
    partial, compared = _partial(settings), _compared(settings)
    measures = _unit_classes(settings)[1]
    out = []
    recs = figures.sort_values(["article_id", "char_start"]).astype(object)
    for aid, g in itertools.groupby(recs.where(recs.notna(), None).to_dict("records"), key=lambda r: r["article_id"]):
        text = body.get(aid) or ""
        prev = None                                   # the previous counted figure of the paragraph
        for r in g:
            start = int(r["char_start"])
            para_start = text.rfind("\n\n", 0, start) + 1
            sent_start = max(text.rfind(". ", para_start, start) + 1, para_start)
            before = text[max(para_start, start - 60):start]
            r["class"], r["topic"], r["inherited"] = unit_class(r["unit"], settings), named(r["subject"]), False
            if prev is not None and prev["_para"] != para_start:
                prev = None
            if r["class"] is None and prev is not None and ANAPHORA.search(before):
                r["unit"], r["subject"], r["class"], r["topic"], r["inherited"] = (
                    prev["unit"], prev["subject"], prev["class"], prev["topic"], True)
                if not isinstance(r.get("speaker"), str):       # a number derived from the statement before
                    r["speaker"], r["speaker_person_id"] = prev.get("speaker"), prev.get("speaker_person_id")
            elif r["class"] is not None and not r["topic"] and prev is not None and prev["_sent"] == sent_start:
                r["topic"] = prev["topic"]
            r["_para"], r["_sent"] = para_start, sent_start
            is_part = bool(partial.search(text[max(sent_start, start - 40):start])
                           or compared.search(text[max(sent_start, start - 20):start]))
            if r["class"] is not None and r["class"] not in measures:
                prev = r
            if not is_part:
                out.append(r)
    f = pd.DataFrame(out)
    f["topic"] = f["topic"].map(lambda t: " ".join(t))
    return f.drop(columns=["_para", "_sent"])
