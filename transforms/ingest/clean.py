"""Stage 2, clean: page text -> article body, with page furniture separated out.

Input: a document's ``page_text`` (from load). Output: the clean ``body`` (paragraphs joined
by a blank line; every later offset points into it), the ``header_lines`` above the body
(headline, byline, date lines: metadata reads them), ``top_lines`` (every line above the body,
furniture included: the logo line, a wire feed's header), the ``footer_lines`` cut below it,
``caption_spans`` (photo captions, kept in the body but marked), ``signoff`` (a bare name
line closing the article) and the crawler's ``crawl_date`` prefix if any.

How the article is found, with general news-page patterns only (the vocabularies are in
``transforms/data/``: furniture_lines, footer_lines, caption_markers):
    1. hard-wrapped lines are re-flowed into paragraphs;
    2. the body starts at the first real paragraph (a long line with a sentence end), or
       earlier, right under a dateline of its own ("LONDON 1996-08-26") below the headline:
       a results table's rows and a short or capitalised lead there are the story;
    3. it ends at the first footer marker after that ("Tags:", "Read also", "Follow us on",
       "Authors:", a bare time that opens the next item of a news feed, copyright lines, a
       dash sign-off "— Reuters"), except the timed updates of a live blog and the items of
       a dash list (a results table's wrapped "- 4 7-5", a digest's "- The surprise...");
    4. inside it, furniture lines (share bars, "Advertisement", "Related: ...", template
       artefacts) are dropped and captions are marked.

Example:
    >>> from transforms.common.settings import load_settings
    >>> settings = load_settings()
    >>> c = clean_page("Skip to content\\nBig Headline Here\\n\\nThe minister said on Monday that five units were sent.\\nTags: war", settings)
    >>> c["body"], c["header_lines"], c["footer_lines"]
    ('The minister said on Monday that five units were sent.', ['Big Headline Here'], ['Tags: war'])
"""
from __future__ import annotations

import re

from transforms.common.settings import Settings
from transforms.common.text import (BYLINE, DATELINE, LEAD_DATELINE, SIGNED_QUOTE, WORD, is_date_line, is_headline_case, is_place_dateline,
                                    looks_like_name_line)

CRAWLER_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$|[.!?][\"'”’)\]]*\s+[\"'“‘(]?[A-Z]")
TERMINAL = re.compile(r"[.!?:;\"'”’)\]…]\s*$")
PARAGRAPH_SEP = "\n\n"
BULLET = re.compile(r"^[•·▪●◦‣∙*]\s+")
DASH_LEAD = re.compile(r"^([—–-]+)\s+\S")     # a line led by a dash and a space: a sign-off or a list item
LIVE_TIME = re.compile(r"^\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)(?:\s+[A-Z]{2,5})?$|^\d{1,2}:\d{2}$", re.IGNORECASE)


def process(docs: list[dict], settings: Settings) -> list[dict]:
    """Clean a batch: each document dict gains the fields of :func:`clean_page`."""
    return [{**doc, **clean_page(doc["page_text"], settings)} for doc in docs]


def clean_page(page_text: str, settings: Settings) -> dict:
    """Split one page into header, body and footer. See the module docstring."""
    opts = settings.clean
    lines = [line.rstrip().replace("\u200b", "") for line in page_text.split("\n")]
    crawl_date = crawl_title = None
    if lines and (m := CRAWLER_PREFIX.match(lines[0])):
        crawl_date, lines[0] = m.group(1), m.group(2)
        crawl_title = lines[0].strip() if classify(lines[0], settings) == "text" else None
    lines = reflow(lines, settings)
    kinds = [classify(line, settings) for line in lines]

    start = _body_start(lines, kinds, opts)
    _live_blog_times(lines, kinds, start, opts)
    _dash_lists(lines, kinds, start, opts)
    end = len(lines)
    for i in range(start, len(lines)):
        if kinds[i] == "footer":
            end = i
            break

    kept = [i for i in range(start, end) if kinds[i] in ("text", "caption")]
    signoff = None
    if kept and len(kept) > 1 and looks_like_name_line(lines[kept[-1]]):
        signoff = lines[kept[-1]].strip()
        kept.pop()

    body_parts, caption_spans, pos = [], [], 0
    for i in kept:
        text = BULLET.sub("", lines[i].strip())
        if body_parts:
            pos += len(PARAGRAPH_SEP)
        if kinds[i] == "caption":
            caption_spans.append([pos, pos + len(text)])
        body_parts.append(text)
        pos += len(text)
    # Above the body: text lines, and date lines even where they look like a feed's timestamps.
    header = [lines[i].strip() for i in range(start)
              if kinds[i] == "text" or (kinds[i] == "footer" and is_date_line(lines[i]))]
    # Every line above the body, furniture included: the site's logo line and a wire feed's
    # header ("REUTERS NEWS SERVICE" / "RTR 27-APR-1987 14:56") are furniture to the article
    # but metadata to the page.
    top = [lines[i].strip() for i in range(start) if kinds[i] != "blank"]
    footer = [lines[i].strip() for i in range(end, len(lines)) if kinds[i] != "blank"]
    body = PARAGRAPH_SEP.join(body_parts)
    return {"body": body, "header_lines": header, "top_lines": top, "footer_lines": footer, "caption_spans": caption_spans,
            "signoff": signoff, "crawl_date": crawl_date, "crawl_title": crawl_title, "n_words": len(WORD.findall(body))}


