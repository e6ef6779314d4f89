"""HTML markup -> plain text, in one linear pass: the fallback of load for markup that
trafilatura cannot read, and the reader of HTML found inside a JSON text field.

trafilatura (lxml) finds an article's main text in a well-formed page, but gives nothing for
a page nested deeper than libxml2's limit (about 256 elements) or for plain prose saved as
``.html``, and a JSON export's text field may hold the page's markup as it was scraped
(``<p>...</p><script>...``). For those, this module keeps every text node: no element
tree (no depth limit), no regular expression that can backtrack over the document; each
character is looked at a bounded number of times. Scripts, styles and other non-text
elements are dropped, block elements become paragraph breaks, entities are decoded.

Example:
    >>> markup_text("<div><p>One &amp; two.</p><script>x = 1;</script><p>Three <b>four</b>.</p></div>")
    'One & two.\\n\\nThree four.'
    >>> looks_like_markup("Shares of <SRD> rose"), looks_like_markup("<p>Text</p><p>More</p>")
    (False, True)
"""
from __future__ import annotations

import html
import re

# HTML's own element names (the standard, not a tunable vocabulary): the elements whose
# content is no text, and the elements that end a paragraph.
SKIPPED = frozenset("script style noscript template svg iframe object head".split())
BLOCKS = frozenset(("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table article section header footer blockquote "
                    "figure figcaption title main aside nav pre hr dd dt dl form").split())
# A tag: its name, and attributes that hold no '<' (so a failed attempt stops at the next '<').
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?/?>")
# Markup inside a JSON text: a closing tag of a known element, or a line break tag. Angle
# brackets alone do not count: Reuters writes ticker symbols as <SRD>.
KNOWN_TAG = re.compile(r"</(?:%s)\s*>|<br\s*/?>" % "|".join(sorted(BLOCKS | SKIPPED | {"a", "b", "i", "em", "strong", "span"})),
                       re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANKS = re.compile(r"\n\s*\n\s*")


def looks_like_markup(text: str) -> bool:
    """True when ``text`` holds HTML elements (closing tags or line breaks), not just '<'."""
    return KNOWN_TAG.search(text) is not None


def markup_text(markup: str) -> str:
    """The text of ``markup``: text nodes in order, paragraphs separated by a blank line.
    Text without a single tag is prose saved as HTML: it is kept as it is, line breaks too."""
    if TAG.search(markup) is None and "<!--" not in markup:
        return markup.strip()
    parts: list[str] = []
    pos, n = 0, len(markup)
    last_gt = markup.rfind(">")
    while pos < n:
        lt = markup.find("<", pos)
        if lt < 0 or lt > last_gt:                  # no tag can follow: the rest is text
            parts.append(_text(markup[pos:]))
            break
        parts.append(_text(markup[pos:lt]))
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            pos = n if end < 0 else end + 3         # an unclosed comment runs to the end, as in browsers
            continue
        if markup.startswith("<!", lt) or markup.startswith("<?", lt):
            end = markup.find(">", lt)
            pos = end + 1
            continue
        m = TAG.match(markup, lt)
        if m is None:                               # a '<' that opens no tag is text ("a < b")
            parts.append("<")
            pos = lt + 1
            continue
        closing, name = m.group(1), m.group(2).lower()
        pos = m.end()
        if name in SKIPPED and not closing and not m.group(0).endswith("/>"):
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(markup, pos)
            pos = n if close is None else close.end()
            if name == "head":                      # the page's title lives in the head
                parts.append(_title(markup[m.end():pos]))
            continue
        if name in BLOCKS:
            parts.append("\n\n")
    text = BLANKS.sub("\n\n", "".join(parts))
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _text(raw: str) -> str:
    """A text node: entities decoded, runs of white space (line breaks too) as one space."""
    return SPACES.sub(" ", html.unescape(raw).replace("\n", " ")) if raw else ""


def _title(head: str) -> str:
    m = re.search(r"<title[^<>]*>([^<]*)</title\s*>", head, re.IGNORECASE)
    return f"\n\n{_text(m.group(1)).strip()}\n\n" if m else ""
