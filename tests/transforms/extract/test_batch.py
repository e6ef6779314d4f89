"""extract batch: claims, then the figures they hold; a table not asked for is not computed."""
import pandas as pd

from schemas import columns, empty
from transforms.extract import batch, claims

BODY = "Umerov said five units were deployed. Officials counted 300 vehicles."


def _articles():
    return pd.DataFrame({"article_id": ["art-1"], "title": [None], "body": [BODY], "published_at": [None],
                         "caption_spans": [[]], "authors": [[]]})


def test_figures_are_attributed_through_their_claims(settings):
    found, figures, rejects = batch.extract_batch(_articles(), empty("mentions"), settings)
    assert rejects == []
    assert list(found.columns) == columns("claims") and list(figures.columns) == columns("figures")
    five = figures.set_index("text").loc["five units"]
    assert five["claim_id"] in set(found["claim_id"]) and five["speaker"] == "Umerov"
    assert set(figures["claim_id"].dropna()) <= set(found["claim_id"])


def test_figures_without_claims_compute_no_claims(settings, monkeypatch):
    monkeypatch.setattr(claims, "process", lambda *a: (_ for _ in ()).throw(AssertionError("claims computed")))
    found, figures, _ = batch.extract_batch(_articles(), empty("mentions"), settings, claims=False)
    assert found.empty and len(figures) == 2
    assert figures[["claim_id", "speaker", "speaker_person_id"]].isna().all().all()


def test_claims_without_figures(settings):
    found, figures, _ = batch.extract_batch(_articles(), empty("mentions"), settings, figures=False)
    assert len(found) and figures.empty and list(figures.columns) == columns("figures")
