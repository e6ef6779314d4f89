"""Stage 5, people: article bodies -> person mentions -> one row per real person in the run.

Input: articles (``article_id``, ``title``, ``body``, ``caption_spans``, ``authors``).
Output: ``mentions`` (article_id, person_id, surface, field, char_start, char_end, kind, role)
and ``people`` (person_id, name, aliases, kinds, roles, article_ids, mention_count, first_seen).

Split as spaCy splits a component: :func:`find_mentions` finds spans (pure, per article),
:func:`resolve` links them across the run and builds the rows. In an incremental run the
published articles' mentions come back through :func:`published_mentions` instead.

Finding: the person-name tagger of :mod:`transforms.models.person_tagger` (an averaged perceptron
learned from CoNLL-2003 train, scoring only capitalised tokens: ~10x faster than spaCy's
small model) on title and body, with titles and possessives trimmed; photo credits ("AP
Photo/Dmitri Lovetsky", "Ed Jones/AFP via Getty Images") give photographers; bylined
authors come from metadata.

Resolving (written here: no library folds transliterations of Slavic names):
    * within an article, a surname-only mention joins the full name it abbreviates;
    * across articles, names are compared after folding spelling variants (Andrii/Andriy,
      Zelensky/Zelenskyy, Dmitri/Dmitry: -ii/-iy/-yi/-y/-i endings and y/i agree);
    * a surname mentioned alone in an article joins a run-wide person with that surname only
      when exactly one such person exists, so different people sharing a surname stay apart.

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article_id": ["a1", "a2"], "title": [None, None], "caption_spans": [[], []],
    ...     "authors": [[], []], "body": ["President Volodymyr Zelenskyy spoke. Zelenskyy left.", "Volodymyr Zelensky said no."]})
    >>> from transforms.common.settings import load_settings
    >>> mentions, people = process(arts, load_settings())
    >>> people[["name", "aliases"]].to_dict("records")
    [{'name': 'Volodymyr Zelenskyy', 'aliases': ['Zelensky', 'Zelenskyy']}]
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import re
import unicodedata
from collections import Counter, defaultdict

import pandas as pd

from schemas import columns
from transforms.common.errors import article_rejected, contained, one_each
from transforms.common.frames import member, records
from transforms.models.person_tagger import PARTICLES, load_tagger
from transforms.common.settings import Settings
from transforms.common.text import looks_like_name_line

CREDIT = re.compile(r"\((?:(?:AP|AFP|Reuters|EPA|Getty Images)\s+Photo\s*/\s*(?P<after>[^()/]+?)|(?P<before>[^()/]+?)\s*/\s*(?:AFP|AP|Reuters|EPA|Getty Images|Shutterstock|Anadolu)[^()]*)\)")
POSSESSIVE = re.compile(r"['’]s?$")
NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$")


def process(articles: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find and resolve the people of a whole run. Returns (mentions, people)."""
    mentions = find_mentions(articles, settings)
    return resolve(mentions, articles, settings)


def find_mentions_batch(articles: pd.DataFrame, settings: Settings) -> tuple[list[dict], list[dict]]:
    """:func:`find_mentions` over a batch, an article on which it raises rejected alone
    (``stage_error``; the article stays, without mentions), the rest as one batch.

    Returns:
        (mentions, rejects).
    """
    parts, rejects = contained("people", lambda batch: find_mentions(batch, settings), articles, one_each,
                               article_rejected("mentions"), join=lambda frames: pd.concat(frames))
    return [m for part in parts for m in part], rejects


