"""Claims carry a kind (statement / belief / stance); rows that are no attribution at all go."""
import pandas as pd
import pytest

from transforms.extract.claims import find_claims
from transforms.extract.claims.article import process
from transforms.extract.claims.kinds import claim_kind, cue_class


@pytest.mark.parametrize("cue, speaker, kind", [
    ("said", "Smith", "statement"), ("told reporters", "she", "statement"), ("according to", "officials", "statement"),
    ("urged", "the minister", "statement"), ("accused", "Ahmed", "statement"), ("denied", "the company", "statement"),
    ("warned", "analysts", "statement"), ("has also said", "he", "statement"),
    ("believes", "Ukraine", "belief"), ("think", "traders", "belief"), ("expected", "economists", "belief"),
    ("fears", "the bank", "belief"), ("estimated", "the ministry", "belief"), ("doubted", "dealers", "belief"),
    ("wanted", "Brazil", "stance"), ("favor", "many congressmen", "stance"), ("called for", "the union", "stance"),
    ("plans to", "the government", "stance"), ("will seek", "Peru", "stance"), ("supports", "the party", "stance"),
    # no attribution: a name, a report that says nothing, an agentless frame, an action
    ("known as", None, None), ("commonly known as", "it", None), ("declined to", "the official", None),
    ("did not elaborate", "he", None), ("would not comment on", "a spokesman", None),
    ("appears", "it", None), ("are expected to", "talks", None), ("was released", "the study", None),
    ("are also expected", "other groups", None), ("is not expected", "the partner", None),
])
def test_kind_of_a_cue(settings, cue, speaker, kind):
    assert claim_kind(cue, speaker, "the content of the claim", settings) == kind


def test_a_speaker_that_seems_to_believe_holds_a_belief(settings):
    assert claim_kind("appeared", "Smith", "to accept the offer", settings) == "belief"
    assert cue_class("seems", settings) == "frame"


def test_every_claim_has_a_kind_and_names_are_no_claims(settings):
    body = ("The minister said the deficit would shrink next year. Analysts believe rates will fall. "
            "The unions want a bigger pay rise. The system, commonly known as Star Wars, was tested. "
            "A spokesman declined to comment on the talks.")
    rows = find_claims("a1", body, pd.Timestamp("2024-11-05", tz="UTC"), [], settings)
    kinds = {r["content"][:12]: r["kind"] for r in rows}
    assert set(kinds.values()) <= {"statement", "belief", "stance"}
    assert "Star Wars" not in " ".join(r["content"] for r in rows)
    assert not any(r["cue"] and "declined" in r["cue"] for r in rows)
    assert any(k == "statement" for k in kinds.values())


def test_a_photo_caption_dates_no_claim_and_names_nothing(settings):
    caption = ("Soldiers gather before the statues of leaders, known as the Day of the Shining Star, on Feb. 16, 2019. "
               "Officials said on Monday the parade was cancelled.")
    body = caption + "\n\nThe minister said on Tuesday that the talks had failed."
    arts = pd.DataFrame({"article_id": ["a1"], "body": [body], "published_at": [pd.Timestamp("2024-11-05", tz="UTC")],
                         "caption_spans": [[[0, len(caption)]]]})
    claims = process(arts, pd.DataFrame(columns=["article_id"]), settings)
    in_caption = claims[claims["char_start"] < len(caption)]
    assert not claims["content"].str.contains("Shining Star").any()
    assert in_caption["claim_date"].isna().all()
    story = claims[claims["char_start"] > len(caption)]
    assert len(story) == 1 and story["claim_date"].notna().all()