def classify(line: str, settings: Settings) -> str:
    """One of blank, furniture, footer, caption, text."""
    s = line.strip()
    if not s:
        return "blank"
    if settings.any_pattern("footer_lines").search(s):
        return "footer"
    if settings.any_pattern("furniture_lines").search(s):
        return "furniture"
    if settings.any_pattern("caption_markers").search(s):
        return "caption"
    return "text"


def reflow(lines: list[str], settings: Settings) -> list[str]:
    """Join hard-wrapped prose lines back into paragraphs.

    A line is joined to the next when it is long, does not end a sentence, is not a
    headline (mostly capitalised words) and the next line is prose too. Headlines, bylines
    and date lines stay on their own lines.

    Linear in the page: a paragraph keeps what decides whether it takes the next line
    (:class:`_Paragraph`) instead of re-reading all of itself at every line it takes, which
    made a table of 2,000 comma-separated rows (94 KB) cost 70 s.
    """
    opts = settings.clean
    markers = tuple(settings.vocabularies.pattern_parts(name) for name in ("footer_lines", "furniture_lines", "caption_markers"))
    out: list[str] = []
    para, checked = None, False          # out[-1] as a paragraph that may take more lines, once looked at
    for line in lines:
        s = line.strip()
        if s and out:
            if not checked:              # only a line followed by text is looked at, once
                para, checked = _Paragraph.opening(out[-1], opts, markers), True
            if para is not None and _takes(para, s, markers):
                para.add(s, opts, markers)
                continue
        if para is not None:
            out[-1] = para.text()
        out.append(line)
        para, checked = None, False
    if para is not None:
        out[-1] = para.text()
    return out


def _takes(prev: _Paragraph, s: str, markers: tuple) -> bool:
    """Does the paragraph ``prev`` go on with the (stripped, non-empty) line ``s``? Its own
    checks are in ``prev.open``; these are the line's."""
    if not prev.open or _marked(s, markers) or BYLINE.match(s) or is_date_line(s):
        return False
    return s[0].islower() or s[0].isdigit() or (prev.length >= 50 and (len(s) >= 50 or bool(TERMINAL.search(s))))


