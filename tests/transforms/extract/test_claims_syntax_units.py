"""claims: which units the tagger reads a dependency parse of (``[claims] syntax_units``)."""
import pandas as pd
import pytest

from schemas import empty
from transforms.extract.claims import article, find_claims, process
from transforms.models import syntax

CUE_UNIT = "Officials said the talks failed."
NO_CUE_UNIT = "The river rose two metres overnight."


@pytest.fixture
def parsed(monkeypatch):
    """The units handed to the parser, recorded."""
    seen: list[str] = []
    real = syntax.analyse

    def analyse(units, *args, **kwargs):
        seen.extend(units)
        return real(units, *args, **kwargs)

    monkeypatch.setattr(syntax, "analyse", analyse)
    return seen


def test_every_unit_is_parsed_by_default(settings, parsed):
    assert settings.claims.syntax_units == "all"
    article.unit_parses([CUE_UNIT, NO_CUE_UNIT], settings)
    assert parsed == [CUE_UNIT, NO_CUE_UNIT]


def test_a_unit_without_a_cue_candidate_is_not_parsed(settings, parsed):
    gated = settings.replace(claims={"syntax_units": "cue_candidates"})
    parses = article.unit_parses([CUE_UNIT, NO_CUE_UNIT], gated)
    assert parsed == [CUE_UNIT] and parses[0] is not None and parses[1] is None


def test_without_syntax_nothing_is_parsed_and_the_parse_free_tagger_still_finds_claims(settings, parsed):
    plain = settings.replace(claims={"syntax_units": "none"})
    rows = find_claims("a", "Republicans want a vote on the bill before the recess.", None, [], plain)
    assert parsed == []
    assert [(r["speaker"], r["cue"], r["extractor"]) for r in rows] == [("Republicans", "want", "tagger")]


def test_gating_keeps_the_claims_of_cue_units(settings, parsed):
    """A batch gated to its cue units finds the same claims in them; the patterns still run everywhere."""
    body = f"{CUE_UNIT} {NO_CUE_UNIT} “It is over,” the minister told reporters."
    arts = pd.DataFrame({"article_id": ["a"], "body": [body], "published_at": [None]})
    full = process(arts, empty("mentions"), settings)
    parsed.clear()
    gated = process(arts, empty("mentions"), settings.replace(claims={"syntax_units": "cue_candidates"}))
    assert CUE_UNIT in parsed and NO_CUE_UNIT not in parsed
    assert list(gated["content"]) == list(full["content"]) == ["the talks failed", "It is over"]


def test_an_unknown_choice_is_refused(settings):
    with pytest.raises(ValueError, match="syntax_units must be one of all, cue_candidates, none"):
        article.unit_parses([CUE_UNIT], settings.replace(claims={"syntax_units": "some"}))