def find_mentions(articles: pd.DataFrame, settings: Settings) -> list[dict]:
    """Person mentions of every article (unresolved: no person_id yet).

    Two passes: the tagger, then propagation. A first name the tagger recognised anywhere in
    the batch ("Volodymyr Zelenskyy"), followed by a capitalised word, is a name wherever it
    appears, also where the tagger hesitated ("Volodymyr Zelensky and ..." opening a sentence).
    """
    tagger = load_tagger()
    rows = list(articles[["article_id", "title", "body", "caption_spans", "authors"]].itertuples(index=False))
    tagged = []
    for r in rows:
        title = r.title if isinstance(r.title, str) else ""
        body = r.body if isinstance(r.body, str) else ""
        credits = list(_photo_credits(body, r.caption_spans))
        tagged.append((r, title, body, credits, tagger.spans(title), tagger.spans(body)))
    honorifics = settings.vocab("honorifics")
    first_names = {surface.split()[0] for *_, t_spans, b_spans in tagged for surface, _, _ in t_spans + b_spans
                   if len(surface.split()) > 1 and surface.split()[0].lower() not in honorifics and len(surface.split()[0]) > 2}
    out = []
    for r, title, body, credits, t_spans, b_spans in tagged:
        blocked = [(s, e) for _, s, e in credits]
        found = _from_spans(r.article_id, "title", title, _propagate(title, t_spans, first_names), [], settings)
        found += _from_spans(r.article_id, "body", body, _propagate(body, b_spans, first_names), blocked, settings)
        out += _consistent(found, f"{title}\n{body}", settings)
        out += [{"article_id": r.article_id, "surface": name, "field": "body", "char_start": s, "char_end": e,
                 "kind": "photographer", "role": None} for name, s, e in credits]
        for author in r.authors if r.authors is not None else []:
            if looks_like_name_line(author):
                out.append({"article_id": r.article_id, "surface": author, "field": "byline", "char_start": None,
                            "char_end": None, "kind": "author", "role": None})
    return out