class _Paragraph:
    """A line, and the wrapped lines joined to it so far, with what decides whether it may
    take one more: ``open`` is False once it is short, ends a sentence, is a headline, a
    signed quote, furniture, a footer, a caption, a byline or a date line.

    Each check costs the new line and a bounded window, not the whole paragraph: word counts
    for the headline test add up; a sentence end is the new line's; markers that start the
    paragraph (footer, furniture, date) are matched against its first ``[clean]
    paragraph_marker_chars`` characters, and markers that end it (a caption credit, a signed
    quote) are searched from ``[clean] wrapped_marker_chars`` characters before the line
    break: a marker the paragraph did not hold before the new line must cross into it.
    """

    __slots__ = ("first", "pieces", "length", "head", "tail", "words", "upper", "open")

    def __init__(self, line: str, s: str, counts: tuple[int, int], opts) -> None:
        self.first, self.pieces, self.length, self.open = line, [], len(s), True
        self.head, self.tail = s[:opts.paragraph_marker_chars], s[-(opts.wrapped_marker_chars + 1):]
        self.words, self.upper = counts

    @classmethod
    def opening(cls, line: str, opts, markers: tuple) -> _Paragraph | None:
        """The paragraph ``line`` starts, or None when it cannot take the next line (most
        lines: short ones, sentence ends, headlines, markers)."""
        s = line.strip()
        if len(s) < 40 or TERMINAL.search(s) or BYLINE.match(s):
            return None
        counts = _capitalised(s)
        if _headline(*counts, opts.headline_case_share) or SIGNED_QUOTE.search(s) or is_date_line(s) or _marked(s, markers):
            return None
        return cls(line, s, counts, opts)

    def add(self, s: str, opts, markers: tuple) -> None:
        """Join the stripped line ``s`` and re-decide ``open``. ``markers``: the (anchored,
        floating) parts of the footer, furniture and caption patterns."""
        # the line break, the characters before it and the new line; when the paragraph holds
        # more, window[0] is context only: no match starts there, and no "^"
        window = self.tail + " " + s
        start = int(self.length > len(self.tail))
        self.tail = window[-(opts.wrapped_marker_chars + 1):]
        self.pieces.append(s)
        self.length += 1 + len(s)
        words, upper = _capitalised(s)
        self.words, self.upper = self.words + words, self.upper + upper
        grown = len(self.head) < opts.paragraph_marker_chars
        if grown:
            self.head = (self.head + " " + s)[:opts.paragraph_marker_chars]
        self.open = not (TERMINAL.search(s) or _headline(self.words, self.upper, opts.headline_case_share)
                         or (self.length <= opts.paragraph_marker_chars and is_date_line(self.head))
                         or (("”" in window or '"' in window) and SIGNED_QUOTE.search(window, start))
                         or any((grown and anchored is not None and anchored.match(self.head))
                                or (floating is not None and floating.search(window, start)) for anchored, floating in markers))

    def text(self) -> str:
        return f"{self.first.rstrip()} {' '.join(self.pieces)}" if self.pieces else self.first


def _marked(s: str, markers: tuple) -> bool:
    """``classify(s) != "text"`` (a footer, furniture or caption line), from the split patterns."""
    return any((anchored is not None and anchored.match(s)) or (floating is not None and floating.search(s))
               for anchored, floating in markers)


def _capitalised(text: str) -> tuple[int, int]:
    """(longer words, capitalised ones) of ``text``: what :func:`is_headline_case` counts. Word
    counts of lines joined by a space add up (no word crosses a space)."""
    words = [w for w in WORD.findall(text) if w[0].isalpha() and len(w) > 3]
    return len(words), sum(w[0].isupper() for w in words)


def _headline(words: int, upper: int, share: float) -> bool:
    """:func:`is_headline_case` from the counts of :func:`_capitalised`."""
    return words >= 2 and upper / words >= share


def _live_blog_times(lines: list[str], kinds: list[str], start: int, opts) -> None:
    """A bare time line normally opens the next item of a news feed (a footer), but a live
    blog ("The Latest: ...") is a run of timed updates of one story: when two or more time
    lines head paragraphs of prose (most of them), they are separators (furniture), not
    the end of the article."""
    times = [i for i in range(start, len(lines)) if LIVE_TIME.match(lines[i].strip())]
    heads = [i for i in times if (j := next((k for k in range(i + 1, len(lines)) if kinds[k] != "blank"), None)) is not None
             and kinds[j] == "text" and is_paragraph(lines[j], opts)]
    if len(heads) >= 2 and len(heads) >= 0.67 * len(times):
        for i in times:
            kinds[i] = "furniture"


def _dash_lists(lines: list[str], kinds: list[str], start: int, opts) -> None:
    """A dash-led line ("— Reuters") is a sign-off only where it is the page's own: when
    ``[clean] dash_list_min_items`` lines above it open with the same dash, the page is a
    list led by dashes (a results table whose wrapped scores start "- 4", a press digest of
    "- The north Lebanon elections..." items, tanker fixtures under "- ASIA PACIFIC") and
    the line is one more item (text), not the end of the article. Lines above the page's
    first body line ``start`` count as items but keep their kind (the header is metadata's)."""
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        if not (m := DASH_LEAD.match(line.strip())):
            continue
        dash = m.group(1)
        if i >= start and kinds[i] == "footer" and seen.get(dash, 0) >= opts.dash_list_min_items:
            kinds[i] = "text"
        seen[dash] = seen.get(dash, 0) + 1


