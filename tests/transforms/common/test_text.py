"""text: the shared recognisers (sentences, line shapes, quotes, tokens) on small literal inputs."""
import re

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from transforms.common import text


def test_sentences_keep_abbreviations_initials_and_offsets():
    body = 'Gen. Smith arrived in the U.S. on Monday. J. Doe said: "No." Then he left.\n\nNo stop here\n• bullet one'
    got = text.sentences(body)
    assert [s for s, _, _ in got] == ['Gen. Smith arrived in the U.S. on Monday.', 'J. Doe said: "No."', "Then he left.",
                                      "No stop here", "• bullet one"]
    assert all(body[start:end] == s for s, start, end in got)


def test_sentences_of_blank_text():
    assert text.sentences("") == [] and text.sentences(" \n\n ") == []


@pytest.mark.parametrize("line,expected", [
    ("Floods Hit Northern City After Heavy Rain", True),
    ("FLOODS HIT CITY", True),
    ("Floods hit the northern city after heavy rain", False),
    ("Big", False),                                     # one word is not enough to tell
])
def test_is_headline_case(line, expected, settings):
    assert text.is_headline_case(line, settings.clean.headline_case_share) is expected


@pytest.mark.parametrize("line,expected", [
    ("Jane Doe", True), ("J. R. Smith", True), ("Mary-Jane Smith", True),
    ("Jane Doe.", False), ("Jane", False), ("jane doe", False), ("Jane Anne Marie Doe Smith", False),
])
def test_looks_like_name_line(line, expected):
    assert text.looks_like_name_line(line) is expected


@pytest.mark.parametrize("line,expected", [
    ("Posted Nov 5, 2024 11:00 AM CST", True), ("5 November, 2024 Tuesday", True), ("2024-11-05", True),
    ("Wednesday, July 1, 1987", True), ("Tue 3 Mar 1987 14.20 GMT", True), ("Updated: 11/05/2024", True),
    ("10:30 a.m.", True), ("November 2024 was cold", False), ("Nov 5", False),
])
def test_is_date_line(line, expected):
    assert text.is_date_line(line) is expected


def test_date_in_line_finds_the_date_at_the_end_of_a_byline():
    assert text.DATE_IN_LINE.search("By Jane Doe, Nov 5, 2024 10:00 AM EST").group(0) == "Nov 5, 2024 10:00 AM EST"


def test_byline_dateline_and_signed_quote_patterns():
    assert text.BYLINE.match("By Jane Doe") and not text.BYLINE.match("Byron Doe said")
    assert text.DATELINE.match("LONDON (Reuters) - The pound fell").group("place") == "LONDON"
    assert text.DATELINE.match("SALVADOR, Feb 26 - Showers continued").group("place") == "SALVADOR"
    assert text.SIGNED_QUOTE.search("“We stay.” ― Sonya Herridge").group("spk") == "Sonya Herridge"


def test_quote_units_join_sentences_while_a_quotation_is_open():
    body = "He said: “We will not stop. We will go on.” Then he left. Another one."
    assert [u for u, _, _ in text.quote_units(body)] == ["He said: “We will not stop. We will go on.”", "Then he left.",
                                                         "Another one."]


def test_a_paragraph_break_closes_an_open_quotation():
    body = "“We will not stop.\n\nThen he left."
    assert [u for u, _, _ in text.quote_units(body)] == ["“We will not stop.", "Then he left."]


def test_quotes_balanced():
    assert text.quotes_balanced('“a” and "b"')
    assert not text.quotes_balanced("“a")
    assert not text.quotes_balanced('"a')


def test_tokenize_splits_possessives_and_final_periods_but_keeps_initials_and_titles():
    toks = text.tokenize("Umerov's aides met Dr. Smith and J. Doe in the U.S. today.")
    assert [t for t, _, _ in toks] == ["Umerov", "'s", "aides", "met", "Dr.", "Smith", "and", "J.", "Doe", "in", "the",
                                       "U.S.", "today", "."]
    assert toks[1][1:] == (6, 8) and toks[-1][1:] == (57, 58)


@pytest.mark.parametrize("token,expected", [("McDonald", "XxXxx"), ("2024-11-05", "dd-dd-dd"), ("NATO", "XX"), ("a1", "xd")])
def test_shape_collapses_runs_of_three_or_more(token, expected):
    assert text.shape(token) == expected


def test_strip_span():
    s = "  “quoted,”  "
    start, end = text.strip_span(s, 2, 11, lead="“", trail="”,")
    assert s[start:end] == "quoted"


def test_quote_mask_marks_the_inside_of_quotations_not_apostrophes():
    s = 'He said “go now” and it\'s "fine" ok'
    inside = "".join(c for c, m in zip(s, text.quote_mask(s)) if m)
    assert inside == '“go now"fine'


def _quote_mask_by_character(s: str) -> list[bool]:
    """quote_mask as it was first written, a character at a time: the reference."""
    mask, depth, straight, doubled = [False] * len(s), 0, False, False
    for i, ch in enumerate(s):
        if doubled:
            doubled = False
        elif ch == "“" or (ch == "‘" and (i == 0 or not s[i - 1].isalnum())):
            depth += 1
        elif ch == "”" or (ch == "’" and depth and (i + 1 == len(s) or not s[i + 1].isalpha())):
            depth = max(depth - 1, 0)
        elif ch == '"' or (ch == "'" and s[i + 1:i + 2] == "'"):
            straight, doubled = not straight, ch == "'"
        mask[i] = depth > 0 or straight
    return mask


def test_quote_mask_fills_between_marks_as_a_character_by_character_reading_would():
    import random
    rng = random.Random(3)
    for _ in range(20_000):
        s = "".join(rng.choice("ab 1.“‘”’\"'") for _ in range(rng.randint(0, 12)))
        assert text.quote_mask(s) == _quote_mask_by_character(s), s


# The trie of text.alternation against the flat alternation it replaced: the same matches,
# with and without re.IGNORECASE, for word lists with shared prefixes, phrases and case variants.
_WORD = st.text(alphabet="abA .'", min_size=1, max_size=5).map(str.strip).filter(bool)


def _flat(words, space=r"\s+"):
    return "|".join(re.escape(w).replace(r"\ ", space) for w in sorted(set(words), key=len, reverse=True))


@hsettings(max_examples=300, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=10), st.data(), st.booleans())
def test_alternation_matches_what_the_flat_alternation_matches(words, data, ignore_case):
    # the text: words of the list, bits of them and other letters, so that words and their
    # prefixes occur next to each other
    pieces = st.sampled_from(words) | st.sampled_from(words).map(lambda w: w[:-1]) | st.text(alphabet="abAB s.'\n", max_size=3)
    sample = " ".join(data.draw(st.lists(pieces, max_size=8)))
    flags = re.IGNORECASE if ignore_case else 0
    wrap = r"(?<![\w'’-])(?:also\s+)*?(?P<cue>{})(?![\w'’-])"
    trie = re.compile(wrap.format(text.alternation(words)), flags)
    flat = re.compile(wrap.format(_flat(words)), flags)
    assert [m.span("cue") for m in trie.finditer(sample)] == [m.span("cue") for m in flat.finditer(sample)]


def test_alternation_is_a_trie_unless_branches_differ_only_in_case():
    assert text.alternation(["said", "says", "said that"]) == r"sa(?:id(?:\s+that)?|ys)"
    assert text.alternation(["US", "us"]) == "US|us"