FIRST_AND_REST = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)((?:\s+[A-Z][\w'’-]+){1,2})")


def _propagate(text: str, spans: list[tuple[str, int, int]], first_names: set[str]) -> list[tuple[str, int, int]]:
    """Add 'Firstname Capitalised' spans whose first name is a known first name."""
    if not first_names:
        return spans
    taken = sorted((s, e) for _, s, e in spans)
    starts = [s for s, _ in taken]
    reach = list(itertools.accumulate((e for _, e in taken), max))     # furthest end among the spans so far
    extra = []
    for m in FIRST_AND_REST.finditer(text):
        # overlaps a tagged span: one that starts before this match ends reaches past its start
        before = bisect.bisect_left(starts, m.end())
        if m.group(1) in first_names and not (before and reach[before - 1] > m.start()):
            extra.append((m.group(0), m.start(), m.end()))
    return sorted(spans + extra, key=lambda x: x[1])


def _consistent(mentions: list[dict], text: str, settings: Settings) -> list[dict]:
    """Judge one-word names that no full name in this article explains.

    Dropped when the tagger took the word for a person only now and then here ("Pyongyang's
    forces" once, "in Pyongyang" twice): a person's name is one wherever it appears. Kept
    ones are marked ``weak`` unless the text itself says person (a title before it, a
    reporting verb after it, or tagged twice or more); :func:`resolve` keeps weak ones only
    if another article of the run gives the full name.
    """
    fulls = {w for m in mentions for w in m["surface"].split()[1:] if len(m["surface"].split()) > 1}
    honorifics, cues = settings.vocab("honorifics"), settings.vocab("cue_verbs")
    tagged: dict[str, int] = defaultdict(int)
    for m in mentions:
        tagged[m["surface"]] += 1
    occurrences = _standalone_counts(text, {m["surface"] for m in mentions if " " not in m["surface"] and m["surface"] not in fulls})
    keep = []
    for m in mentions:
        surface = m["surface"]
        if " " not in surface and surface not in fulls:
            seen = occurrences[surface]
            if seen and tagged[surface] / seen < 0.5:
                continue
            before = re.findall(r"[A-Za-z]+", text[max(0, m["char_start"] - 25):m["char_start"]])
            after = re.findall(r"[A-Za-z]+", text[m["char_end"]:m["char_end"] + 25])
            m["weak"] = not (tagged[surface] >= 2 or (before and before[-1].lower() in honorifics)
                             or any(w.lower() in cues for w in after[:2]))
        keep.append(m)
    return keep


NAMEISH = re.compile(r"[\w'’.-]+")


def _standalone_counts(text: str, surfaces: set[str]) -> dict[str, int]:
    """How often each one-word surface stands alone in ``text`` (no word character or hyphen
    either side): ``len(re.findall(rf"(?<![\\w-]){re.escape(s)}(?![\\w-])", text))`` for every
    surface in one pass, not one pass per surface (a long article names thousands).

    A surface is made of name characters (``[\\w'’.-]``), so it lies inside one run of them,
    starting at the run's start or after an apostrophe or full stop, and ending at the run's
    end or before one; matches are counted without overlap, as ``findall`` does.
    """
    if not surfaces:
        return {}
    longest = max(map(len, surfaces))
    starts: dict[str, list[int]] = defaultdict(list)
    for run in NAMEISH.finditer(text):
        word, base = run.group(), run.start()
        cuts = [i for i, ch in enumerate(word) if ch in "'’."]
        ends = sorted({*cuts, len(word)})
        for begin in (0, *(i + 1 for i in cuts)):
            for end in ends[bisect.bisect_right(ends, begin):]:
                if end - begin > longest:
                    break
                if word[begin:end] in surfaces:
                    starts[word[begin:end]].append(base + begin)
    counts = dict.fromkeys(surfaces, 0)
    for surface, found in starts.items():
        free = 0
        for at in sorted(found):
            if at >= free:
                counts[surface] += 1
                free = at + len(surface)
    return counts


def _from_spans(article_id: str, field: str, text: str, spans: list[tuple[str, int, int]],
                blocked: list[tuple[int, int]], settings: Settings) -> list[dict]:
    honorifics = settings.vocab("honorifics")
    openers = settings.vocab("name_openers")
    org_heads = settings.vocab("org_heads")
    banned = settings.vocab("not_person_words")
    not_personal_tails = settings.vocab("publication_heads") | settings.vocab("company_suffixes")
    out = []
    for surface, start, end in spans:
        if any(s <= start < e or s < end <= e for s, e in blocked):
            continue
        after = re.match(r"['’]s\s+([A-Z]\w+)", text[end:end + 40])
        if after and after.group(1).lower() in org_heads:
            continue                                  # "Korean People's Army": an organisation
        words = surface.split()
        # Titles ("President", "Defense Minister") and openers ("Another") are not the name.
        while len(words) > 1 and (words[0].lower().strip(".") in honorifics or words[0].lower() in openers):
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        surface = text[start:end]
        trimmed = POSSESSIVE.sub("", surface) if surface.endswith(("'s", "’s", "'", "’")) else surface
        surface = trimmed.strip(" ,.;:-")
        if not _plausible(surface, banned, settings.people.max_name_tokens):
            continue
        if len(words := surface.split()) > 1 and words[-1].lower() in not_personal_tails:
            continue                                  # "Ukrayinska Pravda", "Mobil Corp": a publication, a company
        end = start + len(surface)
        out.append({"article_id": article_id, "surface": surface, "field": field, "char_start": start, "char_end": end,
                    "kind": "subject", "role": role_near(text, start, end, settings) if field == "body" else None})
    return out


def _plausible(surface: str, banned: frozenset[str], max_tokens: int) -> bool:
    words = surface.split()
    if not words or len(words) > max_tokens:
        return False
    if not all(NAME_WORD.match(w) or w.lower() in PARTICLES for w in words):
        return False
    if any(ch.isdigit() for ch in surface) or all(w.lower() in banned for w in words):
        return False
    return not (len(words) == 1 and surface.isupper() and len(surface) <= 4)


def _photo_credits(body: str, caption_spans) -> list[tuple[str, int, int]]:
    out = []
    for start, end in caption_spans if caption_spans is not None else []:
        for m in CREDIT.finditer(body, start, end):
            group = "after" if m.group("after") else "before"
            name = m.group(group).strip()
            if looks_like_name_line(name):
                s = m.start(group) + (len(m.group(group)) - len(m.group(group).lstrip()))
                out.append((name, s, s + len(name)))
    return out


ROLE_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*|of|the|for|and|de)(?:\s+(?:[A-Z][\w.'’-]*|of|the|for|and))*)\s+$")
ROLE_AFTER = re.compile(r"^,\s+((?:the\s+)?[^,;.()]{3,120}?)(?=,|;|\.\s|\s+(?:said|says|told|added|reported|warned|wrote)\b|$)")


def role_near(text: str, start: int, end: int, settings: Settings) -> str | None:
    """The role stated next to a mention: a title before it ("Ukrainian Defense Minister
    Rustem Umerov") or an appositive after it ("Andrii Kovalenko, the head of ...,")."""
    nouns = settings.vocab("role_nouns")
    before = text[max(0, start - 120):start]
    if (m := ROLE_BEFORE.search(before)):
        phrase = m.group(1).strip()
        words = phrase.split()
        while words and words[0].lower() in ("the", "of", "and", "for"):
            words = words[1:]
        if words and any(w.lower().strip(".,") in nouns for w in words) and words[-1].lower() not in ("of", "the", "and"):
            return " ".join(words)
    after = text[end:end + 200]
    if (m := ROLE_AFTER.match(after)):
        phrase = m.group(1).strip()
        phrase = re.sub(r"^the\s+", "", phrase)
        if any(w.lower().strip(".,’'s") in nouns for w in phrase.split()[:4]) and not re.search(r"\b(said|says|who|which)\b", phrase):
            return phrase
    return None


# ----------------------------------------------------------------------------- resolution
@functools.lru_cache(maxsize=100_000)
def fold(token: str) -> str:
    """Spelling-variant fold of one name token: Andriy/Andrii -> andri, Zelenskyy -> zelenski."""
    token = unicodedata.normalize("NFKD", token)
    token = "".join(c for c in token if not unicodedata.combining(c)).lower().strip(".'’")
    token = token.replace("y", "i").replace("j", "i")
    token = re.sub(r"i{2,}", "i", token)
    token = re.sub(r"(?<=[^aeiou])ie(?=[^aeiou]|$)", "i", token)
    return token


@functools.lru_cache(maxsize=100_000)
def name_key(surface: str) -> tuple[str, ...]:
    """A name as comparable tokens: folded (accents, transliteration variants), initials'
    dots dropped; "Volodymyr Zelenskyy" and "Volodymyr Zelensky" share a key."""
    return tuple(fold(w) for w in surface.split() if w.strip(".")) or ("",)


def resolve(mentions: list[dict], articles: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Link mentions to persons and build (mentions, people) frames.

    ``mentions`` are taken in the order of ``articles`` (each article's in the order found),
    whatever order they come in: published and new articles' mentions give the people of
    one full run (names are chosen by counts whose ties go to the first seen).
    """
    position = {aid: k for k, aid in enumerate(articles["article_id"])}
    mentions = sorted(mentions, key=lambda m: position.get(m["article_id"], len(position)))
    # 1. Within an article: a short mention joins a longer one whose tokens it matches in order.
    by_article: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        by_article[m["article_id"]].append(m)
    for arts in by_article.values():
        # longest first, ties by spelling: set order follows the hash seed, and the ids must not
        fulls = sorted({m["surface"] for m in arts if len(m["surface"].split()) > 1}, key=lambda s: (-len(s.split()), s))
        hosts = _Hosts(fulls)
        for m in arts:
            m["local"] = hosts.first(m["surface"]) or m["surface"]

    # 2. Across the run: one person per folded full name.
    persons: dict[tuple, dict] = {}
    for m in mentions:
        key = name_key(m["local"])
        if len(key) > 1:
            persons.setdefault(key, {"key": key})
    by_surname: dict[str, list[tuple]] = defaultdict(list)
    for key in persons:
        by_surname[key[-1]].append(key)
    strong_single = {name_key(m["local"]) for m in mentions if len(name_key(m["local"])) == 1 and not m.get("weak")}
    kept = []
    for m in mentions:
        key = name_key(m["local"])
        if len(key) == 1:
            # A surname (or given name) alone: join the one run-wide person it can be.
            options = by_surname.get(key[0], [])
            if len(options) == 1:
                key = options[0]
            elif key not in strong_single:
                continue            # one word, nothing says it is a person: not kept
            persons.setdefault(key, {"key": key})
        m["person_key"] = key
        kept.append(m)
    mentions = kept

    first_seen = dict(zip(articles["article_id"], articles.get("published_at", pd.Series([None] * len(articles)))))
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for m in mentions:
        grouped[m["person_key"]].append(m)
    people_rows, pid_of = [], {}
    for key, ms in grouped.items():
        pid = "per-" + hashlib.sha1(" ".join(key).encode()).hexdigest()[:12]
        pid_of[key] = pid
        full_forms = Counter(m["surface"] for m in ms if len(m["surface"].split()) > 1)
        docs_of = defaultdict(set)
        for m in ms:
            docs_of[m["surface"]].add(m["article_id"])
        if full_forms:
            name = max(full_forms, key=lambda s: (len(docs_of[s]), full_forms[s], len(s.split()), s))
        else:
            name = Counter(m["surface"] for m in ms).most_common(1)[0][0]
        aliases = sorted({m["surface"] for m in ms} - {name})
        roles = sorted({m["role"] for m in ms if m.get("role")})
        kinds = sorted({m["kind"] for m in ms})
        art_ids = sorted({m["article_id"] for m in ms})
        dates = [first_seen.get(a) for a in art_ids if first_seen.get(a) is not None and not pd.isna(first_seen.get(a))]
        people_rows.append({"person_id": pid, "name": name, "aliases": aliases, "kinds": kinds, "roles": roles,
                            "article_ids": art_ids, "mention_count": len(ms), "first_seen": min(dates) if dates else None})
    people = pd.DataFrame(people_rows, columns=columns("people"))
    people["first_seen"] = pd.to_datetime(people["first_seen"], utc=True)
    mentions_df = pd.DataFrame([{**m, "person_id": pid_of[m["person_key"]]} for m in mentions], columns=columns("mentions"))
    return mentions_df, people.sort_values("person_id", ignore_index=True)


def published_mentions(mentions: pd.DataFrame | None, articles: pd.DataFrame) -> list[dict]:
    """The published mentions of articles still in the run, as :func:`find_mentions` gives
    them (no ``person_id``): an incremental run does not tag those articles again.

    Args:
        mentions: the published mentions table (None or empty on a first run).
        articles: the run's articles.
    """
    if mentions is None or mentions.empty:
        return []
    return records(mentions[member(mentions["article_id"], articles["article_id"])].drop(columns=["person_id"]))


class _Hosts:
    """The full names of one article, in order, indexed by their tokens: :meth:`first` is
    ``next(f for f in fulls if f != surface and _abbreviates(name_key(surface), name_key(f)))``
    without comparing a mention with every full name (an article naming thousands of people
    made that quadratic).

    A full name a mention abbreviates holds the mention's tokens in order (an initial: a token
    starting with it). So a one-token mention is tried only against the full names holding
    its token, and a longer one only against those holding its first two tokens in that order
    (index of ordered token pairs, each token also as its initial), in the same order as
    ``fulls``.
    """

    def __init__(self, fulls: list[str]) -> None:
        self.fulls, self.keys = fulls, [name_key(f) for f in fulls]
        self.single: dict[str, list[int]] = defaultdict(list)
        self.pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            forms = [{tok, tok[:1]} if tok else {tok} for tok in key]
            for form in set().union(*forms):
                self.single[form].append(i)
            if len(key) > 2:                              # only those can host a mention of two tokens or more
                for pair in {(x, y) for a, b in itertools.combinations(forms, 2) for x in a for y in b}:
                    self.pairs[pair].append(i)
        self.found: dict[str, str | None] = {}          # a surface repeats: look it up once

    def first(self, surface: str) -> str | None:
        if surface not in self.found:
            key = name_key(surface)
            tried = self.single.get(key[0], ()) if len(key) == 1 else self.pairs.get(key[:2], ())
            self.found[surface] = next((self.fulls[i] for i in tried
                                        if self.fulls[i] != surface and _abbreviates(key, self.keys[i])), None)
        return self.found[surface]


def _abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Tokens of ``short`` appear in ``full`` in order (an initial matches a word)."""
    i = 0
    for tok in full:
        if i < len(short) and (short[i] == tok or (len(short[i]) == 1 and tok.startswith(short[i]))):
            i += 1
    return i == len(short) and len(short) < len(full)