def _body_start(lines: list[str], kinds: list[str], opts) -> int:
    """Index of the first body line: the first real paragraph, else the first text line
    after the headline (short pages such as earnings tables); but never below the line
    under a dateline of its own (:func:`_under_dateline`)."""
    start = _first_paragraph(lines, kinds, opts)
    # on a page without a paragraph (a table), a dateline anywhere above the first footer counts
    limit = start if start is not None else next((i for i, k in enumerate(kinds) if k == "footer"), len(lines))
    dated = _under_dateline(lines, kinds, limit, opts)
    if dated is not None:
        return dated
    if start is not None:
        return start
    texts = [i for i, k in enumerate(kinds) if k == "text"]
    return texts[1] if len(texts) > 1 else (texts[0] if texts else len(lines))


def _first_paragraph(lines: list[str], kinds: list[str], opts) -> int | None:
    first_text = next((i for i, k in enumerate(kinds) if k == "text"), None)
    for i, (line, kind) in enumerate(zip(lines, kinds)):
        # a dated dateline opens the story even on a results table's first row, which is no prose
        if kind in ("text", "caption") and (is_paragraph(line, opts) or LEAD_DATELINE.match(line.strip())):
            if i == first_text and _standalone_headline(lines, kinds, i, opts):
                continue
            return i
    return None


def _under_dateline(lines: list[str], kinds: list[str], start: int, opts) -> int | None:
    """The story's first line when a dateline of its own ("LONDON 1996-08-26") stands under
    the headline above ``start`` (the first real paragraph; the first footer line when there is
    none): what follows it is the story, whether or not it reads as a paragraph (a results
    table's rows, a lead of capitalised names, a short lead sentence).
    Bylines and date lines right under the dateline stay above the body; so does everything
    when the line under the dateline is a headline-case line with a byline or a date under it
    (the dateline then stands above the headline; a table's first row, "Company Name Acme Inc",
    has none), or when a footer marker lies between it and ``start`` (the body would end
    there). None when there is no such dateline."""
    for i in range(start):
        if kinds[i] != "text" or not is_place_dateline(lines[i]):
            continue
        if not any(k == "text" for k in kinds[:i]):          # no headline above it
            return None
        j = next((k for k in range(i + 1, start) if kinds[k] in ("text", "caption")
                  and not (BYLINE.match(lines[k].strip()) or is_date_line(lines[k]) or _name_line(lines, kinds, k))), None)
        if j is None or any(kinds[k] == "footer" for k in range(j, start)):
            return None
        if is_headline_case(lines[j], opts.headline_case_share) and not is_paragraph(lines[j], opts) and _byline_below(lines, kinds, j):
            return None
        return j
    return None


def _name_line(lines: list[str], kinds: list[str], i: int) -> bool:
    """Line ``i`` is a bare name (a byline without "By"), not the first words of a sentence
    that goes on below it ("Major League Baseball" / "standings after ...")."""
    if not looks_like_name_line(lines[i]):
        return False
    j = next((k for k in range(i + 1, len(lines)) if kinds[k] != "blank"), None)
    return j is None or not lines[j].strip()[:1].islower()


def _byline_below(lines: list[str], kinds: list[str], i: int) -> bool:
    """The next text line under line ``i`` is a byline, a date line or a bare name."""
    j = next((k for k in range(i + 1, len(lines)) if kinds[k] != "blank"), None)
    return j is not None and (BYLINE.match(lines[j].strip()) is not None or is_date_line(lines[j]) or looks_like_name_line(lines[j]))


def _standalone_headline(lines: list[str], kinds: list[str], i: int, opts) -> bool:
    """The page's first line, short and set off by a blank line before more paragraphs:
    a headline written as a sentence ("Poll: Voters Abandon Party."), not the lead."""
    if len(WORD.findall(lines[i])) > 25 or i + 1 >= len(lines) or kinds[i + 1] != "blank":
        return False
    return any(k == "text" and is_paragraph(lines[j], opts) for j, k in enumerate(kinds[i + 1:], i + 1))


def is_paragraph(line: str, opts) -> bool:
    """Prose: enough words (``opts``: the [clean] section) and a sentence end, not a run of
    capitalised words (a headline), unless a dateline opens it ("LOS ANGELES, Sept. 28 (UPI)
    — ..." leads are full of names) or it is longer than a headline gets (``[clean]
    headline_max_words``: "Top-seeded Carl Brandt of Norland was beaten by ...")."""
    words, min_words = WORD.findall(line), opts.paragraph_min_words
    prose = (not is_headline_case(line, opts.headline_case_share) or bool(DATELINE.match(line.strip()))
             or len(words) >= opts.headline_max_words)
    return (len(words) >= min_words and bool(SENTENCE_END.search(line)) and prose) or len(words) >= 2.5 * min_words


