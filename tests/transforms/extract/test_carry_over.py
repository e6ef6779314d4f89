"""#15: published claims keep their speakers unless their article's name mentions were
resolved otherwise this run; then the speakers are linked again, as a full run links them."""
import pandas as pd

from schemas import load_warehouse
from transforms.extract import batch


def test_speakers_are_linked_again_only_where_the_mentions_changed(seeds_run, settings):
    t = load_warehouse(seeds_run[1])
    articles, claims, figures, mentions = t["articles"], t["claims"], t["figures"], t["mentions"]
    everything, _, _ = batch.carry_over(claims, figures, articles, mentions, settings)
    unchanged, _, _ = batch.carry_over(claims, figures, articles, mentions, settings, published_mentions=mentions)
    pd.testing.assert_frame_equal(unchanged, everything)

    # this run resolves one speaker's mentions to another person: that article is linked again
    linked = claims[claims["speaker_person_id"].notna()].iloc[0]
    moved = mentions.copy()
    moved.loc[moved["person_id"] == linked["speaker_person_id"], "person_id"] = "per-someone-else"
    stale = claims.copy()                          # what the warehouse holds: the old person
    again, _, _ = batch.carry_over(stale, figures, articles, moved, settings, published_mentions=mentions)
    full, _, _ = batch.carry_over(stale, figures, articles, moved, settings)
    pd.testing.assert_frame_equal(again, full)
    assert "per-someone-else" in set(again.loc[again["article_id"] == linked["article_id"], "speaker_person_id"])
